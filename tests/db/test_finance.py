"""The finance core on both engines: accounts, income/expense, transfers (linked legs,
across currencies), splits (parts add up, in the service and in the database),
reconciled rows locked, the register's running balance on every page and under
filters, payee completion, categories (hierarchy, rename, merge), audit text."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.finance import TRANSACTION
from dashboard_tui.finance.dto import RegisterFilter, SplitPart
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.finance.services.base import Locked
from dashboard_tui.kit.errors import PermissionDenied, ValidationError
from dashboard_tui.models.finance import Transaction, TransactionSplit
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

GROCERIES = seed_id("expense_category", "Groceries")
DINING = seed_id("expense_category", "Dining out")
SALARY = seed_id("income_category", "Salary")
HOUSEHOLD = seed_id("expense_category", "Household")


@pytest.fixture
def fin(db, clock) -> FinanceService:
    return FinanceService(db, clock=clock, client=TEST_CLIENT)


def balances_hold(fin, who) -> None:
    for kept, counted in fin.accounts.check_balances(who).values():
        assert kept == counted


def audit_rows(db, action: str) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_accounts_are_created_renamed_archived_with_card_details(fin, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="eur", opening_balance="1 234,56")
    assert (main.kind, main.currency, main.balance_minor) == ("checking", "EUR", 123456)
    with pytest.raises(ValidationError) as refused:
        fin.accounts.create_account(ana, name="main", kind="piggy", currency="EURO")
    assert set(refused.value.errors) == {"name", "kind", "currency"}
    with pytest.raises(ValidationError, match="decimals"):
        fin.accounts.create_account(ana, name="Yen", currency="JPY", opening_balance="1.5")
    card = fin.accounts.create_account(ana, name="Visa", kind="credit card", currency="EUR")
    card = fin.accounts.set_credit_card(
        ana, card.id, limit="2,000.00", statement_day=28, due_day="15"
    )
    assert card.card is not None and card.card.limit_minor == 200000
    with pytest.raises(ValidationError, match="Only a credit card"):
        fin.accounts.set_credit_card(ana, main.id, limit=1, statement_day=1, due_day=1)
    fin.accounts.edit_account(ana, main.id, name="Main checking", opening_balance="1000")
    assert fin.accounts.get_account(ana, main.id).balance_minor == 100000
    fin.accounts.archive_account(ana, card.id)
    assert [a.name for a in fin.accounts.list_accounts(ana)] == ["Main checking"]
    assert len(fin.accounts.list_accounts(ana, include_archived=True)) == 2
    balances_hold(fin, ana)


def test_income_expense_and_audit_in_human_terms(fin, db, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main checking", currency="EUR")
    spent = fin.transactions.add_transaction(
        ana,
        account_id=main.id,
        amount="12.50",
        kind="expense",
        payee="Lidl",
        category_id=GROCERIES,
        tags="Food, weekly food",
        date="2026-11-20",
    )
    assert (spent.amount_minor, spent.kind, spent.tags) == (-1250, "expense", ("food", "weekly"))
    fin.transactions.add_transaction(ana, account_id=main.id, amount="+2000", category_id=SALARY)
    assert fin.accounts.get_account(ana, main.id).balance_minor == 200000 - 1250
    created = audit_rows(db, "finance.transaction.created")
    assert TRANSACTION.title_of(created[0].after) == "Groceries −12.50 EUR at Lidl, Main checking"
    with pytest.raises(ValidationError, match="other than zero"):
        fin.transactions.add_transaction(ana, account_id=main.id, amount="0")
    with pytest.raises(ValidationError, match="Control"):
        fin.transactions.add_transaction(ana, account_id=main.id, amount="1", payee="a\u202eb")
    hostile = fin.transactions.add_transaction(
        ana, account_id=main.id, amount="-1", payee="[b]x[/b]; y", memo="two\nlines"
    )
    assert (hostile.payee, hostile.memo) == ("[b]x[/b]; y", "two\nlines")
    balances_hold(fin, ana)


def test_transfers_keep_both_legs_linked(fin, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR", opening_balance=100000)
    save = fin.accounts.create_account(ana, name="Savings", kind="savings", currency="EUR")
    yen = fin.accounts.create_account(ana, name="Tokyo", currency="JPY")
    moved = fin.transactions.add_transfer(
        ana, from_account_id=main.id, to_account_id=save.id, amount="250", date="2026-11-01"
    )
    assert (moved.out.amount_minor, moved.into.amount_minor) == (-25000, 25000)
    assert moved.out.counterpart_id == moved.into.id and moved.into.counterpart_account == "Main"
    # editing one leg edits both
    fin.transactions.edit_transaction(ana, moved.into.id, amount="300", memo="rent reserve")
    out = fin.transactions.get_transaction(ana, moved.out.id)
    assert (out.amount_minor, out.memo) == (-30000, "rent reserve")
    with pytest.raises(ValidationError, match="no category"):
        fin.transactions.edit_transaction(ana, moved.out.id, category_id=GROCERIES)
    # across currencies: two amounts
    with pytest.raises(ValidationError, match="Enter what arrives in JPY"):
        fin.transactions.add_transfer(ana, from_account_id=main.id, to_account_id=yen.id, amount=1)
    fx = fin.transactions.add_transfer(
        ana, from_account_id=main.id, to_account_id=yen.id, amount="100", to_amount="16,000"
    )
    assert (fx.out.amount_minor, fx.into.amount_minor) == (-10000, 16000)
    fin.transactions.edit_transaction(ana, fx.out.id, amount="-50", counter_amount="8000")
    assert fin.accounts.get_account(ana, yen.id).balance_minor == 8000
    # deleting one deletes both
    fin.transactions.delete_transaction(ana, moved.out.id)
    balances = {a.name: a.balance_minor for a in fin.accounts.list_accounts(ana)}
    assert balances == {"Main": 95000, "Savings": 0, "Tokyo": 8000}
    balances_hold(fin, ana)


def test_splits_add_up_in_the_service(fin, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    parts = [SplitPart(GROCERIES, "-30"), SplitPart(HOUSEHOLD, "-12.50", "bin bags")]
    with pytest.raises(ValidationError, match="is not assigned"):
        fin.transactions.add_transaction(ana, account_id=main.id, amount="-50", splits=parts)
    with pytest.raises(ValidationError, match="at least two"):
        fin.transactions.add_transaction(ana, account_id=main.id, amount="-30", splits=parts[:1])
    split = fin.transactions.add_transaction(
        ana, account_id=main.id, amount="-42.50", payee="Market", splits=parts
    )
    assert split.kind == "split" and [p.amount_minor for p in split.splits] == [-3000, -1250]
    with pytest.raises(ValidationError, match="change its parts"):
        fin.transactions.edit_transaction(ana, split.id, amount="-40")
    edited = fin.transactions.edit_transaction(
        ana,
        split.id,
        amount="-60",
        splits=[SplitPart(GROCERIES, "-40"), SplitPart(DINING, "-15"), SplitPart(None, "-5")],
    )
    assert sum(p.amount_minor for p in edited.splits) == -6000 and len(edited.splits) == 3
    plain = fin.transactions.edit_transaction(ana, split.id, splits=[], category_id=GROCERIES)
    assert plain.kind == "expense" and plain.category == "Groceries"
    assert fin.accounts.get_account(ana, main.id).balance_minor == -6000
    balances_hold(fin, ana)


def test_the_database_refuses_parts_that_do_not_add_up(fin, db, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    parts = [SplitPart(GROCERIES, "-30"), SplitPart(HOUSEHOLD, "-20")]
    split = fin.transactions.add_transaction(ana, account_id=main.id, amount="-50", splits=parts)
    with (
        pytest.raises((IntegrityError, DBAPIError), match="add up"),
        db.transaction() as s,  # the amount changed behind the service's back
    ):
        s.execute(update(Transaction).where(Transaction.id == split.id).values(amount_minor=-4000))
    with (
        pytest.raises((IntegrityError, DBAPIError), match="add up"),
        db.transaction() as s,  # a part changed, then its transaction written
    ):
        s.execute(
            update(TransactionSplit)
            .where(TransactionSplit.transaction_id == split.id, TransactionSplit.position == 0)
            .values(amount_minor=-1)
        )
        s.execute(update(Transaction).where(Transaction.id == split.id).values(payee="changed"))
    with db.transaction() as s:  # both together, in any order, are fine
        s.execute(
            update(TransactionSplit)
            .where(TransactionSplit.transaction_id == split.id, TransactionSplit.position == 0)
            .values(amount_minor=-2000)
        )
        s.execute(update(Transaction).where(Transaction.id == split.id).values(amount_minor=-4000))


def test_reconciled_rows_are_locked(fin, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    row = fin.transactions.add_transaction(ana, account_id=main.id, amount="-5")
    assert fin.transactions.toggle_cleared(ana, row.id).status == "cleared"
    assert fin.transactions.toggle_cleared(ana, row.id).status == "uncleared"
    fin.transactions.set_status(ana, row.id, "reconciled")
    for attempt in (
        lambda **kw: fin.transactions.edit_transaction(ana, row.id, amount="-6", **kw),
        lambda **kw: fin.transactions.toggle_cleared(ana, row.id, **kw),
    ):
        with pytest.raises(Locked, match="reconciled"):
            attempt()
    assert fin.transactions.edit_transaction(ana, row.id, amount="-6", force=True).amount_minor == (
        -600
    )
    with pytest.raises(Locked):
        fin.transactions.delete_transaction(ana, row.id)
    fin.transactions.delete_transaction(ana, row.id, force=True)
    balances_hold(fin, ana)


def test_register_pages_carry_the_running_balance(fin, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR", opening_balance="100")
    other = fin.accounts.create_account(ana, name="Other", currency="EUR")
    amounts = [(-1) ** i * (i * 101 + 7) for i in range(1, 24)]
    for i, minor in enumerate(amounts):
        fin.transactions.add_transaction(
            ana,
            account_id=main.id,
            amount=minor,
            date=date(2026, 1, 1 + i),
            payee="Lidl" if i % 3 == 0 else f"Shop {i}",
            category_id=GROCERIES if i % 2 else DINING,
        )
    fin.transactions.add_transaction(ana, account_id=other.id, amount=999)
    # expected: balance right after each row, newest first
    running, expected = 10000, []
    for minor in amounts:
        running += minor
        expected.append(running)
    expected.reverse()

    def every_page(flt: RegisterFilter, size: int) -> list[tuple[int, int]]:
        seen, cursor = [], None
        while True:
            page = fin.transactions.register(
                ana, main.id, filter=flt, page_size=size, cursor=cursor
            )
            seen += [(r.transaction.amount_minor, r.balance_minor) for r in page.rows]
            if page.next_cursor is None:
                return seen
            cursor = page.next_cursor

    newest_first = list(zip(reversed(amounts), expected, strict=True))
    assert every_page(RegisterFilter(), 5) == newest_first
    assert every_page(RegisterFilter(), 500) == newest_first
    lidl = every_page(RegisterFilter(text="lidl"), 2)
    assert lidl == [pair for i, pair in enumerate(newest_first) if (22 - i) % 3 == 0]
    dining = every_page(RegisterFilter(category_id=seed_id("expense_category", "Dining out")), 3)
    assert dining == [pair for i, pair in enumerate(newest_first) if (22 - i) % 2 == 0]
    ranged = every_page(
        RegisterFilter(
            date_from=date(2026, 1, 5),
            date_to=date(2026, 1, 12),
            amount_min_minor=0,
        ),
        2,
    )
    assert ranged == [
        pair for i, pair in enumerate(newest_first) if 4 <= 22 - i <= 11 and pair[0] >= 0
    ]
    # Ben sees none of it
    with pytest.raises(ValidationError, match="Choose one of your accounts"):
        fin.transactions.register(ben, main.id)


def test_payee_completion_most_used_first(fin, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    for payee in ("Lidl", "Lidl", "Lidl Express", "Lidl", "Aldi", "lidl express", "Lidl Express"):
        fin.transactions.add_transaction(ana, account_id=main.id, amount=-1, payee=payee)
    assert fin.transactions.payees(ana, "li")[:2] == ("Lidl", "Lidl Express")
    assert "Aldi" not in fin.transactions.payees(ana, "li")
    assert fin.transactions.payees(ana, "")[0] == "Lidl"
    assert fin.transactions.payees(ana, "%") == ()
    assert fin.transactions.payees(ben, "") == ()


def test_categories_hierarchy_rename_and_merge(fin, db, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    shipped = {c.path for c in fin.categories.list_categories(ana)}
    assert {"Groceries", "Housing:Rent", "Salary"} <= shipped
    food = fin.categories.create_category(ana, name="Food")
    organic = fin.categories.create_category(ana, name="Organic", parent_id=food.id)
    assert organic.path == "Food:Organic" and organic.parent_path == "Food"
    with pytest.raises(ValidationError, match="already"):
        fin.categories.create_category(ana, name="organic", parent_id=food.id)
    with pytest.raises(ValidationError, match="Choose a parent"):
        fin.categories.create_category(ana, name="Food:Other")
    with pytest.raises(PermissionDenied):
        fin.categories.rename_category(ana, GROCERIES, "Food shop")
    renamed = fin.categories.rename_category(ana, food.id, "Eating")
    assert renamed.path == "Eating"
    paths = {c.path for c in fin.categories.list_categories(ana)}
    assert "Eating:Organic" in paths and "Food:Organic" not in paths
    assert "Eating" not in {c.path for c in fin.categories.list_categories(ben)}
    # merge: history re-categorised, audited, the source gone
    spent = fin.transactions.add_transaction(
        ana, account_id=main.id, amount=-100, category_id=organic.id
    )
    split = fin.transactions.add_transaction(
        ana,
        account_id=main.id,
        amount=-300,
        splits=[SplitPart(organic.id, -100), SplitPart(DINING, -200)],
    )
    result = fin.categories.merge_category(ana, organic.id, GROCERIES)
    assert (result.transactions, result.splits) == (1, 1)
    assert fin.transactions.get_transaction(ana, spent.id).category == "Groceries"
    assert fin.transactions.get_transaction(ana, split.id).splits[0].category == "Groceries"
    merged = audit_rows(db, "finance.category.merged")
    assert merged[0].after["merged_into"] == "Groceries"
    with pytest.raises(ValidationError, match="Merge income into income"):
        fin.categories.merge_category(ana, renamed.id, SALARY)
    with pytest.raises(ValidationError, match="Choose a category"):
        fin.categories.create_category(ben, name="Mine", parent_id=renamed.id)


def test_totals_by_category_count_splits_by_their_parts(fin, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    save = fin.accounts.create_account(ana, name="Save", currency="EUR")
    fin.transactions.add_transaction(ana, account_id=main.id, amount=-100, category_id=GROCERIES)
    fin.transactions.add_transaction(
        ana,
        account_id=main.id,
        amount=-300,
        splits=[SplitPart(GROCERIES, -100), SplitPart(DINING, -200)],
    )
    fin.transactions.add_transfer(ana, from_account_id=main.id, to_account_id=save.id, amount=5)
    totals = {
        (t.category, t.currency): t.amount_minor for t in fin.transactions.totals_by_category(ana)
    }
    assert totals == {("Groceries", "EUR"): -200, ("Dining out", "EUR"): -200}


def test_another_users_category_or_account_is_refused(fin, db, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    mine = fin.categories.create_category(ana, name="Mine")
    bens = fin.accounts.create_account(ben, name="Ben's", currency="EUR")
    with pytest.raises(ValidationError, match="Choose one of your accounts"):
        fin.transactions.add_transaction(ana, account_id=bens.id, amount=1)
    with pytest.raises(ValidationError, match="Choose a category"):
        fin.transactions.add_transaction(ben, account_id=bens.id, amount=1, category_id=mine.id)
    with db.transaction() as s:  # the database itself: a part on another's category
        tx = fin.transactions.add_transaction(ben, account_id=bens.id, amount=1)
        assert s.execute(text("SELECT 1")).scalar() == 1
    with pytest.raises((IntegrityError, DBAPIError)), db.transaction() as s:
        s.add(
            TransactionSplit(
                id=uuid.uuid4(),
                user_id=ben.user.id,
                transaction_id=tx.id,
                position=0,
                category_id=mine.id,
                amount_minor=1,
                memo="",
            )
        )


def test_palette_search_and_audit_titles_read_in_human_terms(fin, db, make_user):
    from dashboard_tui.finance import ACCOUNT, CATEGORY, CREDIT_CARD
    from dashboard_tui.finance.services.search import search
    from dashboard_tui.kit import registry

    ana, ben = make_user("Ana"), make_user("Ben")
    main = fin.accounts.create_account(ana, name="Main checking", currency="EUR")
    fin.accounts.set_credit_card(
        ana,
        fin.accounts.create_account(ana, name="Visa", kind="credit_card").id,
        limit="500",
        statement_day=1,
        due_day=20,
    )
    fin.transactions.add_transaction(
        ana, account_id=main.id, amount="-12.50", payee="Lidl", category_id=GROCERIES
    )
    fin.categories.create_category(ana, name="Pets food")
    found = search(fin, ana, "lidl")
    assert [f.title for f in found] == ["Transaction: Lidl"]
    assert "−12.50 EUR" in found[0].detail or "-12.50 EUR" in found[0].detail
    assert [f.title for f in search(fin, ana, "main")][0] == "Account: Main checking"
    assert search(fin, ben, "lidl") == [] and search(fin, ben, "main") == []
    assert registry.area("finance") is not None
    assert {e.name for e in registry.area("finance").entities} >= {"transaction", "credit_card"}

    def titles(action: str) -> set[str]:
        return {registry.entities()[r.entity].title_of(r.after) for r in audit_rows(db, action)}

    assert titles(ACCOUNT.action("created")) == {"Account Main checking", "Account Visa"}
    assert titles(CREDIT_CARD.action("created")) == {"Card details of Visa"}
    assert titles(CATEGORY.action("created")) == {"Category Pets food"}
    card = audit_rows(db, "finance.card.created")[0].after
    assert card["limit"] == "500.00 EUR"


def test_the_register_filter_reads_what_was_typed_and_names_each_bad_field(fin, make_user, clock):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    for day, amount, category in (
        (3, "-12.50", GROCERIES),
        (9, "-40", DINING),
        (20, "-7", GROCERIES),
    ):
        fin.transactions.add_transaction(
            ana, account_id=main.id, amount=amount, date=date(2026, 1, day), category_id=category
        )
    narrowed = fin.transactions.register_filter(
        ana,
        main.id,
        date_from="2026-01-02",
        date_to=" 2026-01-31 ",
        category_id=GROCERIES,
        amount_min="-20",
        amount_max="-1,00",
    )
    assert narrowed == RegisterFilter(
        date_from=date(2026, 1, 2),
        date_to=date(2026, 1, 31),
        category_id=GROCERIES,
        amount_min_minor=-2000,
        amount_max_minor=-100,
    )
    shown = fin.transactions.register(ana, main.id, filter=narrowed).rows
    assert [r.transaction.amount_minor for r in shown] == [-700, -1250]
    assert fin.transactions.register_filter(ana, main.id) == RegisterFilter()  # empty: all
    with pytest.raises(ValidationError) as refused:
        fin.transactions.register_filter(
            ana, main.id, date_from="31/01/2026", amount_min="ten", amount_max="-1e9"
        )
    assert set(refused.value.errors) == {"date_from", "amount_min", "amount_max"}
    with pytest.raises(ValidationError) as refused:
        fin.transactions.register_filter(
            ana,
            main.id,
            date_from="2026-02-01",
            date_to="2026-01-01",
            amount_min="5",
            amount_max="1",
        )
    assert refused.value.errors == {
        "date_to": "This is before the first day.",
        "amount_max": "This is below the smallest amount.",
    }
