"""Accounts: create (kind, currency, opening balance), rename, archive, credit card
details; balances."""

from __future__ import annotations

import uuid

from dashboard_tui.finance import ACCOUNT, CREDIT_CARD
from dashboard_tui.finance.dto import AccountInfo
from dashboard_tui.finance.money import clean_currency, parse_amount
from dashboard_tui.finance.services.base import (
    FinanceServiceBase,
    FinanceWork,
    account_image,
    account_info,
    card_image,
)
from dashboard_tui.kit.edit import Form, apply_edit, need
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.parsing import parse_int
from dashboard_tui.kit.service import Actor
from dashboard_tui.kit.validation import clean_name
from dashboard_tui.models.finance import ACCOUNT_KINDS, CreditCard, FinancialAccount

KIND_ALIASES = {
    "checking": "checking",
    "current": "checking",
    "savings": "savings",
    "saving": "savings",
    "cash": "cash",
    "credit card": "credit_card",
    "credit_card": "credit_card",
    "card": "credit_card",
    "investment": "investment",
    "investments": "investment",
    "brokerage": "investment",
}
assert set(KIND_ALIASES.values()) == set(ACCOUNT_KINDS)


def parse_kind(value: str, field: str = "kind") -> str:
    kind = KIND_ALIASES.get(str(value).strip().lower())
    if kind is None:
        raise ValidationError.one(
            field, "Choose checking, savings, cash, credit card or investment."
        )
    return kind


def _unique_name(uow: FinanceWork, name: str, account_id: uuid.UUID | None) -> None:
    if any(r.id != account_id for r in uow.accounts.find_by_name(name)):
        raise ValidationError.one("name", "You have an account with this name already.")


class AccountService(FinanceServiceBase):
    def list_accounts(
        self, login: Actor, *, include_archived: bool = False
    ) -> tuple[AccountInfo, ...]:
        """By name; archived ones only when asked for."""

        def work(uow: FinanceWork) -> tuple[AccountInfo, ...]:
            rows = uow.accounts.listed(include_archived=include_archived)
            return tuple(
                account_info(r, uow.accounts.card(r.id) if r.kind == "credit_card" else None)
                for r in rows
            )

        return self._read(login, work)

    def get_account(self, login: Actor, account_id: uuid.UUID) -> AccountInfo:
        def work(uow: FinanceWork) -> AccountInfo:
            row = need(uow.accounts.get(account_id), "account")
            return account_info(row, uow.accounts.card(row.id))

        return self._read(login, work)

    def create_account(
        self,
        login: Actor,
        *,
        name: str,
        kind: str = "checking",
        currency: str = "EUR",
        opening_balance: str | int = 0,
    ) -> AccountInfo:
        """A new account; `opening_balance` typed like any amount (`1 234.56`)."""

        def work(uow: FinanceWork) -> AccountInfo:
            form = Form()
            name_ = form.take(clean_name, name)
            kind_ = form.take(parse_kind, kind)
            currency_ = form.take(clean_currency, currency)
            opening = 0
            if currency_ is not None:
                opening = form.take(
                    parse_amount, opening_balance or 0, currency_, field="opening_balance"
                )
            if name_:
                form.take(_unique_name, uow, name_, None)
            form.done()
            row = uow.accounts.add(
                FinancialAccount(
                    name=name_,
                    kind=kind_,
                    currency=currency_,
                    opening_balance_minor=opening,
                    balance_minor=opening,
                    archived=False,
                )
            )
            uow.audit(ACCOUNT, "created", row.id, after=account_image(row))
            return account_info(row)

        return self._write(login, work)

    def edit_account(
        self,
        login: Actor,
        account_id: uuid.UUID,
        *,
        name: str | None = None,
        opening_balance: str | int | None = None,
    ) -> AccountInfo:
        """Rename, or change the opening balance (the balance moves by the difference).
        The currency and kind stay: the account's amounts are in that currency."""

        def work(uow: FinanceWork) -> AccountInfo:
            row = need(uow.accounts.get(account_id), "account")
            form = Form()
            values: dict[str, object] = {}
            if name is not None:
                values["name"] = form.take(clean_name, name)
                if values["name"]:
                    form.take(_unique_name, uow, values["name"], row.id)
            if opening_balance is not None:
                values["opening_balance_minor"] = form.take(
                    parse_amount, opening_balance, row.currency, field="opening_balance"
                )
            form.done()
            delta = 0
            if "opening_balance_minor" in values:
                delta = int(values["opening_balance_minor"]) - row.opening_balance_minor  # type: ignore[call-overload]
            apply_edit(uow, ACCOUNT, row, values, account_image)
            if delta:
                uow.accounts.add_to_balance(row.id, delta)
            return account_info(row, uow.accounts.card(row.id))

        return self._write(login, work)

    def archive_account(
        self, login: Actor, account_id: uuid.UUID, archived: bool = True
    ) -> AccountInfo:
        """Archived accounts keep their history and leave pickers and totals."""

        def work(uow: FinanceWork) -> AccountInfo:
            row = need(uow.accounts.get(account_id), "account")
            before = account_image(row)
            row.archived = archived
            uow.session.flush()
            if before["archived"] != archived:
                uow.audit(
                    ACCOUNT,
                    "archived" if archived else "restored",
                    row.id,
                    before=before,
                    after=account_image(row),
                )
            return account_info(row, uow.accounts.card(row.id))

        return self._write(login, work)

    def set_credit_card(
        self,
        login: Actor,
        account_id: uuid.UUID,
        *,
        limit: str | int,
        statement_day: str | int,
        due_day: str | int,
    ) -> AccountInfo:
        """A credit card account's limit, statement day and due day (1-31)."""

        def work(uow: FinanceWork) -> AccountInfo:
            account = need(uow.accounts.get(account_id), "account")
            if account.kind != "credit_card":
                raise ValidationError.one("account", "Only a credit card account has card details.")
            form = Form()
            values = {
                "limit_minor": form.take(parse_amount, limit, account.currency, field="limit"),
                "statement_day": form.take(
                    parse_int, statement_day, field="statement_day", lo=1, hi=31
                ),
                "due_day": form.take(parse_int, due_day, field="due_day", lo=1, hi=31),
            }
            if values["limit_minor"] is not None and values["limit_minor"] < 0:
                form.errors["limit"] = "A limit is zero or more."
            form.done()
            card = uow.accounts.card(account.id)
            if card is None:
                card = uow.accounts.add_card(CreditCard(account_id=account.id, **values))
                uow.audit(CREDIT_CARD, "created", card.id, after=card_image(uow, card))
            else:
                apply_edit(uow, CREDIT_CARD, card, values, lambda r: card_image(uow, r))
            return account_info(account, card)

        return self._write(login, work)

    def check_balances(self, login: Actor) -> dict[uuid.UUID, tuple[int, int]]:
        """Each account's kept balance and its opening balance + counted postings
        (equal unless something went around the services): for checks and tests."""

        def work(uow: FinanceWork) -> dict[uuid.UUID, tuple[int, int]]:
            return {
                r.id: (r.balance_minor, r.opening_balance_minor + uow.accounts.postings_total(r.id))
                for r in uow.accounts.listed(include_archived=True)
            }

        return self._read(login, work)
