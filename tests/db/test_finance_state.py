"""A hypothesis state machine of finance edits on a real database (both engines):
add, edit and delete income, expenses, transfers (one currency and two) and splits,
clear and reconcile. After every step each account's stored balance equals its
opening balance plus the sum of its postings (counted by the database and by the
model here), every split's parts add up to its whole, and a transfer's legs exist
together, in opposite directions."""

from __future__ import annotations

import itertools
import uuid

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.finance.dto import SplitPart
from dashboard_tui.finance.services import FinanceService
from tests.conftest import TEST_CLIENT

CATEGORIES = [
    seed_id("expense_category", "Groceries"),
    seed_id("expense_category", "Housing:Rent"),
    seed_id("income_category", "Salary"),
    None,
]
amounts = st.integers(min_value=-(10**12), max_value=10**12).filter(bool)
parts = st.lists(st.tuples(st.sampled_from(CATEGORIES), amounts), min_size=2, max_size=4)
positive = st.integers(min_value=1, max_value=10**9)
NAMES = itertools.count()


def machine(fin: FinanceService, make_user):
    class FinanceEdits(RuleBasedStateMachine):
        @initialize()
        def start(self) -> None:
            self.who = make_user(f"P{next(NAMES)}")
            self.accounts = [
                fin.accounts.create_account(self.who, name="A", currency="EUR", opening_balance=5),
                fin.accounts.create_account(self.who, name="B", currency="EUR"),
                fin.accounts.create_account(self.who, name="C", currency="JPY", opening_balance=7),
            ]
            self.expected = {a.id: a.opening_balance_minor for a in self.accounts}
            self.rows: dict[uuid.UUID, tuple[uuid.UUID, int]] = {}  # id -> (account, amount)
            self.legs: dict[uuid.UUID, uuid.UUID] = {}  # a transfer leg -> the other

        def _post(self, row_id, account_id, minor) -> None:
            old = self.rows.get(row_id)
            if old is not None:
                self.expected[old[0]] -= old[1]
            self.rows[row_id] = (account_id, minor)
            self.expected[account_id] += minor

        def _gone(self, row_id) -> None:
            account_id, minor = self.rows.pop(row_id)
            self.expected[account_id] -= minor

        @rule(account=st.integers(0, 2), minor=amounts, category=st.sampled_from(CATEGORIES))
        def add_plain(self, account, minor, category) -> None:
            a = self.accounts[account]
            row = fin.transactions.add_transaction(
                self.who, account_id=a.id, amount=minor, category_id=category
            )
            self._post(row.id, a.id, minor)

        @rule(account=st.integers(0, 2), pieces=parts)
        def add_split(self, account, pieces) -> None:
            whole = sum(m for _, m in pieces)
            if whole == 0:
                return
            a = self.accounts[account]
            row = fin.transactions.add_transaction(
                self.who,
                account_id=a.id,
                amount=whole,
                splits=[SplitPart(c, m) for c, m in pieces],
            )
            self._post(row.id, a.id, whole)

        @rule(pair=st.sampled_from([(0, 1), (1, 0), (0, 2), (2, 1)]), out=positive, into=positive)
        def add_transfer(self, pair, out, into) -> None:
            src, dst = self.accounts[pair[0]], self.accounts[pair[1]]
            cross = src.currency != dst.currency
            moved = fin.transactions.add_transfer(
                self.who,
                from_account_id=src.id,
                to_account_id=dst.id,
                amount=out,
                to_amount=into if cross else None,
            )
            self._post(moved.out.id, src.id, -out)
            self._post(moved.into.id, dst.id, into if cross else out)
            self.legs[moved.out.id], self.legs[moved.into.id] = moved.into.id, moved.out.id

        @precondition(lambda self: self.rows)
        @rule(data=st.data(), minor=amounts, pieces=parts, counter=positive)
        def edit(self, data, minor, pieces, counter) -> None:
            row_id = data.draw(st.sampled_from(sorted(self.rows)))
            info = fin.transactions.get_transaction(self.who, row_id)
            if info.transfer_id is not None:
                other = fin.transactions.get_transaction(self.who, self.legs[row_id])
                cross = other.currency != info.currency
                sign = -1 if minor > 0 else 1
                fin.transactions.edit_transaction(
                    self.who,
                    row_id,
                    amount=minor,
                    counter_amount=sign * counter if cross else None,
                    force=True,
                )
                self._post(row_id, info.account_id, minor)
                self._post(other.id, other.account_id, sign * counter if cross else -minor)
            elif info.splits:
                whole = sum(m for _, m in pieces)
                if whole == 0:
                    return
                fin.transactions.edit_transaction(
                    self.who,
                    row_id,
                    amount=whole,
                    splits=[SplitPart(c, m) for c, m in pieces],
                    force=True,
                )
                self._post(row_id, info.account_id, whole)
            else:
                fin.transactions.edit_transaction(self.who, row_id, amount=minor, force=True)
                self._post(row_id, info.account_id, minor)

        @precondition(lambda self: self.rows)
        @rule(data=st.data())
        def unsplit_or_split(self, data) -> None:
            """A split becomes plain (its parts go), a plain one becomes a split of two."""
            row_id = data.draw(st.sampled_from(sorted(self.rows)))
            info = fin.transactions.get_transaction(self.who, row_id)
            if info.transfer_id is not None:
                return
            if info.splits:
                fin.transactions.edit_transaction(self.who, row_id, splits=[], force=True)
            else:
                half = info.amount_minor // 2 or info.amount_minor
                rest = info.amount_minor - half
                if rest == 0:
                    return
                fin.transactions.edit_transaction(
                    self.who,
                    row_id,
                    splits=[SplitPart(CATEGORIES[0], half), SplitPart(CATEGORIES[1], rest)],
                    force=True,
                )

        @precondition(lambda self: self.rows)
        @rule(data=st.data(), status=st.sampled_from(["uncleared", "cleared", "reconciled"]))
        def set_status(self, data, status) -> None:
            row_id = data.draw(st.sampled_from(sorted(self.rows)))
            fin.transactions.set_status(self.who, row_id, status, force=True)

        @precondition(lambda self: self.rows)
        @rule(data=st.data())
        def delete(self, data) -> None:
            row_id = data.draw(st.sampled_from(sorted(self.rows)))
            fin.transactions.delete_transaction(self.who, row_id, force=True)
            self._gone(row_id)
            other = self.legs.pop(row_id, None)
            if other is not None:
                self.legs.pop(other, None)
                self._gone(other)

        @invariant()
        def balances_are_the_sum_of_postings(self) -> None:
            if not hasattr(self, "who"):
                return
            checked = fin.accounts.check_balances(self.who)
            for account_id, (kept, counted) in checked.items():
                assert kept == counted == self.expected[account_id]

        @invariant()
        def splits_add_up_and_legs_pair(self) -> None:
            if not hasattr(self, "who"):
                return
            for account in self.accounts:
                for row in fin.transactions.register(self.who, account.id, page_size=500).rows:
                    t = row.transaction
                    assert t.id in self.rows
                    if t.splits:
                        assert sum(p.amount_minor for p in t.splits) == t.amount_minor
                    if t.transfer_id is not None:
                        other = fin.transactions.get_transaction(self.who, t.counterpart_id)
                        assert (other.amount_minor > 0) != (t.amount_minor > 0)

    return FinanceEdits


@pytest.mark.parametrize("steps", [12])
def test_edits_keep_balances_and_splits(db, clock, make_user, steps):
    fin = FinanceService(db, clock=clock, client=TEST_CLIENT)
    run_state_machine_as_test(
        machine(fin, make_user),
        settings=settings(
            max_examples=12,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
