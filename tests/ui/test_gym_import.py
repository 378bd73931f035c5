"""Bringing in Strong/Hevy history from the gym area (Pilot on a temporary SQLite
file; what was stored is checked through the services): the palette entry, the
review of unmatched names (map to a catalog exercise, make an own one), the import,
and the unit asked for next to its field."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from dashboard_tui.gym.ui.importer import GymImportScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from tests.support import gym_of
from tests.ui.gym_helpers import on, open_gym, type_keys
from tests.ui.pilot_helpers import SIZE, fill, pilot_test, run_command, settle

FILES = Path(__file__).parent.parent / "data" / "gym_import"


def status(screen) -> str:
    return str(screen.query_one("#import-status", Static).render())


@pilot_test
async def test_review_map_create_and_import_from_the_palette(logged_in, backend, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_gym(pilot)
        await run_command(pilot, "import", "Import")
        await settle(pilot, on(app, GymImportScreen))
        screen = app.screen
        await fill(
            pilot, **{"gym-import-path": str(FILES / "hevy_kg.csv"), "gym-import-format": "hevy"}
        )
        screen.query_one("#gym-import-format").focus()
        await pilot.press("enter")
        await settle(pilot, lambda: "3 names to map" in status(screen))
        table = screen.query_one("#import-preview", DataTable)
        assert table.has_focus and table.row_count == 4

        await pilot.press("m")  # Bench Press (Barbell) → the catalog's barbell bench press
        await settle(pilot, lambda: type(app.screen).__name__ == "ExercisePicker")
        await type_keys(pilot, "barbell bench")
        await pilot.press("enter")
        await settle(pilot, lambda: "2 names to map" in status(screen))
        await pilot.press("ctrl+g")  # names still unresolved: said, not asked
        await settle(pilot)
        assert app.screen is screen and "2 names to map (m)" in status(screen)
        await pilot.press("down", "c", "down", "c")
        await settle(pilot, lambda: "ctrl+g imports" in status(screen))
        await pilot.press("ctrl+g")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot, lambda: "Imported 2 workouts with 6 sets" in status(screen))
        assert "2 exercises created" in status(screen)

    gym = gym_of(backend)
    assert len(gym.workouts.list_workouts(logged_in).rows) == 2
    parsed_names = {
        m.name: (m.catalog_name, m.remembered) for m in gym.imports.review(logged_in, screen.parsed)
    }
    assert parsed_names["Bench Press (Barbell)"] == ("Barbell Bench Press", True)
    assert parsed_names["Bent Over Row (Barbell)"] == ("Bent Over Row (Barbell)", True)


@pilot_test
async def test_the_unit_is_asked_for_next_to_its_field(logged_in, backend, build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_gym(pilot)
        await pilot.press("i")
        await settle(pilot, on(app, GymImportScreen))
        screen = app.screen
        await fill(
            pilot,
            **{
                "gym-import-path": str(FILES / "strong_comma_no_unit.csv"),
                "gym-import-format": "strong",
            },
        )
        await pilot.press("enter")
        await settle(pilot, lambda: status(screen).startswith("Unit:"))
        assert screen.query_one("#gym-import-unit").has_focus
        await type_keys(pilot, "kg")
        await pilot.press("enter")
        await settle(pilot, lambda: "1 workout, 4 sets" in status(screen))
