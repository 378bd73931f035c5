"""The CSV import screen as a person uses it (Pilot, both engines): `i` on the
accounts list, a file path, a preview, a mapping typed and saved as a profile, the
import, its summary; and snapshots of the screen at 120x40 and 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from dashboard_tui.config import Settings
from dashboard_tui.finance.ui.area import FinanceScreen
from dashboard_tui.finance.ui.importer import ImportScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from tests.ui.finance_helpers import finance_of, loaded, open_finance, rows, table_of
from tests.ui.pilot_helpers import SIZE, fill, pilot_test, screen_text, settle

BANK = (
    "Kontoauszug Girokonto\r\n"
    "Buchungstag;Betrag (EUR);Empfänger;Verwendungszweck\r\n"
    "03.11.2026;-45,10;LIDL Berlin;Wocheneinkauf\r\n"
    "02.11.2026;2.500,00;ACME GmbH;Gehalt November\r\n"
    "01.11.2026;-3,20;[b]Café[/b] Zoë;\r\n"
)


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "giro.csv"
    path.write_bytes(BANK.encode("latin-1"))
    return path


def preview_rows(screen) -> list[tuple[str, ...]]:
    table = screen.query_one("#import-preview", DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def status(screen) -> str:
    return str(screen.query_one("#import-status").render())


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    return Settings(database_url=db_url)


@pilot_test
async def test_import_a_csv_with_a_mapping_by_keyboard(
    build_app, logged_in, backend, clock, bank_file
):
    finance = finance_of(backend)
    main = finance.accounts.create_account(logged_in, name="Giro", opening_balance="100")
    groceries = next(
        c.id for c in finance.categories.list_categories(logged_in) if c.path == "Groceries"
    )
    finance.imports.add_rule(logged_in, contains="lidl", category_id=groceries)
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        accounts = await open_finance(pilot)
        await settle(pilot, loaded(table_of(accounts)))
        await pilot.press("i")
        await settle(pilot, lambda: isinstance(app.screen, ImportScreen))
        screen = app.screen
        # the file as it is: its first line is not the header, so nothing is found
        await pilot.press(*str(bank_file), "enter")
        await settle(pilot, lambda: "no date" in status(screen))
        # the mapping: skip one line, say which columns hold what (by name or number)
        await fill(pilot, **{"map-skip_rows": "1", "map-payee": "3", "map-memo": "4"})
        screen.query_one("#map-amount").focus()
        await pilot.press(*"Betrag", "enter")
        await settle(pilot, lambda: len(preview_rows(screen)) == 3)
        assert preview_rows(screen) == [
            ("3", "2026-11-03", "−45.10 EUR", "LIDL Berlin", "Wocheneinkauf", "Groceries (rule)"),
            ("4", "2026-11-02", "2,500.00 EUR", "ACME GmbH", "Gehalt November", ""),
            ("5", "2026-11-01", "−3.20 EUR", "[b]Café[/b] Zoë", "", ""),
        ]
        text = screen_text(pilot)
        assert "latin-1" in text and "dates d.m.Y" in text and "[b]Café[/b] Zoë" in text
        # saved as a profile, then loaded into an empty form
        screen.query_one("#import-profile").focus()
        await pilot.press(*"Sparkasse", "ctrl+s")
        await settle(pilot, lambda: "Profile “Sparkasse” saved" in status(screen))
        await fill(pilot, **{"map-skip_rows": "", "map-payee": "", "map-amount": ""})
        await pilot.press("ctrl+o")
        await settle(pilot, lambda: "loaded" in status(screen))
        assert screen.query_one("#map-amount").value == "Betrag"
        assert screen.query_one("#map-skip_rows").value == "1"
        # the import: asked first, then the summary
        await pilot.press("ctrl+g")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot, lambda: "Imported 3 of 3 rows" in status(screen))
        assert "1 categorised by rule" in status(screen)
        assert finance.accounts.get_account(logged_in, main.id).balance_minor == 10000 + 245170
        # again: nothing new
        await pilot.press("ctrl+g")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot, lambda: "Imported 0 of 3 rows" in status(screen))
        assert "3 already imported" in status(screen)
        # back on the accounts list, the balance is the new one
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, FinanceScreen))
        await settle(pilot, lambda: rows(app.screen)[0][3] == "2,551.70 EUR")
        (profile,) = finance.imports.list_profiles(logged_in)
        assert profile.mapping["amount"] == "Betrag" and profile.mapping["skip_rows"] == 1


@pilot_test
async def test_a_bad_file_is_named_and_nothing_comes_in(build_app, logged_in, backend, tmp_path):
    finance = finance_of(backend)
    main = finance.accounts.create_account(logged_in, name="Giro")
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Amount,Payee\n2026-11-01,-1,A\n2026-11-02,x1,B\n")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        accounts = await open_finance(pilot)
        await settle(pilot, loaded(table_of(accounts)))
        await pilot.press("i")
        await settle(pilot, lambda: isinstance(app.screen, ImportScreen))
        screen = app.screen
        await pilot.press(*str(tmp_path / "nope.csv"), "enter")
        await settle(pilot, lambda: "No such file" in status(screen))
        await fill(pilot, **{"import-path": str(bad), "map-skip_rows": "many"})
        await pilot.press("enter")
        await settle(pilot, lambda: "Skip lines: A whole number" in status(screen))
        await fill(pilot, **{"map-skip_rows": ""})
        await pilot.press("enter")
        await settle(pilot, lambda: len(preview_rows(screen)) == 2)
        assert preview_rows(screen)[1][0] == "3" and "amount" in preview_rows(screen)[1][3].lower()
        await pilot.press("ctrl+g")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot, lambda: "line 3, column 'Amount'" in status(screen))
        assert finance.accounts.get_account(logged_in, main.id).balance_minor == 0
