"""Reconciling an account against a bank statement, on both engines: the ticked rows
become reconciled in one audited unit of work, only when the balance matches; a
refused finish changes nothing; another user's or another account's rows are refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from dashboard_tui.finance.services import FinanceService
from dashboard_tui.finance.services.base import Locked
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT


@pytest.fixture
def fin(db, clock) -> FinanceService:
    return FinanceService(db, clock=clock, client=TEST_CLIENT)


def edits(db) -> int:
    with db.transaction(read_only=True) as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.action == "finance.transaction.edited"))
        return len(list(rows))


def test_reconcile_to_zero_marks_the_ticked_rows_reconciled(fin, db, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", opening_balance="100")
    tx = fin.transactions
    rent = tx.add_transaction(ana, account_id=main.id, amount="-40", date="2026-11-02")
    pay = tx.add_transaction(ana, account_id=main.id, amount="+200", date="2026-11-05")
    late = tx.add_transaction(ana, account_id=main.id, amount="-7.50", date="2026-12-03")
    open_ = tx.add_transaction(ana, account_id=main.id, amount="-1", date="2026-11-09")
    for t in (rent, pay, late):
        tx.set_status(ana, t.id, "cleared")

    start = tx.reconcile_start(ana, main.id, statement_date="2026-11-30")
    assert start.reconciled_balance_minor == 10000  # the opening balance: nothing yet
    assert start.statement_date == date(2026, 11, 30)
    assert dict(start.cleared) == {rent.id: -4000, pay.id: 20000}  # not the December one

    before = edits(db)
    with pytest.raises(ValidationError) as refused:  # 259.00 is not what they reach
        tx.reconcile(
            ana,
            main.id,
            statement_balance="259",
            statement_date="2026-11-30",
            transaction_ids=[rent.id, pay.id],
        )
    assert "difference of −1.00 EUR" in refused.value.errors["statement_balance"]
    assert edits(db) == before  # nothing changed, nothing audited
    assert tx.get_transaction(ana, rent.id).status == "cleared"

    with pytest.raises(ValidationError, match="after the statement date"):
        tx.reconcile(
            ana,
            main.id,
            statement_balance="252.50",
            statement_date="2026-11-30",
            transaction_ids=[rent.id, pay.id, late.id],
        )

    done = tx.reconcile(
        ana,
        main.id,
        statement_balance="259.00",
        statement_date="2026-11-30",
        transaction_ids=[rent.id, pay.id, open_.id],  # an uncleared one ticked too
    )
    assert (done.reconciled, done.balance_minor) == (3, 25900)
    assert edits(db) == before + 3  # one audited edit per transaction, status only
    for t in (rent, pay, open_):
        assert tx.get_transaction(ana, t.id).status == "reconciled"
    assert tx.get_transaction(ana, late.id).status == "cleared"

    again = tx.reconcile_start(ana, main.id, statement_date="2026-12-31")
    assert again.reconciled_balance_minor == 25900
    assert dict(again.cleared) == {late.id: -750}
    with pytest.raises(ValidationError, match="reconciled already"):
        tx.reconcile(
            ana,
            main.id,
            statement_balance="218",
            statement_date="2026-12-31",
            transaction_ids=[rent.id],
        )
    with pytest.raises(Locked):  # a reconciled row is locked: editing it needs force
        tx.edit_transaction(ana, rent.id, amount="-41")
    tx.edit_transaction(ana, rent.id, memo="checked", force=True)


def test_reconcile_refuses_other_accounts_and_other_users_rows(fin, make_user):
    ana, bob = make_user("Ana"), make_user("Bob")
    main = fin.accounts.create_account(ana, name="Main")
    other = fin.accounts.create_account(ana, name="Other")
    theirs = fin.accounts.create_account(bob, name="Bob's")
    mine = fin.transactions.add_transaction(ana, account_id=other.id, amount="-5")
    bobs = fin.transactions.add_transaction(bob, account_id=theirs.id, amount="-5")
    for wrong in (mine.id, bobs.id):
        with pytest.raises(ValidationError, match="not in this account"):
            fin.transactions.reconcile(
                ana,
                main.id,
                statement_balance="-5",
                statement_date="today",
                transaction_ids=[wrong],
            )
    with pytest.raises(ValidationError, match="Choose one of your accounts"):
        fin.transactions.reconcile_start(bob, main.id)
    with pytest.raises(ValidationError, match="Tick"):
        fin.transactions.reconcile(
            ana, main.id, statement_balance="0", statement_date="today", transaction_ids=[]
        )
    with pytest.raises(ValidationError) as refused:
        fin.transactions.reconcile(
            ana, main.id, statement_balance="1.2.3", statement_date="never", transaction_ids=[]
        )
    assert set(refused.value.errors) == {"statement_balance", "statement_date"}
    assert fin.transactions.get_transaction(bob, bobs.id).status == "uncleared"


def test_a_transactions_own_history_is_its_audit_entries_only(fin, db, make_user, clock):
    from dashboard_tui.audit.history import AuditFilters, AuditHistoryService

    ana, bob = make_user("Ana"), make_user("Bob")
    main = fin.accounts.create_account(ana, name="Main")
    one = fin.transactions.add_transaction(ana, account_id=main.id, payee="One", amount="-1")
    two = fin.transactions.add_transaction(ana, account_id=main.id, payee="Two", amount="-2")
    fin.transactions.edit_transaction(ana, one.id, amount="-1.50")
    fin.transactions.delete_transaction(ana, two.id)
    history = AuditHistoryService(db, clock=clock)

    def of(who, t) -> list[str]:
        record = AuditFilters(entity="transaction", entity_id=str(t.id))
        return [e.action for e in history.page(who, record).entries]

    assert of(ana, one) == ["finance.transaction.edited", "finance.transaction.created"]
    assert of(ana, two) == ["finance.transaction.deleted", "finance.transaction.created"]
    assert of(bob, one) == []  # another user's record: nothing of it
