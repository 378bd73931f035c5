"""Splits, reconciling and a transaction's own history in the register, by keyboard
(Pilot; what the UI did is checked through the services on the same database, SQLite
and PostgreSQL)."""

from __future__ import annotations

import pytest

from dashboard_tui.audit.history import AuditFilters
from dashboard_tui.config import Settings
from dashboard_tui.finance.ui.split import SplitFormModal
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.form_modal import FormModal
from tests.support import history_of
from tests.ui.finance_helpers import (
    category_id,
    finance_of,
    loaded,
    open_finance,
    open_register,
    rows,
    table_of,
)
from tests.ui.gym_helpers import field_error, value_of
from tests.ui.pilot_helpers import SIZE, burst, pilot_test, screen_text, settle


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """These journeys run on both engines (db_url is parametrized)."""
    return Settings(database_url=db_url)


def part_values(form) -> list[tuple[str, str, str]]:
    return [(r.category.value, r.amount.value, r.memo.value) for r in form.rows()]


def tally_of(form) -> str:
    return str(form.query_one("#split-tally").render())


@pilot_test
async def test_a_split_entered_by_keyboard_then_edited(build_app, logged_in, backend, clock):
    finance = finance_of(backend)
    main = finance.accounts.create_account(logged_in, name="Main", opening_balance="100")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        register = await open_register(pilot, "Main")
        # s, then the whole form as one burst: date, payee, amount, notes, two parts,
        # a third row added with ctrl+n whose empty amount takes what is left
        keys = ["s", "tab", *"Market hall", "tab", *"60", "tab", *"weekly"]
        keys += ["tab", *"Groceries:Market", "tab", *"35", "tab", *"veg"]
        keys += ["tab", *"Household", "tab", *"20"]
        await burst(pilot, *keys)  # s and the keys after it: all land in the form
        await settle(pilot, lambda: isinstance(app.screen, SplitFormModal))
        form = app.screen
        await settle(pilot, lambda: "−5.00 EUR left to assign" in tally_of(form))
        await burst(pilot, "ctrl+n")
        await settle(pilot, lambda: len(form.rows()) == 3)
        await burst(pilot, *"Gifts")
        await settle(pilot, lambda: "the part with no amount takes it" in tally_of(form))
        await pilot.press("right")  # takes the suggestion: Gifts & donations
        await settle(pilot, lambda: form.rows()[2].category.value == "Gifts & donations")
        await burst(pilot, "enter")
        await settle(pilot, lambda: app.screen is register)
        await settle(pilot, lambda: len(rows(register)) == 1)
        shown = rows(register)[0]
        assert shown[1:5] == (
            "Market hall",
            "split (3): Market, Household, Gifts & donations",
            "−60.00 EUR",
            "40.00 EUR",
        )
        t = finance.transactions.register(logged_in, main.id).rows[0].transaction
        assert (t.amount_minor, t.memo) == (-6000, "weekly")
        assert [(p.category, p.amount_minor, p.memo) for p in t.splits] == [
            ("Groceries:Market", -3500, "veg"),
            ("Household", -2000, ""),
            ("Gifts & donations", -500, ""),
        ]

        # e opens the split form filled; a part that breaks the sum is refused
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, SplitFormModal))
        form = app.screen
        assert value_of(form, "amount") == "-60.00"
        assert part_values(form)[0] == ("Groceries:Market", "-35.00", "veg")
        form.rows()[1].amount.value = "-25.00"
        await settle(pilot, lambda: "−5.00 EUR left to assign" not in tally_of(form))
        assert "Parts −65.00 EUR of −60.00 EUR" in tally_of(form)
        await pilot.press("enter")
        await settle(pilot, lambda: "not assigned" in str(form.query_one("#split-error").render()))
        assert app.screen is form  # refused: what was typed stays
        assert form.rows()[1].amount.value == "-25.00"
        # the third part removed (ctrl+r on its row): the parts add up again
        form.rows()[2].category.focus()
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: len(form.rows()) == 2)
        form.query_one("#amount").value = "-60"
        await settle(pilot, lambda: "add up to the whole" in tally_of(form))
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is register)
        await settle(pilot, lambda: rows(register)[0][2] == "split (2): Market, Household")
    t = finance.transactions.get_transaction(logged_in, t.id)
    assert [p.amount_minor for p in t.splits] == [-3500, -2500]
    assert finance.accounts.get_account(logged_in, main.id).balance_minor == 4000


@pilot_test
async def test_a_split_part_with_an_unknown_category_is_named(build_app, logged_in, backend):
    finance_of(backend).accounts.create_account(logged_in, name="Main")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        register = await open_register(pilot, "Main")
        await pilot.press("s")
        await settle(pilot, lambda: isinstance(app.screen, SplitFormModal))
        form = app.screen
        form.query_one("#amount").value = "10"
        first, second = form.rows()
        first.category.value, first.amount.value = "Groceries", "4"
        second.category.value, second.amount.value = "[b]Nope[/b]", "6"
        await pilot.press("enter")
        await settle(pilot, lambda: second.has_class("-invalid"))
        assert "Choose a category" in str(second.query_one(".split-error").render())
        assert not first.has_class("-invalid")
        assert "[b]Nope[/b]" in screen_text(pilot)  # shown literally, kept
        second.category.value = "Household"
        form.query_one("#date").value = "someday"
        await pilot.press("enter")
        await settle(pilot, lambda: field_error(form, "date") != "")
        form.query_one("#date").value = "2026-11-20"
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is register and len(rows(register)) == 1)
        assert rows(register)[0][3] == "−10.00 EUR"
    assert category_id(backend, logged_in, "Household")


@pilot_test
async def test_reconcile_to_zero_by_keyboard(build_app, logged_in, backend, clock):
    finance = finance_of(backend)
    main = finance.accounts.create_account(logged_in, name="Main", opening_balance="100")
    made = {}
    for day, payee, amount in (
        ("2026-11-02", "Rent", "-40"),
        ("2026-11-05", "Pay", "+200"),
        ("2026-11-09", "Kiosk", "-1"),
        ("2026-12-03", "Late", "-7.50"),
    ):
        clock.advance(minutes=1)
        made[payee] = finance.transactions.add_transaction(
            logged_in, account_id=main.id, date=day, payee=payee, amount=amount
        )
    for payee in ("Rent", "Pay", "Late"):
        finance.transactions.set_status(logged_in, made[payee].id, "cleared")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_finance(pilot)
        register = await open_register(pilot, "Main")
        assert [r[1] for r in rows(register)] == ["Late", "Kiosk", "Pay", "Rent"]
        await pilot.press("R")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await burst(pilot, *"259", "tab")
        await burst(pilot, "ctrl+u", *"2026-11-30", "enter")
        await settle(pilot, lambda: app.screen is register and register.reconciling is not None)
        await settle(pilot, loaded(table_of(register)))
        # the cleared rows up to the statement date start ticked; December's does not
        assert [r[5] for r in rows(register)] == ["", "", "✓", "✓"]
        assert "difference −1.00 EUR" in bar_of(register)
        assert "f finishes" not in bar_of(register)
        await pilot.press("f")  # not yet: the difference is not zero (f is disabled)
        await settle(pilot)
        assert register.reconciling is not None
        assert finance.transactions.get_transaction(logged_in, made["Rent"].id).status == "cleared"
        await pilot.press("space")  # on Late: after the statement date
        await settle(pilot, lambda: any("after the statement" in m for m in notes(app)))
        await pilot.press("j", "space")  # Kiosk ticked
        await settle(pilot, lambda: rows(register)[1][5] == "✓")
        assert "difference 0: f finishes" in bar_of(register)
        await pilot.press("f")
        await settle(pilot, lambda: register.reconciling is None)
        await settle(pilot, lambda: [r[5] for r in rows(register)] == ["*", "R", "R", "R"])
        assert "balance" in screen_text(pilot)

        # a new reconcile, cancelled with escape: nothing changes
        await pilot.press("R")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await burst(pilot, *"251.50", "tab", "ctrl+u", *"2026-12-31", "enter")
        await settle(pilot, lambda: app.screen is register and register.reconciling is not None)
        await settle(pilot, lambda: "difference 0" in bar_of(register))
        await pilot.press("escape")
        await settle(pilot, lambda: register.reconciling is None)
        await settle(pilot, lambda: rows(register)[0][5] == "*")

        # editing a reconciled row asks first
        await pilot.press("j", "e")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "reconciled" in app.screen.prompt
        await pilot.press("n")
        await settle(pilot, lambda: app.screen is register)
    statuses = {
        p: finance.transactions.get_transaction(logged_in, t.id).status for p, t in made.items()
    }
    assert statuses == {
        "Rent": "reconciled",
        "Pay": "reconciled",
        "Kiosk": "reconciled",
        "Late": "cleared",
    }
    page = history_of(backend).page(logged_in, AuditFilters(action="finance.transaction.edited"))
    assert len(page.entries) == 3 + 3  # three cleared by hand, three reconciled


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def bar_of(register) -> str:
    return str(register.query_one("#reconcile-bar").render())


@pilot_test
async def test_h_shows_the_transactions_own_history(build_app, logged_in, backend, clock):
    from dashboard_tui.audit.ui.history import AuditScreen

    finance = finance_of(backend)
    main = finance.accounts.create_account(logged_in, name="Main")
    clock.advance(minutes=1)
    other = finance.transactions.add_transaction(
        logged_in, account_id=main.id, payee="Other", amount="-2"
    )
    clock.advance(minutes=1)
    mine = finance.transactions.add_transaction(
        logged_in, account_id=main.id, payee="Lidl", amount="-5"
    )
    clock.advance(minutes=1)
    finance.transactions.edit_transaction(logged_in, mine.id, amount="-6")
    finance.transactions.set_status(logged_in, mine.id, "cleared")
    finance.transactions.edit_transaction(logged_in, other.id, amount="-3")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        register = await open_register(pilot, "Main")
        assert rows(register)[0][1] == "Lidl"
        await pilot.press("h")
        await settle(pilot, lambda: isinstance(app.screen, AuditScreen))
        audit = app.screen
        await settle(pilot, loaded(table_of(audit)))
        shown = rows(audit)
        assert [r[1] for r in shown] == [
            "finance.transaction.edited",
            "finance.transaction.edited",
            "finance.transaction.created",
        ]
        assert all("Lidl" in r[-1] for r in shown)
        assert "The history of" in screen_text(pilot)
        await pilot.press("escape")  # back to the register, not home
        await settle(pilot, lambda: app.screen is register)
        await pilot.press("h")
        await settle(pilot, lambda: isinstance(app.screen, AuditScreen))
        audit = app.screen
        await pilot.press("c")  # clear filters: everything again
        await settle(pilot, lambda: len(rows(audit)) > 3 and not table_of(audit).loading)
        assert any("Other" in r[-1] for r in rows(audit))
