"""Credit cards: the next statement, the payment due and the utilisation of each
credit card account, on the person's today. (Its limit, statement day and due day
are set, audited, by `AccountService.set_credit_card`.)

The dates, for a statement day S and a due day D (1-31; a month shorter than the day
uses its last day: S = 31 is 28 or 29 February and 30 April):
- the next statement date is the first statement date on or after today;
- the last statement date is the one in the month before it; the current period
  runs from the day after it through the next statement date, both included, and the
  next statement's total is the sum of the transactions dated in it (so far);
- the payment due is the balance owing on the last statement date (minus the
  account's balance at the end of that day, when it is below zero; 0 otherwise),
  due on the first day D after that statement date: in the same month when D comes
  later in it, otherwise in the next month (statement on the 15th, due on the 5th:
  the 5th of the next month);
- utilisation is what is owed now over the limit, in tenths of a percent, rounded
  half-even once; none for a card with no limit (0).
"""

from __future__ import annotations

import calendar
import uuid
from datetime import date, timedelta
from fractions import Fraction

from dashboard_tui.finance.dto import CardStatus
from dashboard_tui.finance.repository import CardRepository
from dashboard_tui.finance.services.base import FinanceWork
from dashboard_tui.kit.service import Actor, Service
from dashboard_tui.models.finance import CreditCard, FinancialAccount


def day_in(year: int, month: int, day: int) -> date:
    """`day` of the month, or its last day when the month is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _shift(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def next_statement(today: date, statement_day: int) -> date:
    """The first statement date on or after `today`."""
    this = day_in(today.year, today.month, statement_day)
    if this >= today:
        return this
    return day_in(*_shift(today.year, today.month, 1), statement_day)


def previous_statement(statement: date, statement_day: int) -> date:
    """The statement date in the month before `statement`'s."""
    return day_in(*_shift(statement.year, statement.month, -1), statement_day)


def due_date(statement: date, due_day: int) -> date:
    """The first day `due_day` after the statement date."""
    same = day_in(statement.year, statement.month, due_day)
    if same > statement:
        return same
    return day_in(*_shift(statement.year, statement.month, 1), due_day)


def utilisation_permille(owed_minor: int, limit_minor: int) -> int | None:
    """owed / limit in tenths of a percent, rounded half-even; None without a limit."""
    if limit_minor <= 0:
        return None
    return round(Fraction(owed_minor * 1000, limit_minor))


class CardWork(FinanceWork):
    @property
    def cards(self) -> CardRepository:
        return self.repo(CardRepository)


def card_status(
    uow: CardWork, account: FinancialAccount, card: CreditCard, today: date
) -> CardStatus:
    upcoming = next_statement(today, card.statement_day)
    last = previous_statement(upcoming, card.statement_day)
    closed = account.opening_balance_minor + uow.cards.total_through(account.id, last)
    owed = max(0, -account.balance_minor)
    return CardStatus(
        account_id=account.id,
        currency=account.currency,
        limit_minor=card.limit_minor,
        statement_day=card.statement_day,
        due_day=card.due_day,
        period_start=last + timedelta(days=1),
        next_statement=upcoming,
        statement_total_minor=uow.cards.total_between(account.id, last, upcoming),
        last_statement=last,
        payment_due_minor=max(0, -closed),
        due_date=due_date(last, card.due_day),
        owed_minor=owed,
        utilisation_permille=utilisation_permille(owed, card.limit_minor),
    )


class CardService(Service[CardWork]):
    uow_class = CardWork

    def status(self, login: Actor, account_id: uuid.UUID) -> CardStatus | None:
        """The card's statements today; None when the account has no card details."""

        def work(uow: CardWork) -> CardStatus | None:
            account = uow.account(account_id)
            card = uow.accounts.card(account.id)
            if card is None or account.kind != "credit_card":
                return None
            return card_status(uow, account, card, uow.today)

        return self._read(login, work)

    def statuses(self, login: Actor) -> dict[uuid.UUID, CardStatus]:
        """Every credit card account with details, by account id."""

        def work(uow: CardWork) -> dict[uuid.UUID, CardStatus]:
            found = {}
            for card in uow.cards.cards():
                account = uow.accounts.get(card.account_id)
                if account is not None and account.kind == "credit_card":
                    found[account.id] = card_status(uow, account, card, uow.today)
            return found

        return self._read(login, work)
