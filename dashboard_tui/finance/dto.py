"""What the finance services take and return: frozen dataclasses, never ORM objects.

Money is integer minor units of the row's currency (`amount_minor`, signed: negative
is money out of the account); format it with finance.money.format_amount."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from dashboard_tui.finance.money import format_amount


@dataclass(frozen=True)
class CreditCardInfo:
    account_id: uuid.UUID
    limit_minor: int
    statement_day: int  # 1-31; a shorter month uses its last day
    due_day: int


@dataclass(frozen=True)
class AccountInfo:
    id: uuid.UUID
    name: str
    kind: str  # checking | savings | cash | credit_card | investment
    currency: str
    opening_balance_minor: int
    balance_minor: int  # opening balance + every transaction
    archived: bool
    card: CreditCardInfo | None = None

    @property
    def balance(self) -> str:
        return format_amount(self.balance_minor, self.currency, code=True)


@dataclass(frozen=True)
class CategoryInfo:
    id: uuid.UUID
    path: str  # "Food:Groceries": ':' separates the levels, as in hledger
    kind: str  # income | expense
    shipped: bool  # shipped with the app: read-only

    @property
    def name(self) -> str:
        """The last level: "Groceries"."""
        return self.path.rpartition(":")[2]

    @property
    def parent_path(self) -> str | None:
        return self.path.rpartition(":")[0] or None


@dataclass(frozen=True)
class SplitPart:
    """One part of a split, as the caller gives it: `amount` typed text (or minor
    units), signed like the whole."""

    category_id: uuid.UUID | None
    amount: str | int
    memo: str = ""


@dataclass(frozen=True)
class SplitInfo:
    id: uuid.UUID
    position: int
    category_id: uuid.UUID | None
    category: str  # its path, "" when none
    amount_minor: int
    memo: str


@dataclass(frozen=True)
class TransactionInfo:
    id: uuid.UUID
    account_id: uuid.UUID
    account: str
    date: date
    amount_minor: int
    currency: str
    payee: str
    category_id: uuid.UUID | None
    category: str  # its path; "" when none or split
    memo: str
    tags: tuple[str, ...]
    status: str  # uncleared | cleared | reconciled
    transfer_id: uuid.UUID | None
    splits: tuple[SplitInfo, ...] = ()
    # The other leg of a transfer (None otherwise).
    counterpart_id: uuid.UUID | None = None
    counterpart_account: str = ""
    created_at: datetime | None = None

    @property
    def kind(self) -> str:
        if self.transfer_id is not None:
            return "transfer"
        if self.splits:
            return "split"
        return "income" if self.amount_minor > 0 else "expense"

    @property
    def locked(self) -> bool:
        return self.status == "reconciled"

    @property
    def amount(self) -> str:
        return format_amount(self.amount_minor, self.currency, code=True)


@dataclass(frozen=True)
class TransferInfo:
    """Both legs: `out` leaves its account (negative), `into` arrives (positive)."""

    transfer_id: uuid.UUID
    out: TransactionInfo
    into: TransactionInfo


@dataclass(frozen=True)
class RegisterRow:
    """One line of an account's register: the transaction and the account's balance
    right after it (all of the account's rows count, whatever the filter shows)."""

    transaction: TransactionInfo
    balance_minor: int


@dataclass(frozen=True)
class RegisterFilter:
    text: str = ""  # payee or memo contains (any case)
    date_from: date | None = None
    date_to: date | None = None
    category_id: uuid.UUID | None = None  # the category or a part of a split in it
    amount_min_minor: int | None = None  # signed bounds, inclusive
    amount_max_minor: int | None = None

    @property
    def narrows(self) -> bool:
        return any(
            v not in (None, "")
            for v in (
                self.text,
                self.date_from,
                self.date_to,
                self.category_id,
                self.amount_min_minor,
                self.amount_max_minor,
            )
        )


@dataclass(frozen=True)
class CategoryTotal:
    """The sum of one category's postings in one currency (a report's cell)."""

    category_id: uuid.UUID | None
    category: str  # path; "" uncategorised
    kind: str  # income | expense | "" (uncategorised)
    currency: str
    amount_minor: int


@dataclass(frozen=True)
class MergeResult:
    into: CategoryInfo
    transactions: int  # re-categorised
    splits: int


# -- scheduled transactions (services/schedules.py) -----------------------------------------
@dataclass(frozen=True)
class ScheduleInfo:
    """A recurring transaction: what is entered (a transfer when `transfer_account_id`
    is set: `amount_minor` < 0 leaves `account_id` and arrives there) and when."""

    id: uuid.UUID
    account_id: uuid.UUID
    account: str
    currency: str
    transfer_account_id: uuid.UUID | None
    transfer_account: str
    payee: str
    category_id: uuid.UUID | None
    category: str  # its path; "" when none
    amount_minor: int
    memo: str
    rrule: str  # the RFC 5545 RRULE value: "FREQ=MONTHLY;BYMONTHDAY=1"
    rule: str  # in words: "monthly on day 1"
    dtstart: date
    next_due: date | None  # None: the rule has ended
    active: bool

    @property
    def kind(self) -> str:
        if self.transfer_account_id is not None:
            return "transfer"
        return "income" if self.amount_minor > 0 else "expense"

    @property
    def amount(self) -> str:
        return format_amount(self.amount_minor, self.currency, code=True)


@dataclass(frozen=True)
class Occurrence:
    """One day a schedule falls on; `overdue` when before today and not yet entered."""

    schedule: ScheduleInfo
    date: date
    overdue: bool = False


@dataclass(frozen=True)
class ScheduleEntered:
    schedule: ScheduleInfo  # with its next_due moved on
    transaction: TransactionInfo  # for a transfer: the leg in the schedule's account


@dataclass(frozen=True)
class AccountForecast:
    """One account's balance over the coming days: today's, then after each scheduled
    occurrence in order (overdue ones count as today)."""

    account_id: uuid.UUID
    account: str
    currency: str
    today: date
    points: tuple[tuple[date, int], ...]  # (day, balance after it); the first is today's

    def balance_on(self, day: date) -> int:
        """The balance at the end of `day`."""
        found = self.points[0][1]
        for at, balance in self.points:
            if at > day:
                break
            found = balance
        return found

    @property
    def lowest(self) -> tuple[date, int]:
        """The lowest balance and the first day it is reached."""
        return min(self.points, key=lambda p: (p[1], p[0]))


@dataclass(frozen=True)
class BudgetInfo:
    """One category's budget for one month (`month` is the month's first day)."""

    id: uuid.UUID
    category_id: uuid.UUID
    category: str  # its path
    month: date
    amount_minor: int
    currency: str


@dataclass(frozen=True)
class BudgetLine:
    """One expense category in a month's budget (finance/services/budgets.py says how
    the figures are made). Spent is signed like the accounts: spending is negative."""

    category_id: uuid.UUID
    category: str  # its path
    budgeted_minor: int
    spent_minor: int
    carried_minor: int  # brought from last month (never negative)
    available_minor: int  # budgeted + spent + carried

    @property
    def active(self) -> bool:
        """Worth a row: a budget, spending, or money in the envelope."""
        return bool(self.budgeted_minor or self.spent_minor or self.available_minor)


@dataclass(frozen=True)
class BudgetMonth:
    """A month's envelopes in one currency, and what is left to give them."""

    month: date  # its first day
    currency: str
    currencies: tuple[str, ...]  # every currency the person could budget in
    lines: tuple[BudgetLine, ...]  # every expense category, by path
    income_minor: int  # this month's income (income categories)
    carried_minor: int  # last month's "available to budget", less last month's overspending
    overspent_minor: int  # last month's overspending (≤ 0), already in carried_minor
    budgeted_minor: int
    spent_minor: int
    available_minor: int  # the envelopes' sum
    to_budget_minor: int  # income + carried − budgeted

    def line(self, category_id: uuid.UUID) -> BudgetLine | None:
        return next((x for x in self.lines if x.category_id == category_id), None)


@dataclass(frozen=True)
class ReconcileStart:
    """Where reconciling an account starts: its reconciled balance (opening balance
    plus every reconciled transaction) and its cleared, not yet reconciled rows up to
    the statement date (ticked at the start, as a bank statement would show them)."""

    account_id: uuid.UUID
    currency: str
    statement_date: date
    reconciled_balance_minor: int
    cleared: tuple[tuple[uuid.UUID, int], ...]  # (id, amount_minor)


@dataclass(frozen=True)
class ReconcileResult:
    reconciled: int  # transactions that became reconciled
    balance_minor: int  # the account's reconciled balance now (= the statement's)


@dataclass(frozen=True)
class CardStatus:
    """A credit card's statements on a day (finance/services/cards.py). Amounts are
    in the account's currency, signed as in the account (spending is negative)."""

    account_id: uuid.UUID
    currency: str
    limit_minor: int
    statement_day: int
    due_day: int
    period_start: date  # the day after the last statement date
    next_statement: date  # the current period ends on it (included)
    statement_total_minor: int  # the current period's transactions, summed
    last_statement: date  # the last closed statement's date
    payment_due_minor: int  # its balance owing (≥ 0): what to pay by `due_date`
    due_date: date
    owed_minor: int  # owed now (≥ 0): minus the balance when it is below zero
    # owed / limit in tenths of a percent, rounded half-even once; None: no limit
    utilisation_permille: int | None

    @property
    def utilisation(self) -> str:
        """ "42.5 %" (half-even to one decimal), "no limit" without one."""
        if self.utilisation_permille is None:
            return "no limit"
        return f"{self.utilisation_permille // 10}.{self.utilisation_permille % 10} %"


@dataclass(frozen=True)
class RateInfo:
    """On `date`, 1 `from_currency` = `rate` `to_currency` (the exact decimal, as text)."""

    id: uuid.UUID
    from_currency: str
    to_currency: str
    rate: str
    date: date


@dataclass(frozen=True)
class NetWorthLine:
    account_id: uuid.UUID
    account: str
    currency: str
    balance_minor: int  # in the account's currency
    converted_minor: int | None  # in the net worth's currency; None: no rate
    rate_date: date | None  # the rate used (None: same currency, or no rate)


@dataclass(frozen=True)
class NetWorth:
    """The open accounts' balances in one currency (the profile's), each converted
    with the latest rate on or before `on` and rounded once, half-even."""

    currency: str
    on: date
    total_minor: int  # of the accounts that could be converted
    lines: tuple[NetWorthLine, ...]
    missing: tuple[str, ...]  # currencies with no rate, sorted

    @property
    def rate_dates(self) -> tuple[date, ...]:
        return tuple(sorted({ln.rate_date for ln in self.lines if ln.rate_date is not None}))


# -- CSV import (finance/services/importer.py) ------------------------------------------
@dataclass(frozen=True)
class ImportProfileInfo:
    id: uuid.UUID
    name: str
    mapping: dict[str, object]  # finance.importer.Mapping.to_json()


@dataclass(frozen=True)
class PayeeRuleInfo:
    id: uuid.UUID
    position: int
    contains: str
    category_id: uuid.UUID
    category: str  # its path


@dataclass(frozen=True)
class PreviewRow:
    line: int
    date: date | None
    amount_minor: int | None
    payee: str
    memo: str
    category: str  # from the file, or the rule's (rule=True)
    rule: bool = False
    error: str = ""


@dataclass(frozen=True)
class ImportPreview:
    header: tuple[str, ...]
    columns: dict[str, str]  # role → the header it reads
    delimiter: str
    encoding: str
    date_format: str
    decimal_mark: str
    newest_first: bool
    currency: str
    rows: tuple[PreviewRow, ...]
    total_rows: int


@dataclass(frozen=True)
class ImportSummary:
    account_id: uuid.UUID | None
    account: str
    currency: str
    rows: int  # in the file
    added: int
    duplicates: int  # already imported: skipped
    categorised: int  # by a payee rule
    total_minor: int  # of the added rows
    first: date | None
    last: date | None
    account_created: bool = False
    dry_run: bool = False


# -- reports (finance/services/reports.py) ----------------------------------------------
@dataclass(frozen=True)
class Period:
    """What a report covers: a month, a year, or all time (`start` is the first day
    of the month or year; all time has none)."""

    kind: str  # month | year | all
    start: date | None

    @property
    def date_from(self) -> date | None:
        return self.start

    @property
    def date_to(self) -> date | None:
        """The last day in it (inclusive), None for all time."""
        if self.start is None:
            return None
        if self.kind == "year":
            return date(self.start.year, 12, 31)
        following = date(self.start.year + self.start.month // 12, self.start.month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)


@dataclass(frozen=True)
class CategoryFigure:
    """One category's total in a period, signed as in the accounts (spending is
    negative); `category_id` None is the uncategorised."""

    category_id: uuid.UUID | None
    category: str  # its path; "" uncategorised
    kind: str  # income | expense | "" (uncategorised)
    total_minor: int


@dataclass(frozen=True)
class CategoryReport:
    period: Period
    label: str  # "March 2026", "2026", "All time"
    currency: str
    currencies: tuple[str, ...]  # every currency the person has an account in
    lines: tuple[CategoryFigure, ...]  # expenses first (largest spending first), then income
    income_minor: int
    expense_minor: int  # ≤ 0 unless refunds outweigh


@dataclass(frozen=True)
class MonthFlow:
    month: date  # its first day
    income_minor: int
    expense_minor: int  # signed as in the accounts: spending is negative

    @property
    def net_minor(self) -> int:
        return self.income_minor + self.expense_minor


@dataclass(frozen=True)
class FlowReport:
    """Income and expenses per month (the last `len(months)` up to `last`)."""

    last: date
    currency: str
    currencies: tuple[str, ...]
    months: tuple[MonthFlow, ...]  # oldest first


@dataclass(frozen=True)
class NetWorthReport:
    """The sum of the accounts' balances at each month's end, in one currency."""

    last: date
    currency: str
    currencies: tuple[str, ...]
    points: tuple[tuple[date, int], ...]  # (the month's last day, balance), oldest first


@dataclass(frozen=True)
class DrillRow:
    """One transaction behind a figure (or the part of a split that is)."""

    transaction_id: uuid.UUID
    date: date
    account: str
    payee: str
    category: str
    amount_minor: int  # the part's amount for a split
    part: int  # the split part's position; -1 a whole transaction


@dataclass(frozen=True)
class DrillDown:
    """The transactions behind one figure; `total_minor` is their sum (the figure)."""

    title: str
    currency: str
    rows: tuple[DrillRow, ...]  # newest first, at most the service's limit
    count: int  # how many there are in all
    total_minor: int

    @property
    def truncated(self) -> bool:
        return self.count > len(self.rows)


# -- investments (finance/services/investments.py) ------------------------------------------
@dataclass(frozen=True)
class LotInfo:
    """One buy or sell: units in micro-units (1e-6), price per whole unit and fees in
    minor units of `currency` (the account's)."""

    id: uuid.UUID
    account_id: uuid.UUID
    symbol: str
    kind: str  # buy | sell
    date: date
    units_micro: int
    price_minor: int
    fees_minor: int
    currency: str


@dataclass(frozen=True)
class Holding:
    """One symbol of an investment account, by average cost: every figure rounded
    half-even once from exact values (finance/services/investments.py)."""

    symbol: str
    currency: str
    units_micro: int
    avg_cost_minor: int | None  # per whole unit; None when nothing is held
    cost_basis_minor: int  # the cost of the units still held
    realised_minor: int  # proceeds less fees less the cost removed, over every sell
    price_minor: int | None  # the latest price per whole unit; None when none is known
    price_date: date | None
    market_value_minor: int | None  # units × price
    unrealised_minor: int | None  # market value − cost basis


@dataclass(frozen=True)
class PriceInfo:
    id: uuid.UUID
    symbol: str
    currency: str
    date: date
    price_minor: int


@dataclass(frozen=True)
class RuleOffer:
    """What the register offers after an imported transaction was re-categorised:
    "Always put payees containing `contains` in `category`?" (`rule_category`: the
    category a rule with that text has now, "" when there is none), and how many
    `others` of the account's imported rows the rule would re-categorise too."""

    transaction_id: uuid.UUID
    account: str
    payee: str
    contains: str
    category_id: uuid.UUID
    category: str
    previous_category_id: uuid.UUID | None
    previous_category: str
    rule_id: uuid.UUID | None
    rule_category: str
    others: int


@dataclass(frozen=True)
class RuleOfferResult:
    rule: PayeeRuleInfo
    was: str  # the category the rule had before ("" when it is new)
    recategorised: int


@dataclass(frozen=True)
class RateUsed:
    """A rate a converted report used: 1 `currency` = `rate` of the report's currency,
    the rate dated `date` (the newest on or before the month's end)."""

    currency: str
    rate: str  # as typed ("0.9234"), or "1 / 1.0842" when the opposite pair's was used
    date: date


@dataclass(frozen=True)
class Conversion:
    """How a report in every currency was converted into one."""

    rates: tuple[RateUsed, ...]  # each distinct rate used, by currency then date
    missing: tuple[str, ...]  # currencies left out (no rate on or before a month's end)


@dataclass(frozen=True)
class ConvertedCategoryReport(CategoryReport):
    """A report by category with every currency converted into `currency`."""

    conversion: Conversion


@dataclass(frozen=True)
class ConvertedFlowReport(FlowReport):
    """Income vs expense with every currency converted into `currency`."""

    conversion: Conversion
