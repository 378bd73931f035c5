"""The holdings of one investment account: per symbol the units held, the average
cost per unit, the cost basis, the latest price (and its day), the market value and
the unrealised gain. The figures are the service's (finance/services/investments.py):
cost by average cost — a sell removes cost at the average cost per unit at that time;
fees add to the cost of a buy and come off the proceeds of a sell.

b buys, s sells (the highlighted symbol is filled in), p sets a price, l lists the
lots of the highlighted symbol (d deletes one there), escape goes back. Dividends are
plain income transactions in the account's register."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.finance.dto import AccountInfo, Holding, LotInfo, PriceInfo
from dashboard_tui.finance.money import MAX_TEXT, format_amount
from dashboard_tui.finance.services.investments import shown_units
from dashboard_tui.finance.ui.base import FinanceBaseScreen, finance_services, money, quoted
from dashboard_tui.finance.ui.forms import DATES
from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.kit.parsing import MAX_INPUT
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import literal, literal_text

SYMBOL_CHARS = 32
AMOUNT_CHARS = 14
METHOD = (
    "Average cost: a sell removes cost at the average cost per unit at that time; "
    "fees add to cost on buys and reduce proceeds on sells. Dividends: income "
    "transactions in the register."
)
COLUMNS = (
    # label, width (None: fits), min width when narrowed, optional
    ("Symbol", None, 6, False),
    ("Units".rjust(12), 12, None, False),
    ("Avg cost".rjust(AMOUNT_CHARS), AMOUNT_CHARS, None, True),
    ("Cost basis".rjust(AMOUNT_CHARS), AMOUNT_CHARS, None, False),
    ("Price (date)", 24, None, True),
    ("Market value".rjust(AMOUNT_CHARS), AMOUNT_CHARS, None, False),
    ("Unrealised".rjust(AMOUNT_CHARS), AMOUNT_CHARS, None, False),
)
LOT_COLUMNS = (
    ("Date", 10, None, False),
    ("Kind", 4, None, False),
    ("Units".rjust(12), 12, None, False),
    ("Price".rjust(AMOUNT_CHARS), AMOUNT_CHARS, None, False),
    ("Fees".rjust(AMOUNT_CHARS), AMOUNT_CHARS, None, False),
)


@dataclass(frozen=True)
class LotInput:
    symbol: str
    units: str
    price: str
    fees: str
    date: str


@dataclass(frozen=True)
class PriceInput:
    symbol: str
    price: str
    date: str


def lot_form(currency: str, symbol: str) -> FormSpec[None, LotInput]:
    return FormSpec(
        LotInput,
        (
            FieldSpec("symbol", "Symbol", None, symbol, "e.g. VWCE", max_length=SYMBOL_CHARS),
            FieldSpec("units", "Units", None, "", "e.g. 10, 2.5", max_length=MAX_INPUT),
            FieldSpec(
                "price",
                f"Price per unit ({currency})",
                None,
                "",
                "e.g. 102.50",
                max_length=MAX_TEXT,
            ),
            FieldSpec("fees", f"Fees ({currency})", None, "0", "e.g. 1.50", max_length=MAX_TEXT),
            FieldSpec("date", "Date", None, "today", DATES, max_length=MAX_INPUT),
        ),
    )


def price_form(currency: str, symbol: str) -> FormSpec[None, PriceInput]:
    return FormSpec(
        PriceInput,
        (
            FieldSpec("symbol", "Symbol", None, symbol, "e.g. VWCE", max_length=SYMBOL_CHARS),
            FieldSpec(
                "price",
                f"Price per unit ({currency})",
                None,
                "",
                "e.g. 102.50",
                max_length=MAX_TEXT,
            ),
            FieldSpec("date", "Date", None, "today", DATES, max_length=MAX_INPUT),
        ),
    )


def amount_cell(minor: int | None, currency: str, *, signed: bool = False) -> Text:
    """Right-aligned; a gain green, a loss red when `signed`; "—" when unknown."""
    if minor is None:
        return Text("—".rjust(AMOUNT_CHARS), style="dim")
    shown = format_amount(minor, currency, minus="−").rjust(AMOUNT_CHARS)
    style = ("green" if minor > 0 else "red" if minor < 0 else "") if signed else ""
    return literal_text(shown, style)


def make_table(
    table_id: str, columns: tuple[tuple[str, int | None, int | None, bool], ...]
) -> KeyTable:
    table = KeyTable(id=table_id, cursor_type="row", zebra_stripes=True)
    for label, width, least, optional in columns:
        table.add_column(label, width=width, min_width=least, optional=optional)
    return table


class InvestmentsScreen(FinanceBaseScreen):
    BINDINGS = [
        Binding("escape", "back", "Accounts", id="investments.back"),
        Binding("b", "buy", "Buy", id="investments.buy"),
        Binding("s", "sell", "Sell", id="investments.sell"),
        Binding("p", "set_price", "Set price", id="investments.set_price"),
        Binding("l", "lots", "Lots", id="investments.lots"),
    ]

    def __init__(self, account: AccountInfo) -> None:
        super().__init__()
        self.account = account
        self.holdings: tuple[Holding, ...] = ()
        self.is_ready = False  # the holdings are shown (tests wait on it)
        self.stale = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="investments"):
            title = f"Investments · {self.account.name} · {self.account.currency}"
            yield Static(literal(title), id="investments-title")
            yield Static("", id="investments-summary")
            yield make_table("investments-table", COLUMNS)
            yield Static("", id="investments-empty")
            yield Static(literal(METHOD), id="investments-method")
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()
        self.load()

    @property
    def table(self) -> KeyTable:
        return self.query_one("#investments-table", KeyTable)

    def load(self) -> None:
        ctx, login, account_id = self.ctx, self.login, self.account.id
        self.is_ready = False
        self.run_call(
            lambda: finance_services(ctx).investments.holdings(login, account_id),
            self.show,
            group="holdings",
            exclusive=True,
        )

    def show(self, holdings: tuple[Holding, ...]) -> None:
        self.holdings = holdings
        cur = self.account.currency
        table = self.table
        keep = table.cursor_row if table.row_count else 0
        table.clear()
        for h in holdings:
            price = "—"
            if h.price_minor is not None and h.price_date is not None:
                price = f"{format_amount(h.price_minor, cur)} ({h.price_date.isoformat()})"
            table.add_row(
                literal_text(h.symbol),
                literal_text(shown_units(h.units_micro).rjust(12)),
                amount_cell(h.avg_cost_minor, cur),
                amount_cell(h.cost_basis_minor, cur),
                literal_text(price),
                amount_cell(h.market_value_minor, cur),
                amount_cell(h.unrealised_minor, cur, signed=True),
                key=h.symbol,
            )
        if holdings:
            table.move_cursor(row=min(keep, len(holdings) - 1))
        cost = sum(h.cost_basis_minor for h in holdings)
        value = sum(h.market_value_minor or 0 for h in holdings)
        gain = sum(h.unrealised_minor or 0 for h in holdings)
        realised = sum(h.realised_minor for h in holdings)
        summary = Text()
        summary.append(f"Cost basis {money(cost, cur)} · market value {money(value, cur)}")
        summary.append(" · unrealised ")
        summary.append(money(gain, cur), style="green" if gain > 0 else "red" if gain < 0 else "")
        summary.append(f" · realised {money(realised, cur)}")
        self.query_one("#investments-summary", Static).update(summary)
        empty = "" if holdings else "Nothing bought yet: b records a buy."
        self.query_one("#investments-empty", Static).update(literal(empty))
        self.is_ready = True

    def highlighted(self) -> Holding | None:
        table = self.table
        if not self.holdings or table.cursor_row >= len(self.holdings):
            return None
        return self.holdings[table.cursor_row]

    # -- changes ------------------------------------------------------------------------
    def action_buy(self) -> None:
        self.trade("buy")

    def action_sell(self) -> None:
        self.trade("sell")

    def trade(self, kind: str) -> None:
        held = self.highlighted()
        if kind == "sell" and held is None:
            self.notify("Nothing to sell yet: b records a buy.", markup=False)
            return
        ctx, login, account = self.ctx, self.login, self.account
        self.open_form(
            f"{'Buy' if kind == 'buy' else 'Sell'} in {quoted(account.name)}",
            lot_form(account.currency, held.symbol if held else ""),
            None,
            lambda v: finance_services(ctx).investments.add_lot(
                login,
                account_id=account.id,
                symbol=v.symbol,
                kind=kind,
                units=v.units,
                price=v.price,
                fees=v.fees,
                date=v.date,
            ),
            self.traded,
        )

    def traded(self, lot: LotInfo) -> None:
        verb = "Bought" if lot.kind == "buy" else "Sold"
        self.notify(
            f"{verb} {shown_units(lot.units_micro)} {lot.symbol} at "
            f"{money(lot.price_minor, lot.currency)}.",
            markup=False,
        )
        self.load()

    def action_set_price(self) -> None:
        held = self.highlighted()
        ctx, login, cur = self.ctx, self.login, self.account.currency
        self.open_form(
            "Set a price",
            price_form(cur, held.symbol if held else ""),
            None,
            lambda v: finance_services(ctx).investments.set_price(
                login, symbol=v.symbol, price=v.price, currency=cur, date=v.date
            ),
            self.priced,
        )

    def priced(self, price: PriceInfo) -> None:
        self.notify(
            f"{price.symbol}: {money(price.price_minor, price.currency)} on "
            f"{price.date.isoformat()}.",
            markup=False,
        )
        self.load()

    def action_lots(self) -> None:
        held = self.highlighted()
        if held is None:
            self.notify("Nothing bought yet: b records a buy.", markup=False)
            return
        self.stale = True  # a lot may be deleted there
        self.app.push_screen(LotsScreen(self.account, held.symbol))

    def on_screen_resume(self) -> None:
        if self.stale and self.app.screen is self:
            self.stale = False
            self.load()


class LotsScreen(FinanceBaseScreen):
    """The buys and sells of one symbol, oldest first; d deletes the highlighted one."""

    BINDINGS = [
        Binding("escape", "close", "Holdings", id="investments.lots_back"),
        Binding("d", "delete_lot", "Delete", id="investments.delete_lot"),
    ]

    def __init__(self, account: AccountInfo, symbol: str) -> None:
        super().__init__()
        self.account, self.symbol = account, symbol
        self.lots: tuple[LotInfo, ...] = ()
        self.is_ready = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="lots"):
            title = f"Lots of {self.symbol} · {self.account.name}"
            yield Static(literal(title), id="lots-title")
            yield make_table("lots-table", LOT_COLUMNS)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#lots-table", KeyTable).focus()
        self.load()

    def load(self) -> None:
        ctx, login, account_id, symbol = self.ctx, self.login, self.account.id, self.symbol
        self.is_ready = False
        self.run_call(
            lambda: finance_services(ctx).investments.lots(login, account_id, symbol),
            self.show,
            group="lots",
            exclusive=True,
        )

    def show(self, lots: tuple[LotInfo, ...]) -> None:
        self.lots = lots
        table = self.query_one("#lots-table", KeyTable)
        table.clear()
        for lot in lots:
            table.add_row(
                literal_text(lot.date.isoformat()),
                literal_text(lot.kind),
                literal_text(shown_units(lot.units_micro).rjust(12)),
                amount_cell(lot.price_minor, lot.currency),
                amount_cell(lot.fees_minor, lot.currency),
                key=str(lot.id),
            )
        self.is_ready = True

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_delete_lot(self) -> None:
        table = self.query_one("#lots-table", KeyTable)
        if not self.lots or table.cursor_row >= len(self.lots):
            return
        lot = self.lots[table.cursor_row]
        ctx, login = self.ctx, self.login
        verb = "buy" if lot.kind == "buy" else "sell"
        self.ask_then_run(
            f"Delete the {verb} of {shown_units(lot.units_micro)} {lot.symbol} on "
            f"{lot.date.isoformat()}?",
            lambda: finance_services(ctx).investments.delete_lot(login, lot.id),
            lambda _: self.load(),
        )
