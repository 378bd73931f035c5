"""Investments: the buys and sells (lots) of symbols in an investment account, prices
of a symbol by day, and the holdings computed from them.

Cost basis is by **average cost**: a buy adds its units and its cost (units × price
plus fees); a sell removes cost at the average cost per unit held at that moment
(cost held × units sold / units held), and its realised gain is its proceeds (units ×
price less fees) less that removed cost. Lots are taken in date order, buys before
sells on one day. A sell may never sell more units than are held on its day, and no
add, edit or delete may leave any later sell doing so.

Arithmetic is exact: units are integer micro-units (1e-6), money integer minor units,
and every intermediate value an exact rational of integers (`fractions.Fraction`);
each figure a holding shows (average cost, cost basis, realised gain, market value,
unrealised gain) is rounded half-even to a minor unit once, from the exact value. So
unrealised gain = round(units × price − cost held), which may differ by one minor unit
from market value − cost basis as shown.

Market value is units × the symbol's latest price in the account's currency (`set_price`);
with no price the holding has none. Dividends are plain income transactions in the
account's register: nothing here counts them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, TypeVar

from dashboard_tui.db import audit_chain
from dashboard_tui.finance import INVESTMENT_LOT, INVESTMENT_PRICE
from dashboard_tui.finance.dto import Holding, LotInfo, PriceInfo
from dashboard_tui.finance.investment_repository import InvestmentRepository
from dashboard_tui.finance.money import MAX_MINOR, clean_currency, parse_amount
from dashboard_tui.finance.services.base import FinanceServiceBase, FinanceWork, shown_amount
from dashboard_tui.kit.edit import Form, need
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.service import Actor
from dashboard_tui.models.finance import FinancialAccount, InvestmentLot, InvestmentPrice

T = TypeVar("T")
MICRO = 1_000_000
MAX_UNITS_TEXT = 30
SYMBOL_RE = re.compile(r"[A-Z0-9][A-Z0-9.\-:_^=]{0,31}")


# -- typed fields --------------------------------------------------------------------------
def clean_symbol(value: str, field: str = "symbol") -> str:
    """ "vwce " → "VWCE": letters, digits and . - : _ ^ =, at most 32."""
    text = str(value).strip().upper()
    if not text:
        raise ValidationError.one(field, "Enter a symbol (VWCE, AAPL …).")
    if not SYMBOL_RE.fullmatch(text):
        raise ValidationError.one(
            field, "A symbol is up to 32 letters, digits or . - : _ ^ = (VWCE, BRK.B)."
        )
    return text


def parse_units(value: str | int, field: str = "units") -> int:
    """ "10", "2.5", "0,125" → micro-units, more than zero, at most six decimals."""
    if isinstance(value, bool):
        raise ValidationError.one(field, "Enter a number of units such as 10 or 2.5.")
    if isinstance(value, int):
        micro = value
    else:
        text = str(value).strip().replace(",", ".")
        if len(text) > MAX_UNITS_TEXT or not re.fullmatch(r"\d+(\.\d+)?|\.\d+", text):
            raise ValidationError.one(field, "Enter a number of units such as 10 or 2.5.")
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the regex lets only digits through
            raise ValidationError.one(field, "Enter a number of units such as 10 or 2.5.") from None
        scaled = number.scaleb(6)
        if scaled != scaled.to_integral_value():
            raise ValidationError.one(field, "At most six decimals of a unit (not rounded).")
        micro = int(scaled)
    if micro <= 0:
        raise ValidationError.one(field, "Enter more than zero units.")
    if micro > MAX_MINOR:
        raise ValidationError.one(field, "That is too many units to keep.")
    return micro


def shown_units(micro: int) -> str:
    """Micro-units → "10", "2.5", "0.000001" (no trailing zeros)."""
    whole, fraction = divmod(micro, MICRO)
    text = f"{whole:,}"
    if fraction:
        text += "." + str(fraction).rjust(6, "0").rstrip("0")
    return text


def _money(value: str | int, currency: str, field: str, *, required: bool = True) -> int:
    if not required and (value == "" or value is None):
        return 0
    minor = parse_amount(value, currency, field=field)
    if minor < 0:
        raise ValidationError.one(field, "Enter an amount of zero or more.")
    return minor


def _half_even(value: Fraction) -> int:
    """Python's round of a Fraction is half-even."""
    return round(value)


# -- the holdings arithmetic -----------------------------------------------------------------
@dataclass
class _Position:
    units: int = 0  # micro-units
    cost: Fraction = Fraction(0)  # minor units, exact
    realised: Fraction = Fraction(0)


def _order(lot: InvestmentLot) -> tuple[Any, ...]:
    return (lot.date, 0 if lot.kind == "buy" else 1, lot.created_at, str(lot.id))


lot_order = _order  # the order the holdings take lots in (the export takes them so too)


def positions(lots: Sequence[InvestmentLot]) -> tuple[dict[str, _Position], InvestmentLot | None]:
    """Each symbol's position after its lots in order; the first sell that sells more
    than is held on its day (None when there is none)."""
    found: dict[str, _Position] = {}
    for lot in sorted(lots, key=_order):
        pos = found.setdefault(lot.symbol, _Position())
        gross = Fraction(lot.units_micro * lot.price_minor, MICRO)
        if lot.kind == "buy":
            pos.units += lot.units_micro
            pos.cost += gross + lot.fees_minor
            continue
        if lot.units_micro > pos.units:
            return found, lot
        removed = pos.cost * lot.units_micro / pos.units
        pos.realised += gross - lot.fees_minor - removed
        pos.cost -= removed
        pos.units -= lot.units_micro
    return found, None


def holding(symbol: str, currency: str, pos: _Position, price: InvestmentPrice | None) -> Holding:
    value = Fraction(pos.units * price.price_minor, MICRO) if price is not None else None
    return Holding(
        symbol=symbol,
        currency=currency,
        units_micro=pos.units,
        avg_cost_minor=_half_even(pos.cost * MICRO / pos.units) if pos.units else None,
        cost_basis_minor=_half_even(pos.cost),
        realised_minor=_half_even(pos.realised),
        price_minor=price.price_minor if price is not None else None,
        price_date=price.date if price is not None else None,
        market_value_minor=_half_even(value) if value is not None else None,
        unrealised_minor=_half_even(value - pos.cost) if value is not None else None,
    )


# -- the unit of work, DTOs and images --------------------------------------------------------
class InvestmentWork(FinanceWork):
    @property
    def investments(self) -> InvestmentRepository:
        return self.repo(InvestmentRepository)

    def investment_account(self, account_id: uuid.UUID) -> FinancialAccount:
        row = self.account(account_id)
        if row.kind != "investment":
            raise ValidationError.one("account", "Choose an investment account.")
        return row


def lot_info(row: InvestmentLot, currency: str) -> LotInfo:
    return LotInfo(
        id=row.id,
        account_id=row.account_id,
        symbol=row.symbol,
        kind=row.kind,
        date=row.date,
        units_micro=row.units_micro,
        price_minor=row.price_minor,
        fees_minor=row.fees_minor,
        currency=currency,
    )


def lot_image(row: InvestmentLot, account: FinancialAccount) -> dict[str, Any]:
    return {
        **audit_chain.snapshot(row),
        "account": account.name,
        "units": shown_units(row.units_micro),
        "price": shown_amount(row.price_minor, account.currency),
        "fees": shown_amount(row.fees_minor, account.currency),
    }


def price_info(row: InvestmentPrice) -> PriceInfo:
    return PriceInfo(row.id, row.symbol, row.currency, row.date, row.price_minor)


def price_image(row: InvestmentPrice) -> dict[str, Any]:
    return {**audit_chain.snapshot(row), "price": shown_amount(row.price_minor, row.currency)}


# -- the service -------------------------------------------------------------------------------
class InvestmentService(FinanceServiceBase):
    uow_class = InvestmentWork

    def _w(self, actor: Actor, work: Callable[[InvestmentWork], T]) -> T:
        return self._write(actor, work)  # type: ignore[arg-type]

    def _r(self, actor: Actor, work: Callable[[InvestmentWork], T]) -> T:
        return self._read(actor, work)  # type: ignore[arg-type]

    # -- reading ----------------------------------------------------------------------------
    def holdings(self, login: Actor, account_id: uuid.UUID) -> tuple[Holding, ...]:
        """Every symbol the account has lots of, by symbol (sold-out ones too, for their
        realised gain)."""

        def work(uow: InvestmentWork) -> tuple[Holding, ...]:
            account = uow.investment_account(account_id)
            found, _ = positions(uow.investments.lots(account.id))
            prices = uow.investments.latest_prices(account.currency, sorted(found))
            return tuple(
                holding(symbol, account.currency, found[symbol], prices.get(symbol))
                for symbol in sorted(found)
            )

        return self._r(login, work)

    def lots(
        self, login: Actor, account_id: uuid.UUID, symbol: str | None = None
    ) -> tuple[LotInfo, ...]:
        """The account's lots (of one symbol), oldest first."""

        def work(uow: InvestmentWork) -> tuple[LotInfo, ...]:
            account = uow.investment_account(account_id)
            chosen = clean_symbol(symbol) if symbol is not None else None
            rows = sorted(uow.investments.lots(account.id, chosen), key=_order)
            return tuple(lot_info(r, account.currency) for r in rows)

        return self._r(login, work)

    # -- lots -------------------------------------------------------------------------------
    @staticmethod
    def _check(uow: InvestmentWork, account: FinancialAccount) -> None:
        """Refuse a change that leaves a sell selling more than is held on its day."""
        uow.session.flush()
        found, over = positions(uow.investments.lots(account.id))
        if over is not None:
            held = found[over.symbol].units
            raise ValidationError.one(
                "units",
                f"Selling {shown_units(over.units_micro)} on {over.date.isoformat()}: "
                f"more than the {shown_units(held)} {over.symbol} held then.",
            )

    def add_lot(
        self,
        login: Actor,
        *,
        account_id: uuid.UUID,
        symbol: str,
        kind: str,
        units: str | int,
        price: str | int,
        fees: str | int = "",
        date: str | date = "today",
    ) -> LotInfo:
        """A buy or a sell; `price` per whole unit and `fees` in the account's currency."""

        def work(uow: InvestmentWork) -> LotInfo:
            form = Form()
            account = form.take(uow.investment_account, account_id)
            currency = account.currency if account is not None else "EUR"
            chosen = form.take(clean_symbol, symbol)
            if kind not in ("buy", "sell"):
                form.errors["kind"] = "Choose buy or sell."
            micro = form.take(parse_units, units)
            price_minor = form.take(_money, price, currency, "price")
            fees_minor = form.take(_money, fees, currency, "fees", required=False)
            day = form.take(uow.date, date)
            form.done()
            row = uow.investments.add_lot(
                InvestmentLot(
                    account_id=account.id,
                    symbol=chosen,
                    kind=kind,
                    date=day,
                    units_micro=micro,
                    price_minor=price_minor,
                    fees_minor=fees_minor,
                )
            )
            self._check(uow, account)
            uow.audit(INVESTMENT_LOT, "created", row.id, after=lot_image(row, account))
            return lot_info(row, account.currency)

        return self._w(login, work)

    def edit_lot(
        self,
        login: Actor,
        lot_id: uuid.UUID,
        *,
        units: str | int | None = None,
        price: str | int | None = None,
        fees: str | int | None = None,
        date: str | date | None = None,
    ) -> LotInfo:
        """Change a lot's units, price, fees or day (None keeps it)."""

        def work(uow: InvestmentWork) -> LotInfo:
            row = need(uow.investments.get_lot(lot_id), "lot")
            account = uow.account(row.account_id)
            before = lot_image(row, account)
            form = Form()
            micro = form.take(parse_units, units) if units is not None else row.units_micro
            price_minor = (
                form.take(_money, price, account.currency, "price")
                if price is not None
                else row.price_minor
            )
            fees_minor = (
                form.take(_money, fees, account.currency, "fees", required=False)
                if fees is not None
                else row.fees_minor
            )
            day = form.take(uow.date, date) if date is not None else row.date
            form.done()
            row.units_micro, row.price_minor, row.fees_minor, row.date = (
                micro,
                price_minor,
                fees_minor,
                day,
            )
            self._check(uow, account)
            after = lot_image(row, account)
            if any(before.get(k) != v for k, v in after.items() if k != "updated_at"):
                uow.audit(INVESTMENT_LOT, "edited", row.id, before=before, after=after)
            return lot_info(row, account.currency)

        return self._w(login, work)

    def delete_lot(self, login: Actor, lot_id: uuid.UUID) -> None:
        def work(uow: InvestmentWork) -> None:
            row = need(uow.investments.get_lot(lot_id), "lot")
            account = uow.account(row.account_id)
            before = lot_image(row, account)
            uow.investments.delete_lot(row)
            self._check(uow, account)
            uow.audit(INVESTMENT_LOT, "deleted", lot_id, before=before)

        self._w(login, work)

    # -- prices -----------------------------------------------------------------------------
    def set_price(
        self,
        login: Actor,
        *,
        symbol: str,
        price: str | int,
        currency: str,
        date: str | date = "today",
    ) -> PriceInfo:
        """A symbol's price per whole unit on a day (one a day: a second replaces it)."""

        def work(uow: InvestmentWork) -> PriceInfo:
            form = Form()
            chosen = form.take(clean_symbol, symbol)
            code = form.take(clean_currency, currency)
            day = form.take(uow.date, date)
            minor = form.take(_money, price, code, "price") if code is not None else None
            form.done()
            assert minor is not None
            row = uow.investments.price_on(chosen, code, day)
            if row is None:
                row = uow.investments.add_price(
                    InvestmentPrice(symbol=chosen, currency=code, date=day, price_minor=minor)
                )
                uow.audit(INVESTMENT_PRICE, "created", row.id, after=price_image(row))
            elif row.price_minor != minor:
                before = price_image(row)
                row.price_minor = minor
                uow.session.flush()
                uow.audit(INVESTMENT_PRICE, "edited", row.id, before=before, after=price_image(row))
            return price_info(row)

        return self._w(login, work)
