"""Payee rules offered when an imported transaction is re-categorised (issue 11 item
11), on both engines: what is offered and when not, the rule added or changed, the
other rows re-categorised in one unit of work with their audit entries, and the next
import using the rule."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.finance.importer import Mapping
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.finance.services.rule_offers import offered_text
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

GROCERIES = seed_id("expense_category", "Groceries")
DINING = seed_id("expense_category", "Dining out")

BANK = (
    "Date,Amount,Payee,Memo\n"
    "2026-11-01,-45.10,LIDL 1234 Berlin,\n"
    "2026-11-02,-12.00,Lidl Hamburg,\n"
    "2026-11-03,-7.99,lidl online,\n"
    "2026-11-04,-3.20,Coffee Corner,\n"
    "2026-11-05,-20.00,LIDL Köln,reconciled below\n"
)


@pytest.fixture
def fin(db, clock) -> FinanceService:
    return FinanceService(db, clock=clock, client=TEST_CLIENT)


def audit(db, action: str) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def imported(fin, login, csv: str = BANK):
    account = fin.accounts.create_account(login, name="Main", currency="EUR")
    fin.imports.import_csv(login, csv.encode(), Mapping(), account_id=account.id)
    rows = [r.transaction for r in fin.transactions.register(login, account.id).rows]
    return account, {t.payee: t for t in rows}


def test_the_offered_text_stops_at_the_first_word_with_a_digit():
    assert offered_text("LIDL 1234 Berlin") == "LIDL"
    assert offered_text("Coffee Corner") == "Coffee Corner"
    assert offered_text("  4711 ") == "4711"


def test_a_yes_adds_the_rule_and_recategorises_the_others_in_one_unit(fin, db, make_user):
    ana = make_user("Ana")
    account, rows = imported(fin, ana)
    koeln = rows["LIDL Köln"]
    fin.transactions.set_status(ana, koeln.id, "reconciled", force=True)
    lidl = rows["LIDL 1234 Berlin"]
    fin.transactions.edit_transaction(ana, lidl.id, category_id=GROCERIES)

    offer = fin.rule_offers.offer(ana, lidl.id, None)
    assert offer is not None
    assert (offer.contains, offer.category, offer.account) == ("LIDL", "Groceries", "Main")
    assert (offer.rule_id, offer.rule_category) == (None, "")
    # Lidl Hamburg and lidl online (any case); not the reconciled Köln row, not itself
    assert offer.others == 2
    assert fin.rule_offers.count_others(ana, lidl.id, "hamburg", None) == 1
    assert fin.rule_offers.count_others(ana, lidl.id, "", None) == 0

    done = fin.rule_offers.accept(
        ana, lidl.id, contains="LIDL", previous_category_id=None, recategorise=True
    )
    assert (done.rule.contains, done.rule.category, done.was, done.recategorised) == (
        "LIDL",
        "Groceries",
        "",
        2,
    )
    after = {
        r.transaction.payee: r.transaction for r in fin.transactions.register(ana, account.id).rows
    }
    assert after["Lidl Hamburg"].category_id == GROCERIES
    assert after["lidl online"].category_id == GROCERIES
    assert after["LIDL Köln"].category_id is None  # reconciled: left alone
    assert after["Coffee Corner"].category_id is None
    created = audit(db, "finance.payee_rule.created")
    assert len(created) == 1 and created[0].after["recategorised"] == 2
    edited = {e.entity_id for e in audit(db, "finance.transaction.edited")}
    assert {str(after["Lidl Hamburg"].id), str(after["lidl online"].id)} <= edited
    # the next import categorises by it
    fin.imports.import_csv(
        ana, b"Date,Amount,Payee\n2026-12-01,-1.00,LIDL Dresden\n", Mapping(), account_id=account.id
    )
    new = next(
        r.transaction
        for r in fin.transactions.register(ana, account.id).rows
        if r.transaction.payee == "LIDL Dresden"
    )
    assert new.category_id == GROCERIES


def test_the_rule_only_leaves_the_others(fin, db, make_user):
    ana = make_user("Ana")
    account, rows = imported(fin, ana)
    lidl = rows["Lidl Hamburg"]
    fin.transactions.edit_transaction(ana, lidl.id, category_id=GROCERIES)
    done = fin.rule_offers.accept(
        ana, lidl.id, contains="lidl", previous_category_id=None, recategorise=False
    )
    assert done.recategorised == 0
    assert [r.contains for r in fin.imports.list_rules(ana)] == ["lidl"]
    others = [r.transaction for r in fin.transactions.register(ana, account.id).rows]
    assert sum(1 for t in others if t.category_id == GROCERIES) == 1


def test_a_rule_with_that_text_and_another_category_is_changed(fin, db, make_user):
    ana = make_user("Ana")
    fin.imports.add_rule(ana, contains="lidl", category_id=DINING)
    account, rows = imported(fin, ana)
    lidl = rows["LIDL 1234 Berlin"]
    assert lidl.category_id == DINING  # the rule put it there
    fin.transactions.edit_transaction(ana, lidl.id, category_id=GROCERIES)
    offer = fin.rule_offers.offer(ana, lidl.id, DINING)
    assert offer is not None
    assert (offer.rule_category, offer.previous_category) == ("Dining out", "Dining out")
    assert offer.others == 3  # the other three the rule put in Dining out
    done = fin.rule_offers.accept(
        ana, lidl.id, contains="LIDL", previous_category_id=DINING, recategorise=True
    )
    assert (done.was, done.recategorised) == ("Dining out", 3)
    rules = fin.imports.list_rules(ana)
    assert [(r.contains, r.category_id) for r in rules] == [("lidl", GROCERIES)]
    edited = audit(db, "finance.payee_rule.edited")
    assert len(edited) == 1
    assert (edited[0].before["category"], edited[0].after["category"]) == (
        "Dining out",
        "Groceries",
    )


def test_nothing_is_offered_for_typed_rows_or_an_unchanged_category(fin, db, make_user):
    ana = make_user("Ana")
    account, rows = imported(fin, ana)
    typed = fin.transactions.add_transaction(
        ana,
        account_id=account.id,
        amount="-5",
        date="2026-11-09",
        payee="LIDL",
        category_id=GROCERIES,
    )
    assert fin.rule_offers.offer(ana, typed.id, None) is None
    lidl = rows["LIDL 1234 Berlin"]
    assert fin.rule_offers.offer(ana, lidl.id, None) is None  # still uncategorised
    fin.transactions.edit_transaction(ana, lidl.id, category_id=GROCERIES)
    assert fin.rule_offers.offer(ana, lidl.id, GROCERIES) is None  # not changed
    with pytest.raises(ValidationError):
        fin.rule_offers.accept(
            ana, typed.id, contains="LIDL", previous_category_id=None, recategorise=True
        )
    with pytest.raises(ValidationError) as refused:  # not a part of the payee
        fin.rule_offers.accept(
            ana, lidl.id, contains="ALDI", previous_category_id=None, recategorise=True
        )
    assert "contains" in refused.value.errors
    # same text and category already, and nothing else to change: nothing offered
    fin.rule_offers.accept(
        ana, lidl.id, contains="LIDL", previous_category_id=None, recategorise=True
    )
    assert fin.rule_offers.offer(ana, lidl.id, None) is None


def test_another_person_cannot_use_or_see_the_offer(fin, db, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    _, rows = imported(fin, ana)
    lidl = rows["LIDL 1234 Berlin"]
    fin.transactions.edit_transaction(ana, lidl.id, category_id=GROCERIES)
    with pytest.raises(NotFound):
        fin.rule_offers.offer(ben, lidl.id, None)
    with pytest.raises(NotFound):
        fin.rule_offers.accept(
            ben, lidl.id, contains="LIDL", previous_category_id=None, recategorise=True
        )
    assert fin.imports.list_rules(ben) == ()
