"""The finance data out: an hledger journal and a CSV file, one person's, streamed.

hledger (https://hledger.org/1.25/hledger.html#journal-format):
- accounts become account names: `assets:checking:Main`, `assets:savings:…`,
  `assets:cash:…`, `assets:investment:…`, `liabilities:credit card:Visa`; categories
  `expenses:Food:Groceries` / `income:Salary` (their path is the hierarchy already);
  none: `expenses:Uncategorised` or `income:Uncategorised` by the sign;
- opening balances: one transaction per account against `equity:opening balances`,
  dated the account's first day (its creation or its first transaction, the earlier);
- a split is one transaction with a posting per part; a transfer is one balanced
  transaction of its two legs (between currencies, `@@` gives the other amount);
- a `commodity` directive per currency with its ISO decimals (JPY 0, EUR 2, BHD 3);
- status: `*` for a cleared or reconciled row, none for an uncleared one (per
  posting when a transfer's legs differ), and a reconciled row carries the tag
  `reconciled:`: `hledger bal -C` is the cleared balance, `bal -C tag:reconciled`
  the reconciled one, `-U` the rest;
- investments: a lot is a transaction moving units of its symbol (a commodity, six
  decimals) into or out of `assets:investment:<account>:<symbol>` at a total price
  `@@` of the cost it adds or removes (average cost, as the app: each posting is the
  change of the cost basis rounded half-even, so their sum is the app's cost basis);
  a sell's realised gain goes to `income:realised gains:<account>:<symbol>` and the
  money side of a lot to `equity:investment lots` (a lot moves no cash in the app;
  dividends are the account's income transactions). Prices become `P` directives;
- every account and commodity a posting names is declared (`hledger check --strict`).

Text a person typed is data, never journal syntax: control and invisible formatting
characters go (newlines become spaces), `;` (a comment's start) and `|` (payee|note)
are replaced in descriptions, and account names lose what hledger reads as syntax
(two spaces end a name, `:` nests, brackets make a posting virtual). Memos become
comment lines, tags hledger tags (`; food:, weekly:`)."""

from __future__ import annotations

import csv
import re
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TextIO

from dashboard_tui.finance.investment_repository import InvestmentRepository
from dashboard_tui.finance.money import format_amount, minor_units
from dashboard_tui.finance.services.base import FinanceServiceBase, FinanceWork
from dashboard_tui.finance.services.investments import MICRO, lot_order
from dashboard_tui.kit.service import Actor
from dashboard_tui.kit.validation import spreadsheet_cell
from dashboard_tui.models.finance import (
    FinancialAccount,
    InvestmentLot,
    InvestmentPrice,
    Transaction,
    TransactionSplit,
)
from dashboard_tui.models.shared import CatalogItem

FORMATS = ("hledger", "csv")
KIND_ACCOUNTS = {
    "checking": "assets:checking",
    "savings": "assets:savings",
    "cash": "assets:cash",
    "investment": "assets:investment",
    "credit_card": "liabilities:credit card",
}
OPENING = "equity:opening balances"
UNMATCHED = "equity:unmatched transfers"
LOTS = "equity:investment lots"
GAINS = "income:realised gains"
UNCATEGORISED = ("income:Uncategorised", "expenses:Uncategorised")
CHUNK = 1000
CSV_COLUMNS = (
    "id",
    "date",
    "account",
    "amount",
    "currency",
    "payee",
    "category",
    "memo",
    "tags",
    "status",
    "transfer_id",
    "part",
)
_DROPPED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


@dataclass(frozen=True)
class ExportResult:
    transactions: int
    accounts: int
    currencies: tuple[str, ...]


def plain(text: str) -> str:
    """One line of text with no control or invisible formatting characters (line
    breaks and tabs become spaces), runs of spaces made one, trimmed."""
    chars = (" " if unicodedata.category(ch) in _DROPPED else ch for ch in text)
    return re.sub(r"\s+", " ", "".join(chars)).strip()


def _component(text: str) -> str:
    """One level of an hledger account name: no `:`, no `;`, no brackets or parens
    at its ends, never empty."""
    name = plain(text).replace(":", "-").replace(";", ",")
    return name.strip("()[] ") or "unnamed"


# What hledger would read at a description's start as a status or a code instead.
_LEADING = str.maketrans({"*": "\uff0a", "!": "\uff01", "(": "\uff08"})


def _description(text: str) -> str:
    text = plain(text).replace(";", ",").replace("|", "/")
    return text[:1].translate(_LEADING) + text[1:]


def _comment_lines(text: str) -> list[str]:
    return [line for line in (plain(part) for part in text.splitlines()) if line]


def _amount(minor: int, currency: str) -> str:
    return f"{format_amount(minor, currency, grouping=False)} {currency}"


def _status_mark(status: str) -> str:
    """hledger's `*` (cleared) for the app's cleared and reconciled rows (a reconciled
    one is cleared and locked: its `reconciled:` tag tells them apart)."""
    return "*" if status in ("cleared", "reconciled") else ""


RECONCILED_TAG = "reconciled:"


def _symbol(symbol: str) -> str:
    """A lot's symbol as an hledger commodity: quoted (BRK.B, A2 have more than letters)."""
    return f'"{symbol}"'


def _units(micro: int) -> str:
    sign = "-" if micro < 0 else ""
    whole, fraction = divmod(abs(micro), MICRO)
    return f"{sign}{whole}.{fraction:06d}"


def csv_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading = + - @ would start a formula."""
    return spreadsheet_cell(plain(text))


class _Names:
    """hledger account names of one person's accounts and categories, unique."""

    def __init__(self, accounts: Iterable[FinancialAccount], categories: Iterable[CatalogItem]):
        self.accounts: dict[uuid.UUID, str] = {}
        taken: set[str] = set()
        for account in accounts:
            base = f"{KIND_ACCOUNTS[account.kind]}:{_component(account.name)}"
            name, n = base, 2
            while name.lower() in taken:
                name, n = f"{base} ({n})", n + 1
            taken.add(name.lower())
            self.accounts[account.id] = name
        self.categories: dict[uuid.UUID, str] = {}
        for item in categories:
            top = "income" if item.kind == "income_category" else "expenses"
            path = ":".join(_component(level) for level in item.name.split(":"))
            self.categories[item.id] = f"{top}:{path}"

    def category(self, category_id: uuid.UUID | None, minor: int) -> str:
        if category_id is not None and category_id in self.categories:
            return self.categories[category_id]
        return "income:Uncategorised" if minor > 0 else "expenses:Uncategorised"


class FinanceExport(FinanceServiceBase):
    """One person's finance data as a journal or CSV, in one read transaction."""

    def write(self, login: Actor, out: TextIO, fmt: str) -> ExportResult:
        """Write the export to `out`, then audit it (finance.exported)."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        result = self._read(login, lambda uow: _Writer(uow, out).run(fmt))

        def record(uow: FinanceWork) -> None:
            uow.audit_user(
                "finance.exported",
                after={"format": fmt, "transactions": result.transactions},
            )

        self._write(login, record)
        return result


class _Writer:
    def __init__(self, uow: FinanceWork, out: TextIO) -> None:
        self.uow = uow
        self.out = out
        self.accounts = {a.id: a for a in uow.accounts.listed(include_archived=True)}
        self.names = _Names(self.accounts.values(), uow.categories.listed())
        self.lots: list[InvestmentLot] = []
        self.prices: list[InvestmentPrice] = []

    def run(self, fmt: str) -> ExportResult:
        count = self.hledger() if fmt == "hledger" else self.csv()
        currencies = tuple(sorted({a.currency for a in self.accounts.values()}))
        return ExportResult(count, len(self.accounts), currencies)

    def _chunks(
        self,
    ) -> Iterator[tuple[list[Transaction], dict[uuid.UUID, list[TransactionSplit]]]]:
        chunk: list[Transaction] = []
        for row in self.uow.transactions.everything():
            chunk.append(row)
            if len(chunk) >= CHUNK:
                yield chunk, self.uow.transactions.splits_of([r.id for r in chunk])
                chunk = []
        if chunk:
            yield chunk, self.uow.transactions.splits_of([r.id for r in chunk])

    # -- hledger --------------------------------------------------------------------
    def holding_account(self, lot: InvestmentLot) -> str:
        return f"{self.names.accounts[lot.account_id]}:{_component(lot.symbol)}"

    def gains_account(self, lot: InvestmentLot) -> str:
        account = self.accounts[lot.account_id]
        return f"{GAINS}:{_component(account.name)}:{_component(lot.symbol)}"

    def hledger(self) -> int:
        w = self.out.write
        investments = self.uow.repo(InvestmentRepository)
        self.lots = [lot for lot in investments.all_lots() if lot.account_id in self.accounts]
        self.prices = investments.all_prices()
        w("; dashboard-tui finance export (hledger journal)\n\n")
        currencies = {a.currency for a in self.accounts.values()}
        currencies |= {p.currency for p in self.prices}
        for currency in sorted(currencies):
            places = minor_units(currency)
            # hledger wants a decimal mark even with no decimals ("1000." for JPY)
            w(f"commodity 1000.{'0' * places} {currency}\n")
        for symbol in sorted({lot.symbol for lot in self.lots} | {p.symbol for p in self.prices}):
            w(f"commodity 1000.000000 {_symbol(symbol)}\n")
        w("\n")
        declared = [self.names.accounts[a] for a in self.accounts]
        declared += sorted(set(self.names.categories.values()))
        declared += [*UNCATEGORISED, OPENING, UNMATCHED]
        if self.lots:
            declared.append(LOTS)
            for lot in self.lots:
                for name in (self.holding_account(lot), self.gains_account(lot)):
                    if name not in declared:
                        declared.append(name)
        for name in declared:
            w(f"account {name}\n")
        w("\n")
        for price in self.prices:
            w(
                f"P {price.date.isoformat()} {_symbol(price.symbol)} "
                f"{_amount(price.price_minor, price.currency)}\n"
            )
        if self.prices:
            w("\n")
        self._lots()
        first_day: dict[uuid.UUID, date] = {}
        pending: dict[uuid.UUID, Transaction] = {}
        count = 0
        for rows, parts in self._chunks():
            for row in rows:
                first_day.setdefault(row.account_id, row.date)
                count += 1
                if row.transfer_id is not None:
                    other = pending.pop(row.transfer_id, None)
                    if other is None:
                        pending[row.transfer_id] = row
                    else:
                        self._transfer(other, row)
                    continue
                self._transaction(row, parts.get(row.id, []))
        for row in pending.values():  # a leg whose other leg is gone (not made here)
            self._transaction(row, [], counter=UNMATCHED)
        for account in self.accounts.values():
            if account.opening_balance_minor:
                day = min(account.created_at.date(), first_day.get(account.id, date.max))
                w(f"{day.isoformat()} opening balances\n")
                w(
                    f"    {self.names.accounts[account.id]}  "
                    f"{_amount(account.opening_balance_minor, account.currency)}\n"
                )
                w(f"    {OPENING}  {_amount(-account.opening_balance_minor, account.currency)}\n\n")
        return count

    def _lots(self) -> None:
        """Each lot, in the app's order, as the change of its symbol's cost basis and
        realised gain, both kept exact and rounded half-even at each step, so that
        the postings add up to the app's figures (finance/services/investments.py)."""
        w = self.out.write
        cost: dict[tuple[uuid.UUID, str], Fraction] = {}
        units: dict[tuple[uuid.UUID, str], int] = {}
        realised: dict[tuple[uuid.UUID, str], Fraction] = {}
        for lot in sorted(self.lots, key=lot_order):
            key = (lot.account_id, lot.symbol)
            currency = self.accounts[lot.account_id].currency
            held, was = units.get(key, 0), cost.get(key, Fraction(0))
            gained = realised.get(key, Fraction(0))
            gross = Fraction(lot.units_micro * lot.price_minor, MICRO)
            if lot.kind == "buy":
                units[key], cost[key] = held + lot.units_micro, was + gross + lot.fees_minor
                moved = lot.units_micro
            else:
                if held <= 0 or lot.units_micro > held:  # the services never let this be
                    continue
                removed = was * lot.units_micro / held
                units[key], cost[key] = held - lot.units_micro, was - removed
                realised[key] = gained + gross - lot.fees_minor - removed
                moved = -lot.units_micro
            change = round(cost[key]) - round(was)
            gain = round(realised.get(key, Fraction(0))) - round(gained)
            verb = "Buy" if lot.kind == "buy" else "Sell"
            w(f"{lot.date.isoformat()} {verb} {_description(lot.symbol)}\n")
            w(
                f"    {self.holding_account(lot)}  {_units(moved)} {_symbol(lot.symbol)}"
                f" @@ {_amount(abs(change), currency)}\n"
            )
            if gain:
                w(f"    {self.gains_account(lot)}  {_amount(-gain, currency)}\n")
            w(f"    {LOTS}  {_amount(-change + gain, currency)}\n\n")

    def _head(self, row: Transaction, status: str, fallback: str, *, reconciled: bool) -> None:
        mark = f"{status} " if status else ""
        description = _description(row.payee) or fallback
        self.out.write(f"{row.date.isoformat()} {mark}{description}\n")
        for line in _comment_lines(row.memo):
            self.out.write(f"    ; {line}\n")
        tags = [f"{t.replace(':', '-').replace(',', '-')}:" for t in row.tags.split()]
        if reconciled:
            tags.append(RECONCILED_TAG)
        if tags:
            self.out.write(f"    ; {', '.join(tags)}\n")

    def _transaction(
        self, row: Transaction, parts: list[TransactionSplit], counter: str | None = None
    ) -> None:
        account = self.names.accounts[row.account_id]
        self._head(
            row,
            _status_mark(row.status),
            "Split" if parts else "Transaction",
            reconciled=row.status == "reconciled",
        )
        self.out.write(f"    {account}  {_amount(row.amount_minor, row.currency)}\n")
        if counter is not None:
            self.out.write(f"    {counter}  {_amount(-row.amount_minor, row.currency)}\n\n")
            return
        each: list[TransactionSplit | None] = [*parts] or [None]
        for part in each:
            category_id = part.category_id if part is not None else row.category_id
            minor = part.amount_minor if part is not None else row.amount_minor
            name = self.names.category(category_id, minor)
            memo = _comment_lines(part.memo) if part is not None else []
            note = f"  ; {' '.join(memo)}" if memo else ""
            self.out.write(f"    {name}  {_amount(-minor, row.currency)}{note}\n")
        self.out.write("\n")

    def _transfer(self, one: Transaction, two: Transaction) -> None:
        out, into = (one, two) if one.amount_minor < 0 else (two, one)
        marks = (_status_mark(out.status), _status_mark(into.status))
        both = marks[0] if marks[0] == marks[1] else ""
        same = out.status == into.status  # else each posting says its own
        self._head(out, both, "Transfer", reconciled=same and out.status == "reconciled")
        price = ""
        if out.currency != into.currency:
            price = f" @@ {_amount(abs(into.amount_minor), into.currency)}"
        for leg, mark, extra in ((out, marks[0], price), (into, marks[1], "")):
            posting_mark = f"{mark} " if mark and not both else ""
            tag = f"  ; {RECONCILED_TAG}" if not same and leg.status == "reconciled" else ""
            name = self.names.accounts[leg.account_id]
            self.out.write(
                f"    {posting_mark}{name}  {_amount(leg.amount_minor, leg.currency)}{extra}{tag}\n"
            )
        self.out.write("\n")

    # -- CSV ------------------------------------------------------------------------
    def csv(self) -> int:
        writer = csv.writer(self.out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        count = 0
        categories = {c.id: c.name for c in self.uow.categories.listed()}
        for rows, parts in self._chunks():
            for row in rows:
                count += 1
                account = self.accounts.get(row.account_id)
                common = [
                    str(row.id),
                    row.date.isoformat(),
                    csv_cell(account.name if account else ""),
                ]
                rest = [
                    csv_cell(row.payee),
                    "",
                    csv_cell(row.memo),
                    row.tags,
                    row.status,
                    str(row.transfer_id or ""),
                ]
                each: list[TransactionSplit | None] = [*parts.get(row.id, [])] or [None]
                for i, part in enumerate(each):
                    minor = part.amount_minor if part is not None else row.amount_minor
                    category_id = part.category_id if part is not None else row.category_id
                    rest[1] = csv_cell(categories.get(category_id, "") if category_id else "")
                    if part is not None and part.memo:
                        rest[2] = csv_cell(f"{row.memo} / {part.memo}" if row.memo else part.memo)
                    amount = format_amount(minor, row.currency, grouping=False)
                    writer.writerow(
                        [*common, amount, row.currency, *rest, str(i + 1) if part else ""]
                    )
        return count
