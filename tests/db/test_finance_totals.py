"""The month totals the finance reports read (finance_month_totals, migration 0018)
stay equal to a count of the postings themselves after any write (both engines):
the services' edits (the state machine of test_finance_state.py: income, expenses,
transfers, splits, status), a category's rename, merge and deletion, an account's
archive and deletion, the CSV import's bulk insert, a schedule's entry, a
reconcile, a person's deletion, a restore of their export, and the migration's
backfill of rows that were there before it.

The count here is made in Python from the raw rows, not by the SQL the triggers use."""

from __future__ import annotations

import itertools
import uuid
from collections import defaultdict
from datetime import date

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule, run_state_machine_as_test
from sqlalchemy import delete, select, text

from dashboard_tui.data.transfer import TransferService
from dashboard_tui.db import migrate
from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.db.uow import Database
from dashboard_tui.finance.dto import SplitPart
from dashboard_tui.finance.importer import Mapping
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.models.auth import User
from dashboard_tui.models.finance import (
    FinanceMonthTotal,
    FinancialAccount,
    Transaction,
    TransactionSplit,
)
from dashboard_tui.models.shared import CatalogItem
from tests.conftest import TEST_CLIENT, fresh_url
from tests.db.test_finance_state import machine

GROCERIES = seed_id("expense_category", "Groceries")
RENT = seed_id("expense_category", "Housing:Rent")
SALARY = seed_id("income_category", "Salary")
NAMES = itertools.count()

Key = tuple[uuid.UUID, uuid.UUID | None, str, date, bool]


def counted(db, user_id: uuid.UUID) -> dict[Key, tuple[int, int]]:
    """(account, category, currency, month, positive) -> (sum, count) of the user's
    postings, from the rows: a split by its parts, transfers not at all."""
    found: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    with db.transaction(read_only=True) as s:
        t, p = Transaction, TransactionSplit
        parts = defaultdict(list)
        for row in s.execute(select(p.transaction_id, p.category_id, p.amount_minor)):
            parts[row[0]].append((row[1], row[2]))
        rows = s.execute(
            select(t.id, t.account_id, t.category_id, t.currency, t.date, t.amount_minor).where(
                t.user_id == user_id, t.transfer_id.is_(None)
            )
        )
        for tid, account, category, currency, day, amount in rows:
            for cat, minor in parts.get(tid) or [(category, amount)]:
                key = (account, cat, currency, day.replace(day=1), minor > 0)
                found[key][0] += minor
                found[key][1] += 1
    return {k: (v[0], v[1]) for k, v in found.items()}


def stored(db, user_id: uuid.UUID) -> dict[Key, tuple[int, int]]:
    m = FinanceMonthTotal
    with db.transaction(read_only=True) as s:
        rows = s.execute(
            select(
                m.account_id,
                m.category_id,
                m.currency,
                m.month,
                m.positive,
                m.total_minor,
                m.count,
            ).where(m.user_id == user_id)
        ).all()
    found = {(r[0], r[1], r[2], r[3], bool(r[4])): (r[5], r[6]) for r in rows}
    assert len(found) == len(rows), "one row a key"
    assert all(n > 0 for _, n in found.values()), "no row is left with no postings"
    return found


def assert_exact(db, user_id: uuid.UUID) -> None:
    assert stored(db, user_id) == counted(db, user_id)


def csv_file(amounts: list[int], payee: str = "Market") -> bytes:
    lines = ["date,amount,payee"]
    for i, minor in enumerate(amounts):
        sign = "-" if minor < 0 else ""
        amount = f"{sign}{abs(minor) // 100}.{abs(minor) % 100:02d}"
        lines.append(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},{amount},{payee} {i}")
    return ("\n".join(lines) + "\n").encode()


def totals_machine(fin: FinanceService, db, make_user):
    base = machine(fin, make_user)

    class TotalsEdits(base):  # type: ignore[misc, valid-type]
        """The balances machine, plus every other way postings change."""

        def delete_row(self, row_id) -> None:
            fin.transactions.delete_transaction(self.who, row_id, force=True)
            self._gone(row_id)
            other = self.legs.pop(row_id, None)
            if other is not None:
                self.legs.pop(other, None)
                self._gone(other)

        def _scratch(self):
            if getattr(self, "scratch", None) is None:
                self.scratch = fin.accounts.create_account(self.who, name="D", currency="EUR")
                self.expected[self.scratch.id] = 0
            return self.scratch

        def _own(self):
            if not getattr(self, "own", None):
                self.own = []
            return self.own

        @rule(income=st.booleans())
        def create_category(self, income) -> None:
            made = fin.categories.create_category(
                self.who, name=f"Mine {next(NAMES)}", kind="income" if income else "expense"
            )
            self._own().append((made.id, "income" if income else "expense"))

        @precondition(lambda self: getattr(self, "own", None))
        @rule(data=st.data(), minor=st.integers(-(10**6), 10**6).filter(bool), split=st.booleans())
        def add_in_own(self, data, minor, split) -> None:
            category, _ = data.draw(st.sampled_from(self.own))
            a = self.accounts[0]
            parts = [SplitPart(category, minor), SplitPart(GROCERIES, 7)] if split else None
            whole = minor + 7 if split else minor
            if whole == 0:
                return
            row = fin.transactions.add_transaction(
                self.who,
                account_id=a.id,
                amount=whole,
                category_id=None if split else category,
                splits=parts,
            )
            self._post(row.id, a.id, whole)

        @precondition(lambda self: getattr(self, "own", None))
        @rule(data=st.data())
        def rename_or_merge(self, data) -> None:
            category, kind = data.draw(st.sampled_from(self.own))
            if data.draw(st.booleans()):
                fin.categories.rename_category(self.who, category, f"Renamed {next(NAMES)}")
                return
            into = GROCERIES if kind == "expense" else SALARY
            fin.categories.merge_category(self.who, category, into)
            self.own.remove((category, kind))

        @precondition(lambda self: getattr(self, "own", None))
        @rule(data=st.data())
        def delete_category_in_the_database(self, data) -> None:
            """Not a path of the app's: the catalog's ON DELETE SET NULL."""
            category, kind = data.draw(st.sampled_from(self.own))
            with db.transaction() as s:
                s.execute(delete(CatalogItem).where(CatalogItem.id == category))
            self.own.remove((category, kind))

        @rule(amounts=st.lists(st.integers(-(10**7), 10**7).filter(bool), min_size=1, max_size=6))
        def import_csv(self, amounts) -> None:
            d = self._scratch()
            done = fin.imports.import_csv(
                self.who, csv_file(amounts, f"P{next(NAMES)}"), Mapping(), account_id=d.id
            )
            assert done.added == len(amounts)
            self.expected[d.id] += sum(amounts)

        @rule(minor=st.integers(-(10**6), 10**6).filter(bool), to_a=st.booleans())
        def enter_a_schedule(self, minor, to_a) -> None:
            d = self._scratch()
            made = fin.schedules.create_schedule(
                self.who,
                account_id=d.id,
                amount=-abs(minor) if to_a else minor,
                category_id=None if to_a else RENT,
                transfer_account_id=self.accounts[0].id if to_a else None,
                start="2026-01-01",
            )
            entered = fin.schedules.enter_due(self.who, made.id).transaction
            if not to_a:
                self.expected[d.id] += minor
                return
            # A standing transfer: its legs are the machine's (edited, deleted) like any.
            into = entered.counterpart_id
            assert into is not None
            self._post(entered.id, d.id, -abs(minor))
            self._post(into, self.accounts[0].id, abs(minor))
            self.legs[entered.id], self.legs[into] = into, entered.id

        @precondition(lambda self: getattr(self, "scratch", None) is not None)
        @rule(archive=st.booleans())
        def archive_or_delete_scratch(self, archive) -> None:
            d = self.scratch
            if archive:
                fin.accounts.archive_account(self.who, d.id)
                return
            # Its transfers through the service (both legs go), then the rest by
            # the account's ON DELETE CASCADE, not a path of the app's.
            for row_id, (account_id, _) in list(self.rows.items()):
                if account_id == d.id and row_id in self.rows:
                    self.delete_row(row_id)
            with db.transaction() as s:
                s.execute(delete(FinancialAccount).where(FinancialAccount.id == d.id))
            del self.expected[d.id]
            self.scratch = None

        @invariant()
        def totals_are_the_postings(self) -> None:
            if hasattr(self, "who"):
                assert_exact(db, self.who.user.id)

    return TotalsEdits


@pytest.mark.parametrize("steps", [14])
def test_every_write_keeps_the_month_totals_exact(db, clock, make_user, steps):
    fin = FinanceService(db, clock=clock, client=TEST_CLIENT)
    run_state_machine_as_test(
        totals_machine(fin, db, make_user),
        settings=settings(
            max_examples=10,
            stateful_step_count=steps,
            phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking: minutes
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_reconcile_and_a_persons_deletion(db, clock, make_user):
    fin = FinanceService(db, clock=clock, client=TEST_CLIENT)
    ana, ben = make_user("Ana"), make_user("Ben")
    for who in (ana, ben):
        a = fin.accounts.create_account(who, name="A", currency="EUR")
        row = fin.transactions.add_transaction(
            who, account_id=a.id, amount=-1250, category_id=GROCERIES, date="2026-01-05"
        )
        fin.transactions.add_transaction(
            who,
            account_id=a.id,
            amount=-3000,
            date="2026-01-06",
            splits=[SplitPart(GROCERIES, -2000), SplitPart(None, -1000)],
        )
        fin.transactions.set_status(who, row.id, "cleared")
        start = fin.transactions.reconcile_start(who, a.id, statement_date="2026-01-31")
        fin.transactions.reconcile(
            who,
            a.id,
            statement_balance=start.reconciled_balance_minor + sum(m for _, m in start.cleared),
            statement_date="2026-01-31",
            transaction_ids=[i for i, _ in start.cleared],
        )
        assert_exact(db, who.user.id)
        assert stored(db, who.user.id)[(a.id, GROCERIES, "EUR", date(2026, 1, 1), False)] == (
            -3250,
            2,
        )
    with db.transaction() as s:
        s.execute(delete(User).where(User.id == ana.user.id))
    assert stored(db, ana.user.id) == {}
    assert_exact(db, ben.user.id)


def test_the_migration_fills_the_totals_from_the_rows_there(db_url, db, clock, make_user):
    fin = FinanceService(db, clock=clock, client=TEST_CLIENT)
    ana = make_user("Ana")
    a = fin.accounts.create_account(ana, name="A", currency="EUR")
    b = fin.accounts.create_account(ana, name="B", currency="EUR")
    fin.transactions.add_transaction(ana, account_id=a.id, amount=-500, category_id=RENT)
    fin.transactions.add_transaction(ana, account_id=a.id, amount=900)
    fin.transactions.add_transaction(
        ana,
        account_id=b.id,
        amount=-30,
        splits=[SplitPart(GROCERIES, -20), SplitPart(RENT, -10)],
    )
    fin.transactions.add_transfer(ana, from_account_id=a.id, to_account_id=b.id, amount=70)
    before = stored(db, ana.user.id)
    migrate.downgrade(db, "0016_family_calendar")
    migrate.upgrade(db)
    assert stored(db, ana.user.id) == before == counted(db, ana.user.id)
    assert len(before) == 4  # rent, uncategorised income, the split's two parts


def test_the_reports_read_the_totals(db, clock, make_user):
    """What the reports show comes from the totals: a row changed there behind the
    triggers' back shows (this is how the tests know the reports read them)."""
    fin = FinanceService(db, clock=clock, client=TEST_CLIENT)
    ana = make_user("Ana")
    a = fin.accounts.create_account(ana, name="A", currency="EUR")
    fin.transactions.add_transaction(
        ana, account_id=a.id, amount=-500, category_id=RENT, date="2026-01-10"
    )
    report = fin.reports.by_category(ana, "year", "2026")
    assert [(x.category_id, x.total_minor) for x in report.lines] == [(RENT, -500)]
    with db.transaction() as s:
        s.execute(text("UPDATE finance_month_totals SET total_minor = -501"))
    report = fin.reports.by_category(ana, "year", "2026")
    assert [(x.category_id, x.total_minor) for x in report.lines] == [(RENT, -501)]
    flow = fin.reports.income_expense(ana, "2026-01", months=1)
    assert [(f.income_minor, f.expense_minor) for f in flow.months] == [(0, -501)]


def test_a_restore_makes_the_totals_again(db, engine_name, clock, make_user, tmp_path, request):
    """Exports leave the totals out (they are the database's, from the postings); an
    import's inserts of the transactions and parts make them again, the same."""
    fin = FinanceService(db, clock=clock, client=TEST_CLIENT)
    ana = make_user("Ana")
    a = fin.accounts.create_account(ana, name="A", currency="EUR")
    b = fin.accounts.create_account(ana, name="B", currency="JPY")
    fin.transactions.add_transaction(ana, account_id=a.id, amount=-500, category_id=RENT)
    fin.transactions.add_transaction(ana, account_id=b.id, amount=900, date="2025-03-04")
    fin.transactions.add_transaction(
        ana,
        account_id=a.id,
        amount=-30,
        splits=[SplitPart(GROCERIES, -20), SplitPart(None, -10)],
    )
    fin.transactions.add_transfer(
        ana, from_account_id=a.id, to_account_id=b.id, amount=70, to_amount=9
    )
    fin.imports.import_csv(ana, csv_file([1234, -5678, 99]), Mapping(), account_id=a.id)
    before = stored(db, ana.user.id)
    doc = tmp_path / "ana.json"
    TransferService(db).export_user("ana@example.com", doc)
    assert '"finance_month_totals"' not in doc.read_text(encoding="utf-8")
    target = Database.from_url(fresh_url(engine_name, tmp_path, request))
    try:
        migrate.upgrade(target)
        TransferService(target, client=TEST_CLIENT).import_file(doc)
        assert stored(target, ana.user.id) == before == counted(target, ana.user.id)
    finally:
        target.dispose()
