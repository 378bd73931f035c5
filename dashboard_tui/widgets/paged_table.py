"""A table that pages from a loader and never holds all rows (DESIGN.md §5).

    table = PagedTable(
        Col("When", 16), Col("Action"), Col("Entity"),
        loader=load,            # (cursor, limit, filter_text) -> Page; runs in a thread
        page_size=100,          # rows per loader call
        max_pages=4,            # at most page_size * max_pages rows in the widget
        first_page=None,        # optional: loader(None, page_size, "") already called
    )

The loader is called from a thread worker, never on the UI thread, with the cursor
of the page it wants (None for the first page), how many rows, and the filter text
typed after `/`. It returns `Page(rows, next_cursor)`: `next_cursor` is whatever the
loader needs to continue after the last row (a keyset key), None on the last page.

Windowing: pages are loaded as the cursor nears either end of what is loaded (and so
on page down/up). Once more than `max_pages` pages are loaded, the page farthest from
the cursor is dropped; scrolling back loads it again from the cursor remembered for
it. So a list of 200,000 rows opens with one loader call, like a list of 20, and the
widget holds at most `page_size * max_pages` rows. Only one small cursor per page
visited is kept.

Keys (on the table): j/k and arrows move, page up/down, home/end (home goes to the
very first row; end to the last row loaded so far, which loads the next page), `/`
opens the filter (enter applies and returns to the table, escape clears it), enter
posts `PagedTable.Selected` with the row's key and value, `r` retries after a failed
load. Cells are shown literally: a `str` (or anything else) is cleaned of control
characters, truncated to `max_cell` characters and never parsed as markup; a
`rich.text.Text` cell is taken as given (for styled cells the caller built safely,
e.g. with widgets.text.literal_text).

Messages: `Selected(table, key, value)`, `Loaded(table, page, rows)` after each page
is shown, `LoadFailed(table, error)` when the loader raised (the screen decides how
to show it; the status line says so too).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple, TypeVar, cast

from rich.text import Text
from textual import on
from textual._two_way_dict import TwoWayDict
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import CellKey, RowDoesNotExist, RowKey
from textual.worker import Worker, WorkerState

from dashboard_tui.kit.paging import Page
from dashboard_tui.widgets.table import FitTable
from dashboard_tui.widgets.text import SafeInput, clean, literal
from dashboard_tui.widgets.workers import leaving_no_trace

C = TypeVar("C")
ELLIPSIS = "…"


@dataclass(frozen=True)
class PagedRow:
    key: str  # unique among the rows the loader returns
    cells: tuple[object, ...]
    value: object = None  # given back with Selected (e.g. the DTO of the row)


Loader = Callable[[Any, int, str], Page[Any]]


class Col(NamedTuple):
    label: str | Text  # a Text with justify="right" heads a column of right-aligned figures
    width: int | None = None  # None: as wide as the content loaded so far
    key: str | None = None
    min_width: int | None = None  # narrowed to this to fit the terminal (FitTable)
    optional: bool = False  # left out when even the minimums do not fit (FitTable)


def figure_head(label: str) -> Text:
    """The heading of a column of right-aligned figures, aligned with them."""
    return Text(label, justify="right")


def cell_text(value: object, max_chars: int) -> Text:
    if isinstance(value, Text):
        return value
    text = clean("" if value is None else value)
    if len(text) > max_chars:
        text = text[: max_chars - 1] + ELLIPSIS
    return Text(text, no_wrap=True, overflow="ellipsis")


class PagedDataTable(FitTable):
    """The table inside a PagedTable; its keys are the list keys of DESIGN.md §5."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", id="table.open"),
        Binding("slash", "filter", "Filter", id="table.filter"),
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="table.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="table.page_up"),
        Binding("home,ctrl+home", "first", "First row", show=False, id="table.first"),
        Binding("end,ctrl+end", "last", "Last loaded row", show=False, id="table.last"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="table.clear_filter"),
        Binding("r", "retry", "Retry loading", id="table.retry"),
    ]

    @property
    def paged(self) -> PagedTable:
        parent = self.parent
        assert isinstance(parent, PagedTable)
        return parent

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.paged.filter_text)  # otherwise escape goes to the screen
        if action == "retry":
            return self.paged.failed
        return True

    def action_filter(self) -> None:
        self.paged.open_filter()

    def action_clear_filter(self) -> None:
        self.paged.set_filter("")

    def action_first(self) -> None:
        self.paged.go_first()

    def action_last(self) -> None:
        self.paged.go_last()

    def action_retry(self) -> None:
        self.paged.retry()

    def remove_rows(self, keys: Iterable[str]) -> int:
        """DataTable.remove_row for many rows in one pass: remove_row re-indexes every
        row (and re-renders) once per call, which made dropping a page of 100 rows
        cost a visible pause. Mirrors remove_row of Textual 8.2 (pinned exactly)."""
        doomed = {RowKey(k) for k in keys if k in self._row_locations}
        if not doomed:
            return 0
        kept = sorted(
            (index, key)
            for key in self._row_locations
            if key not in doomed and (index := self._row_locations.get(key)) is not None
        )
        self._row_locations = TwoWayDict({key: i for i, (_, key) in enumerate(kept)})
        for key in doomed:
            for column_key in self._data.get(key, {}):
                self._updated_cells.discard(CellKey(key, column_key))
            self.rows.pop(key, None)
            self._data.pop(key, None)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        self.hover_coordinate = self.hover_coordinate
        self._update_count += 1
        self.refresh(layout=True)
        self.check_idle()
        return len(doomed)


class FilterInput(SafeInput):
    BINDINGS = [Binding("escape", "clear", "Clear filter", id="table.clear_filter")]

    def action_clear(self) -> None:
        paged = self.parent
        assert isinstance(paged, PagedTable)
        paged.set_filter("")


class PagedTable(Vertical, can_focus=False):
    DEFAULT_CSS = """
    PagedTable { height: 1fr; }
    PagedTable > FilterInput { display: none; height: 1; border: none; padding: 0 1; }
    PagedTable.-filtering > FilterInput { display: block; }
    PagedTable > PagedDataTable { height: 1fr; }
    PagedTable > .paged-status {
        height: 1; color: $text-muted; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    FILTER_DELAY = 0.3  # seconds after the last key typed in the filter

    class Selected(Message):
        def __init__(self, table: PagedTable, key: str, value: object) -> None:
            super().__init__()
            self.paged_table, self.key, self.value = table, key, value

        @property
        def control(self) -> PagedTable:
            return self.paged_table

    class Loaded(Message):
        def __init__(self, table: PagedTable, page: int, rows: tuple[PagedRow, ...]) -> None:
            super().__init__()
            self.paged_table, self.page, self.rows = table, page, rows

        @property
        def control(self) -> PagedTable:
            return self.paged_table

    class LoadFailed(Message):
        def __init__(self, table: PagedTable, error: BaseException) -> None:
            super().__init__()
            self.paged_table, self.error = table, error

        @property
        def control(self) -> PagedTable:
            return self.paged_table

    def __init__(
        self,
        *columns: Col | str,
        loader: Loader,
        page_size: int = 100,
        max_pages: int = 4,
        prefetch: int | None = None,
        max_cell: int = 200,
        empty_text: str = "Nothing here yet.",
        filter_placeholder: str = "Filter (enter: apply, escape: clear)",
        filter_max_length: int = 200,  # the loader's limit on the filter text, if it has one
        first_page: Page[Any] | None = None,
        enter_picks: bool = False,  # enter in the filter selects the top match (a picker)
        id: str | None = None,  # Textual's name for it
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.first_page = first_page  # already loaded (loader(None, page_size, "")): shown at once
        if page_size < 1 or max_pages < 2:
            raise ValueError("page_size must be ≥ 1 and max_pages ≥ 2")
        self.column_specs = [c if isinstance(c, Col) else Col(c) for c in columns]
        self.loader = loader
        self.page_size = page_size
        self.max_pages = max_pages
        self.prefetch = min(prefetch if prefetch is not None else 20, page_size)
        self.max_cell = max_cell
        self.empty_text = empty_text
        self.filter_placeholder = filter_placeholder
        self.filter_max_length = filter_max_length
        self.filter_text = ""
        self.failed = False
        self._generation = 0
        self._starts: list[Any] = [None]  # _starts[i]: the cursor that loads page i
        self._sizes: list[int] = []  # rows in page i (pages seen so far)
        self._end_page: int | None = None  # index of the last page, once known
        self._pages: dict[int, tuple[PagedRow, ...]] = {}  # the window: _first.._last
        self._first, self._last = 0, -1
        self._values: dict[str, object] = {}
        self._loading: tuple[int, int] | None = None  # (generation, page) in flight
        self._cursor_after_load: int | None = 0  # row to put the cursor on (first page)
        self._filter_timer: Timer | None = None
        self.enter_picks = enter_picks
        self._pick_after: int | None = None  # the reload whose first row enter picked

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Compact: the filter is one line above the table. A bordered Input squeezed
        # into one line drew its borders over the text, so what was typed was invisible.
        yield FilterInput(
            placeholder=self.filter_placeholder, max_length=self.filter_max_length, compact=True
        )
        table = PagedDataTable(cursor_type="row", zebra_stripes=True)
        for col in self.column_specs:
            table.add_column(
                col.label,
                width=col.width,
                key=col.key,
                min_width=col.min_width,
                optional=col.optional,
            )
        yield table
        yield Static("", classes="paged-status")

    def on_mount(self) -> None:
        if self.first_page is None:
            self._request(0)
            return
        page, self.first_page = self.first_page, None
        self._apply(0, page)
        self.call_after_refresh(self._check_edges)

    @property
    def table(self) -> PagedDataTable:
        return self.query_one(PagedDataTable)

    def focus(self, scroll_visible: bool = True) -> PagedTable:
        self.table.focus(scroll_visible)
        return self

    # -- what the screen asks ----------------------------------------------------------
    @property
    def row_count(self) -> int:
        """Rows held in the widget now (never more than page_size * max_pages)."""
        return self.table.row_count

    # Shadows Textual's `loading` reactive (hence the ignore): Textual reads it too, so
    # while a page loads the table is left out of the focus chain and ignores clicks.
    @property
    def loading(self) -> bool:  # type: ignore[override]
        return self._loading is not None

    @property
    def loaded_pages(self) -> range:
        return range(self._first, self._last + 1)

    @property
    def highlighted(self) -> tuple[str, object] | None:
        """(key, value) of the row under the cursor."""
        table = self.table
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return (key, self._values.get(key)) if key is not None else None

    def value_of(self, key: str) -> object:
        return self._values.get(key)

    def move_to(self, key: str) -> bool:
        """Put the cursor on the row `key`; False (the cursor stays) where it is not
        listed, e.g. a record deleted since it was found."""
        table = self.table
        try:
            table.move_cursor(row=table.get_row_index(key))
        except RowDoesNotExist:
            return False
        return True

    def reload(self) -> None:
        """Forget every page and load the first one again (same filter)."""
        self._reset()
        self._request(0)

    def set_loader(self, loader: Loader) -> None:
        """A new source (e.g. other filters chosen outside the table); reloads."""
        self.loader = loader
        self.reload()

    def set_filter(self, text: str, *, reload: bool = True) -> None:
        """Filter by `text` ("" clears it and closes the filter input). With
        reload=False the caller reloads (e.g. with set_loader) itself."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        filter_input = self.query_one(FilterInput)
        if filter_input.value != text:
            with filter_input.prevent(Input.Changed):
                filter_input.value = text
        if text:
            self.add_class("-filtering")
        else:
            self.remove_class("-filtering")
            self.table.focus()
        if text != self.filter_text:
            self.filter_text = text
            if reload:
                self.reload()
        self.table.refresh_bindings()

    def open_filter(self) -> None:
        self.add_class("-filtering")
        filter_input = self.query_one(FilterInput)
        filter_input.focus()
        filter_input.action_end()

    def retry(self) -> None:
        self.failed = False
        if self._last < self._first:
            self.reload()
        else:
            self._check_edges()

    def go_first(self) -> None:
        if self._first == 0:
            self.table.move_cursor(row=0)
            return
        self._reset()
        self._cursor_after_load = 0
        self._request(0)

    def go_last(self) -> None:
        table = self.table
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)
        self._check_edges()

    # -- filter input --------------------------------------------------------------
    @on(Input.Changed, "FilterInput")
    def _filter_typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._filter_timer is not None:
            self._filter_timer.stop()
        value = event.value
        self._filter_timer = self.set_timer(self.FILTER_DELAY, partial(self._apply_filter, value))

    def _apply_filter(self, value: str) -> None:
        self._filter_timer = None
        if value != self.filter_text:
            self.filter_text = value
            self.reload()

    @on(Input.Submitted, "FilterInput")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        generation = self._generation
        self._apply_filter(event.value)
        if not event.value:
            self.remove_class("-filtering")
        self.table.focus()
        if self.enter_picks:
            if self._generation != generation or self._loading is not None:
                self._pick_after = self._generation  # its rows are on their way
            else:
                self._pick_top()

    def _pick_top(self) -> None:
        self._pick_after = None
        table = self.table
        if table.row_count:
            table.move_cursor(row=0)
            self.table.action_select_cursor()

    # -- the table's events --------------------------------------------------------
    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._check_edges()
        self._show_status()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None:
            self.post_message(self.Selected(self, key, self._values.get(key)))

    # -- loading -------------------------------------------------------------------
    def _reset(self) -> None:
        self._generation += 1
        self._starts, self._sizes, self._end_page = [None], [], None
        self._pages, self._values = {}, {}
        self._first, self._last = 0, -1
        self._loading = None
        self._cursor_after_load = 0
        self.failed = False
        with self.table.prevent(DataTable.RowHighlighted):
            self.table.clear()

    def _check_edges(self) -> None:
        """Load the next (or previous) page when the cursor is near that end."""
        if self._loading is not None or self.failed or self._last < self._first:
            return
        table = self.table
        row = table.cursor_row
        more_below = self._end_page is None or self._last < self._end_page
        if more_below and row >= table.row_count - self.prefetch:
            self._request(self._last + 1)
        elif self._first > 0 and row < self.prefetch:
            self._request(self._first - 1)

    def _request(self, page: int) -> None:
        if page >= len(self._starts):
            return  # its cursor is not known yet (cannot happen when loading in order)
        self._loading = (self._generation, page)
        self._show_status()
        work = leaving_no_trace(
            partial(self._fetch, self.loader, self._starts[page], self.page_size, self.filter_text)
        )
        self.run_worker(
            work,
            name=f"paged-{self._generation}-{page}",
            group=f"paged-table-{id(self)}",
            thread=True,
            exit_on_error=False,
        )

    @staticmethod
    def _fetch(loader: Loader, cursor: Any, limit: int, filter_text: str) -> Page[Any]:
        return loader(cursor, limit, filter_text)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if not worker.name.startswith("paged-"):
            return
        event.stop()
        _, generation, page = worker.name.split("-")
        if (int(generation), int(page)) != self._loading:
            return  # superseded by a reload: its rows are not wanted any more
        if event.state is WorkerState.SUCCESS:
            self._loading = None
            # On SUCCESS the result is what _fetch returned (Worker is not typed here).
            self._apply(int(page), cast("Page[Any]", worker.result))
            self.call_after_refresh(self._check_edges)
        elif event.state is WorkerState.ERROR:
            self._loading = None
            self.failed = True
            self._show_status()
            self.table.refresh_bindings()
            if worker.error is not None:
                self.post_message(self.LoadFailed(self, worker.error))

    def _apply(self, page: int, result: Page[Any]) -> None:
        held = set(self._values)
        rows = tuple(r for r in result.rows if r.key not in held)  # never a key twice
        if page == len(self._sizes):
            self._sizes.append(len(result.rows))
        if result.next_cursor is None:
            self._end_page = page
        elif page + 1 == len(self._starts):
            self._starts.append(result.next_cursor)
        for row in rows:
            self._values[row.key] = row.value
        self._pages[page] = rows

        table = self.table
        if self._last < self._first:  # the first page of a (re)load
            self._first = self._last = page
            self._add_rows(rows)
            if table.row_count:
                table.move_cursor(row=min(self._cursor_after_load or 0, table.row_count - 1))
        elif page == self._last + 1:
            self._last = page
            self._add_rows(rows)
            if len(self._pages) > self.max_pages:
                self._drop_top()
        elif page == self._first - 1:
            self._first = page
            if len(self._pages) > self.max_pages:
                self._drop(self._last)
                self._last -= 1
            self._rebuild()
        self._show_status()
        self.post_message(self.Loaded(self, page, rows))
        if self._pick_after == self._generation:
            self._pick_top()

    def _drop_top(self) -> None:
        """Remove the first page's rows; the cursor stays on its row, and the rows on
        the screen stay where they are."""
        table = self.table
        cursor, scroll = table.cursor_row, table.scroll_y
        dropped = self._pages.pop(self._first, ())
        for row in dropped:
            self._values.pop(row.key, None)
        with table.prevent(DataTable.RowHighlighted):
            removed = table.remove_rows(row.key for row in dropped)
            self._first += 1
            table.move_cursor(row=max(0, cursor - removed), scroll=False, animate=False)
        table.scroll_to(y=max(0, scroll - removed), animate=False, force=True, immediate=True)

    def _drop(self, page: int) -> None:
        for row in self._pages.pop(page, ()):
            self._values.pop(row.key, None)

    def _add_rows(self, rows: Sequence[PagedRow]) -> None:
        table = self.table
        width = len(self.column_specs)
        for row in rows:
            cells = [cell_text(c, self.max_cell) for c in row.cells[:width]]
            table.add_row(*cells, key=row.key)

    def _rebuild(self) -> None:
        """Show the window again after a page came or went at the top, keeping the
        row under the cursor where it was on the screen."""
        table = self.table
        anchor = self.highlighted
        on_screen = table.cursor_row - round(table.scroll_y)
        with table.prevent(DataTable.RowHighlighted):
            table.clear()
            for page in self.loaded_pages:
                self._add_rows(self._pages.get(page, ()))
        if not table.row_count:
            return
        row = 0
        if anchor is not None:
            try:
                row = table.get_row_index(anchor[0])
            except Exception:  # the row went with a dropped page
                row = 0
        with table.prevent(DataTable.RowHighlighted):
            table.move_cursor(row=row, scroll=False, animate=False)
        target = max(0, row - on_screen)
        table.call_after_refresh(table.scroll_to, y=target, animate=False, force=True)

    # -- status line -----------------------------------------------------------------
    def _position(self) -> str:
        table = self.table
        if not table.row_count:
            return ""
        before = sum(self._sizes[: self._first])
        row = before + table.cursor_row + 1
        if self._end_page is not None and len(self._sizes) > self._end_page:
            return f"{row:,} of {sum(self._sizes[: self._end_page + 1]):,}"
        return f"{row:,} of {sum(self._sizes):,}+"

    def _show_status(self) -> None:
        parts: list[str] = []
        if self.failed:
            parts.append("Could not load the rows (r retries).")
        elif self._loading is not None and not self.table.row_count:
            parts.append("Loading…")
        elif not self.table.row_count and self._last >= self._first:
            parts.append("Nothing matches the filter." if self.filter_text else self.empty_text)
        else:
            parts.append(self._position())
        if self.filter_text:
            shown = self.filter_text
            shown = shown if len(shown) <= 60 else shown[:59] + ELLIPSIS
            parts.append(f"filter: {shown}")
        text = " · ".join(p for p in parts if p)
        self.query_one(".paged-status", Static).update(literal(text))
