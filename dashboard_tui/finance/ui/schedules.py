"""Scheduled transactions: the person's recurring bills, income and standing
transfers, next due first, each with its rule in words. Opened with S from the
accounts list.

n makes one (monthly on day N, every N weeks on a weekday, the last business day of
the month, yearly, or a raw RFC 5545 RRULE), e (or enter) edits the highlighted one,
d deletes it (the transactions it entered stay), E enters its due occurrence (a real
transaction, dated the day it fell due) and s skips it, p pauses or resumes it; f
shows the forecast: each account's balance over the next 90 days."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.finance import MINUS
from dashboard_tui.finance.dto import AccountForecast, AccountInfo, CategoryInfo, ScheduleInfo
from dashboard_tui.finance.money import MAX_TEXT, format_amount, minor_units
from dashboard_tui.finance.services.base import PAYEE_MAX
from dashboard_tui.finance.services.schedules import FORECAST_DAYS, REPEATS, choice_of
from dashboard_tui.finance.ui.base import (
    FinanceBaseScreen,
    amount_cell,
    finance_services,
    money,
    quoted,
)
from dashboard_tui.finance.ui.forms import AMOUNTS, DATES, signed
from dashboard_tui.finance.ui.register import open_with_completion
from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.kit.parsing import MAX_INPUT
from dashboard_tui.kit.recurrence import RULE_MAX, WEEKDAY_NAMES
from dashboard_tui.kit.validation import NAME_MAX, NOTES_MAX
from dashboard_tui.ui.record_list import RecordListScreen
from dashboard_tui.widgets.chart import LineChart, Series
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable, figure_head
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import literal, literal_text

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.kit.paging import Page

SCHEDULE_COLUMNS = (
    Col("Next due", 10),
    Col("Payee", min_width=8),
    Col("Account", min_width=8, optional=True),
    Col("Category", min_width=8, optional=True),
    Col(figure_head("Amount"), 16, min_width=12),
    Col("Repeats", min_width=12),
)
HORIZONS = (30, 60, 90)


# -- the form ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScheduleInput:
    account: str
    payee: str
    category: str
    amount: str
    repeat: str
    every: str
    weekday: str
    rule: str
    start: str
    transfer_account: str
    memo: str


def _amount_shown(s: ScheduleInfo) -> str:
    """Signed either way ("+2400.00", "-950.00"), so saving it unchanged never lets a
    category's kind turn it; a transfer's as moved (positive)."""
    text = format_amount(abs(s.amount_minor), s.currency, grouping=False)
    if s.transfer_account_id is not None:
        return text
    return f"-{text}" if s.amount_minor < 0 else f"+{text}"


def schedule_form(
    accounts: Sequence[AccountInfo], first: uuid.UUID | None
) -> FormSpec[ScheduleInfo, ScheduleInput]:
    """The form, with the person's accounts to choose from (`first` first)."""
    ordered = sorted(accounts, key=lambda a: a.id != first)
    listed = [(f"{a.name} ({a.currency})", str(a.id)) for a in ordered]
    return FormSpec(
        ScheduleInput,
        (
            FieldSpec("account", "Account", choices=listed or [("no accounts", "")], on_edit=False),
            FieldSpec(
                "payee",
                "Payee",
                lambda s: s.payee,
                placeholder="e.g. Landlord",
                max_length=PAYEE_MAX,
            ),
            FieldSpec(
                "category",
                "Category",
                lambda s: s.category,
                placeholder="e.g. Housing:Rent (→ takes the suggestion)",
                max_length=NAME_MAX,
            ),
            FieldSpec("amount", "Amount", _amount_shown, placeholder=AMOUNTS, max_length=MAX_TEXT),
            FieldSpec(
                "repeat",
                "Repeats",
                lambda s: choice_of(s.rrule)[0],
                "monthly",
                choices=[(label, value) for value, label in REPEATS.items()],
            ),
            FieldSpec(
                "every",
                "Day or weeks",
                lambda s: choice_of(s.rrule)[1],
                placeholder="day of the month (monthly), weeks (every N weeks)",
                max_length=MAX_INPUT,
            ),
            FieldSpec(
                "weekday",
                "Weekday",
                lambda s: choice_of(s.rrule)[2],
                choices=[("the start's", ""), *((n, n) for n in WEEKDAY_NAMES)],
            ),
            FieldSpec(
                "rule",
                "RRULE",
                lambda s: s.rrule,
                placeholder="only for RRULE, e.g. FREQ=MONTHLY;BYDAY=-1FR",
                max_length=RULE_MAX,
            ),
            FieldSpec(
                "start",
                "Starts",
                lambda s: s.dtstart.isoformat(),
                "today",
                placeholder=DATES,
                max_length=MAX_INPUT,
            ),
            FieldSpec(
                "transfer_account",
                "Transfer to",
                lambda s: str(s.transfer_account_id or ""),
                choices=[("— (not a transfer)", ""), *listed],
            ),
            FieldSpec("memo", "Notes", lambda s: s.memo, max_length=NOTES_MAX),
        ),
    )


SCHEDULE_NOTE = (
    "An amount without a sign is money out for an expense category, in for an income one. "
    "A transfer's amount leaves the account. Overdue days (a start in the past) are due first."
)


def typed_amount(text: str, category: CategoryInfo | None, transfer: uuid.UUID | None) -> str:
    """A transfer's amount as typed (it leaves the account); else signed by the
    category's kind when no sign was typed."""
    return text if transfer else signed(text, category.kind if category else None)


# -- the list ----------------------------------------------------------------------------------
def category_cell(s: ScheduleInfo) -> str:
    if s.transfer_account_id is not None:
        return f"transfer → {s.transfer_account or '?'}"
    return s.category


def due_cell(s: ScheduleInfo) -> str:
    if s.next_due is None:
        return "ended"
    return s.next_due.isoformat() if s.active else "paused"


def schedule_row(s: ScheduleInfo) -> PagedRow:
    cells = (
        due_cell(s),
        s.payee,
        s.account,
        category_cell(s),
        amount_cell(s.amount_minor, s.currency),
        s.rule,
    )
    return PagedRow(str(s.id), cells, s)


def schedules_loader(ctx: AppContext, login: Login) -> Any:
    """Runs in a worker thread: a person has a handful of schedules, one page."""

    def load(cursor: Any, limit: int, text: str) -> Page[PagedRow]:
        from dashboard_tui.kit.paging import Page

        found = finance_services(ctx).schedules.list_schedules(login)
        needle = text.strip().casefold()
        rows = [
            schedule_row(s)
            for s in found
            if needle in s.payee.casefold() or needle in s.account.casefold()
        ]
        return Page(rows, None)

    return load


class SchedulesScreen(FinanceBaseScreen, RecordListScreen):
    ROW_TYPE = ScheduleInfo

    BINDINGS = [
        Binding("escape", "back", "Accounts", id="schedules.back"),
        Binding("n", "new_schedule", "New", id="schedules.new"),
        Binding("e", "edit_schedule", "Edit", id="schedules.edit"),
        Binding("d", "delete_schedule", "Delete", id="schedules.delete"),
        Binding("E", "enter_due", "Enter due", id="schedules.enter"),
        Binding("s", "skip_due", "Skip", id="schedules.skip"),
        Binding("p", "toggle_active", "Pause/resume", id="schedules.pause"),
        Binding("f", "forecast", "Forecast", id="schedules.forecast"),
    ]

    def __init__(self, account_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.account_id = account_id  # the account a new schedule is in by default
        self.accounts: list[AccountInfo] = []

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="schedules"):
            yield Static(literal("Scheduled transactions"), id="schedules-title")
            yield PagedTable(
                *SCHEDULE_COLUMNS,
                loader=schedules_loader(self.ctx, self.login),
                page_size=500,
                empty_text="No scheduled transactions yet: n makes one (a bill, a salary).",
                filter_placeholder="Payee or account contains (enter: apply, escape: clear)",
                filter_max_length=120,
                id="schedules-table",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: finance_services(ctx).accounts.list_accounts(login),
            self.set_accounts,
            group="accounts",
        )

    def set_accounts(self, accounts: Sequence[AccountInfo]) -> None:
        self.accounts = list(accounts)

    @property
    def table(self) -> PagedTable:
        return self.query_one("#schedules-table", PagedTable)

    def highlighted(self) -> ScheduleInfo | None:
        return super().highlighted()

    def open_row(self) -> None:
        self.action_edit_schedule()

    # -- new, edit ------------------------------------------------------------------------
    def open_schedule_form(
        self, title: str, record: ScheduleInfo | None, save: Callable[[Any], Any]
    ) -> None:
        spec = schedule_form(self.accounts, self.account_id)
        open_with_completion(self, title, spec, record, save, note=SCHEDULE_NOTE)

    def action_new_schedule(self) -> None:
        if not self.accounts:
            self.notify("A schedule needs an account: make one first.", markup=False)
            return
        ctx, login = self.ctx, self.login

        def save(typed: tuple[Any, CategoryInfo | None]) -> ScheduleInfo:
            v, category = typed
            transfer = uuid.UUID(v.transfer_account) if v.transfer_account else None
            return finance_services(ctx).schedules.create_schedule(
                login,
                account_id=uuid.UUID(v.account),
                amount=v.amount
                if transfer
                else signed(v.amount, category.kind if category else None),
                payee=v.payee,
                category_id=category.id if category else None,
                memo=v.memo,
                transfer_account_id=transfer,
                repeat=v.repeat,
                every=v.every,
                weekday=v.weekday,
                rule=v.rule,
                start=v.start,
            )

        self.open_schedule_form("New scheduled transaction", None, save)

    def action_edit_schedule(self) -> None:
        s = self.highlighted()
        if s is None:
            return
        ctx, login = self.ctx, self.login

        def save(typed: tuple[Any, CategoryInfo | None]) -> ScheduleInfo:
            v, category = typed
            transfer = uuid.UUID(v.transfer_account) if v.transfer_account else None
            return finance_services(ctx).schedules.edit_schedule(
                login,
                s.id,
                amount=v.amount
                if transfer
                else signed(v.amount, category.kind if category else None),
                payee=v.payee,
                category_id=category.id if category else None,
                memo=v.memo,
                transfer_account_id=transfer,
                repeat=v.repeat,
                every=v.every,
                weekday=v.weekday,
                rule=v.rule,
                start=v.start,
            )

        self.open_schedule_form(f"Edit the schedule {quoted(s.payee or s.rule)}", s, save)

    # -- delete, enter, skip ----------------------------------------------------------------
    def what(self, s: ScheduleInfo) -> str:
        at = f" at {quoted(s.payee)}" if s.payee else ""
        return f"{money(s.amount_minor, s.currency)}{at}"

    def action_delete_schedule(self) -> None:
        s = self.highlighted()
        if s is None:
            return
        ctx, login = self.ctx, self.login
        self.ask_then_run(
            f"Delete the schedule {self.what(s)}, {s.rule}? The transactions it entered stay; "
            "the audit history keeps a copy.",
            lambda: finance_services(ctx).schedules.delete_schedule(login, s.id),
            lambda _: self.changed("Schedule deleted."),
        )

    def action_enter_due(self) -> None:
        s = self.highlighted()
        if s is None:
            return
        if s.next_due is None:
            self.notify("This schedule has ended: nothing is due.", markup=False)
            return
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: finance_services(ctx).schedules.enter_due(login, s.id),
            lambda done: self.changed(
                f"Entered {self.what(s)} on {done.transaction.date.isoformat()}"
                + (
                    f"; next due {done.schedule.next_due.isoformat()}."
                    if done.schedule.next_due
                    else "; the schedule has ended."
                )
            ),
        )

    def action_skip_due(self) -> None:
        s = self.highlighted()
        if s is None or s.next_due is None:
            return
        ctx, login, day = self.ctx, self.login, s.next_due
        self.run_call(
            lambda: finance_services(ctx).schedules.skip_due(login, s.id),
            lambda done: self.changed(
                f"Skipped {day.isoformat()}"
                + (f"; next due {done.next_due.isoformat()}." if done.next_due else ".")
            ),
        )

    def action_toggle_active(self) -> None:
        """Pause a schedule (nothing falls due, the forecast leaves it out) or resume it."""
        s = self.highlighted()
        if s is None:
            return
        ctx, login, active = self.ctx, self.login, not s.active
        self.run_call(
            lambda: finance_services(ctx).schedules.edit_schedule(login, s.id, active=active),
            lambda _: self.changed(f"Schedule {'resumed' if active else 'paused'}."),
        )

    def action_forecast(self) -> None:
        self.app.push_screen(ForecastScreen())


# -- the forecast --------------------------------------------------------------------------------
# (label, width, min_width, optional): amounts without their code (the account's
# currency is beside its name), so at 80 columns only "Today" is left out.
FORECAST_COLUMNS = (
    ("Account", None, 8, False),
    ("Today", 12, None, True),
    ("Lowest", 12, None, False),
    ("on", 10, None, False),
    ("In 30 days", 12, None, False),
    ("In 60 days", 12, None, False),
    ("In 90 days", 12, None, False),
)


def forecast_cells(f: AccountForecast) -> tuple[Text, ...]:
    low_day, low = f.lowest

    def amount(minor: int) -> Text:
        text = literal_text(format_amount(minor, f.currency, minus=MINUS))
        text.justify = "right"
        return text

    return (
        literal_text(f"{f.account} ({f.currency})"),
        amount(f.points[0][1]),
        amount(low),
        literal_text(low_day.isoformat()),
        *(amount(f.balance_on(f.today + timedelta(days=n))) for n in HORIZONS),
    )


def forecast_series(forecasts: Sequence[AccountForecast]) -> list[Series]:
    """One line per account that anything is scheduled in, a point a day it changes
    and one at the end, in major units (a chart only shows them)."""
    found = []
    for f in forecasts:
        if len(f.points) < 2:
            continue
        scale = 10 ** minor_units(f.currency)
        end = f.today + timedelta(days=FORECAST_DAYS)
        points = [(day, balance / scale) for day, balance in f.points]
        points.append((end, f.balance_on(end) / scale))
        found.append(Series(points, label=f"{f.account} ({f.currency})"))
    return found


class ForecastScreen(FinanceBaseScreen):
    BINDINGS = [Binding("escape", "back", "Schedules", id="schedules.forecast_back")]

    def __init__(self) -> None:
        super().__init__()
        self.forecasts: tuple[AccountForecast, ...] | None = None  # tests wait on it

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="forecast"):
            yield Static(
                literal(
                    f"Forecast: the next {FORECAST_DAYS} days (today's balances and the "
                    "scheduled transactions)"
                ),
                id="forecast-title",
            )
            table = KeyTable(cursor_type="row", id="forecast-table")
            for label, width, min_width, optional in FORECAST_COLUMNS:
                table.add_column(label, width=width, min_width=min_width, optional=optional)
            yield table
            yield LineChart(
                y_label="balance",
                empty_hint="Nothing scheduled in the next 90 days: nothing to chart.",
                id="forecast-chart",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one(KeyTable).focus()
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: finance_services(ctx).schedules.forecast(login),
            self.show,
            group="forecast",
        )

    def show(self, forecasts: tuple[AccountForecast, ...]) -> None:
        table = self.query_one(KeyTable)
        table.clear()
        for f in forecasts:
            table.add_row(*forecast_cells(f), key=str(f.account_id))
        self.query_one(LineChart).set_series(forecast_series(forecasts))
        self.forecasts = forecasts
