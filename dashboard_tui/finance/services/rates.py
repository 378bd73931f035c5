"""Exchange rates the person enters, and the net worth they give in the profile's
currency.

A rate says: on its date, 1 `from` = rate `to` (typed as a decimal, `1.0842` or
`1,0842`, kept exactly as the fraction 10842 / 10000 of two integers; never a float).
Add, edit and delete are audited ("Rate 1 USD = 0.9234 EUR on 2026-11-28").

Net worth, in the profile's currency P, on the person's today: every open account's
balance, converted when its currency C is not P with the newest rate dated on or
before today for C → P, or else for P → C (used as 1 / rate), whichever is newer (the
direct one on a tie). Each account is converted in exact fractions and rounded once,
half-even, to P's minor units (JPY 0 decimals, EUR 2, BHD 3); then the accounts are
added up. An account whose currency has no rate is left out of the total and named
("no rate for JPY")."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from dashboard_tui.db import audit_chain
from dashboard_tui.finance import EXCHANGE_RATE
from dashboard_tui.finance.dto import NetWorth, NetWorthLine, RateInfo
from dashboard_tui.finance.money import MAX_MINOR, clean_currency, minor_units
from dashboard_tui.finance.repository import RateRepository
from dashboard_tui.finance.services.budgets import BudgetWork
from dashboard_tui.kit.edit import Form, apply_edit, need
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.service import Actor, Service
from dashboard_tui.models.finance import ExchangeRate

RATE_DECIMALS = 12
RATE_DIGITS = 18  # fits a BigInteger with room to spare
RATE_TEXT = RATE_DIGITS + 2  # the most characters a rate is typed in
_RATE_RE = re.compile(r"(\d+)(?:[.,](\d+))?")


def parse_rate(value: str, field: str = "rate") -> tuple[int, int]:
    """ "1.0842" / "1,0842" → (10842, 10000): exactly what was typed, as a fraction."""
    text = str(value).strip()
    found = _RATE_RE.fullmatch(text) if len(text) <= RATE_TEXT else None
    if found is None:
        raise ValidationError.one(field, "Type a rate like 1.0842 (how much 1 unit is worth).")
    whole, fraction = found.group(1), found.group(2) or ""
    if len(fraction) > RATE_DECIMALS or len((whole + fraction).lstrip("0")) > RATE_DIGITS:
        raise ValidationError.one(
            field, f"Use at most {RATE_DECIMALS} decimals and {RATE_DIGITS} digits."
        )
    num, den = int(whole + fraction), 10 ** len(fraction)
    if num == 0:
        raise ValidationError.one(field, "A rate is more than zero.")
    return num, den


def rate_text(num: int, den: int) -> str:
    """The rate as typed: (10842, 10000) → "1.0842"."""
    places = len(str(den)) - 1  # parse_rate makes `den` a power of ten
    return f"{Decimal(num).scaleb(-places):f}"


def convert(minor: int, source: str, target: str, rate: Fraction) -> int:
    """`minor` units of `source` in minor units of `target` at `rate` (1 source =
    rate target): exact, then rounded once, half-even."""
    exact = Fraction(minor, 10 ** minor_units(source)) * rate * 10 ** minor_units(target)
    return round(exact)


def rate_image(row: ExchangeRate) -> dict[str, Any]:
    return {
        **audit_chain.snapshot(row),
        "rate": rate_text(row.rate_num, row.rate_den),
        "pair": f"{row.from_currency} → {row.to_currency}",
    }


def rate_info(row: ExchangeRate) -> RateInfo:
    return RateInfo(
        row.id, row.from_currency, row.to_currency, rate_text(row.rate_num, row.rate_den), row.date
    )


class RateWork(BudgetWork):
    """A finance unit of work with the rates (and, from BudgetWork, the profile's
    currency)."""

    @property
    def rates(self) -> RateRepository:
        return self.repo(RateRepository)

    def rate_for(self, source: str, target: str, on: date) -> tuple[Fraction, date] | None:
        direct = self.rates.latest(source, target, on)
        inverse = self.rates.latest(target, source, on)
        if direct is not None and (inverse is None or direct.date >= inverse.date):
            return Fraction(direct.rate_num, direct.rate_den), direct.date
        if inverse is not None:
            return Fraction(inverse.rate_den, inverse.rate_num), inverse.date
        return None


def _values(
    uow: RateWork, from_currency: str, to_currency: str, rate: str, day: str | date
) -> dict[str, Any]:
    form = Form()
    source = form.take(clean_currency, from_currency, field="from_currency")
    target = form.take(clean_currency, to_currency, field="to_currency")
    if source is not None and source == target:
        form.errors["to_currency"] = "Choose two different currencies."
    num_den = form.take(parse_rate, rate)
    when = form.take(uow.date, day)
    form.done()
    num, den = num_den
    return {
        "from_currency": source,
        "to_currency": target,
        "rate_num": num,
        "rate_den": den,
        "date": when,
    }


def _unique(uow: RateWork, values: dict[str, Any], rate_id: uuid.UUID | None) -> None:
    same = uow.rates.find(values["from_currency"], values["to_currency"], values["date"])
    if same is not None and same.id != rate_id:
        raise ValidationError.one(
            "date",
            f"There is a {same.from_currency} → {same.to_currency} rate on "
            f"{same.date.isoformat()} already: edit that one.",
        )


class RateService(Service[RateWork]):
    uow_class = RateWork

    def list_rates(self, login: Actor) -> tuple[RateInfo, ...]:
        """Newest first."""
        return self._read(login, lambda uow: tuple(rate_info(r) for r in uow.rates.listed()))

    def get_rate(self, login: Actor, rate_id: uuid.UUID) -> RateInfo:
        return self._read(login, lambda uow: rate_info(need(uow.rates.get(rate_id), "rate")))

    def add_rate(
        self,
        login: Actor,
        *,
        from_currency: str,
        to_currency: str,
        rate: str,
        day: str | date = "today",
    ) -> RateInfo:
        """On `day`, 1 `from_currency` = `rate` `to_currency`."""

        def work(uow: RateWork) -> RateInfo:
            values = _values(uow, from_currency, to_currency, rate, day)
            _unique(uow, values, None)
            row = uow.rates.add(ExchangeRate(**values))
            uow.audit(EXCHANGE_RATE, "created", row.id, after=rate_image(row))
            return rate_info(row)

        return self._write(login, work)

    def edit_rate(
        self,
        login: Actor,
        rate_id: uuid.UUID,
        *,
        from_currency: str,
        to_currency: str,
        rate: str,
        day: str | date,
    ) -> RateInfo:
        def work(uow: RateWork) -> RateInfo:
            row = need(uow.rates.get(rate_id), "rate")
            values = _values(uow, from_currency, to_currency, rate, day)
            _unique(uow, values, row.id)
            apply_edit(uow, EXCHANGE_RATE, row, values, rate_image)
            return rate_info(row)

        return self._write(login, work)

    def delete_rate(self, login: Actor, rate_id: uuid.UUID) -> None:
        def work(uow: RateWork) -> None:
            row = need(uow.rates.get(rate_id), "rate")
            before = rate_image(row)
            uow.rates.delete(row)
            uow.audit(EXCHANGE_RATE, "deleted", rate_id, before=before)

        self._write(login, work)

    def net_worth(self, login: Actor, currency: str | None = None) -> NetWorth:
        """The open accounts' balances in `currency` (the profile's by default)."""

        def work(uow: RateWork) -> NetWorth:
            target = uow.currency(currency)
            today = uow.today
            lines = []
            missing = set()
            for account in uow.accounts.listed():
                converted: int | None = account.balance_minor
                when = None
                if account.currency != target:
                    found = uow.rate_for(account.currency, target, today)
                    if found is None:
                        converted = None
                        missing.add(account.currency)
                    else:
                        rate, when = found
                        converted = convert(account.balance_minor, account.currency, target, rate)
                lines.append(
                    NetWorthLine(
                        account.id,
                        account.name,
                        account.currency,
                        account.balance_minor,
                        converted,
                        when,
                    )
                )
            total = sum(ln.converted_minor for ln in lines if ln.converted_minor is not None)
            if abs(total) > MAX_MINOR:
                raise ValidationError.one("rate", "The net worth is too large to show.")
            return NetWorth(target, today, total, tuple(lines), tuple(sorted(missing)))

        return self._read(login, work)
