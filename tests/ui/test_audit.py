"""The audit history screen, the number keys, the palette, and user text shown
literally in all of them (Pilot, on a temporary SQLite database)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Select

from dashboard_tui.account.ui.settings import SettingsScreen
from dashboard_tui.audit.ui.history import AuditDetailScreen, AuditScreen
from dashboard_tui.db import audit_chain
from dashboard_tui.db.audit_chain import ClientInfo
from dashboard_tui.gym.ui.area import GymScreen
from dashboard_tui.ui.help import HelpScreen
from dashboard_tui.ui.home import HomeScreen
from dashboard_tui.widgets.paged_table import PagedDataTable, PagedTable
from dashboard_tui.widgets.text import clean
from tests.conftest import TEST_CLIENT
from tests.support import FIXED_NOW, history_of
from tests.ui.pilot_helpers import PASSWORD, SIZE, fill, pilot_test, screen_text, settle


def seed(backend, login, action, *, at=None, client=TEST_CLIENT, **fields):
    """One audit row in `login`'s chain, as a service would write it."""
    with backend.db.transaction(user_id=login.user.id) as s:
        row = audit_chain.record(
            s, action=action, at=at or FIXED_NOW, client=client, user_id=login.user.id, **fields
        )
        return row.id


def on(app, screen_type):
    return lambda: isinstance(app.screen, screen_type)


def table_actions(screen) -> list[str]:
    table = screen.query_one(PagedTable).table
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def open_audit(pilot):
    app = pilot.app
    await settle(pilot, on(app, HomeScreen))
    await pilot.press("5")
    await settle(pilot, on(app, AuditScreen))
    # The first page is requested on mount and may still be on its way.
    paged = app.screen.query_one(PagedTable)
    await settle(pilot, lambda: len(paged.loaded_pages) > 0 and not paged.loading)
    return app.screen


@pytest.fixture
def history(logged_in, backend):
    """Ada's history, newest first: settings.changed, auth.login, user.register."""
    backend.profiles.update(
        logged_in, weight_unit="lb", currency="USD", timezone="UTC", theme="textual-dark"
    )
    return logged_in


# -- journeys --------------------------------------------------------------------------
@pilot_test
async def test_audit_opens_from_home_newest_first_with_the_chain_state(history, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_audit(pilot)
        assert table_actions(screen) == ["settings.changed", "auth.login", "user.register"]
        text = screen_text(pilot)
        assert "Audit chain: verified, 3 entries" in text
        assert "User" in text  # Ada is the admin: whose history each row is
        await pilot.press("escape")
        await settle(pilot, on(app, HomeScreen))
        app.screen.query_one("#areas").highlighted = 4  # the list works too
        await pilot.press("enter")
        await settle(pilot, on(app, AuditScreen))


@pilot_test
async def test_filter_by_area_action_and_dates(history, build_app, backend, clock):
    seed(
        backend,
        history,
        "gym.workout.deleted",
        entity="workout",
        entity_id="w1",
        at=FIXED_NOW + timedelta(days=1),
    )
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_audit(pilot)
        assert len(table_actions(screen)) == 4
        await pilot.press("f")
        assert isinstance(app.focused, Select)
        await pilot.press("escape")  # from the filter bar back to the table, not home
        assert isinstance(app.focused, PagedDataTable) and app.screen is screen
        await pilot.press("f")
        screen.query_one("#area", Select).value = "settings"
        await settle(pilot, lambda: table_actions(screen) == ["settings.changed"])

        await pilot.press("c")  # clear filters
        await settle(pilot, lambda: len(table_actions(screen)) == 4)

        await fill(pilot, action="AUTH.")
        screen.query_one("#action", Input).focus()
        await pilot.press("enter")
        await settle(pilot, lambda: table_actions(screen) == ["auth.login"])
        assert isinstance(app.focused, PagedDataTable)  # enter went back to the table

        await fill(pilot, action="", date_from="2026-11-23")
        screen.query_one("#date_from", Input).focus()
        await pilot.press("enter")
        await settle(pilot, lambda: table_actions(screen) == ["gym.workout.deleted"])

        await fill(pilot, date_from="someday")  # refused next to the field; rows stay
        screen.query_one("#date_from", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "Use a date like 2026-11-21" in screen_text(pilot)
        assert table_actions(screen) == ["gym.workout.deleted"]
        assert app.focused is screen.query_one("#date_from", Input)


@pilot_test
async def test_text_filter_with_slash_and_escape(history, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_audit(pilot)
        await pilot.press("slash")
        await pilot.press(*"SESSION")
        await pilot.press("enter")
        await settle(pilot, lambda: table_actions(screen) == ["auth.login"])
        assert "filter: SESSION" in screen_text(pilot)
        await pilot.press("escape")  # on the table: clears the filter, stays here
        await settle(pilot, lambda: len(table_actions(screen)) == 3)
        assert isinstance(app.screen, AuditScreen)
        await pilot.press("escape")  # no filter left: home
        await settle(pilot, on(app, HomeScreen))


@pilot_test
async def test_an_entry_shows_before_and_after_with_the_changed_fields_marked(history, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_audit(pilot)
        await pilot.press("enter")  # the newest: settings.changed
        await settle(pilot, lambda: bool(app.screen.query(".diff-row.-changed")))
        detail = app.screen
        assert isinstance(detail, AuditDetailScreen)
        text = screen_text(pilot)
        # Fields as a person names them, not columns.
        assert "~ Weight unit (changed)" in text and "~ Currency (changed)" in text
        assert "weight_unit" not in text and "updated_at" not in text
        unit_row = next(
            row
            for row in detail.query(".diff-row.-changed")
            if "Weight unit" in str(row.query_one(".diff-field").render())
        )
        before, after = (
            str(unit_row.query_one(c).render()) for c in (".diff-before", ".diff-after")
        )
        assert (before, after) == ("kg", "lb")
        await pilot.press("question_mark")  # help knows the modal's keys too
        await settle(pilot, on(app, HelpScreen))
        assert "Go to record" in screen_text(pilot)
        await pilot.press("escape", "escape")
        await settle(pilot, on(app, AuditScreen))


@pilot_test
async def test_jump_from_a_settings_change_to_settings(history, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_audit(pilot)
        await pilot.press("enter")
        await settle(pilot, on(app, AuditDetailScreen))
        await pilot.press("o")
        await settle(pilot, on(app, SettingsScreen))
        await pilot.press("escape")
        await settle(pilot, on(app, HomeScreen))


@pilot_test
async def test_jump_says_when_the_record_is_gone_or_not_reachable_yet(history, build_app, backend):
    other = backend.auth.login(history.user.email, PASSWORD)
    backend.auth.end_session(history, other.session_id)  # its auth.login stays in history
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_audit(pilot)
        actions = table_actions(screen)
        table = screen.query_one(PagedTable).table
        table.move_cursor(row=actions.index("auth.login"))  # the newest login: ended
        await pilot.press("enter")
        await settle(pilot, on(app, AuditDetailScreen))
        await pilot.press("o")
        await settle(pilot)
        assert "That login session no longer exists." in screen_text(pilot)
        assert isinstance(app.screen, AuditDetailScreen)
        await pilot.press("escape")
        await settle(pilot, on(app, AuditScreen))
        table.move_cursor(row=len(actions) - 1)  # user.register: the account, in settings
        await pilot.press("enter")
        await settle(pilot, on(app, AuditDetailScreen))
        await pilot.press("o")
        await settle(pilot, on(app, SettingsScreen))


@pilot_test
async def test_g_and_a_number_jumps_between_areas_but_not_while_typing(history, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_audit(pilot)
        await pilot.press("g", "6")
        await settle(pilot, on(app, SettingsScreen))
        await pilot.press("g", "5")  # the password field has focus: typed there
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#sessions").focus()
        await pilot.press("5")  # a bare digit does nothing off the home screen
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("g", "5")
        await settle(pilot, on(app, AuditScreen))
        screen = app.screen
        screen.query_one("#action", Input).focus()
        await pilot.press("g", "6", "1")  # typed, not navigation
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        assert screen.query_one("#action", Input).value == "g61"
        screen.query_one(PagedTable).focus()
        await pilot.press("g", "1")
        await settle(pilot, on(app, GymScreen))
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["HomeScreen", "GymScreen"]


@pilot_test
async def test_help_lists_the_audit_keys_and_the_global_ones(history, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_audit(pilot)
        await pilot.press("question_mark")
        await settle(pilot, on(app, HelpScreen))
        text = screen_text(pilot)
        for line in (
            "Verify chain",
            "Filters",
            "Filter",
            "Open",
            "Page down",
            "First row",
            "Audit history",
            "Command palette",
            "Log out",
        ):
            assert line in text, line


@pilot_test
async def test_the_palette_offers_this_screens_actions_and_finds_audit_entries(history, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_audit(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, on(app, CommandPalette))
        await pilot.press(*"verify")
        await settle(pilot)
        assert "Verify chain" in screen_text(pilot)
        assert "Audit: v" in screen_text(pilot)  # the key is named with it
        await pilot.press("enter")
        await settle(pilot, on(app, AuditScreen))
        assert "Audit chain: verified, 3 entries" in screen_text(pilot)

        await pilot.press("ctrl+p")
        await settle(pilot, on(app, CommandPalette))
        await pilot.press(*"settings.chan")
        await settle(pilot, lambda: "Audit: settings.changed Settings" in screen_text(pilot))
        await pilot.press("down")
        while "Audit: settings.changed" not in str(
            app.screen.query_one("CommandList").highlighted_option.prompt
        ):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot, on(app, AuditDetailScreen))
        assert app.screen.entry.action == "settings.changed"
        assert "~ Weight unit (changed)" in screen_text(pilot)


# -- a member's view -------------------------------------------------------------------
@pilot_test
async def test_a_member_has_no_user_column_and_sees_only_their_history(
    user, backend, build_app, token_store
):
    ben = backend.auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD).login
    token_store.set(ben.token)
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_audit(pilot)
        assert table_actions(screen) == ["auth.login", "user.register"]
        assert "ada@example.com" not in screen_text(pilot)
        assert "User" not in [
            str(c.label) for c in screen.query_one(PagedTable).table.columns.values()
        ]


# -- user text is shown literally everywhere -------------------------------------------------
PAYLOADS = {
    "markup": "[b]x[/b]",
    "closing-tag": "[/]",
    "click": "[@click=app.quit]x[/]",
    "ansi": "\x1b[31mred",
    "osc-title": "\x1b]0;title\x07",
    "nul": "a\x00b",
    "rtl-override": "\u202eevil",
    "long": "L" * 10_000,
}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
@pilot_test
async def test_user_text_is_literal_in_table_detail_notification_and_palette(
    payload, logged_in, backend, build_app
):
    """One entry carrying the payload in every field a person or a device can put
    text into: action, entity, entity id, host, client, field names and values."""
    seed(
        backend,
        logged_in,
        f"zz.{payload}",
        at=FIXED_NOW + timedelta(minutes=1),
        client=ClientInfo(payload, payload),
        entity=payload,
        entity_id=f"mark{payload}",
        before={payload: payload, "same": payload},
        after={payload: f"{payload}!", "same": payload},
    )
    shown = clean(payload)[:60]
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_audit(pilot)
        text = screen_text(pilot)
        assert f"zz.{shown}"[:15] in text  # the table (its columns fitted to the width)
        assert "\x1b" not in text and "\u202e" not in text and "\x00" not in text

        await pilot.press("enter")  # the detail: field names, before and after
        await settle(pilot, lambda: bool(app.screen.query(".diff-row.-changed")))
        text = screen_text(pilot)
        assert shown[:30] in text
        if len(payload) < 60:
            assert f"{shown}!" in text  # the after value, whole

        await pilot.press("o")  # the notification names the entity
        await settle(pilot)
        notes = [n.message for n in app._notifications]
        assert any(clean(payload)[:50] in message for message in notes)
        assert shown[:20] in screen_text(pilot)

        await pilot.press("escape")
        await settle(pilot, on(app, AuditScreen))
        await pilot.press("ctrl+p")  # the palette finds it by its entity id
        await settle(pilot, on(app, CommandPalette))
        await pilot.press(*"mark")
        await settle(pilot, lambda: "Audit: zz." in screen_text(pilot))
        text = screen_text(pilot)
        assert f"Audit: zz.{shown}"[:40] in text
        assert "\x1b" not in text and "\u202e" not in text

        assert app.is_running and app.return_code is None  # nothing acted (no quit)
        assert isinstance(app.screen, CommandPalette)

        await pilot.press("escape")  # the text filter: shown in the table's status line
        await settle(pilot, on(app, AuditScreen))
        app.clear_notifications()
        paged = app.screen.query_one(PagedTable)
        paged.set_filter(payload)
        await settle(pilot)
        status = str(paged.query_one(".paged-status").render())
        assert f"filter: {shown}"[:40] in status  # (a toast may cover its right end)
        assert f"filter: {shown}"[:12] in screen_text(pilot)
        assert app.is_running and app.return_code is None


# -- the paged table never holds every row --------------------------------------------------
@pilot_test
async def test_five_thousand_entries_page_through_once_each_and_stay_bounded(
    logged_in, backend, build_app
):
    with backend.db.transaction(user_id=logged_in.user.id) as s:
        for i in range(5000):
            audit_chain.record(
                s,
                action="gym.set.added",
                at=FIXED_NOW + timedelta(seconds=i // 3),  # ties: seq keeps the order
                client=TEST_CLIENT,
                user_id=logged_in.user.id,
                entity="set",
                entity_id=i,
            )
    expected, cursor = [], None  # every entry's key, newest first, from the service
    while True:
        page = history_of(backend).page(logged_in, cursor=cursor, limit=500)
        expected += [str(e.id) for e in page.entries]
        if (cursor := page.next_cursor) is None:
            break
    assert len(expected) == 5002  # and user.register, auth.login
    position = {key: i for i, key in enumerate(expected)}

    app = build_app()
    async with app.run_test(size=(120, 24), notifications=True) as pilot:
        screen = await open_audit(pilot)
        paged = screen.query_one(PagedTable)
        cap = paged.page_size * paged.max_pages
        met: list[str] = []  # keys in the order scrolling first shows them
        for _ in range(10):  # page down near the end of a page loads the next one
            await pilot.press("pagedown")
            await settle(pilot)
        assert len(paged.loaded_pages) == 2

        def window() -> list[str]:
            return [row.key.value for row in paged.table.ordered_rows]

        for _ in range(1000):
            rows = window()
            assert 0 < len(rows) <= cap
            start = position[rows[0]]
            assert rows == expected[start : start + len(rows)]  # one slice, in order, once
            met += [key for key in rows if position[key] >= len(met)]
            if paged.highlighted[0] == expected[-1]:
                break
            await pilot.press("end")  # the last row loaded: the next page comes
            await settle(pilot)
        assert met == expected  # every entry shown, each once, newest first
        assert len(paged.loaded_pages) <= paged.max_pages

        await pilot.press("home")  # back to the newest: the first page is loaded again
        await settle(pilot)
        assert window()[0] == expected[0] and paged.table.cursor_row == 0
        assert paged.row_count <= cap


@pilot_test
async def test_a_long_chain_is_verified_on_request(history, build_app, monkeypatch):
    """Walking 100,000 entries takes seconds: past AUTO_VERIFY_ENTRIES, v does it."""
    import dashboard_tui.audit.ui.history as audit_screen

    monkeypatch.setattr(audit_screen, "AUTO_VERIFY_ENTRIES", 2)
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_audit(pilot)
        status = screen.query_one("#audit-chain")
        await settle(pilot, lambda: "entries" in str(status.render()))
        assert "Audit chain: 3 entries, not verified in this view (v verifies)" in screen_text(
            pilot
        )
        await pilot.press("v")
        await settle(pilot, lambda: "verified, 3 entries" in str(status.render()))


@pilot_test
async def test_the_host_column_shows_only_when_hosts_differ(history, backend, build_app):
    def headers(screen) -> list[str]:
        table = screen.query_one(PagedTable).table
        return [str(column.label) for column in table.ordered_columns]

    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_audit(pilot)
        assert "Host" not in headers(screen)  # every entry from test-host
        assert headers(screen)[-1] == "Record"  # the unbounded column last
    seed(
        backend,
        history,
        "settings.changed",
        at=FIXED_NOW + timedelta(minutes=5),
        client=ClientInfo("ada-laptop", "dashboard-tui test"),
    )
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_audit(pilot)
        assert "Host" in headers(screen)
        assert "ada-laptop" in screen_text(pilot) and "test-host" in screen_text(pilot)
