"""The audit history: every change and login of the person, newest first, paged;
filters by area, action, dates and text; an entry's before and after side by side;
a jump to the record it concerns; and whether the audit chain holds.

An admin also sees every user's account events (a User column says whose)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Header, Input, Select, Static

from dashboard_tui.ui.base import DashboardScreen, WorkerResults
from dashboard_tui.ui.palette import RecordHit, record_search
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.form import FormField, clear_field_errors, show_field_errors
from dashboard_tui.widgets.paged_table import Col, Page, PagedRow, PagedTable
from dashboard_tui.widgets.text import SafeInput, clean, literal, shorten

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.app import DashboardApp
    from dashboard_tui.audit.history import (
        AuditDetail,
        AuditEntry,
        AuditFilters,
        AuditTarget,
        ChainState,
    )
    from dashboard_tui.context import AppContext

PAGE_SIZE = 100
MAX_PAGES = 4  # at most 400 entries in the table, however long the history

# entity → how to show such a record: an app action's name, or a callable given the
# app and the entity id. Other areas add theirs, e.g.
# JUMPS["workout"] = lambda app, workout_id: app.open_workout(workout_id)
# (and register the model with services.audit_history.register_audit_target, so the
# jump is offered only while the record exists).
JUMPS: dict[str, str | Callable[[Any, str], object]] = {
    "profile": "open_settings",
    "session": "open_settings",
}
AUTO_VERIFY_ENTRIES = 10_000  # longer chains are verified on request (v)
ENTITY_ID_SHOWN = 8  # characters of an entity id in the table (the detail has all)
HEADLINE_CHARS = 240  # of the detail's title and facts; the diff shows values whole
FIELD_CHARS = 120  # of a field name in the diff
NOTE_CHARS = 60  # of an entity name quoted in a notification


# -- formatting (pure: also used from worker threads) ---------------------------------
def zone_of(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def entity_label(entry: AuditEntry, full: bool = False) -> str:
    entity_id = entry.entity_id or ""
    if not full and len(entity_id) > ENTITY_ID_SHOWN:
        entity_id = entity_id[:ENTITY_ID_SHOWN] + "…"
    return " ".join(part for part in (entry.entity, entity_id) if part)


def origin(entry: AuditEntry) -> str:
    return " · ".join(part for part in (entry.host, entry.client) if part)


def whose(entry: AuditEntry) -> str:
    return entry.user_email or "(no account)"


def entry_row(entry: AuditEntry, zone: ZoneInfo, admin: bool) -> PagedRow:
    cells: tuple[object, ...] = (
        when(entry.at, zone),
        entry.action,
        entity_label(entry),
        origin(entry),
    )
    if admin:
        cells += (whose(entry),)
    return PagedRow(str(entry.id), cells, entry)


def chain_text(state: ChainState) -> tuple[Content, bool]:
    if state.ok:
        rows = f"{state.rows:,} {'entry' if state.rows == 1 else 'entries'}"
        return Content.assemble("Audit chain: ", ("verified", "bold"), f", {rows}"), True
    where = f" at #{state.broken_at_seq}" if state.broken_at_seq is not None else ""
    return (
        Content.assemble("Audit chain: ", (f"broken{where}", "bold"), ": ", literal(state.reason)),
        False,
    )


# -- the palette's record search ------------------------------------------------------
@record_search
def search_audit(ctx: AppContext, login: Login, text: str, zone_name: str) -> list[RecordHit]:
    """Audit entries whose action, entity or entity id contains `text`."""
    from dashboard_tui.audit.history import AuditFilters

    page = ctx.audit_history.page(login, AuditFilters(text=text), limit=5)
    zone = zone_of(zone_name)
    hits = []
    for entry in page.entries:
        title = f"Audit: {entry.action} {entity_label(entry)}".rstrip()
        detail = f"{when(entry.at, zone)} · {origin(entry)}"
        hits.append(RecordHit(title, detail, lambda app, e=entry: app.open_audit(e)))
    return hits


# -- the list ---------------------------------------------------------------------------
class AuditScreen(DashboardScreen):
    BINDINGS = [
        Binding("escape", "back", "Home"),
        Binding("f", "focus_filters", "Filters"),
        Binding("c", "clear_filters", "Clear filters"),
        Binding("v", "verify_chain", "Verify chain"),
        Binding("t", "focus_table", "Table", show=False),
    ]

    def __init__(self, open_entry: AuditEntry | None = None) -> None:
        super().__init__()
        self.open_entry = open_entry  # shown at once (from the palette's search)
        self.filters: AuditFilters | None = None  # set in compose (services load lazily)

    @property
    def admin(self) -> bool:
        return self.login.scope.is_admin

    def compose(self) -> ComposeResult:
        from dashboard_tui.audit.history import AUDIT_AREAS, AuditFilters

        self.filters = AuditFilters()
        yield Header()
        with Vertical(id="audit"):
            with Horizontal(id="audit-filters"):
                areas = [(f"{name} · {label}", name) for name, label in AUDIT_AREAS.items()]
                yield FormField(
                    "Area", Select(areas, prompt="All areas", id="area", compact=True), field="area"
                )
                yield FormField(
                    "Action",
                    SafeInput(
                        id="action", placeholder="e.g. gym.workout", max_length=64, compact=True
                    ),
                    field="action",
                )
                yield FormField(
                    "From",
                    SafeInput(
                        id="date_from", placeholder="today, 2026-11-21", max_length=40, compact=True
                    ),
                    field="date_from",
                )
                yield FormField(
                    "To",
                    SafeInput(id="date_to", placeholder="yesterday", max_length=40, compact=True),
                    field="date_to",
                )
            yield Static(literal("Audit chain: checking…"), id="audit-chain")
            columns = [Col("When", 19), Col("Action"), Col("Entity"), Col("From")]
            if self.admin:
                columns.append(Col("User"))
            yield PagedTable(
                *columns,
                loader=self.loader(self.filters),
                page_size=PAGE_SIZE,
                max_pages=MAX_PAGES,
                empty_text="No audit entries.",
                id="audit-table",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: ctx.audit_history.chain_length(login), self.chain_measured, group="chain"
        )
        if self.open_entry is not None:
            self.show_entry(self.open_entry)

    def loader(self, filters: AuditFilters) -> Any:
        """The table's loader for these filters (called in a worker thread: it only
        captures plain values, never the screen)."""
        ctx, login, admin = self.ctx, self.login, self.admin
        profile = self.dashboard.profile
        zone = zone_of(profile.timezone if profile else None)

        def load(cursor: Any, limit: int, text: str) -> Page[Any]:
            page = ctx.audit_history.page(login, replace(filters, text=text), cursor, limit)
            return Page([entry_row(e, zone, admin) for e in page.entries], page.next_cursor)

        return load

    # -- filters ----------------------------------------------------------------------
    def read_filters(self) -> AuditFilters:
        from dashboard_tui.audit.history import AuditFilters

        values = {f.field: f.value for f in self.query_one("#audit-filters").query(FormField)}
        return AuditFilters(**values)

    def apply_filters(self) -> None:
        """Check the typed filters first: when one is wrong, its message appears next
        to it and the table keeps what it shows."""
        self.check_filters(self.login, self.read_filters())

    @work(thread=True, exclusive=True, exit_on_error=False, group="filters")
    def check_filters(self, login: Login, filters: AuditFilters) -> AuditFilters:
        self.ctx.audit_history.check_filters(login, filters)
        return filters

    def check_filters_done(self, filters: AuditFilters) -> None:
        clear_field_errors(self.query_one("#audit-filters"))
        self.filters = filters
        self.query_one(PagedTable).set_loader(self.loader(filters))
        self.refresh_bindings()

    def check_filters_failed(self, error: BaseException) -> None:
        self.show_problem(error)

    @on(Select.Changed, "#area")
    def area_chosen(self) -> None:
        self.apply_filters()

    @on(Input.Submitted, "#audit-filters Input")
    def filter_submitted(self) -> None:
        self.apply_filters()
        self.query_one(PagedTable).focus()

    @on(PagedTable.Loaded)
    def loaded(self, event: PagedTable.Loaded) -> None:
        if event.page == 0:  # a (re)load: the filters were taken
            clear_field_errors(self.query_one("#audit-filters"))
            self.refresh_bindings()  # "clear filters" follows the table's text filter

    @on(PagedTable.LoadFailed)
    def load_failed(self, event: PagedTable.LoadFailed) -> None:
        self.show_problem(event.error)

    def show_problem(self, error: BaseException) -> None:
        from dashboard_tui.kit.errors import ValidationError

        if isinstance(error, ValidationError):
            rest = show_field_errors(self.query_one("#audit-filters"), error.errors)
            if rest:  # the text filter: its input is the table's
                self.notify(clean(" ".join(rest.values())), severity="error", markup=False)
        else:
            self.report_failure(error)

    def action_back(self) -> None:
        """From the filter bar back to the table; from the table, home."""
        focused = self.focused
        if focused is not None and self.query_one("#audit-filters") in focused.ancestors:
            self.query_one(PagedTable).focus()
        else:
            self.dashboard.action_go_home()

    def action_focus_filters(self) -> None:
        self.query_one("#area", Select).focus()

    def action_focus_table(self) -> None:
        self.query_one(PagedTable).focus()

    def action_clear_filters(self) -> None:
        form = self.query_one("#audit-filters")
        with self.prevent(Select.Changed):
            self.query_one("#area", Select).clear()
        for field in ("action", "date_from", "date_to"):
            self.query_one(f"#{field}", Input).value = ""
        clear_field_errors(form)
        table = self.query_one(PagedTable)
        table.set_filter("", reload=False)  # apply_filters reloads, once
        self.apply_filters()
        table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filters":
            tables = self.query(PagedTable)
            typed = bool(tables) and bool(tables.first().filter_text)
            active = self.filters is not None and self.filters.active
            return True if active or typed else None
        return True

    # -- entries ----------------------------------------------------------------------
    @on(PagedTable.Selected, "#audit-table")
    def selected(self, event: PagedTable.Selected) -> None:
        if event.value is not None:
            self.show_entry(event.value)  # type: ignore[arg-type]

    def show_entry(self, entry: AuditEntry) -> None:
        self.app.push_screen(AuditDetailScreen(entry))

    # -- the chain ----------------------------------------------------------------------
    def action_verify_chain(self) -> None:
        if not self.is_busy("chain"):
            self.query_one("#audit-chain", Static).update(literal("Audit chain: checking…"))
            self.check_chain(self.login)

    def chain_measured(self, length: int) -> None:
        """A short chain is verified at once; a long one (seconds of hashing, on a
        thread that would slow the screen) when asked for with v."""
        if length <= AUTO_VERIFY_ENTRIES:
            self.check_chain(self.login)
        else:
            self.query_one("#audit-chain", Static).update(
                literal(f"Audit chain: {length:,} entries, not verified in this view (v verifies)")
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group="chain")
    def check_chain(self, login: Login) -> ChainState:
        return self.ctx.audit_history.chain_state(login)

    def check_chain_done(self, state: ChainState) -> None:
        text, ok = chain_text(state)
        status = self.query_one("#audit-chain", Static)
        status.update(text)
        status.set_class(ok, "-ok")
        status.set_class(not ok, "-broken")

    def check_chain_failed(self, error: BaseException) -> None:
        from dashboard_tui.ui.base import message_for

        status = self.query_one("#audit-chain", Static)
        status.update(literal(f"Audit chain: could not be checked ({message_for(error)})"))
        status.set_class(True, "-broken")


# -- one entry ----------------------------------------------------------------------------
KIND_MARK = {"changed": "~", "added": "+", "removed": "-", "same": " "}
KIND_WORD = {"changed": "changed", "added": "added", "removed": "removed", "same": ""}


def value_content(value: str | None) -> Content:
    """A value as typed, line breaks kept, every other control character shown as
    a replacement character; never markup."""
    if value is None:
        return Content("—").stylize("dim")
    return Content("\n").join(literal(line) for line in value.split("\n"))


class AuditDetailScreen(WorkerResults, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("o", "open_record", "Go to record"),
        # A modal screen hides the app's keys: help is bound here again.
        Binding("f1,question_mark", "app.help", "Help"),
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
    ]

    def __init__(self, entry: AuditEntry) -> None:
        super().__init__()
        self.entry = entry

    @property
    def dashboard(self) -> DashboardApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        entry = self.entry
        profile = self.dashboard.profile
        zone = zone_of(profile.timezone if profile else None)
        with Vertical(id="audit-detail") as box:
            box.border_title = "Audit entry"
            box.border_subtitle = "o goes to the record · escape closes"
            title = Content.assemble(
                literal(shorten(entry.action, HEADLINE_CHARS), "bold"),
                "  ",
                literal(shorten(entity_label(entry, full=True), HEADLINE_CHARS)),
            )
            yield Static(title, id="detail-title")
            facts = [when(entry.at, zone), origin(entry), f"#{entry.seq} in its chain"]
            if not entry.own:
                facts.append(f"history of {whose(entry)}")
            elif entry.actor_id is not None and entry.actor_id != entry.user_id:
                facts.append("done by an admin")
            facts_line = " · ".join(shorten(f, HEADLINE_CHARS) for f in facts if f)
            yield Static(literal(facts_line), id="detail-facts")
            with Horizontal(classes="diff-row diff-head"):
                yield Static("Field", classes="diff-field")
                yield Static("Before", classes="diff-before")
                yield Static("After", classes="diff-after")
            yield VerticalScroll(id="detail-diff")
        yield AppFooter()

    def on_mount(self) -> None:
        self.load(self.entry.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def load(self, entry_id: uuid.UUID) -> AuditDetail:
        ctx, login = self.dashboard.require_ctx(), self.dashboard.login
        assert login is not None
        return ctx.audit_history.entry(login, entry_id)

    def load_done(self, detail: AuditDetail) -> None:
        rows = []
        for change in detail.fields:
            mark = KIND_MARK[change.kind]
            name = literal(shorten(change.field, FIELD_CHARS))
            label = Content.assemble((f"{mark} ", "bold"), name)
            word = KIND_WORD[change.kind]
            if word:
                label = Content.assemble(label, (f" ({word})", "italic"))
            rows.append(
                Horizontal(
                    Static(label, classes="diff-field"),
                    Static(value_content(change.before), classes="diff-before"),
                    Static(value_content(change.after), classes="diff-after"),
                    classes=f"diff-row -{change.kind}",
                )
            )
        if not rows:
            note = "No before or after image: this event changed no record."
            rows.append(Static(literal(note), classes="diff-note"))
        elif not detail.has_before:
            rows.insert(
                0, Static(literal("Created: there is no before image."), classes="diff-note")
            )
        elif not detail.has_after:
            rows.insert(
                0, Static(literal("Deleted: there is no after image."), classes="diff-note")
            )
        self.query_one("#detail-diff", VerticalScroll).mount_all(rows)

    def action_scroll_down(self) -> None:
        self.query_one("#detail-diff", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#detail-diff", VerticalScroll).scroll_up()

    # -- the record it concerns ---------------------------------------------------------
    def action_open_record(self) -> None:
        entry = self.entry
        if entry.entity not in JUMPS:
            entity = shorten(entry.entity, NOTE_CHARS)
            what = f"a {entity} record" if entity else "this record"
            self.notify(clean(f"Going to {what} is not available yet."), markup=False)
            return
        if not self.is_busy("target"):
            self.find_target(entry)

    @work(thread=True, exclusive=True, exit_on_error=False, group="target")
    def find_target(self, entry: AuditEntry) -> AuditTarget:
        ctx, login = self.dashboard.require_ctx(), self.dashboard.login
        assert login is not None
        return ctx.audit_history.target(login, entry)

    def find_target_done(self, target: AuditTarget) -> None:
        if not target.own:
            self.notify("That record belongs to another account.", markup=False)
        elif not target.exists:
            entity = shorten(target.entity, NOTE_CHARS)
            self.notify(clean(f"That {entity} no longer exists."), markup=False)
        else:
            jump = JUMPS[target.entity]
            self.dismiss()
            if callable(jump):
                self.app.call_later(jump, self.app, target.entity_id)
            else:
                self.app.call_later(self.app.run_action, f"app.{jump}")
