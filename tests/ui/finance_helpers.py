"""Arranging finance data through the real services, and reaching the finance screens."""

from __future__ import annotations

from dashboard_tui.finance.ui.area import FinanceScreen
from dashboard_tui.finance.ui.register import AccountRegisterScreen
from dashboard_tui.ui.home import HomeScreen
from dashboard_tui.widgets.paged_table import PagedTable
from tests.ui.pilot_helpers import settle


def finance_of(ctx):  # an AppContext's finance services
    from dashboard_tui.finance.services import FinanceService

    return ctx.services(FinanceService)


def category_id(backend, login, path):
    return next(
        c.id for c in finance_of(backend).categories.list_categories(login) if c.path == path
    )


def table_of(screen) -> PagedTable:
    return screen.query_one(PagedTable)


def loaded(table: PagedTable):
    return lambda: len(table.loaded_pages) > 0 and not table.loading


async def open_finance(pilot) -> FinanceScreen:
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
    await pilot.press("2")
    await settle(pilot, lambda: isinstance(app.screen, FinanceScreen) and app.screen.is_ready)
    return app.screen


async def open_register(pilot, name: str) -> AccountRegisterScreen:
    """From the accounts list: the cursor to `name`, enter."""
    app = pilot.app
    finance = app.screen
    table = table_of(finance)
    await settle(pilot, loaded(table))
    index = next(i for i, row in enumerate(rows(finance)) if row[0] == name)
    table.table.move_cursor(row=index)
    await pilot.press("enter")
    await settle(
        pilot, lambda: isinstance(app.screen, AccountRegisterScreen) and app.screen.is_ready
    )
    return app.screen


def rows(screen) -> list[tuple[str, ...]]:
    """The register's (or list's) cells as shown, top to bottom."""
    table = table_of(screen).table
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
