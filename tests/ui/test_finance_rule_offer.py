"""The payee rule offered when an imported transaction is re-categorised in the
register (Pilot, both engines): e on an imported row, a new category, saved; the
modal asks with the payee's text and how many others would move; the text changed
(the count follows), yes with the others; the rule is kept and the others moved. A
row typed by hand is never offered one. Snapshots of the modal at 120x40 and 80x24."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from dashboard_tui.finance.importer import Mapping
from dashboard_tui.finance.ui.register import AccountRegisterScreen, TransactionFormModal
from dashboard_tui.finance.ui.rule_offer import RuleOfferModal
from tests.ui.finance_helpers import category_id, finance_of, open_finance, open_register, rows
from tests.ui.pilot_helpers import both_sizes, fill, pilot_test, screen_text, settle
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture

BANK = (
    "Date,Amount,Payee\n"
    "2026-11-01,-45.10,LIDL 1234 Berlin\n"
    "2026-11-02,-12.00,Lidl Hamburg\n"
    "2026-11-03,-7.99,lidl online\n"
    "2026-11-04,-3.20,Coffee Corner\n"
    "2026-11-05,-9.00,[b]Bazaar[/b] 77\n"
)


def arrange(backend, login):
    finance = finance_of(backend)
    main = finance.accounts.create_account(login, name="Giro", opening_balance="100")
    finance.imports.import_csv(login, BANK.encode(), Mapping(), account_id=main.id)
    return main


async def recategorise(pilot: Pilot, payee: str, category: str) -> AccountRegisterScreen:
    app = pilot.app
    await open_finance(pilot)
    register = await open_register(pilot, "Giro")
    index = next(i for i, r in enumerate(rows(register)) if r[1] == payee)
    register.table.table.move_cursor(row=index)
    await pilot.press("e")
    await settle(pilot, lambda: isinstance(app.screen, TransactionFormModal))
    await fill(pilot, category=category)
    await pilot.press("enter")
    return register


@pilot_test
async def test_recategorising_an_imported_payee_offers_a_rule(build_app, logged_in, backend):
    main = arrange(backend, logged_in)
    finance = finance_of(backend)
    groceries = category_id(backend, logged_in, "Groceries")
    app = build_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        register = await recategorise(pilot, "Lidl Hamburg", "Groceries")
        await settle(pilot, lambda: isinstance(app.screen, RuleOfferModal))
        modal = app.screen
        assert modal.query_one("#contains").value == "Lidl Hamburg"
        also = modal.query_one("#also", Select)
        await settle(pilot, lambda: "no other imported transaction matches" in screen_text(pilot))
        assert "in Groceries?" in screen_text(pilot)
        # a wider text: the count follows; the others chosen too
        await fill(pilot, contains="lidl")
        await settle(pilot, lambda: "move the 2 others too" in screen_text(pilot))
        assert also.value == "all"
        modal.query_one("#contains").focus()
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is register)
        said = "Payees containing “lidl” go to Groceries; 2 other transactions moved too."
        await settle(pilot, lambda: said in [str(n.message) for n in app._notifications])
        await settle(
            pilot,
            lambda: (
                [r[2] for r in rows(register) if r[1].lower().startswith("lidl")]
                == ["Groceries"] * 3
            ),
        )
    rules = finance.imports.list_rules(logged_in)
    assert [(r.contains, r.category_id) for r in rules] == [("lidl", groceries)]
    assert main.id  # the account the rows are in


@pilot_test
async def test_no_rule_is_offered_for_a_row_typed_by_hand(build_app, logged_in, backend):
    finance = finance_of(backend)
    main = arrange(backend, logged_in)
    finance.transactions.add_transaction(
        logged_in, account_id=main.id, amount="-1", date="2026-11-20", payee="Typed shop"
    )
    app = build_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        register = await recategorise(pilot, "Typed shop", "Groceries")
        await settle(pilot, lambda: app.screen is register)
        await settle(
            pilot, lambda: next(r for r in rows(register) if r[1] == "Typed shop")[2] == "Groceries"
        )
        await settle(pilot, lambda: not register.is_busy("rule-offer"))
        await pilot.pause()
        assert app.screen is register
    assert finance.imports.list_rules(logged_in) == ()


@pilot_test
async def test_a_payee_that_looks_like_markup_shows_literally(build_app, logged_in, backend):
    arrange(backend, logged_in)
    app = build_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await recategorise(pilot, "[b]Bazaar[/b] 77", "Groceries")
        await settle(pilot, lambda: isinstance(app.screen, RuleOfferModal))
        assert app.screen.query_one("#contains").value == "[b]Bazaar[/b]"
        await settle(pilot, lambda: "A rule for [b]Bazaar[/b] 77?" in screen_text(pilot))


@pytest.fixture
def giro(logged_in, backend):
    return arrange(backend, logged_in)


def to_offer(pilot_payee: str):
    async def run_before(pilot: Pilot) -> None:
        await showing("HomeScreen")(pilot)
        await recategorise(pilot, pilot_payee, "Groceries")
        await showing("RuleOfferModal")(pilot)
        await settle(pilot, lambda: not pilot.app.screen.is_busy("count"))

    return run_before


@both_sizes
def test_finance_rule_offer(snap_compare, giro, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=to_offer("LIDL 1234 Berlin"))
