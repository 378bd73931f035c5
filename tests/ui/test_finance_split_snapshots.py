"""Snapshots of the split form (filled from a split, and new with a part in error)
and of the register in reconcile mode, at 120x40 and 80x24, on the finance snapshots'
fixed data. Update with `--snapshot-update -k split` and look at them."""

from __future__ import annotations

from textual.pilot import Pilot

from dashboard_tui.finance.ui.split import SplitFormModal
from tests.ui.finance_helpers import rows
from tests.ui.pilot_helpers import both_sizes, no_cursor_blink, settle
from tests.ui.test_finance_snapshots import money, run, to_register  # noqa: F401 - fixture
from tests.ui.test_snapshots import ui_settings  # noqa: F401 - the fixture


async def to_split_edit(pilot: Pilot) -> None:
    await to_register(pilot)
    register = pilot.app.screen
    index = next(i for i, r in enumerate(rows(register)) if r[1] == "Market hall")
    register.table.table.move_cursor(row=index)
    await pilot.press("e")
    await settle(pilot, lambda: isinstance(pilot.app.screen, SplitFormModal))
    no_cursor_blink(pilot)


async def to_bad_split(pilot: Pilot) -> None:
    await to_register(pilot)
    await pilot.press("s")
    await settle(pilot, lambda: isinstance(pilot.app.screen, SplitFormModal))
    form = pilot.app.screen
    form.query_one("#amount").value = "30"
    form.query_one("#payee").value = "[b]Corner shop[/b]"
    first, second = form.rows()
    first.category.value, first.amount.value = "Groceries", "12.50"
    second.category.value, second.amount.value = "Nowhere", "10"
    await pilot.press("enter")
    await settle(pilot, lambda: second.has_class("-invalid"))
    no_cursor_blink(pilot)


@both_sizes
def test_finance_split_form_filled(snap_compare, money, build_app, size):  # noqa: F811
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_split_edit))


@both_sizes
def test_finance_split_form_error(snap_compare, money, build_app, size):  # noqa: F811
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_bad_split))


async def to_reconcile_form(pilot: Pilot) -> None:
    await to_register(pilot)
    await pilot.press("R")
    await settle(pilot, lambda: type(pilot.app.screen).__name__ == "FormModal")
    form = pilot.app.screen
    form.query_one("#statement_balance").value = "2 656.83"
    form.query_one("#statement_date").value = "2026-11-30"
    await pilot.pause()
    no_cursor_blink(pilot)


async def to_reconciling(pilot: Pilot) -> None:
    await to_reconcile_form(pilot)
    register = pilot.app.screen_stack[-2]
    await pilot.press("enter")
    await settle(pilot, lambda: getattr(pilot.app.screen, "reconciling", None) is not None)
    index = next(i for i, r in enumerate(rows(register)) if r[1] == "Lidl")
    register.table.table.move_cursor(row=index)
    await pilot.press("space")
    await settle(pilot, lambda: rows(register)[index][5] == "✓")


@both_sizes
def test_finance_reconcile_form(snap_compare, money, build_app, size):  # noqa: F811
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_reconcile_form))


@both_sizes
def test_finance_reconciling(snap_compare, money, build_app, size):  # noqa: F811
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_reconciling))


async def to_history(pilot: Pilot) -> None:
    await to_register(pilot)
    register = pilot.app.screen
    index = next(i for i, r in enumerate(rows(register)) if r[1] == "Landlord")
    register.table.table.move_cursor(row=index)
    await pilot.press("h")
    await settle(pilot, lambda: type(pilot.app.screen).__name__ == "AuditScreen")
    no_cursor_blink(pilot)


@both_sizes
def test_finance_transaction_history(snap_compare, money, build_app, size):  # noqa: F811
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_history))
