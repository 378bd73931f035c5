"""The family members (M from the agenda): name, relation, birthday (its next age),
colour. n adds one, e (or enter) edits the highlighted one, d deletes it (their
events stay, without a member). A member found in the command palette opens this
list with the cursor on them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.family.dto import MemberInfo
from dashboard_tui.family.ui.agenda import family_services
from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.kit.validation import NOTES_MAX
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import literal

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.kit.paging import Page

COLUMNS = (
    Col("Name", 24, min_width=10),
    Col("Relation", 16, min_width=8),
    Col("Birthday", 10),
    Col("Colour", 10, optional=True),
)


def member_row(m: MemberInfo) -> PagedRow:
    cells = (m.name, m.relation, m.birthday.isoformat() if m.birthday else "", m.color or "")
    return PagedRow(str(m.id), cells, m)


def members_loader(ctx: AppContext, login: Login) -> Any:
    def load(cursor: Any, limit: int, text: str) -> Page[PagedRow]:
        from dashboard_tui.kit.paging import Page

        needle = text.strip().casefold()
        found = family_services(ctx).members(login)
        rows = [member_row(m) for m in found if needle in f"{m.name} {m.relation}".casefold()]
        return Page(rows, None)

    return load


@dataclass(frozen=True)
class MemberInput:
    name: str
    relation: str
    birthday: str
    color: str
    notes: str


def member_form() -> FormSpec[MemberInfo, MemberInput]:
    from dashboard_tui.family.services import RELATIONS

    return FormSpec(
        MemberInput,
        (
            FieldSpec("name", "Name", lambda m: m.name, max_length=120),
            FieldSpec(
                "relation",
                "Relation",
                lambda m: m.relation,
                placeholder=", ".join(RELATIONS[:4]) + " …",
                max_length=40,
            ),
            FieldSpec(
                "birthday",
                "Birthday",
                lambda m: m.birthday.isoformat() if m.birthday else "",
                placeholder="YYYY-MM-DD (29 Feb: shown 28 Feb in common years)",
                max_length=10,
            ),
            FieldSpec(
                "color", "Colour", lambda m: m.color or "", placeholder="e.g. teal", max_length=16
            ),
            FieldSpec("notes", "Notes", lambda m: m.notes, max_length=NOTES_MAX),
        ),
    )


class MembersScreen(DashboardScreen):
    BINDINGS = [
        Binding("escape", "back", "Agenda", id="family_members.back"),
        Binding("n", "new_member", "New", id="family_members.new"),
        Binding("e", "edit_member", "Edit", id="family_members.edit"),
        Binding("d", "delete_member", "Delete", id="family_members.delete"),
    ]

    def __init__(self, member_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.member_id = member_id  # the member to highlight once listed (the palette's)
        self.is_ready = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="family-members"):
            yield Static(literal("Family members"), id="family-members-title")
            yield PagedTable(
                *COLUMNS,
                loader=members_loader(self.ctx, self.login),
                page_size=1000,
                empty_text="No family members yet: n adds one.",
                filter_placeholder="Name or relation (enter: apply, escape: clear)",
                filter_max_length=60,
                id="family-members-table",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#family-members-table", PagedTable)

    @on(PagedTable.Loaded)
    def loaded(self, event: PagedTable.Loaded) -> None:
        if self.member_id is not None:
            if not self.table.move_to(str(self.member_id)):  # deleted since it was found
                self.notify("That family member is not listed any more (deleted).")
            self.member_id = None
        self.is_ready = True

    @on(PagedTable.LoadFailed)
    def load_failed(self, event: PagedTable.LoadFailed) -> None:
        self.report_failure(event.error)

    @on(PagedTable.Selected)
    def selected(self, event: PagedTable.Selected) -> None:
        self.action_edit_member()

    def highlighted(self) -> MemberInfo | None:
        row = self.table.highlighted
        return row[1] if row and isinstance(row[1], MemberInfo) else None

    def changed(self, message: str) -> None:
        self.notify(message, markup=False)
        self.table.reload()

    def action_back(self) -> None:
        self.dismiss(None)  # the agenda reloads: birthdays may have changed

    def action_new_member(self) -> None:
        ctx, login = self.ctx, self.login
        self.open_form(
            "New family member",
            member_form(),
            None,
            lambda v: family_services(ctx).add_member(
                login,
                name=v.name,
                relation=v.relation,
                birthday=v.birthday or None,
                color=v.color or None,
                notes=v.notes,
            ),
            lambda m: self.changed(f"{m.name} added."),
        )

    def action_edit_member(self) -> None:
        member = self.highlighted()
        if member is None:
            return
        ctx, login = self.ctx, self.login
        self.open_form(
            "Edit family member",
            member_form(),
            member,
            lambda v: family_services(ctx).edit_member(
                login,
                member.id,
                name=v.name,
                relation=v.relation,
                birthday=v.birthday or None,
                color=v.color or None,
                notes=v.notes,
            ),
            lambda m: self.changed(f"{m.name} saved."),
        )

    def action_delete_member(self) -> None:
        member = self.highlighted()
        if member is None:
            return
        ctx, login = self.ctx, self.login
        self.ask_then_run(
            f"Delete {member.name}? Their events stay, without a member.",
            lambda: family_services(ctx).delete_member(login, member.id),
            lambda _: self.changed("Deleted. The audit history keeps a copy."),
        )
