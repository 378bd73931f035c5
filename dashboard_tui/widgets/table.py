"""Tables that fit the terminal's width, and move with j/k (DESIGN.md §5 keys).

A DataTable is as wide as its columns: at 80 columns the gym list, the workout and
the audit history scrolled sideways, and what was cut off (a workout's status, the
audit's record) was what a person looked for. `FitTable` gives up room from its
narrowable columns (free text: names, notes, actions; each down to its own minimum),
widest first, so the others (dates, amounts) stay whole; a
cut cell ends with an ellipsis, and the whole text is on the record's own screen.
Only when even that is not enough does the table scroll sideways.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import TextType
from textual import events
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets._data_table import Column, ColumnKey

MIN_WIDTH = 10  # what a column of free text keeps by default, however narrow the terminal


@dataclass
class FitColumn(Column):
    min_width: int | None = None  # None: never narrowed
    optional: bool = False  # left out when even the minimums do not fit
    fitted: int | None = None  # the content width it is given while the table is too narrow
    hidden: bool = False

    def get_render_width(self, data_table: DataTable[Any]) -> int:
        if self.hidden:
            return 0
        natural = super().get_render_width(data_table)
        if self.fitted is None:
            return natural
        return min(natural, 2 * data_table.cell_padding + self.fitted)


class FitTable(DataTable[Any]):
    def add_column(
        self,
        label: TextType,
        *,
        width: int | None = None,
        key: str | None = None,
        default: Any | None = None,
        min_width: int | None = None,
        optional: bool = False,
    ) -> ColumnKey:
        """As DataTable's; the column may be narrowed to `min_width` to fit (a column
        with no fixed width: to MIN_WIDTH unless told), and an `optional` one (what
        another column also says: speed beside pace) is left out when even that
        is not enough."""
        column_key = super().add_column(label, width=width, key=key, default=default)
        plain = self.columns[column_key]
        self.columns[column_key] = FitColumn(
            plain.key,
            plain.label,
            plain.width,
            plain.content_width,
            plain.auto_width,
            min_width=MIN_WIDTH if min_width is None and width is None else min_width,
            optional=optional,
        )
        return column_key

    def on_resize(self, _: events.Resize) -> None:
        if self._fit_columns():
            self._resized_to_fit()

    def _update_dimensions(self, new_rows: Any) -> None:
        # New rows are measured in here, and content widths may grow: fit them then.
        before = [c.get_render_width(self) for c in self.columns.values()]
        super()._update_dimensions(new_rows)
        if self._fit_columns():
            self._resized_to_fit()
        if before != [c.get_render_width(self) for c in self.columns.values()]:
            # A cell drawn before its column grew is cached at the old width, and
            # DataTable's cell cache is not keyed on widths: draw them all again.
            self._update_count += 1
            self._clear_caches()
            self.refresh()

    def _resized_to_fit(self) -> None:
        super()._update_dimensions([])  # the virtual size, from the fitted widths
        self._refresh_scrollbars()  # a sideways scrollbar shown before the fit goes
        self.refresh(layout=True)

    def _fit_columns(self) -> bool:
        """Narrow (then leave out) columns to fit the visible width; True if any changed."""
        available = self.scrollable_content_region.width - self._row_label_column_width
        if available <= 0:
            return False
        columns = [c for c in self.columns.values() if isinstance(c, FitColumn)]
        natural = {c.key: c.content_width if c.auto_width else c.width for c in columns}
        hidden: set[ColumnKey] = set()
        widths = self._narrowed(columns, natural, hidden, available)
        padding = 2 * self.cell_padding
        for column in reversed(columns):  # the rightmost optional column goes first
            if sum(widths.values()) + padding * len(widths) <= available:
                break
            if column.optional:
                hidden.add(column.key)
                widths = self._narrowed(columns, natural, hidden, available)
        changed = False
        for column in columns:
            width = widths.get(column.key, 0)
            fitted = width if width < natural[column.key] else None
            if (fitted, column.key in hidden) != (column.fitted, column.hidden):
                column.fitted, column.hidden, changed = fitted, column.key in hidden, True
        if changed:
            self._clear_caches()
        return changed

    def _narrowed(
        self,
        columns: list[FitColumn],
        natural: dict[ColumnKey, int],
        hidden: set[ColumnKey],
        available: int,
    ) -> dict[ColumnKey, int]:
        """Each shown column's width with padding, the widest narrowable one giving
        way a character at a time until the total fits or none can give more."""
        padding = 2 * self.cell_padding
        widths = {c.key: natural[c.key] + padding for c in columns if c.key not in hidden}
        floor = {
            c.key: c.min_width + padding
            for c in columns
            if c.min_width is not None and c.key not in hidden
        }
        excess = sum(widths.values()) - available
        while excess > 0:
            narrowable = [key for key, least in floor.items() if widths[key] > least]
            if not narrowable:
                break
            widths[max(narrowable, key=widths.__getitem__)] -= 1
            excess -= 1
        return {key: width - padding for key, width in widths.items()}


class KeyTable(FitTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
    ]
