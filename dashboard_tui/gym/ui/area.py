"""The gym area: this week against last, and one tab per kind of record —
workouts, templates, cardio, the exercise catalog and personal records. Every list
pages from the services (PagedTable); n/e/d make, change and delete the highlighted
row of the tab shown, enter opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TabbedContent, TabPane

from dashboard_tui.gym import CATALOG_EXERCISE, TEMPLATE, WORKOUT
from dashboard_tui.gym.dto import (
    CardioInfo,
    CatalogExercise,
    ExerciseRecords,
    TemplateInfo,
    WeeklySummary,
    WorkoutInfo,
    WorkoutSummary,
)
from dashboard_tui.gym.ui.base import GymBaseScreen, gym_services
from dashboard_tui.gym.ui.format import cardio_cells, week_text
from dashboard_tui.gym.ui.forms import CARDIO_FORM, EXERCISE_FORM, TEMPLATE_FORM, WORKOUT_FORM
from dashboard_tui.gym.ui.picker import CATALOG_COLUMNS, catalog_loader
from dashboard_tui.kit.paging import Page
from dashboard_tui.kit.parsing import (
    format_volume,
    format_weight,
)
from dashboard_tui.ui.shell import OpenRecord
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import clean, literal, literal_lines, shorten

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext

PAGE_SIZE = 50
NAME_CHARS = 60  # of a name quoted in a prompt or notification
TAB_COLUMNS: dict[str, tuple[tuple[Col, ...], str]] = {  # columns, text when empty
    "workouts": (
        (
            Col("Date", 10),
            Col("Workout"),
            Col("Exercises", 9),
            Col("Sets", 5),
            Col("Volume", 12),
            Col("Status", 18, min_width=11),
        ),
        "No workouts yet: n starts one.",
    ),
    "templates": (
        (Col("Template"), Col("Exercises", 9), Col("Notes")),
        "No templates yet: n makes one, s on a workout saves it as one.",
    ),
    "cardio": (
        (
            Col("Date", 10),
            Col("Activity"),
            Col("Time", 8, min_width=7),
            Col("Distance", 9, min_width=8),
            Col("Pace", 10, min_width=8),
            Col("Speed", 10, optional=True),  # pace says it too
            Col("Avg HR", 7),
            Col("Notes", min_width=5),
        ),
        "No cardio yet: n logs a session.",
    ),
    "exercises": (CATALOG_COLUMNS, "No exercise matches."),
    "records": (
        (
            Col("Exercise"),
            Col("Heaviest", 10),
            Col("Best e1RM", 10),
            Col("Best volume", 12),
            Col("Last PR", 10),
        ),
        "No records yet: they come with the first working set.",
    ),
}
TAB_TITLES = {
    "workouts": "Workouts (w)",
    "templates": "Templates (t)",
    "cardio": "Cardio (c)",
    "exercises": "Exercises (x)",
    "records": "Records (r)",
}


class FirstLoad(NamedTuple):
    """What the gym screen shows first, loaded before it is pushed."""

    page: Page[Any]
    week: WeeklySummary


def quoted(name: str) -> str:
    name = clean(name)
    return f"“{shorten(name, NAME_CHARS)}”"


def workout_row(w: WorkoutSummary, unit: str) -> PagedRow:
    cells = (
        w.date.isoformat(),
        w.name,
        w.exercise_count,
        w.set_count,
        format_volume(w.volume_g, unit),
        w.status,
    )
    return PagedRow(str(w.id), cells, w)


def records_row(r: ExerciseRecords, unit: str) -> PagedRow:
    def weight(record: Any) -> str:
        return format_weight(record.value, unit) if record else "—"

    volume = format_volume(r.volume.value, unit) if r.volume else "—"
    last = max((x.achieved_on for x in (r.heaviest, r.e1rm, r.volume) if x), default=None)
    cells = (r.name, weight(r.heaviest), weight(r.e1rm), volume, last.isoformat() if last else "")
    return PagedRow(str(r.catalog_item_id), cells, r)


class GymScreen(GymBaseScreen):
    BINDINGS = [
        Binding("escape", "app.go_home", "Home", id="gym.home"),
        Binding("n", "new", "New", id="gym.new"),
        Binding("e", "edit", "Edit", id="gym.edit"),
        Binding("d", "delete", "Delete", id="gym.delete"),
        Binding("s", "start_from_template", "Start workout", id="gym.start_workout"),
        Binding("p", "progress", "Progress", id="gym.progress"),
        Binding("i", "import_history", "Import", show=False, id="gym.import"),
        Binding("w", "tab('workouts')", "Workouts", show=False, id="gym.tab_workouts"),
        Binding("t", "tab('templates')", "Templates", show=False, id="gym.tab_templates"),
        Binding("c", "tab('cardio')", "Cardio", show=False, id="gym.tab_cardio"),
        Binding("x", "tab('exercises')", "Exercises", show=False, id="gym.tab_exercises"),
        Binding("r", "tab('records')", "Records", show=False, id="gym.tab_records"),
    ]

    def __init__(self, tab: str = "workouts", first: FirstLoad | None = None) -> None:
        super().__init__()
        self.first_tab = self.shown_tab = tab
        self.first = first  # loaded before the screen was pushed (app.action_open_gym)
        self.is_ready = False  # the first tab's list is shown (tests and the bench wait on it)
        self.stale = False  # a workout, template or progress screen was opened over this

    @classmethod
    def load_first(cls, ctx: AppContext, login: Login, unit: str, tab: str) -> FirstLoad:
        """The first tab's first page and the week, fetched before the screen is
        pushed (in a worker): the screen then draws once, with its rows."""
        page = cls.loader_for(tab, ctx, login, unit)(None, PAGE_SIZE, "")
        return FirstLoad(page, gym_services(ctx).progress.weekly_summary(login))

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="gym"):
            yield Static(literal("This week: loading…"), id="gym-week")
            with TabbedContent(initial=self.first_tab, id="gym-tabs"):
                for tab, title in TAB_TITLES.items():
                    with TabPane(title, id=tab):
                        if tab == self.first_tab:  # the others are built when first shown
                            first = self.first.page if self.first else None
                            yield self.build_table(tab, first)
        yield AppFooter()

    def build_table(self, tab: str, first_page: Page[Any] | None = None) -> PagedTable:
        columns, empty = TAB_COLUMNS[tab]
        return PagedTable(
            *columns,
            loader=self.loader_for(tab, self.ctx, self.login, self.unit),
            page_size=PAGE_SIZE,
            empty_text=empty,
            first_page=first_page,
            id=f"{tab}-table",
        )

    def on_mount(self) -> None:
        if self.first is not None:
            self.show_week(self.first.week)
        else:
            self.load_week()
        self.query_one(PagedTable).focus()

    def on_screen_resume(self) -> None:
        # Back from a workout, template or progress screen (not from a modal, whose
        # save refreshes what it changed): what may have changed shows here.
        # (A resume posted before that screen was pushed arrives late: skip it.)
        if self.stale and self.app.screen is self:
            self.stale = False
            self.refresh_lists("workouts", "templates", "records")

    @classmethod
    def loader_for(cls, tab: str, ctx: AppContext, login: Login, unit: str) -> Any:
        if tab == "workouts":
            return cls.workout_loader(ctx, login, unit)
        if tab == "templates":
            return cls.template_loader(ctx, login)
        if tab == "cardio":
            return cls.cardio_loader(ctx, login)
        if tab == "exercises":
            return catalog_loader(ctx, login)
        return cls.records_loader(ctx, login, unit)

    # -- loaders (run in worker threads: they capture values, never the screen) ------------
    @staticmethod
    def workout_loader(ctx: AppContext, login: Login, unit: str) -> Any:
        def load(cursor: Any, limit: int, text: str) -> Page[Any]:
            page = gym_services(ctx).workouts.list_workouts(
                login, text=text, page_size=limit, cursor=cursor
            )
            return Page([workout_row(w, unit) for w in page.rows], page.next_cursor)

        return load

    @staticmethod
    def template_loader(ctx: AppContext, login: Login) -> Any:
        def load(cursor: Any, limit: int, text: str) -> Page[Any]:
            page = gym_services(ctx).templates.list_templates(
                login, text=text, page_size=limit, cursor=cursor
            )
            rows = [
                PagedRow(str(t.id), (t.name, t.exercise_count, t.notes.replace("\n", " ")), t)
                for t in page.rows
            ]
            return Page(rows, page.next_cursor)

        return load

    @staticmethod
    def cardio_loader(ctx: AppContext, login: Login) -> Any:
        def load(cursor: Any, limit: int, text: str) -> Page[Any]:
            page = gym_services(ctx).cardio.list_cardio(
                login, text=text, page_size=limit, cursor=cursor
            )
            return Page(
                [PagedRow(str(c.id), cardio_cells(c), c) for c in page.rows], page.next_cursor
            )

        return load

    @staticmethod
    def records_loader(ctx: AppContext, login: Login, unit: str) -> Any:
        """One page: the board has a row per exercise ever done (bounded by the catalog)."""

        def load(cursor: Any, limit: int, text: str) -> Page[Any]:
            board = gym_services(ctx).progress.record_board(login)
            needle = text.strip().casefold()
            rows = [records_row(r, unit) for r in board if needle in r.name.casefold()]
            return Page(sorted(rows, key=lambda row: str(row.cells[0]).casefold()), None)

        return load

    # -- what is shown -----------------------------------------------------------------
    def table(self, tab: str) -> PagedTable | None:
        """The tab's table; None until the tab is first shown."""
        found = self.query(f"#{tab}-table")
        return found.first(PagedTable) if found else None

    @property
    def tab(self) -> str:
        """The tab shown (kept from TabActivated: check_action asks for every key)."""
        return self.shown_tab

    def highlighted(self) -> Any:
        table = self.table(self.tab)
        row = table.highlighted if table is not None else None
        return row[1] if row else None

    def load_week(self) -> None:
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: gym_services(ctx).progress.weekly_summary(login), self.show_week, group="week"
        )

    def show_week(self, summary: WeeklySummary) -> None:
        lines = (
            week_text("This week", summary.this_week, self.unit),
            week_text("Last week", summary.last_week, self.unit),
        )
        self.query_one("#gym-week", Static).update(literal_lines(lines))

    def refresh_lists(self, *tabs: str) -> None:
        for tab in tabs:
            table = self.table(tab)
            if table is not None:  # a tab not shown yet loads when it is
                table.reload()
        self.load_week()

    @on(PagedTable.Loaded)
    def list_loaded(self, event: PagedTable.Loaded) -> None:
        self.is_ready = True  # the tab shown first has its rows

    @on(PagedTable.LoadFailed)
    def load_failed(self, event: PagedTable.LoadFailed) -> None:
        self.report_failure(event.error)

    @on(TabbedContent.TabActivated)
    async def tab_shown(self, event: TabbedContent.TabActivated) -> None:
        tab = self.shown_tab = event.pane.id or self.first_tab
        table = self.table(tab)
        if table is None:
            table = self.build_table(tab)
            await self.query_one(f"TabPane#{tab}").mount(table)
        table.focus()
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self.tab
        if action == "start_from_template":
            return tab in ("templates", "workouts")
        if action == "progress":
            return tab in ("exercises", "records")
        if action in ("new", "edit", "delete"):
            return tab != "records"
        return True

    # -- opening --------------------------------------------------------------------
    @on(PagedTable.Selected)
    def selected(self, event: PagedTable.Selected) -> None:
        value = event.value
        if isinstance(value, WorkoutInfo):
            self.post_message(OpenRecord(WORKOUT.name, value.id))
        elif isinstance(value, TemplateInfo):
            self.post_message(OpenRecord(TEMPLATE.name, value.id))
        elif isinstance(value, CardioInfo):
            self.edit_cardio(value)
        elif isinstance(value, CatalogExercise):
            self.post_message(OpenRecord(CATALOG_EXERCISE.name, value.id))
        elif isinstance(value, ExerciseRecords):
            self.post_message(OpenRecord(CATALOG_EXERCISE.name, value.catalog_item_id))

    def action_import_history(self) -> None:
        """Training history from a Strong or Hevy export."""
        from dashboard_tui.gym.ui.importer import GymImportScreen

        self.app.push_screen(GymImportScreen())

    def action_progress(self) -> None:
        value = self.highlighted()
        if value is not None:
            item_id = value.catalog_item_id if self.tab == "records" else value.id
            self.post_message(OpenRecord(CATALOG_EXERCISE.name, item_id))

    # -- new / edit / delete, by tab ------------------------------------------------------
    def action_new(self) -> None:
        new = {
            "workouts": self.new_workouts,
            "templates": self.new_templates,
            "cardio": self.new_cardio,
            "exercises": self.new_exercises,
        }.get(self.tab)
        if new is not None:
            new()

    # The highlighted row's value says what it is (the records tab has no edit/delete).
    def action_edit(self) -> None:
        value = self.highlighted()
        if isinstance(value, WorkoutInfo):
            self.edit_workouts(value)
        elif isinstance(value, TemplateInfo):
            self.edit_templates(value)
        elif isinstance(value, CardioInfo):
            self.edit_cardio(value)
        elif isinstance(value, CatalogExercise):
            self.edit_exercises(value)

    def action_delete(self) -> None:
        value = self.highlighted()
        if isinstance(value, WorkoutSummary):
            self.delete_workouts(value)
        elif isinstance(value, TemplateInfo):
            self.delete_templates(value)
        elif isinstance(value, CardioInfo):
            self.delete_cardio(value)
        elif isinstance(value, CatalogExercise):
            self.delete_exercises(value)

    def confirm(self, prompt: str, delete: Any, tab: str, done_message: str) -> None:
        self.ask_then_run(prompt, delete, lambda _: self.deleted(tab, done_message))

    def deleted(self, tab: str, message: str) -> None:
        self.notify(message, markup=False)
        self.refresh_lists(tab, "records")

    # workouts
    def new_workouts(self) -> None:
        ctx, login = self.ctx, self.login
        self.open_form(
            "Start a workout",
            WORKOUT_FORM,
            None,
            lambda v: gym_services(ctx).workouts.start_workout(
                login, name=v.name, date=v.date, notes=v.notes
            ),
            lambda detail: self.post_message(OpenRecord(WORKOUT.name, detail.workout.id)),
            note="For today it starts now (f finishes it); an earlier day is logged as done.",
        )

    def edit_workouts(self, w: WorkoutInfo) -> None:
        ctx, login = self.ctx, self.login
        self.open_form(
            f"Edit workout {quoted(w.name)}",
            WORKOUT_FORM,
            w,
            lambda v: gym_services(ctx).workouts.edit_workout(
                login, w.id, name=v.name, date=v.date, duration=v.duration, notes=v.notes
            ),
            lambda _: self.refresh_lists("workouts"),
        )

    def delete_workouts(self, w: WorkoutSummary) -> None:
        ctx, login = self.ctx, self.login
        self.confirm(
            f"Delete the workout {quoted(w.name)} of {w.date.isoformat()} with its "
            f"{w.exercise_count} exercises and {w.set_count} sets? "
            "The audit history keeps a copy.",
            lambda: gym_services(ctx).workouts.delete_workout(login, w.id),
            "workouts",
            "Workout deleted.",
        )

    def action_start_from_template(self) -> None:
        if self.tab != "templates":
            self.action_tab("templates")
            self.notify("Choose a template, then s starts a workout from it.", markup=False)
            return
        template = self.highlighted()
        if template is not None:
            self.start_from(template)

    def start_from(self, template: TemplateInfo) -> None:
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: gym_services(ctx).workouts.start_workout(login, template_id=template.id),
            lambda detail: self.post_message(OpenRecord(WORKOUT.name, detail.workout.id)),
        )

    # templates
    def new_templates(self) -> None:
        ctx, login = self.ctx, self.login
        self.open_form(
            "New template",
            TEMPLATE_FORM,
            None,
            lambda v: gym_services(ctx).templates.create_template(
                login, name=v.name, notes=v.notes
            ),
            lambda detail: self.post_message(OpenRecord(TEMPLATE.name, detail.template.id)),
        )

    def edit_templates(self, t: TemplateInfo) -> None:
        ctx, login = self.ctx, self.login
        self.open_form(
            f"Edit template {quoted(t.name)}",
            TEMPLATE_FORM,
            t,
            lambda v: gym_services(ctx).templates.edit_template(
                login, t.id, name=v.name, notes=v.notes
            ),
            lambda _: self.refresh_lists("templates"),
        )

    def delete_templates(self, t: TemplateInfo) -> None:
        ctx, login = self.ctx, self.login
        self.confirm(
            f"Delete the template {quoted(t.name)}? Workouts started from it stay.",
            lambda: gym_services(ctx).templates.delete_template(login, t.id),
            "templates",
            "Template deleted.",
        )

    # cardio
    def new_cardio(self) -> None:
        ctx, login = self.ctx, self.login
        self.open_form(
            "Log cardio",
            CARDIO_FORM,
            None,
            lambda v: gym_services(ctx).cardio.log_cardio(
                login,
                activity=v.activity,
                date=v.date,
                duration=v.duration,
                distance=v.distance,
                avg_hr=v.avg_hr,
                notes=v.notes,
            ),
            lambda _: self.refresh_lists("cardio"),
        )

    def edit_cardio(self, c: CardioInfo) -> None:
        ctx, login = self.ctx, self.login
        self.open_form(
            f"Edit cardio of {c.date.isoformat()}",
            CARDIO_FORM,
            c,
            lambda v: gym_services(ctx).cardio.edit_cardio(
                login,
                c.id,
                activity=v.activity,
                date=v.date,
                duration=v.duration,
                distance=v.distance,
                avg_hr=v.avg_hr,
                notes=v.notes,
            ),
            lambda _: self.refresh_lists("cardio"),
        )

    def delete_cardio(self, c: CardioInfo) -> None:
        ctx, login = self.ctx, self.login
        self.confirm(
            f"Delete the {quoted(c.activity_name)} session of {c.date.isoformat()}?",
            lambda: gym_services(ctx).cardio.delete_cardio(login, c.id),
            "cardio",
            "Cardio session deleted.",
        )

    # the exercise catalog
    def new_exercises(self) -> None:
        ctx, login = self.ctx, self.login
        self.open_form(
            "New exercise",
            EXERCISE_FORM,
            None,
            lambda v: gym_services(ctx).catalog.create_exercise(
                login, name=v.name, muscle_group=v.muscle_group, equipment=v.equipment, mode=v.mode
            ),
            lambda _: self.refresh_lists("exercises"),
        )

    def edit_exercises(self, item: CatalogExercise) -> None:
        if item.shipped:
            self.notify(
                "Shipped exercises cannot be changed; n makes one of your own.", markup=False
            )
            return
        ctx, login = self.ctx, self.login
        self.open_form(
            f"Edit exercise {quoted(item.name)}",
            EXERCISE_FORM,
            item,
            lambda v: gym_services(ctx).catalog.edit_exercise(
                login,
                item.id,
                name=v.name,
                muscle_group=v.muscle_group,
                equipment=v.equipment,
                mode=v.mode,
            ),
            lambda _: self.refresh_lists("exercises", "records"),
        )

    def delete_exercises(self, item: CatalogExercise) -> None:
        if item.shipped:
            self.notify("Shipped exercises cannot be deleted.", markup=False)
            return
        ctx, login = self.ctx, self.login
        self.confirm(
            f"Delete your exercise {quoted(item.name)}?",
            lambda: gym_services(ctx).catalog.delete_exercise(login, item.id),
            "exercises",
            "Exercise deleted.",
        )
