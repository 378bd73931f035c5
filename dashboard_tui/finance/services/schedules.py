"""Scheduled transactions: bills, income and standing transfers that recur by an
RFC 5545 rule (kit/recurrence.py, the engine the calendar shares). Create one from a
simple choice (monthly on day N, every N weeks on a weekday, the last business day of
the month, yearly) or a raw RRULE; list what falls due in the coming days; enter the
due occurrence (the transaction is made by the transaction service, in the same unit
of work) or skip it, each moving `next_due` on and audited; and a forecast of each
account's balance over the coming 90 days.

`next_due` is the first occurrence not yet entered or skipped (None once the rule has
ended). One that is before today is overdue: it still counts in the forecast, as if
entered today."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from dashboard_tui.db import audit_chain
from dashboard_tui.finance import SCHEDULE
from dashboard_tui.finance.dto import (
    AccountForecast,
    Occurrence,
    ScheduleEntered,
    ScheduleInfo,
)
from dashboard_tui.finance.money import parse_amount
from dashboard_tui.finance.schedule_repository import ScheduleRepository
from dashboard_tui.finance.services.base import (
    FinanceServiceBase,
    FinanceWork,
    clean_payee,
    shown_amount,
)
from dashboard_tui.finance.services.transactions import TransactionService
from dashboard_tui.kit import recurrence
from dashboard_tui.kit.edit import Form, need
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.parsing import parse_int
from dashboard_tui.kit.service import Actor
from dashboard_tui.kit.validation import clean_notes
from dashboard_tui.models.finance import FinancialAccount, ScheduledTransaction

T = TypeVar("T")
FORECAST_DAYS = 90
UPCOMING_MAX_DAYS = 366
PER_SCHEDULE = 400  # occurrences of one schedule in a list or a forecast, at most
# The simple choices a form offers (value → label); "rule" takes a raw RRULE.
REPEATS = {
    "monthly": "monthly on day N",
    "weeks": "every N weeks on a weekday",
    "last_business_day": "last business day of the month",
    "yearly": "yearly on the start day",
    "rule": "RRULE (RFC 5545)",
}
WEEKDAY_WORDS = {
    **{code.lower(): i for i, code in enumerate(recurrence.WEEKDAYS)},
    **{name.lower(): i for i, name in enumerate(recurrence.WEEKDAY_NAMES)},
    **{name[:3].lower(): i for i, name in enumerate(recurrence.WEEKDAY_NAMES)},
}
_UNSET: Any = object()  # "keep": category_id / transfer_account_id None means "none"


# -- the rule from the form's choices -------------------------------------------------------
def parse_weekday(value: str | int, field: str = "weekday") -> int:
    """0 Monday … 6 Sunday, from 0-6, "FR", "fri" or "Friday"."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    found = WEEKDAY_WORDS.get(str(value).strip().lower())
    if found is None:
        text = str(value).strip()
        if text.isdigit() and 0 <= int(text) <= 6:
            return int(text)
        raise ValidationError.one(field, "Choose a day of the week (Monday … Sunday).")
    return found


def _keyed(field: str, build: Callable[[], str]) -> str:
    """A kit builder's error, under the form's field."""
    try:
        return build()
    except ValidationError as exc:
        raise ValidationError.one(field, next(iter(exc.errors.values()))) from None


def build_rule(
    repeat: str, start: date, *, every: str | int = "", weekday: str | int = "", rule: str = ""
) -> str:
    """The RRULE value for a simple choice: `repeat` one of REPEATS; `every` is the
    day of the month (monthly; default the start's) or the number of weeks (default 1);
    `weekday` for weeks (default the start's); `rule` the raw RRULE for "rule"."""
    choice = str(repeat).strip().lower().replace(" ", "_")
    if choice == "monthly":
        day = parse_int(every or start.day, field="every", lo=1, hi=31, label="The day")
        return _keyed("every", lambda: recurrence.monthly_on_day(day))
    if choice == "weeks":
        weeks = parse_int(every or 1, field="every", lo=1, hi=99, label="The weeks")
        wd = parse_weekday(weekday) if weekday not in ("", None) else start.weekday()
        return _keyed("every", lambda: recurrence.every_n_weeks(weeks, wd))
    if choice == "last_business_day":
        return recurrence.last_business_day()
    if choice == "yearly":
        return _keyed("start", lambda: recurrence.yearly_on(start.month, start.day))
    if choice == "rule":
        return recurrence.parse_rule(rule, "rule", start)
    raise ValidationError.one("repeat", "Choose how it repeats.")


def choice_of(rrule: str) -> tuple[str, str, str]:
    """(repeat, every, weekday) that `build_rule` turns back into `rrule`, for an edit
    form; a rule none of the choices makes is ("rule", "", "")."""
    parts = recurrence.parts_of(rrule)
    if rrule == recurrence.last_business_day():
        return "last_business_day", "", ""
    for day in range(1, 32):
        if rrule == recurrence.monthly_on_day(day):
            return "monthly", str(day), ""
    if parts.get("FREQ") == "WEEKLY" and set(parts) <= {"FREQ", "INTERVAL", "BYDAY"}:
        byday = parts.get("BYDAY", "")
        if byday in recurrence.WEEKDAYS:
            weekday = recurrence.WEEKDAY_NAMES[recurrence.WEEKDAYS.index(byday)]
            return "weeks", parts.get("INTERVAL", "1"), weekday
    return "rule", "", ""


# -- the unit of work, images, DTOs -----------------------------------------------------------
class ScheduleWork(FinanceWork):
    @property
    def schedules(self) -> ScheduleRepository:
        return self.repo(ScheduleRepository)


class _Within(TransactionService):
    """The transaction service's own use cases, run inside an open unit of work (an
    occurrence entered and its schedule moved on commit together, or neither)."""

    def __init__(self, uow: FinanceWork) -> None:  # no database of its own
        self.uow = uow

    def _write(self, actor: Actor, work: Callable[[FinanceWork], T]) -> T:
        return work(self.uow)

    def _read(self, actor: Actor, work: Callable[[FinanceWork], T]) -> T:
        return work(self.uow)


def schedule_infos(uow: ScheduleWork, rows: Sequence[ScheduledTransaction]) -> list[ScheduleInfo]:
    """Many at once: the accounts and category names in two queries, not a few a row."""
    accounts = {a.id: a for a in uow.accounts.listed(include_archived=True)}
    names = uow.categories.names([r.category_id for r in rows])
    found = []
    for row in rows:
        account = accounts.get(row.account_id)
        target = accounts.get(row.transfer_account_id) if row.transfer_account_id else None
        category = names.get(row.category_id) if row.category_id is not None else None
        found.append(
            ScheduleInfo(
                id=row.id,
                account_id=row.account_id,
                account=account.name if account is not None else "",
                currency=account.currency if account is not None else "EUR",
                transfer_account_id=row.transfer_account_id,
                transfer_account=target.name if target is not None else "",
                payee=row.payee,
                category_id=row.category_id,
                category=category.name if category is not None else "",
                amount_minor=row.amount_minor,
                memo=row.memo,
                rrule=row.rrule,
                rule=recurrence.describe(row.rrule),
                dtstart=row.dtstart,
                next_due=row.next_due,
                active=row.active,
            )
        )
    return found


def schedule_info(uow: ScheduleWork, row: ScheduledTransaction) -> ScheduleInfo:
    return schedule_infos(uow, [row])[0]


def schedule_image(uow: ScheduleWork, row: ScheduledTransaction) -> dict[str, Any]:
    info = schedule_info(uow, row)
    image = {
        **audit_chain.snapshot(row),
        "account": info.account,
        "category": info.category,
        "amount": shown_amount(row.amount_minor, info.currency),
        "rule": info.rule,
    }
    if info.transfer_account:
        image["transfer_to"] = info.transfer_account
    return image


@dataclass(frozen=True)
class _Values:
    account: FinancialAccount
    target: FinancialAccount | None
    amount_minor: int
    category_id: uuid.UUID | None


def _amount(value: str | int, currency: str, kind: str | None, transfer: bool) -> int:
    minor = parse_amount(value, currency)
    if minor == 0:
        raise ValidationError.one("amount", "Enter an amount other than zero.")
    if transfer or kind == "expense":
        return -abs(minor)  # a transfer's amount leaves the account
    if kind == "income":
        return abs(minor)
    if kind is not None:
        raise ValidationError.one("kind", "Choose income or expense.")
    return minor


def _next_due(rrule: str, dtstart: date, start: date) -> date | None:
    return recurrence.next_on_or_after(rrule, dtstart, max(start, dtstart))


# -- the service -----------------------------------------------------------------------------
class ScheduleService(FinanceServiceBase):
    uow_class = ScheduleWork

    def _w(self, actor: Actor, work: Callable[[ScheduleWork], T]) -> T:
        return self._write(actor, work)  # type: ignore[arg-type]

    def _r(self, actor: Actor, work: Callable[[ScheduleWork], T]) -> T:
        return self._read(actor, work)  # type: ignore[arg-type]

    # -- reading --------------------------------------------------------------------------
    def list_schedules(self, login: Actor) -> tuple[ScheduleInfo, ...]:
        """Next due first; ended ones last."""
        return self._r(login, lambda u: tuple(schedule_info(u, r) for r in u.schedules.listed()))

    def get_schedule(self, login: Actor, schedule_id: uuid.UUID) -> ScheduleInfo:
        return self._r(
            login, lambda u: schedule_info(u, need(u.schedules.get(schedule_id), "schedule"))
        )

    def upcoming(self, login: Actor, days: int = 30) -> tuple[Occurrence, ...]:
        """Every occurrence of the active schedules from their next due day to `days`
        days from today (overdue ones first), in date order."""
        if not 0 <= days <= UPCOMING_MAX_DAYS:
            raise ValidationError.one("days", f"Choose from 0 to {UPCOMING_MAX_DAYS} days.")

        def work(uow: ScheduleWork) -> tuple[Occurrence, ...]:
            end = uow.today + timedelta(days=days)
            found = []
            rows = uow.schedules.listed(active_only=True)
            for row, info in zip(rows, schedule_infos(uow, rows), strict=True):
                for day in self._days(row, end):
                    found.append(Occurrence(info, day, day < uow.today))
            return tuple(
                sorted(found, key=lambda o: (o.date, o.schedule.payee, str(o.schedule.id)))
            )

        return self._r(login, work)

    @staticmethod
    def _days(row: ScheduledTransaction, end: date) -> list[date]:
        if row.next_due is None or not row.active:
            return []
        return recurrence.occurrences(
            row.rrule, row.dtstart, start=row.next_due, end=end, limit=PER_SCHEDULE
        )

    def forecast(self, login: Actor, days: int = FORECAST_DAYS) -> tuple[AccountForecast, ...]:
        """Each open account's balance from today over `days` days: today's balance,
        then after each scheduled occurrence in date order (an overdue one as today).
        Transfers move both accounts."""
        if not 1 <= days <= UPCOMING_MAX_DAYS:
            raise ValidationError.one("days", f"Choose from 1 to {UPCOMING_MAX_DAYS} days.")

        def work(uow: ScheduleWork) -> tuple[AccountForecast, ...]:
            today = uow.today
            end = today + timedelta(days=days)
            accounts = uow.accounts.listed()
            balance = {a.id: a.balance_minor for a in accounts}
            moves: list[tuple[date, uuid.UUID, int]] = []
            for row in uow.schedules.listed(active_only=True):
                for day in self._days(row, end):
                    when = max(day, today)
                    moves.append((when, row.account_id, row.amount_minor))
                    if row.transfer_account_id is not None:
                        moves.append((when, row.transfer_account_id, -row.amount_minor))
            points: dict[uuid.UUID, list[tuple[date, int]]] = {
                a.id: [(today, a.balance_minor)] for a in accounts
            }
            for when, account_id, delta in sorted(moves, key=lambda m: m[0]):
                if account_id not in balance:  # an archived account
                    continue
                balance[account_id] += delta
                line = points[account_id]
                if line[-1][0] == when:
                    line[-1] = (when, balance[account_id])
                else:
                    line.append((when, balance[account_id]))
            return tuple(
                AccountForecast(a.id, a.name, a.currency, today, tuple(points[a.id]))
                for a in accounts
            )

        return self._r(login, work)

    # -- create, edit, delete -----------------------------------------------------------
    def _values(
        self,
        uow: ScheduleWork,
        form: Form,
        *,
        account_id: uuid.UUID,
        transfer_account_id: uuid.UUID | None,
        amount: str | int,
        kind: str | None,
        category_id: uuid.UUID | None,
    ) -> _Values | None:
        account = form.take(uow.account, account_id)
        target = None
        if transfer_account_id is not None:
            target = form.take(uow.account, transfer_account_id, "transfer_account")
            if account is not None and target is not None:
                if target.id == account.id:
                    form.errors["transfer_account"] = "Choose another account to move money to."
                elif target.currency != account.currency:
                    form.errors["transfer_account"] = (
                        "A scheduled transfer is between accounts of one currency."
                    )
        category = form.take(uow.category, category_id)
        if target is not None and category is not None:
            form.errors["category"] = "A transfer has no category."
        if account is None:
            return None
        minor = form.take(_amount, amount, account.currency, kind, target is not None)
        return _Values(account, target, minor, category.id if category is not None else None)

    def create_schedule(
        self,
        login: Actor,
        *,
        account_id: uuid.UUID,
        amount: str | int,
        payee: str = "",
        category_id: uuid.UUID | None = None,
        memo: str = "",
        kind: str | None = None,
        transfer_account_id: uuid.UUID | None = None,
        repeat: str = "monthly",
        every: str | int = "",
        weekday: str | int = "",
        rule: str = "",
        start: str | date = "today",
    ) -> ScheduleInfo:
        """A new schedule. `amount` signed as typed, or unsigned with `kind`; a
        transfer's (to `transfer_account_id`) leaves the account. Its first occurrence
        on or after `start` is due first (a start in the past: overdue ones to enter)."""

        def work(uow: ScheduleWork) -> ScheduleInfo:
            form = Form()
            values = self._values(
                uow,
                form,
                account_id=account_id,
                transfer_account_id=transfer_account_id,
                amount=amount,
                kind=kind,
                category_id=category_id,
            )
            payee_text = form.take(clean_payee, payee)
            memo_text = form.take(clean_notes, memo, "memo")
            dtstart = form.take(uow.date, start, "start")
            rrule = None
            if dtstart is not None:
                rrule = form.take(
                    build_rule, repeat, dtstart, every=every, weekday=weekday, rule=rule
                )
            form.done()
            assert values is not None and rrule is not None
            next_due = _next_due(rrule, dtstart, dtstart)
            if next_due is None:
                raise ValidationError.one("rule", "This rule has no day on or after the start.")
            row = uow.schedules.add(
                ScheduledTransaction(
                    account_id=values.account.id,
                    transfer_account_id=values.target.id if values.target else None,
                    payee=payee_text,
                    category_id=values.category_id,
                    amount_minor=values.amount_minor,
                    memo=memo_text,
                    rrule=rrule,
                    dtstart=dtstart,
                    next_due=next_due,
                    active=True,
                )
            )
            uow.audit(SCHEDULE, "created", row.id, after=schedule_image(uow, row))
            return schedule_info(uow, row)

        return self._w(login, work)

    def edit_schedule(
        self,
        login: Actor,
        schedule_id: uuid.UUID,
        *,
        amount: str | int | None = None,
        kind: str | None = None,
        payee: str | None = None,
        category_id: uuid.UUID | None = _UNSET,
        memo: str | None = None,
        transfer_account_id: uuid.UUID | None = _UNSET,
        repeat: str | None = None,
        every: str | int = "",
        weekday: str | int = "",
        rule: str = "",
        start: str | date | None = None,
        active: bool | None = None,
    ) -> ScheduleInfo:
        """Change any field (None = keep). A new rule or start day is due again from
        the start day when that changed, else from the day that was next due."""

        def work(uow: ScheduleWork) -> ScheduleInfo:
            row = need(uow.schedules.get(schedule_id), "schedule")
            before = schedule_image(uow, row)
            form = Form()
            target_id = (
                row.transfer_account_id if transfer_account_id is _UNSET else transfer_account_id
            )
            values = self._values(
                uow,
                form,
                account_id=row.account_id,
                transfer_account_id=target_id,
                amount=row.amount_minor if amount is None else amount,
                kind=kind if amount is not None else None,
                category_id=row.category_id if category_id is _UNSET else category_id,
            )
            if payee is not None:
                row_payee = form.take(clean_payee, payee)
            if memo is not None:
                row_memo = form.take(clean_notes, memo, "memo")
            dtstart = row.dtstart if start is None else form.take(uow.date, start, "start")
            rrule = row.rrule
            if repeat is not None and dtstart is not None:
                rrule = form.take(
                    build_rule, repeat, dtstart, every=every, weekday=weekday, rule=rule
                )
            form.done()
            assert values is not None
            if rrule != row.rrule or dtstart != row.dtstart:
                since = dtstart if dtstart != row.dtstart else (row.next_due or dtstart)
                next_due = _next_due(rrule, dtstart, since)
                if next_due is None:
                    raise ValidationError.one("rule", "This rule has no day left to be due.")
                row.rrule, row.dtstart, row.next_due = rrule, dtstart, next_due
            if payee is not None:
                row.payee = row_payee
            if memo is not None:
                row.memo = row_memo
            row.amount_minor = values.amount_minor
            row.category_id = values.category_id
            row.transfer_account_id = values.target.id if values.target else None
            if active is not None:
                row.active = bool(active)
            uow.session.flush()
            after = schedule_image(uow, row)
            if any(before.get(k) != v for k, v in after.items() if k != "updated_at"):
                uow.audit(SCHEDULE, "edited", row.id, before=before, after=after)
            return schedule_info(uow, row)

        return self._w(login, work)

    def delete_schedule(self, login: Actor, schedule_id: uuid.UUID) -> None:
        """The schedule goes; the transactions it entered stay."""

        def work(uow: ScheduleWork) -> None:
            row = need(uow.schedules.get(schedule_id), "schedule")
            before = schedule_image(uow, row)
            uow.schedules.delete(row)
            uow.audit(SCHEDULE, "deleted", schedule_id, before=before)

        self._w(login, work)

    # -- enter, skip ------------------------------------------------------------------------
    def _move_on(self, uow: ScheduleWork, row: ScheduledTransaction, verb: str) -> date:
        """next_due to the following occurrence (None when the rule ended); audited."""
        if row.next_due is None:
            raise ValidationError.one("next_due", "This schedule has ended: nothing is due.")
        if not row.active:
            raise ValidationError.one("active", "This schedule is paused.")
        before = schedule_image(uow, row)
        day = row.next_due
        row.next_due = recurrence.next_after(row.rrule, row.dtstart, day)
        uow.session.flush()
        uow.audit(SCHEDULE, verb, row.id, before=before, after=schedule_image(uow, row))
        return day

    def enter_due(
        self, login: Actor, schedule_id: uuid.UUID, *, amount: str | int | None = None
    ) -> ScheduleEntered:
        """Enter the occurrence due (on its own day): the transaction (or transfer) is
        made by the transaction service, and next_due moves on, in one unit of work.
        `amount` overrides this once (a bill that varies), signed like the schedule's."""

        def work(uow: ScheduleWork) -> ScheduleEntered:
            row = need(uow.schedules.get(schedule_id), "schedule")
            info = schedule_info(uow, row)
            minor = row.amount_minor
            if amount is not None and amount != "":
                sign = "expense" if minor < 0 else "income"
                minor = _amount(amount, info.currency, sign, False)
            day = self._move_on(uow, row, "entered")
            transactions = _Within(uow)
            if row.transfer_account_id is not None:
                moved = transactions.add_transfer(
                    login,
                    from_account_id=row.account_id,
                    to_account_id=row.transfer_account_id,
                    amount=abs(minor),
                    date=day,
                    payee=row.payee,
                    memo=row.memo,
                )
                made = moved.out
            else:
                made = transactions.add_transaction(
                    login,
                    account_id=row.account_id,
                    amount=minor,
                    date=day,
                    payee=row.payee,
                    category_id=row.category_id,
                    memo=row.memo,
                )
            return ScheduleEntered(schedule_info(uow, row), made)

        return self._w(login, work)

    def skip_due(self, login: Actor, schedule_id: uuid.UUID) -> ScheduleInfo:
        """Skip the occurrence due: nothing is entered, next_due moves on."""

        def work(uow: ScheduleWork) -> ScheduleInfo:
            row = need(uow.schedules.get(schedule_id), "schedule")
            self._move_on(uow, row, "skipped")
            return schedule_info(uow, row)

        return self._w(login, work)
