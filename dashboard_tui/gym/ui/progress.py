"""One exercise's progress: its personal records (warm-ups never count), charts of
the best estimated 1RM per session and of the weekly volume, and every session it
was done in, newest first (enter opens that workout)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from dashboard_tui.gym import WORKOUT
from dashboard_tui.gym.ui.base import GymBaseScreen, gym_services
from dashboard_tui.gym.ui.format import records_text, sets_brief
from dashboard_tui.kit.paging import Page
from dashboard_tui.kit.parsing import format_volume, format_weight, weight_in
from dashboard_tui.ui.shell import OpenRecord
from dashboard_tui.widgets.chart import LineChart, Series
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import literal, literal_lines

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.gym.dto import E1rmPoint, ExerciseRecords, SessionSets, VolumePoint

VOLUME_WEEKS = 26
HISTORY_PAGE = 30
SETS_SHOWN = 5
SHORT_BELOW = 32  # rows: below this the layout tightens so the sessions stay in sight


@dataclass(frozen=True)
class Progress:
    records: ExerciseRecords
    e1rm: tuple[E1rmPoint, ...]
    volume: tuple[VolumePoint, ...]
    history: Page[Any]  # the first page of sessions


def e1rm_caption(points: tuple[E1rmPoint, ...], unit: str) -> str:
    if not points:
        return "Estimated 1RM per session"
    values = [p.e1rm_g for p in points]
    return (
        f"Estimated 1RM per session: latest {format_weight(values[-1], unit)}, "
        f"low {format_weight(min(values), unit)}, high {format_weight(max(values), unit)}"
    )


def volume_caption(points: tuple[VolumePoint, ...], unit: str) -> str:
    if not points:
        return "Weekly volume"
    best = max(points, key=lambda p: p.volume_g)
    return (
        f"Weekly volume: this week {format_volume(points[-1].volume_g, unit)}, "
        f"best {format_volume(best.volume_g, unit)} (week of {best.week_start.isoformat()})"
    )


def e1rm_series(points: tuple[E1rmPoint, ...], unit: str) -> list[Series]:
    """Each session's e1RM in the profile's unit, as the records show it (2 places in
    kg, 1 in lb). Workout dates are already the person's own days."""
    return [Series([(p.date, float(weight_in(p.e1rm_g, unit))) for p in points])]


def volume_series(points: tuple[VolumePoint, ...], unit: str) -> list[Series]:
    """Each week's volume (grams × reps) as kg × reps or lb × reps, by its first day;
    nothing when every week is empty (a flat line at zero says less than the hint)."""
    if not any(p.volume_g for p in points):
        return []
    return [Series([(p.week_start, float(weight_in(p.volume_g, unit))) for p in points])]


class ProgressScreen(GymBaseScreen):
    BINDINGS = [Binding("escape", "back", "Back", id="progress.back")]

    def __init__(self, catalog_item_id: uuid.UUID, progress: Progress | None = None) -> None:
        super().__init__()
        self.catalog_item_id = catalog_item_id
        self.progress = progress  # loaded before the screen was pushed (app.open_progress)
        self.is_ready = False  # records and charts are shown (the bench waits on it)

    @staticmethod
    def load(ctx: AppContext, login: Login, item_id: uuid.UUID, unit: str) -> Progress:
        """Records, both charts' series and the first page of sessions."""
        progress = gym_services(ctx).progress
        history = ProgressScreen.history_loader(ctx, login, item_id, unit)
        return Progress(
            progress.records(login, item_id),
            progress.e1rm_series(login, item_id),
            progress.weekly_volume(login, weeks=VOLUME_WEEKS, catalog_item_id=item_id),
            history(None, HISTORY_PAGE, ""),
        )

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="progress"):
            yield Static(literal("Loading…"), id="progress-title")
            yield Static("", id="progress-records", markup=False)
            unit = self.unit
            with Horizontal(id="progress-charts"):
                with Vertical(classes="chart-box"):
                    yield Static("", id="e1rm-caption", classes="chart-caption", markup=False)
                    yield LineChart(
                        y_label=unit,
                        empty_hint="No working sets of 1–12 reps yet: nothing to chart.",
                        id="e1rm-chart",
                    )
                with Vertical(classes="chart-box"):
                    yield Static("", id="volume-caption", classes="chart-caption", markup=False)
                    # Totals: from zero, so a week's height is its volume.
                    yield LineChart(
                        y_label=unit,
                        from_zero=True,
                        empty_hint=f"No counted sets in the last {VOLUME_WEEKS} weeks.",
                        id="volume-chart",
                    )
            yield PagedTable(
                Col("Date", 10),
                Col("Workout", 24),
                Col("Sets"),
                Col("Best e1RM", 10),
                Col("Volume", 12),
                loader=self.history_loader(self.ctx, self.login, self.catalog_item_id, self.unit),
                page_size=HISTORY_PAGE,
                first_page=self.progress.history if self.progress else None,
                empty_text="Not done in any workout yet.",
                id="history-table",
            )
        yield AppFooter()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_BELOW, "-short")

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()
        if self.progress is not None:
            self.show(self.progress)
        else:
            ctx, login, item_id, unit = self.ctx, self.login, self.catalog_item_id, self.unit
            self.run_call(lambda: self.load(ctx, login, item_id, unit), self.show, group="load")

    @staticmethod
    def history_loader(ctx: AppContext, login: Login, item_id: uuid.UUID, unit: str) -> Any:
        def load(cursor: Any, limit: int, text: str) -> Page[Any]:
            page = gym_services(ctx).workouts.exercise_history(
                login, item_id, page_size=limit, cursor=cursor
            )
            rows = []
            for s in page.rows:
                shown = sets_brief(s.sets, unit, SETS_SHOWN, more="")  # a narrow column
                best = format_weight(s.best_e1rm_g, unit) if s.best_e1rm_g else ""
                cells = (
                    s.date.isoformat(),
                    s.workout_name,
                    shown,
                    best,
                    format_volume(s.volume_g, unit),
                )
                rows.append(PagedRow(f"{s.workout_id}:{s.exercise_id}", cells, s))
            return Page(rows, page.next_cursor)

        return load

    def show(self, progress: Progress) -> None:
        unit = self.unit
        self.query_one("#progress-title", Static).update(literal(progress.records.name, "bold"))
        self.query_one("#progress-records", Static).update(
            literal_lines(records_text(progress.records, unit))
        )
        self.query_one("#e1rm-caption", Static).update(literal(e1rm_caption(progress.e1rm, unit)))
        self.query_one("#e1rm-chart", LineChart).set_series(e1rm_series(progress.e1rm, unit))
        self.query_one("#volume-caption", Static).update(
            literal(volume_caption(progress.volume, unit))
        )
        self.query_one("#volume-chart", LineChart).set_series(volume_series(progress.volume, unit))
        self.is_ready = True

    @on(PagedTable.Selected, "#history-table")
    def open_session(self, event: PagedTable.Selected) -> None:
        if event.value is not None:
            session = cast("SessionSets", event.value)  # the rows' values (history_loader)
            self.post_message(OpenRecord(WORKOUT.name, session.workout_id))

    @on(PagedTable.LoadFailed)
    def load_failed(self, event: PagedTable.LoadFailed) -> None:
        self.report_failure(event.error)
