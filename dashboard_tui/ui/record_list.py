"""A screen around one list of records, paged from the repository (widgets/paged_table).
Apart from ui/base.py: the table's module is not needed until such a screen opens."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on

from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.paged_table import PagedTable


class RecordListScreen(DashboardScreen):
    """A screen around one PagedTable of records (a register, a list of schedules): the
    highlighted record, the cursor kept on a changed row when the list is read again,
    enter to open a row (`open_row`), and `is_ready` once the first page is shown (tests
    wait on it). `ROW_TYPE` is what a row carries."""

    ROW_TYPE: ClassVar[type] = object
    is_ready = False
    keep_cursor_on: str | None = None  # the row changed: the cursor stays on it

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    def highlighted(self) -> Any:
        row = self.table.highlighted
        return row[1] if row and isinstance(row[1], self.ROW_TYPE) else None

    def open_row(self) -> None:
        """Enter on a row (the screen's edit, as a rule)."""

    def changed(self, message: str = "") -> None:
        """After a write: the rows read again, the cursor where it was."""
        if message:
            self.notify(message, markup=False)
        row = self.table.highlighted
        self.keep_cursor_on = row[0] if row else None
        self.table.reload()

    @on(PagedTable.Loaded)
    def _record_list_loaded(self, event: PagedTable.Loaded) -> None:
        self.is_ready = True
        key, self.keep_cursor_on = self.keep_cursor_on, None
        if key is not None and any(row.key == key for row in event.rows):
            table = self.table.table
            table.move_cursor(row=table.get_row_index(key))

    @on(PagedTable.LoadFailed)
    def _record_list_failed(self, event: PagedTable.LoadFailed) -> None:
        self.report_failure(event.error)

    @on(PagedTable.Selected)
    def _record_list_selected(self, event: PagedTable.Selected) -> None:
        self.open_row()
