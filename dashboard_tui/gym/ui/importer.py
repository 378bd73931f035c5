"""Bring in training history from Strong or Hevy (`i` in the gym area).

The file's path, its app (strong|hevy), the weights' unit when the file does not say,
and a date format only when its dates could be day/month or month/day. Enter in any
field (or ctrl+r) reads the file and lists its exercise names with what each is here
(the review); on a highlighted name `m` maps it to a catalog exercise and `c` makes
it an own exercise (both remembered for the next import). ctrl+g imports the whole
file (asks first). Nothing is written before ctrl+g."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Static

from dashboard_tui.gym.import_csv import MAX_BYTES, ImportFileError, ParsedFile, UnitNeeded, parse
from dashboard_tui.gym.services.importer import CREATE, ImportSummary, NameMatch, Unmatched
from dashboard_tui.gym.ui.base import GymBaseScreen, gym_services
from dashboard_tui.gym.ui.picker import ExercisePicker
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.ui.status_line import StatusLineScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.text import clean, literal_text, shorten

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("path", "File", "path of the CSV export"),
    ("format", "App", "strong or hevy"),
    ("unit", "Unit", "kg or lb, when the file does not say"),
    ("date_format", "Date format", "only if asked, e.g. %d/%m/%Y %H:%M"),
)


def counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def read_export(values: dict[str, str]) -> tuple[ParsedFile, str]:
    """The typed fields → the parsed file and its name (runs in a worker); a bad
    field is named, a bad row by its line."""
    text = values["path"].strip()
    if not text:
        raise ValidationError.one("path", "Enter the path of a CSV file.")
    path = Path(text).expanduser()
    if not path.is_file():
        raise ValidationError.one("path", "No such file (or it is not a plain file).")
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError.one("path", f"At most {MAX_BYTES // (1024 * 1024)} MiB.")
    fmt = values["format"].strip().lower()
    if fmt not in ("strong", "hevy"):
        raise ValidationError.one("format", "Type strong or hevy.")
    unit = values["unit"].strip().lower() or None
    if unit not in (None, "kg", "lb"):
        raise ValidationError.one("unit", "Type kg or lb, or leave it empty.")
    try:
        parsed = parse(
            path.read_bytes(), fmt, unit=unit, date_format=values["date_format"].strip() or None
        )
    except UnitNeeded as exc:
        raise ValidationError.one("unit", str(exc)) from None
    except ImportFileError as exc:
        if "day/month" in str(exc):
            raise ValidationError.one("date_format", str(exc)) from None
        raise
    return parsed, path.name


class GymImportScreen(GymBaseScreen, StatusLineScreen):
    BINDINGS = [
        Binding("escape", "back", "Gym", id="gym.import_back"),
        Binding("ctrl+r", "review", "Review", id="gym.import_review"),
        Binding("m", "map", "Map to…", id="gym.import_map"),
        Binding("c", "create", "Own exercise", id="gym.import_create"),
        Binding("ctrl+g", "run_import", "Import", id="gym.import_run"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.parsed: ParsedFile | None = None
        self.source = ""
        self.matches: list[NameMatch] = []
        self.choices: dict[str, uuid.UUID | str] = {}
        self.shown_choice: dict[str, str] = {}  # name → what the review shows for it
        self.summary: ImportSummary | None = None
        self.is_ready = True

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="import"):
            yield Static("Bring in training history from Strong or Hevy", id="import-title")
            for name, label, hint in FIELDS:
                with Horizontal(classes="import-line"):
                    yield Label(label, classes="import-label")
                    yield Input(placeholder=hint, id=f"gym-import-{name}", max_length=400)
            yield Static("", id="import-status")
            yield DataTable(id="import-preview", cursor_type="row", zebra_stripes=True)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#import-preview", DataTable).add_columns("Name in the file", "Here")
        self.say("Enter the file's path and its app, then enter to review its exercise names.")
        self.query_one("#gym-import-path", Input).focus()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#gym-import-{name}", Input).value for name, _, _ in FIELDS}

    def field_label(self, field: str) -> str:
        return {name: label for name, label, _ in FIELDS}.get(field, field)

    def field_selector(self, field: str) -> str:
        return f"#gym-import-{field}"

    # -- the review ---------------------------------------------------------------------
    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_review()

    def action_review(self) -> None:
        ctx, login, values = self.ctx, self.login, self.values()

        def call() -> tuple[ParsedFile, str, tuple[NameMatch, ...]]:
            parsed, name = read_export(values)
            return parsed, name, gym_services(ctx).imports.review(login, parsed)

        self.run_call(call, self.show_review, failed=self.field_error, group="preview")

    def show_review(self, result: tuple[ParsedFile, str, tuple[NameMatch, ...]]) -> None:
        self.parsed, self.source, matches = result
        self.matches = list(matches)
        self.choices.clear()
        self.shown_choice.clear()
        self.refresh_table()
        self.say_counts()
        if any(m.catalog_item_id is None for m in self.matches):
            self.query_one("#import-preview", DataTable).focus()

    def refresh_table(self) -> None:
        table = self.query_one("#import-preview", DataTable)
        row = table.cursor_row
        table.clear()
        for m in self.matches:
            if m.name in self.shown_choice:
                here = self.shown_choice[m.name]
            elif m.catalog_item_id is None:
                here = "unmatched: m maps it, c makes it your own"
            else:
                here = f"{m.catalog_name}{' (remembered)' if m.remembered else ''}"
            table.add_row(literal_text(shorten(m.name, 60)), literal_text(shorten(here, 60)))
        if self.matches:
            table.move_cursor(row=min(row, len(self.matches) - 1))

    def unresolved(self) -> list[str]:
        return [
            m.name for m in self.matches if m.catalog_item_id is None and m.name not in self.choices
        ]

    def say_counts(self) -> None:
        assert self.parsed is not None
        left = self.unresolved()
        sets, workouts = self.parsed.set_count, len(self.parsed.workouts)
        tail = (
            f"{counted(len(left), 'name')} to map (m) or make your own (c) first."
            if left
            else "ctrl+g imports."
        )
        self.say(
            f"{counted(workouts, 'workout')}, {counted(sets, 'set')}, "
            f"{counted(len(self.matches), 'exercise name')}. {tail}"
        )

    def highlighted(self) -> NameMatch | None:
        table = self.query_one("#import-preview", DataTable)
        if not self.matches or not table.has_focus:
            return None
        return self.matches[min(table.cursor_row, len(self.matches) - 1)]

    def action_map(self) -> None:
        match = self.highlighted()
        if match is None:
            return

        def picked(item: Any) -> None:
            if item is not None:
                self.choices[match.name] = item.id
                self.shown_choice[match.name] = f"→ {item.name}"
                self.refresh_table()
                self.say_counts()

        self.app.push_screen(
            ExercisePicker(self.ctx, self.login, f"“{clean(shorten(match.name, 40))}” is…"),
            picked,
        )

    def action_create(self) -> None:
        match = self.highlighted()
        if match is None:
            return
        self.choices[match.name] = CREATE
        self.shown_choice[match.name] = "new own exercise"
        self.refresh_table()
        self.say_counts()

    # -- the import -----------------------------------------------------------------------
    def action_run_import(self) -> None:
        parsed, source, choices = self.parsed, self.source, dict(self.choices)
        if parsed is None:
            self.say("Review the file first (enter in a field, or ctrl+r).", error=True)
            return
        if left := self.unresolved():  # the import would refuse them: say so before asking
            self.say(
                f"{counted(len(left), 'name')} to map (m) or make your own (c) first.",
                error=True,
            )
            self.query_one("#import-preview", DataTable).focus()
            return
        ctx, login = self.ctx, self.login

        def call() -> ImportSummary:
            return gym_services(ctx).imports.import_file(
                login, parsed, choices=choices, source=source
            )

        self.ask_then_run(
            f"Import {counted(len(parsed.workouts), 'workout')} from {shorten(clean(source), 60)}? "
            "The whole file goes in (workouts imported before are skipped), or nothing.",
            call,
            self.imported,
            failed=self.import_failed,
        )

    def import_failed(self, error: BaseException) -> None:
        if isinstance(error, Unmatched):
            self.say(str(error), error=True)
            self.query_one("#import-preview", DataTable).focus()
        else:
            self.field_error(error)

    def imported(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.say(
            f"Imported {summary.workouts_added} workouts with {summary.sets_added} sets; "
            f"{summary.workouts_skipped} imported before, skipped; "
            f"{len(summary.exercises_created)} exercises created; "
            f"{summary.records_changed} records changed."
        )
        self.notify(f"{summary.workouts_added} workouts imported.", markup=False)
