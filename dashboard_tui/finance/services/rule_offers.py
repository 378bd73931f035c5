"""Payee rules offered when a person re-categorises an imported transaction (issue
11 item 11): "Always put payees containing LIDL in Groceries?", with the text taken
from the payee (the person may change it), and, on a yes, the account's other
imported rows with that text in the payee that are still uncategorised or in the
category the edited row had before, re-categorised too.

Never for a row typed by hand (no import fingerprint), a transfer leg, a split, or
when the category did not change. A rule with the same text (any case) and another
category is changed rather than a second one added. The rule and the re-categorised
rows are one unit of work: the rule's audit entry (created or edited, saying how many
rows it re-categorised) and each row's own `edited` entry, as the register's edit
writes it (so a row's history, h, shows the change). Reconciled rows are left alone
(they match a bank statement)."""

from __future__ import annotations

import re
import uuid

from dashboard_tui.finance import PAYEE_RULE, TRANSACTION
from dashboard_tui.finance.dto import RuleOffer, RuleOfferResult
from dashboard_tui.finance.rule_offer_repository import RuleOfferRepository
from dashboard_tui.finance.services.base import (
    FinanceServiceBase,
    FinanceWork,
    need_transaction,
    transaction_image,
)
from dashboard_tui.finance.services.importer import (
    MAX_RULES,
    _clean_contains,
    _imports,
    _rule_image,
    _rule_info,
)
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.service import Actor
from dashboard_tui.models.finance import PayeeRule, Transaction

CHUNK = 500
# What a bank adds after the name: card numbers, dates, references ("LIDL 1234 BERLIN
# 12.03" → "LIDL"); a token with a digit ends the name.
_TOKEN = re.compile(r"\S+")


def offered_text(payee: str) -> str:
    """The payee up to its first word with a digit in it (the whole payee when that
    leaves nothing)."""
    words = _TOKEN.findall(payee)
    kept: list[str] = []
    for word in words:
        if any(ch.isdigit() for ch in word):
            break
        kept.append(word)
    return " ".join(kept) or payee.strip()


def _repo(uow: FinanceWork) -> RuleOfferRepository:
    return uow.repo(RuleOfferRepository)


def _imported(uow: FinanceWork, transaction_id: uuid.UUID) -> Transaction:
    row = need_transaction(uow, transaction_id)
    if row.import_fingerprint is None or row.transfer_id is not None:
        raise ValidationError.one("transaction", "Rules are offered for imported payees only.")
    if row.category_id is None:
        raise ValidationError.one("category", "The transaction has no category to learn.")
    return row


def _others(
    uow: FinanceWork, row: Transaction, contains: str, previous: uuid.UUID | None
) -> list[uuid.UUID]:
    folded = contains.casefold()
    if not folded:
        return []
    categories = (None,) if previous in (None, row.category_id) else (None, previous)
    return [
        rid
        for rid, payee in _repo(uow).like_rows(row.account_id, categories, row.id)
        if folded in payee.casefold()
    ]


def _same_text(uow: FinanceWork, contains: str) -> PayeeRule | None:
    folded = contains.casefold()
    return next((r for r in _imports(uow).rules() if r.contains.casefold() == folded), None)


class RuleOfferService(FinanceServiceBase):
    def offer(
        self, login: Actor, transaction_id: uuid.UUID, previous_category_id: uuid.UUID | None
    ) -> RuleOffer | None:
        """What to offer after the transaction's category changed from
        `previous_category_id`; None when there is nothing to offer (not imported, a
        transfer or a split, no category now, the category unchanged, or a rule with the
        offered text already says this category and no other row would change)."""

        def work(uow: FinanceWork) -> RuleOffer | None:
            row = need_transaction(uow, transaction_id)
            if (
                row.import_fingerprint is None
                or row.transfer_id is not None
                or row.category_id is None
                or row.category_id == previous_category_id
                or not row.payee.strip()
            ):
                return None
            contains = offered_text(row.payee)
            rule = _same_text(uow, contains)
            others = len(_others(uow, row, contains, previous_category_id))
            if rule is not None and rule.category_id == row.category_id and not others:
                return None
            ids = [row.category_id, previous_category_id]
            if rule is not None:
                ids.append(rule.category_id)
            names = uow.categories.names([i for i in ids if i is not None])

            def path(category_id: uuid.UUID | None) -> str:
                item = names.get(category_id) if category_id is not None else None
                return item.name if item is not None else ""

            return RuleOffer(
                transaction_id=row.id,
                account=uow.account(row.account_id).name,
                payee=row.payee,
                contains=contains,
                category_id=row.category_id,
                category=path(row.category_id),
                previous_category_id=previous_category_id,
                previous_category=path(previous_category_id),
                rule_id=rule.id if rule is not None else None,
                rule_category=path(rule.category_id) if rule is not None else "",
                others=others,
            )

        return self._read(login, work)

    def count_others(
        self,
        login: Actor,
        transaction_id: uuid.UUID,
        contains: str,
        previous_category_id: uuid.UUID | None,
    ) -> int:
        """How many other rows a yes with `contains` would re-categorise (the modal
        counts again as the text is changed)."""

        def work(uow: FinanceWork) -> int:
            row = _imported(uow, transaction_id)
            return len(_others(uow, row, contains.strip(), previous_category_id))

        return self._read(login, work)

    def accept(
        self,
        login: Actor,
        transaction_id: uuid.UUID,
        *,
        contains: str,
        previous_category_id: uuid.UUID | None,
        recategorise: bool,
    ) -> RuleOfferResult:
        """Yes: the rule "payee contains `contains` → the transaction's category" (a
        rule with that text is changed to it), and with `recategorise` the other rows
        `count_others` counts move to that category, all in one unit of work."""

        def work(uow: FinanceWork) -> RuleOfferResult:
            row = _imported(uow, transaction_id)
            text = _clean_contains(contains)
            if text.casefold() not in row.payee.casefold():
                raise ValidationError.one("contains", "Enter a part of this transaction's payee.")
            category = uow.category(row.category_id)
            assert category is not None
            moved = 0
            if recategorise:
                ids = _others(uow, row, text, previous_category_id)
                for start in range(0, len(ids), CHUNK):
                    for other in _repo(uow).rows(ids[start : start + CHUNK]):
                        before = transaction_image(uow, other)
                        other.category_id = category.id
                        uow.transactions.touch(other, uow.now)
                        after = transaction_image(uow, other)
                        uow.audit(TRANSACTION, "edited", other.id, before=before, after=after)
                        moved += 1
            repo = _imports(uow)
            rule = _same_text(uow, text)
            was = ""
            if rule is None:
                rules = repo.rules()
                if len(rules) >= MAX_RULES:
                    raise ValidationError.one("contains", f"At most {MAX_RULES} rules.")
                position = max((r.position for r in rules), default=-1) + 1
                rule = repo.add_rule(
                    PayeeRule(position=position, contains=text, category_id=category.id)
                )
                info = _rule_info(rule, {category.id: category})
                after = {**_rule_image(rule, info), "recategorised": moved}
                uow.audit(PAYEE_RULE, "created", rule.id, after=after)
            else:
                old = _rule_info(rule, uow.categories.names([rule.category_id]))
                was = old.category if rule.category_id != category.id else ""
                before = _rule_image(rule, old)
                rule.category_id = category.id
                uow.session.flush()
                info = _rule_info(rule, {category.id: category})
                if was or moved:
                    after = {**_rule_image(rule, info), "recategorised": moved}
                    uow.audit(PAYEE_RULE, "edited", rule.id, before=before, after=after)
            return RuleOfferResult(info, was, moved)

        return self._write(login, work)
