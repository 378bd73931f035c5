"""The audit history: every change and login of the person, newest first, paged;
filters by area, action, dates and text; an entry's before and after side by side;
a jump to the record it concerns; and whether the audit chain holds.

An admin also sees every user's account events (a User column says whose)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from dashboard_tui.audit.history import (
    ACTION_MAX,
    TEXT_MAX,
    AuditDetail,
    AuditEntry,
    AuditFilters,
    AuditHistoryService,
    AuditPage,
    AuditTarget,
    ChainState,
    audit_areas,
)
from dashboard_tui.kit import registry
from dashboard_tui.kit.paging import Page
from dashboard_tui.kit.parsing import MAX_INPUT
from dashboard_tui.ui.area import AreaUI
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.ui.shell import OpenRecord, parse_history_view
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.form import FormField, clear_field_errors, show_field_errors
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import SafeInput, clean, literal, shorten
from dashboard_tui.widgets.workers import ServiceCalls

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.ui.shell import Shell

PAGE_SIZE = 100
MAX_PAGES = 4  # at most 400 entries in the table, however long the history

AUTO_VERIFY_ENTRIES = 10_000  # longer chains are verified on request (v)
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


def origin(entry: AuditEntry) -> str:
    return " · ".join(part for part in (entry.host, entry.client) if part)


def whose(entry: AuditEntry) -> str:
    return entry.user_email or "(no account)"


def entry_row(entry: AuditEntry, zone: ZoneInfo, *, hosts: bool, admin: bool) -> PagedRow:
    # The record last: the one column whose length has no bound is cut, nothing else.
    cells: tuple[object, ...] = (when(entry.at, zone), entry.action)
    if admin:
        cells += (whose(entry),)
    if hosts:
        cells += (entry.host,)
    return PagedRow(str(entry.id), (*cells, entry.record), entry)


def chain_text(state: ChainState) -> tuple[Content, bool]:
    if state.ok:
        rows = f"{state.rows:,} {'entry' if state.rows == 1 else 'entries'}"
        return Content.assemble("Audit chain: ", ("verified", "bold"), f", {rows}"), True
    where = f" at #{state.broken_at_seq}" if state.broken_at_seq is not None else ""
    return (
        Content.assemble("Audit chain: ", (f"broken{where}", "bold"), ": ", literal(state.reason)),
        False,
    )


# -- the list ---------------------------------------------------------------------------
class AuditScreen(DashboardScreen):
    BINDINGS = [
        Binding("escape", "back", "Home", id="audit.home"),
        Binding("f", "focus_filters", "Filters", id="audit.filters"),
        Binding("c", "clear_filters", "Clear filters", id="audit.clear_filters"),
        Binding("v", "verify_chain", "Verify chain", id="audit.verify_chain"),
        Binding("t", "focus_table", "Table", show=False, id="audit.table"),
    ]

    def __init__(
        self,
        first: AuditPage | None = None,
        open_entry: AuditEntry | None = None,
        record: AuditFilters | None = None,
    ) -> None:
        super().__init__()
        self.first = first  # loaded before the screen was pushed (open_history)
        # One record's own history (its entity and id; opened over the screen that
        # shows the record, and escape goes back there). c clears it with the rest.
        self.record = record
        # The host column only when the first page's entries come from more than one
        # host (one machine's history need not repeat its name on every row).
        self.hosts = first.hosts_differ if first is not None else True
        self.open_entry = open_entry  # shown at once (from the palette's search)
        self.filters: AuditFilters | None = None  # set in compose (services load lazily)

    @property
    def admin(self) -> bool:
        return self.login.scope.is_admin

    def compose(self) -> ComposeResult:
        self.filters = self.record or AuditFilters()
        yield AppHeader()
        with Vertical(id="audit"):
            with Horizontal(id="audit-filters"):
                areas = [(f"{name} · {label}", name) for name, label in audit_areas().items()]
                yield FormField(
                    "Area", Select(areas, prompt="All areas", id="area", compact=True), field="area"
                )
                yield FormField(
                    "Action",
                    SafeInput(
                        id="action",
                        placeholder="e.g. gym.workout",
                        max_length=ACTION_MAX,
                        compact=True,
                    ),
                    field="action",
                )
                yield FormField(
                    "From",
                    SafeInput(
                        id="date_from",
                        placeholder="e.g. 2026-11-21",
                        max_length=MAX_INPUT,
                        compact=True,
                    ),
                    field="date_from",
                )
                yield FormField(
                    "To",
                    SafeInput(
                        id="date_to", placeholder="e.g. today", max_length=MAX_INPUT, compact=True
                    ),
                    field="date_to",
                )
            if self.record is not None:
                yield Static(literal(self.record_line()), id="audit-record")
            yield Static(literal("Audit chain: checking…"), id="audit-chain")
            # At 80 columns the user and host give way before the action does.
            columns = [Col("When", 19), Col("Action", min_width=20)]
            if self.admin:
                columns.append(Col("User"))
            if self.hosts:
                columns.append(Col("Host"))
            columns.append(Col("Record"))
            first = None
            if self.first is not None:
                rows = [self.row(e) for e in self.first.entries]
                first = Page(rows, self.first.next_cursor)
            yield PagedTable(
                *columns,
                loader=self.loader(self.filters),
                page_size=PAGE_SIZE,
                max_pages=MAX_PAGES,
                empty_text="No audit entries.",
                filter_max_length=TEXT_MAX,
                first_page=first,
                id="audit-table",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()
        # After the first paint: verifying the chain is seconds of hashing on a thread
        # that holds the GIL, and the rows (loaded before the push) come first.
        self.call_after_refresh(self.measure_chain)
        if self.open_entry is not None:
            self.show_entry(self.open_entry)

    def measure_chain(self) -> None:
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: history_of(ctx).chain_length(login), self.chain_measured, group="chain"
        )

    def record_line(self) -> str:
        first = self.first.entries[0].record if self.first and self.first.entries else ""
        what = f" of {shorten(first, NOTE_CHARS)}" if first else ""
        return f"The history{what} only, newest first · c shows everything · escape goes back"

    def row(self, entry: AuditEntry) -> PagedRow:
        profile = self.shell.profile
        zone = zone_of(profile.timezone if profile else None)
        return entry_row(entry, zone, hosts=self.hosts, admin=self.admin)

    def loader(self, filters: AuditFilters) -> Any:
        """The table's loader for these filters (called in a worker thread: it only
        captures plain values, never the screen)."""
        history, login, admin, hosts = history_of(self.ctx), self.login, self.admin, self.hosts
        profile = self.shell.profile
        zone = zone_of(profile.timezone if profile else None)

        def load(cursor: Any, limit: int, text: str) -> Page[Any]:
            page = history.page(login, replace(filters, text=text), cursor, limit)
            rows = [entry_row(e, zone, hosts=hosts, admin=admin) for e in page.entries]
            return Page(rows, page.next_cursor)

        return load

    # -- filters ----------------------------------------------------------------------
    def read_filters(self) -> AuditFilters:
        values = {f.field: f.value for f in self.query_one("#audit-filters").query(FormField)}
        return replace(self.record, **values) if self.record else AuditFilters(**values)

    def apply_filters(self) -> None:
        """Check the typed filters first: when one is wrong, its message appears next
        to it and the table keeps what it shows."""
        self.check_filters(self.login, self.read_filters())

    def check_filters(self, login: Login, filters: AuditFilters) -> None:
        def call() -> AuditFilters:
            history_of(self.ctx).check_filters(login, filters)
            return filters

        self.run_call(
            call,
            self.check_filters_done,
            failed=self.check_filters_failed,
            group="filters",
            exclusive=True,
        )

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
        """From the filter bar back to the table; from the table, home (one record's
        history: back to the screen it was opened from)."""
        focused = self.focused
        if focused is not None and self.query_one("#audit-filters") in focused.ancestors:
            self.query_one(PagedTable).focus()
        elif self.record is not None and len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.shell.go_home()

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
        if self.record is not None:  # everything: the record's history is a filter too
            self.record = None
            self.query_one("#audit-record", Static).display = False
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
        if isinstance(event.value, AuditEntry):  # the rows' values (entry_row)
            self.show_entry(event.value)

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

    def check_chain(self, login: Login) -> None:
        def call() -> ChainState:
            return history_of(self.ctx).chain_state(login)

        self.run_call(
            call,
            self.check_chain_done,
            failed=self.check_chain_failed,
            group="chain",
            exclusive=True,
        )

    def check_chain_done(self, state: ChainState) -> None:
        text, ok = chain_text(state)
        status = self.query_one("#audit-chain", Static)
        status.update(text)
        status.set_class(ok, "-ok")
        status.set_class(not ok, "-broken")

    def check_chain_failed(self, error: BaseException) -> None:
        from dashboard_tui.widgets.workers import message_for

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


class AuditDetailScreen(ServiceCalls, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="audit_entry.close"),
        Binding("o", "open_record", "Go to record", id="audit_entry.go_to_record"),
        # A modal screen hides the app's keys: help is bound here again.
        Binding("f1,question_mark", "app.help", "Help", id="app.help"),
        Binding("j", "scroll_down", "Scroll down", show=False, id="audit_entry.scroll_down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="audit_entry.scroll_up"),
    ]

    def __init__(self, entry: AuditEntry) -> None:
        super().__init__()
        self.entry = entry

    @property
    def shell(self) -> Shell:
        return cast("Shell", self.app)

    def compose(self) -> ComposeResult:
        entry = self.entry
        profile = self.shell.profile
        zone = zone_of(profile.timezone if profile else None)
        with Vertical(id="audit-detail") as box:
            box.border_title = "Audit entry"
            box.border_subtitle = "o goes to the record · escape closes"
            title = Content.assemble(
                literal(shorten(entry.action, HEADLINE_CHARS), "bold"),
                "  ",
                literal(shorten(entry.record, HEADLINE_CHARS)),
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

    def load(self, entry_id: uuid.UUID) -> None:
        def call() -> AuditDetail:
            ctx, login = self.shell.require_ctx(), self.shell.login
            assert login is not None
            return history_of(ctx).entry(login, entry_id)

        self.run_call(call, self.load_done, group="detail", exclusive=True)

    def load_done(self, detail: AuditDetail) -> None:
        rows: list[Widget] = []
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
        if not openable(entry.entity):
            what = f"a {kind_of(entry.entity)} record" if entry.entity else "this record"
            self.notify(clean(f"Going to {what} is not available yet."), markup=False)
            return
        login = self.shell.login
        if login is None or self.is_busy("target"):
            return
        history = history_of(self.shell.require_ctx())
        self.run_call(lambda: history.target(login, entry), self.target_found, group="target")

    def target_found(self, target: AuditTarget) -> None:
        if not target.own:
            self.notify("That record belongs to another account.", markup=False)
        elif not target.exists or target.entity_id is None:
            self.notify(clean(f"That {kind_of(target.entity)} no longer exists."), markup=False)
        else:
            self.dismiss()
            self.app.post_message(OpenRecord(target.entity, uuid.UUID(target.entity_id)))


def kind_of(entity_name: str) -> str:
    """What a person calls such a record ("set", not "exercise_set")."""
    entity = registry.entities().get(entity_name)
    return entity.label.lower() if entity is not None else shorten(entity_name, NOTE_CHARS)


def openable(entity_name: str) -> bool:
    """Whether some area's screens can show records of this kind."""
    entity = registry.entities().get(entity_name)
    area = registry.area(entity.area) if entity is not None else None
    return area is not None and area.ui is not None


def history_of(ctx: AppContext) -> AuditHistoryService:
    return ctx.services(AuditHistoryService)


def open_history(shell: Shell, view: str | None = None, entry: AuditEntry | None = None) -> None:
    """The history over home, its first page loaded before it is pushed; with
    `entry`, that entry's details open at once. The view `history_view(entity, id)`
    is that record's own history, over the screen that asked for it."""
    if shell.login is None:
        return
    record = parse_history_view(view)
    if record is not None:
        open_record_history(shell, *record)
        return
    if isinstance(shell.screen, AuditScreen) and entry is None:
        return
    history, login = history_of(shell.require_ctx()), shell.login

    def show(first: AuditPage) -> None:
        if shell.login is login:
            shell.go_home()
            shell.push_screen(AuditScreen(first, open_entry=entry))

    shell.run_call(
        lambda: history.page(login, AuditFilters(), limit=PAGE_SIZE),
        show,
        group="open",
    )


def open_record_history(shell: Shell, entity: str, record_id: uuid.UUID) -> None:
    """One record's own history (every audit entry about it), over the screen that
    shows the record: escape goes back there."""
    login = shell.login
    if login is None:
        return
    history = history_of(shell.require_ctx())
    record = AuditFilters(entity=entity, entity_id=str(record_id))

    def show(first: AuditPage) -> None:
        if shell.login is login:
            shell.push_screen(AuditScreen(first, record=record))

    shell.run_call(
        lambda: history.page(login, record, limit=PAGE_SIZE), show, group="record-history"
    )


def open_entry(shell: Shell, entity: str, entry_id: uuid.UUID) -> None:
    login = shell.login
    if login is None:
        return
    history = history_of(shell.require_ctx())
    shell.run_call(
        lambda: history.entry(login, entry_id),
        lambda detail: open_history(shell, entry=detail.entry),
        group="entry",
    )


AREA_UI = AreaUI(open=open_history, open_record=open_entry)
