"""CSV import: a bank's export into one account, in ONE unit of work (the whole file
goes in or nothing does); rows already imported (same fingerprint) are skipped;
payee rules categorise what the file does not. Named import profiles and the payee
rules are kept and changed here too.

Audit: like the data import (data/transfer.py's `data.imported`), a bulk write is one
audit entry, `finance.account.imported`, on the account, saying what came in (file,
profile, rows added, duplicates skipped, categorised by rule, their total, the date
range); the rows themselves carry their import fingerprint. A hundred thousand rows
are one insert statement per batch, not an audit row and an ORM object each."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from dashboard_tui.db import audit_chain
from dashboard_tui.finance import ACCOUNT, IMPORT_PROFILE, PAYEE_RULE
from dashboard_tui.finance.dto import (
    ImportPreview,
    ImportProfileInfo,
    ImportSummary,
    PayeeRuleInfo,
    PreviewRow,
)
from dashboard_tui.finance.import_repository import ImportRepository, NewRow
from dashboard_tui.finance.importer import (
    CsvError,
    Mapping,
    check_mapping,
    fingerprints,
    parse,
)
from dashboard_tui.finance.services.base import (
    FinanceServiceBase,
    FinanceWork,
    account_image,
    clean_payee,
    shown_amount,
)
from dashboard_tui.kit.edit import need
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.service import Actor
from dashboard_tui.kit.validation import clean_name
from dashboard_tui.models.finance import FinancialAccount, ImportProfile, PayeeRule
from dashboard_tui.models.shared import CatalogItem, Profile

MAX_RULES = 500
PREVIEW_ROWS = 10


class ImportWork(FinanceWork):
    @property
    def imports(self) -> ImportRepository:
        return self.repo(ImportRepository)

    @property
    def person_currency(self) -> str:
        """The currency of the person's profile (EUR when they have none)."""
        found = self.session.scalars(
            select(Profile.currency).where(Profile.user_id == self.scope.user_id)
        ).first()
        return found or "EUR"


class _Rules:
    """The person's payee rules, first match wins, case-insensitively."""

    def __init__(self, rules: Sequence[PayeeRule], names: dict[uuid.UUID, CatalogItem]):
        self.rules = [(r.contains.casefold(), r.category_id) for r in rules]
        self.names = names
        self.cache: dict[str, uuid.UUID | None] = {}

    def match(self, payee: str) -> uuid.UUID | None:
        if not self.rules or not payee:
            return None
        if payee not in self.cache:
            folded = payee.casefold()
            self.cache[payee] = next((c for text, c in self.rules if text in folded), None)
        return self.cache[payee]


def _categories(uow: FinanceWork) -> dict[str, uuid.UUID]:
    """Category paths (and last levels, when unambiguous), case-folded → id."""
    found: dict[str, uuid.UUID] = {}
    leaves: dict[str, list[uuid.UUID]] = {}
    for item in uow.categories.listed():
        found.setdefault(item.name.casefold(), item.id)
        leaves.setdefault(item.name.rpartition(":")[2].casefold(), []).append(item.id)
    for leaf, ids in leaves.items():
        if len(ids) == 1:
            found.setdefault(leaf, ids[0])
    return found


def _rule_info(row: PayeeRule, names: dict[uuid.UUID, CatalogItem]) -> PayeeRuleInfo:
    item = names.get(row.category_id)
    return PayeeRuleInfo(
        row.id, row.position, row.contains, row.category_id, item.name if item else ""
    )


def _profile_info(row: ImportProfile) -> ImportProfileInfo:
    return ImportProfileInfo(row.id, row.name, dict(row.mapping))


def _clean_contains(value: str) -> str:
    text = clean_payee(value, "contains")
    if not text:
        raise ValidationError.one("contains", "Enter a part of the payee's name.")
    return text


class ImportService(FinanceServiceBase):
    uow_class = ImportWork

    # -- profiles ---------------------------------------------------------------------
    def list_profiles(self, login: Actor) -> tuple[ImportProfileInfo, ...]:
        return self._read(login, lambda u: tuple(_profile_info(r) for r in _imports(u).profiles()))

    def get_profile(self, login: Actor, name: str) -> ImportProfileInfo:
        def work(uow: FinanceWork) -> ImportProfileInfo:
            row = _imports(uow).profile_named(name)
            if row is None:
                known = ", ".join(r.name for r in _imports(uow).profiles()) or "none yet"
                raise ValidationError.one("profile", f"No import profile {name!r} ({known}).")
            return _profile_info(row)

        return self._read(login, work)

    def save_profile(self, login: Actor, name: str, mapping: Mapping) -> ImportProfileInfo:
        """Save `mapping` under `name`: a new profile, or the one of that name changed."""

        def work(uow: FinanceWork) -> ImportProfileInfo:
            name_ = clean_name(name, "profile")
            checked = check_mapping(mapping).to_json()
            repo = _imports(uow)
            row = repo.profile_named(name_)
            if row is None:
                row = repo.add_profile(ImportProfile(name=name_, mapping=checked))
                uow.audit(IMPORT_PROFILE, "created", row.id, after=_profile_image(row))
            else:
                before = _profile_image(row)
                row.name, row.mapping = name_, checked
                uow.session.flush()
                after = _profile_image(row)
                uow.audit(IMPORT_PROFILE, "edited", row.id, before=before, after=after)
            return _profile_info(row)

        return self._write(login, work)

    def delete_profile(self, login: Actor, profile_id: uuid.UUID) -> None:
        def work(uow: FinanceWork) -> None:
            repo = _imports(uow)
            row = next((r for r in repo.profiles() if r.id == profile_id), None)
            row = need(row, "import profile")
            before = _profile_image(row)
            repo.delete_profile(row)
            uow.audit(IMPORT_PROFILE, "deleted", profile_id, before=before)

        self._write(login, work)

    # -- payee rules ------------------------------------------------------------------
    def list_rules(self, login: Actor) -> tuple[PayeeRuleInfo, ...]:
        def work(uow: FinanceWork) -> tuple[PayeeRuleInfo, ...]:
            rows = _imports(uow).rules()
            names = uow.categories.names([r.category_id for r in rows])
            return tuple(_rule_info(r, names) for r in rows)

        return self._read(login, work)

    def add_rule(self, login: Actor, *, contains: str, category_id: uuid.UUID) -> PayeeRuleInfo:
        """ "Payee contains `contains` → `category_id`", after the existing rules."""

        def work(uow: FinanceWork) -> PayeeRuleInfo:
            text = _clean_contains(contains)
            category = uow.category(category_id)
            assert category is not None
            rules = _imports(uow).rules()
            if len(rules) >= MAX_RULES:
                raise ValidationError.one("contains", f"At most {MAX_RULES} rules.")
            position = max((r.position for r in rules), default=-1) + 1
            row = _imports(uow).add_rule(
                PayeeRule(position=position, contains=text, category_id=category.id)
            )
            info = _rule_info(row, {category.id: category})
            uow.audit(PAYEE_RULE, "created", row.id, after=_rule_image(row, info))
            return info

        return self._write(login, work)

    def delete_rule(self, login: Actor, rule_id: uuid.UUID) -> None:
        def work(uow: FinanceWork) -> None:
            row = need(_imports(uow).get_rule(rule_id), "rule")
            info = _rule_info(row, uow.categories.names([row.category_id]))
            before = _rule_image(row, info)
            _imports(uow).delete_rule(row)
            uow.audit(PAYEE_RULE, "deleted", rule_id, before=before)

        self._write(login, work)

    # -- preview ----------------------------------------------------------------------
    def preview(
        self,
        login: Actor,
        data: bytes,
        mapping: Mapping,
        *,
        account_id: uuid.UUID | None = None,
        limit: int = PREVIEW_ROWS,
    ) -> ImportPreview:
        """The first rows as the mapping reads them (bad ones with their message), and
        what the file's columns were taken as. Nothing is written."""

        def work(uow: FinanceWork) -> ImportPreview:
            currency = _currency(uow, mapping, account_id)
            parsed, errors = parse(data, mapping, currency, limit=limit, stop_on_error=False)
            rules = _load_rules(uow)
            categories = _categories(uow)
            names = uow.categories.names(list(rules.names))
            shown: list[PreviewRow] = []
            for row in parsed.rows:
                category, by_rule = row.category, False
                if not category or category.casefold() not in categories:
                    matched = rules.match(row.payee)
                    if matched is not None:
                        item = names.get(matched)
                        category, by_rule = (item.name if item else ""), True
                shown.append(
                    PreviewRow(
                        row.line,
                        row.date,
                        row.amount_minor,
                        row.payee,
                        row.memo,
                        category,
                        by_rule,
                    )
                )
            for error in errors:
                shown.append(
                    PreviewRow(error.line or 0, None, None, "", "", "", error=error.reason)
                )
            shown.sort(key=lambda r: r.line)
            header = parsed.table.header
            return ImportPreview(
                header=header,
                columns={role: header[i] for role, i in parsed.columns.items()},
                delimiter=parsed.table.delimiter,
                encoding=parsed.table.encoding,
                date_format=parsed.date_format,
                decimal_mark=parsed.decimal_mark,
                newest_first=parsed.newest_first,
                currency=currency,
                rows=tuple(shown),
                total_rows=parsed.total_rows,
            )

        return self._read(login, work)

    # -- import -----------------------------------------------------------------------
    def import_csv(
        self,
        login: Actor,
        data: bytes,
        mapping: Mapping,
        *,
        account_id: uuid.UUID | None = None,
        account_name: str = "",
        file_name: str = "",
        profile: str = "",
        dry_run: bool = False,
    ) -> ImportSummary:
        """The file into one account (by id, or by name: an account of that name that
        does not exist is made, a checking account in the mapping's currency or the
        person's), whole or not at all. `dry_run` reads and counts, writes nothing."""

        def work(uow: FinanceWork) -> ImportSummary:
            account, created = _target(uow, account_id, account_name, mapping, dry_run)
            currency = account.currency if account is not None else _currency(uow, mapping)
            parsed, _ = parse(data, mapping, currency)
            key = account.id if account is not None else uuid.UUID(int=0)
            prints = list(fingerprints(key, parsed.rows))
            known: set[str] = set()
            if account is not None and not created:
                known = _imports(uow).fingerprints(account.id)
            rules = _load_rules(uow)
            categories = _categories(uow)
            new: list[NewRow] = []
            categorised = total = 0
            first = last = None
            for row, fingerprint in zip(parsed.rows, prints, strict=True):
                if fingerprint in known:
                    continue
                known.add(fingerprint)
                category_id = categories.get(row.category.casefold()) if row.category else None
                if category_id is None:
                    category_id = rules.match(row.payee)
                    categorised += category_id is not None
                total += row.amount_minor
                day = row.date
                if first is None or day < first:
                    first = day
                if last is None or day > last:
                    last = day
                new.append((day, row.amount_minor, category_id, row.payee, row.memo, fingerprint))
            del prints, known
            summary = ImportSummary(
                account_id=account.id if account is not None else None,
                account=account.name if account is not None else account_name,
                currency=currency,
                rows=len(parsed.rows),
                added=len(new),
                duplicates=len(parsed.rows) - len(new),
                categorised=categorised,
                total_minor=total,
                first=first,
                last=last,
                account_created=created or (account is None),
                dry_run=dry_run,
            )
            if dry_run or account is None:
                return summary
            # file order kept within a day: the register sorts by (date, created_at, id)
            _imports(uow).insert_transactions(account.id, currency, uow.now, new)
            uow.accounts.add_to_balance(account.id, total)
            uow.session.expire(account)
            uow.audit(
                ACCOUNT,
                "imported",
                account.id,
                after={
                    "name": account.name,
                    "file": file_name,
                    "profile": profile,
                    "rows": summary.rows,
                    "added": summary.added,
                    "duplicates": summary.duplicates,
                    "categorised": summary.categorised,
                    "total": shown_amount(total, currency),
                    "first": summary.first,
                    "last": summary.last,
                },
            )
            return summary

        if dry_run:
            return self._read(login, work)
        return self._write(login, work)


def _imports(uow: FinanceWork) -> ImportRepository:
    return uow.repo(ImportRepository)


def _load_rules(uow: FinanceWork) -> _Rules:
    rows = _imports(uow).rules()
    return _Rules(rows, uow.categories.names([r.category_id for r in rows]))


def _currency(uow: FinanceWork, mapping: Mapping, account_id: uuid.UUID | None = None) -> str:
    if account_id is not None:
        return uow.account(account_id).currency
    if mapping.currency:
        return check_mapping(mapping).currency
    return uow.person_currency if isinstance(uow, ImportWork) else "EUR"


def _target(
    uow: FinanceWork,
    account_id: uuid.UUID | None,
    name: str,
    mapping: Mapping,
    dry_run: bool,
) -> tuple[FinancialAccount | None, bool]:
    """(the account, made now?) — None when a dry run would make it."""
    if account_id is not None:
        return uow.account(account_id), False
    name_ = clean_name(name, "account")
    found = uow.accounts.find_by_name(name_)
    exact = [a for a in found if a.name == name_] or found
    if exact and exact[0].archived:
        raise ValidationError.one(
            "account", f"The account {exact[0].name!r} is archived: restore it to import into it."
        )
    if exact:
        return exact[0], False
    if dry_run:
        return None, True
    row = uow.accounts.add(
        FinancialAccount(
            name=name_,
            kind="checking",
            currency=_currency(uow, mapping),
            opening_balance_minor=0,
            balance_minor=0,
            archived=False,
        )
    )
    uow.audit(ACCOUNT, "created", row.id, after=account_image(row))
    return row, True


def _profile_image(row: ImportProfile) -> dict[str, Any]:
    return {**audit_chain.snapshot(row), "mapping": dict(row.mapping)}


def _rule_image(row: PayeeRule, info: PayeeRuleInfo) -> dict[str, Any]:
    return {**audit_chain.snapshot(row), "category": info.category}


__all__ = ["CsvError", "ImportService"]
