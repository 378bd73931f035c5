"""The demo account in the app (Pilot, SQLite): signed in as the person the demo
generator filled, home has something in every tile and each area's screen opens
showing the made-up history."""

from __future__ import annotations

from dashboard_tui.demo import DemoGenerator
from tests.conftest import TEST_CLIENT
from tests.ui.pilot_helpers import SIZE, pilot_test, screen_text, settle, wait_until
from tests.ui.test_home import home_with_tiles, tile_texts

DAYS = 14


@pilot_test
async def test_every_area_opens_with_the_demo_history(build_app, logged_in, backend, clock):
    from dashboard_tui.family.ui.agenda import FamilyScreen
    from dashboard_tui.finance.ui.area import FinanceScreen
    from dashboard_tui.gym.ui.area import GymScreen
    from dashboard_tui.nutrition.ui.day import DayScreen

    DemoGenerator(
        backend.db, logged_in, today=clock().date(), days=DAYS, clock=clock, client=TEST_CLIENT
    ).run()
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        tiles = tile_texts(await home_with_tiles(pilot))
        for area in ("gym", "finance", "nutrition", "family"):
            assert len(tiles[area]) > 2, (area, tiles[area])  # figures, not a hint
        # (key, screen, text only the demo's data puts there)
        for key, screen, text in (
            ("1", GymScreen, "Push"),
            ("2", FinanceScreen, "Everyday checking"),
            ("3", DayScreen, "Oats"),
            ("4", FamilyScreen, "Swimming lesson"),
        ):
            await pilot.press(key)
            await settle(pilot, lambda screen=screen: isinstance(app.screen, screen))
            await wait_until(pilot, lambda text=text: text.lower() in screen_text(pilot).lower())
            app.go_home()
            await home_with_tiles(pilot)
