"""Snapshots of the budget screen and its edit form, on the finance snapshots' data
(November 2026, the fixed clock's month) with budgets: one carried from October, one
overspent, a category named like markup. Update with
`pytest tests/ui/test_finance_budget_snapshots.py --snapshot-update` and look at them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from dashboard_tui.finance.ui.budget import BudgetScreen
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.finance_helpers import finance_of
from tests.ui.pilot_helpers import both_sizes, settle
from tests.ui.test_finance_snapshots import in_finance, money  # noqa: F401 - the fixture
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def budgets(money, logged_in, backend):  # noqa: F811 - the fixture, used
    finance = finance_of(backend)
    cats = {c.path: c.id for c in finance.categories.list_categories(logged_in)}
    odd = finance.categories.create_category(logged_in, name="[b]Fun[/b]")
    plan = (
        ("2026-10", "Groceries:Supermarket", "80"),
        ("2026-11", "Groceries:Supermarket", "100"),
        ("2026-11", "Housing:Rent", "900"),
        ("2026-11", "Dining out:Coffee & snacks", "20"),
        ("2026-11", "Household", "20"),
    )
    for month, path, amount in plan:
        finance.budgets.set_budget(logged_in, category_id=cats[path], month=month, amount=amount)
    finance.budgets.set_budget(logged_in, category_id=odd.id, month="2026-11", amount="15")


def run(then=None):
    async def run_before(pilot: Pilot) -> None:
        await in_finance(pilot)
        await pilot.press("b")
        await settle(
            pilot, lambda: isinstance(pilot.app.screen, BudgetScreen) and pilot.app.screen.is_ready
        )
        if then is not None:
            await then(pilot)
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


async def to_form(pilot: Pilot) -> None:
    await pilot.press("e")
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))


@both_sizes
def test_finance_budget(snap_compare, budgets, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run())


@both_sizes
def test_finance_budget_form(snap_compare, budgets, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_form))
