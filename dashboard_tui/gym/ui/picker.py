"""Choosing a catalog exercise (the shipped ones and the person's own): type to
filter by name and enter picks the top match (or tab to the list, then enter on another)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from dashboard_tui.gym.ui.base import gym_services
from dashboard_tui.kit.paging import Page
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import literal

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.gym.dto import CatalogExercise

PAGE_SIZE = 50


def catalog_row(item: CatalogExercise) -> PagedRow:
    origin = "shipped" if item.shipped else "mine"
    return PagedRow(
        str(item.id), (item.name, item.muscle_group, item.equipment, item.mode, origin), item
    )


def catalog_loader(ctx: AppContext, login: Login, mode: str | None = None) -> Any:
    def load(cursor: Any, limit: int, text: str) -> Page[Any]:
        page = gym_services(ctx).catalog.list_exercises(
            login, text=text, mode=mode, page_size=limit, cursor=cursor
        )
        return Page([catalog_row(item) for item in page.rows], page.next_cursor)

    return load


CATALOG_COLUMNS = (
    Col("Exercise"),
    Col("Muscles", 14, min_width=9),
    Col("Equipment", 12, min_width=10),
    Col("Mode", 9),
    Col("From", 8),
)


class ExercisePicker(ModalScreen["CatalogExercise | None"]):
    DEFAULT_CSS = """
    ExercisePicker { align: center middle; }
    ExercisePicker > Vertical {
        width: 96; max-width: 100%; height: 80%; padding: 0 1; border: round $accent;
        background: $surface;
    }
    ExercisePicker .picker-note { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def __init__(self, ctx: AppContext, login: Login, title: str) -> None:
        super().__init__()
        self.ctx, self.login, self.title_text = ctx, login, title

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = literal(self.title_text)  # never markup
            box.border_subtitle = "type to filter · enter picks the top one · escape cancels"
            yield Static(
                literal("New exercises of your own are made on the Exercises tab (x)."),
                classes="picker-note",
            )
            yield PagedTable(
                *CATALOG_COLUMNS,
                loader=catalog_loader(self.ctx, self.login),
                page_size=PAGE_SIZE,
                empty_text="No exercise matches.",
                filter_placeholder="Exercise name (tab: the list, escape: clear)",
                enter_picks=True,
                id="picker-table",
            )

    def on_mount(self) -> None:
        self.query_one(PagedTable).open_filter()

    @on(PagedTable.Selected)
    def picked(self, event: PagedTable.Selected) -> None:
        if event.value is not None:
            self.dismiss(cast("CatalogExercise", event.value))  # the rows' values (catalog_row)

    def action_cancel(self) -> None:
        self.dismiss(None)
