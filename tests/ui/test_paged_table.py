"""The paged table on its own, over an in-memory source: one loader call to open
however long the list, a bounded window, paging both ways, the filter, selection,
literal cells, and a failed load that can be retried."""

from __future__ import annotations

from textual.app import App, ComposeResult

from dashboard_tui.kit.paging import Page
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from tests.ui.pilot_helpers import pilot_test, screen_text, settle


class Source:
    """`size` numbered rows; the cursor is the next row's number."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.calls: list[tuple[object, int, str]] = []
        self.fail = False

    def __call__(self, cursor: int | None, limit: int, text: str) -> Page[int]:
        self.calls.append((cursor, limit, text))
        if self.fail:
            raise ConnectionError("the server went away")
        rows, i = [], cursor or 0
        while len(rows) < limit and i < self.size:
            if text in f"row {i}":
                rows.append(PagedRow(f"k{i}", (i, f"row {i}", "[b]x[/b]"), value=i))
            i += 1
        return Page(rows, i if i < self.size else None)


class TableApp(App[None]):
    def __init__(self, source: Source, first_page: Page[int] | None = None) -> None:
        super().__init__()
        self.source = source
        self.first_page = first_page
        self.selected: list[tuple[str, object]] = []
        self.failures: list[BaseException] = []

    def compose(self) -> ComposeResult:
        yield PagedTable(
            Col("n", 8),
            Col("name"),
            Col("note"),
            loader=self.source,
            page_size=50,
            max_pages=3,
            first_page=self.first_page,
        )

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()

    def on_paged_table_selected(self, event: PagedTable.Selected) -> None:
        self.selected.append((event.key, event.value))

    def on_paged_table_load_failed(self, event: PagedTable.LoadFailed) -> None:
        self.failures.append(event.error)


def keys(paged: PagedTable) -> list[str]:
    return [row.key.value for row in paged.table.ordered_rows]


def contiguous(paged: PagedTable) -> bool:
    numbers = [int(k[1:]) for k in keys(paged)]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


@pilot_test
async def test_a_long_list_opens_with_one_small_load_like_a_short_one():
    for size in (20, 200_000):
        source = Source(size)
        app = TableApp(source)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            paged = app.query_one(PagedTable)
            assert source.calls == [(None, 50, "")]
            assert paged.row_count == min(size, 50)
            assert ("1 of 20" if size == 20 else "1 of 50+") in screen_text(pilot)


@pilot_test
async def test_a_first_page_loaded_before_is_shown_and_the_next_ones_load_as_usual():
    """A screen may load its first page before it is pushed (app.load_then_open)."""
    source = Source(200)
    first = source(None, 50, "")
    source.calls.clear()
    app = TableApp(source, first_page=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        paged = app.query_one(PagedTable)
        assert source.calls == [] and paged.row_count == 50
        await pilot.press("end")
        await settle(pilot)
        assert source.calls == [(50, 50, "")] and paged.row_count == 100
        paged.reload()  # a reload asks the loader again from the start
        await settle(pilot)
        assert source.calls[-1] == (None, 50, "") and keys(paged)[0] == "k0"


@pilot_test
async def test_the_window_stays_bounded_and_pages_load_again_both_ways():
    source = Source(200_000)
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        paged = app.query_one(PagedTable)
        for _ in range(8):
            await pilot.press("end")
            await settle(pilot)
            assert paged.row_count <= 150 and contiguous(paged)
        assert len(paged.loaded_pages) == 3 and paged.loaded_pages[0] > 0
        top = keys(paged)[0]
        assert paged.highlighted is not None
        for _ in range(20):  # back up past the window's top: earlier pages return
            await pilot.press("pageup")
            await settle(pilot)
            assert paged.row_count <= 150 and contiguous(paged)
        assert int(keys(paged)[0][1:]) < int(top[1:])
        await pilot.press("home")
        await settle(pilot)
        assert keys(paged)[0] == "k0" and paged.table.cursor_row == 0
        assert len(source.calls) < 30  # one call per page shown, never the whole list
        assert all(limit == 50 for _, limit, _ in source.calls)


@pilot_test
async def test_j_and_k_move_and_enter_selects_the_row_with_its_value():
    app = TableApp(Source(100))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "k", "enter")
        await settle(pilot)
        assert app.selected == [("k2", 2)]


@pilot_test
async def test_slash_filters_and_escape_clears():
    source = Source(1000)
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        paged = app.query_one(PagedTable)
        await pilot.press("slash", *"row 77", "enter")
        await settle(pilot)
        assert keys(paged) == ["k77"] + [f"k{n}" for n in range(770, 780)]
        assert source.calls[-1] == (None, 50, "row 77")
        assert "filter: row 77" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert paged.filter_text == "" and keys(paged)[0] == "k0"


@pilot_test
async def test_cells_are_literal():
    app = TableApp(Source(5))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "[b]x[/b]" in screen_text(pilot)


@pilot_test
async def test_a_failed_load_is_reported_and_can_be_retried():
    source = Source(1000)
    source.fail = True
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        paged = app.query_one(PagedTable)
        assert isinstance(app.failures[0], ConnectionError)
        assert "Could not load the rows (r retries)." in screen_text(pilot)
        source.fail = False
        await pilot.press("r")
        await settle(pilot)
        assert paged.row_count == 50 and not paged.failed
