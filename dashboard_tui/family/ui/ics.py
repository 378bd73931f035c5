"""iCalendar files from the agenda: `i` imports one (a form with its path, then the
summary of what came in and what was left out, and why), `x` exports the calendar to
a new private file (family/ics_service.py does the work)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.widgets.text import literal, literal_lines

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.family.ics_service import ExportResult, IcsService, ImportSummary

PATH_MAX = 1000


@dataclass(frozen=True)
class FileInput:
    path: str


IMPORT_FORM: FormSpec[None, FileInput] = FormSpec(
    FileInput,
    (FieldSpec("path", "File", placeholder="~/Downloads/family.ics", max_length=PATH_MAX),),
)


def export_form(default: Path) -> FormSpec[None, FileInput]:
    return FormSpec(
        FileInput,
        (FieldSpec("path", "File", None, str(default), max_length=PATH_MAX),),
    )


def default_export_path(today: date) -> Path:
    """family-YYYY-MM-DD.ics in the home folder (where a person looks for it), else
    in the app's data folder."""
    from dashboard_tui.paths import data_dir

    home = Path.home()
    folder = home if home.is_dir() else data_dir()
    return folder / f"family-{today.isoformat()}.ics"


def ics_service(ctx: AppContext) -> IcsService:
    from dashboard_tui.family.ics_service import IcsService

    return ctx.services(IcsService)


def import_file(ctx: AppContext, login: Login, typed: str) -> ImportSummary:
    """Runs in the form's worker: the file's problems are the field's messages."""
    from dashboard_tui.family.ics import MAX_BYTES, IcsError
    from dashboard_tui.kit.errors import ValidationError

    path = Path(typed.strip()).expanduser()
    if not typed.strip():
        raise ValidationError.one("path", "Give the path of an .ics file.")
    if not path.is_file():
        raise ValidationError.one("path", "There is no file there.")
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError.one("path", f"Larger than {MAX_BYTES // (1024 * 1024)} MiB.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError.one("path", f"Cannot read it: {exc.strerror or exc}.") from None
    try:
        return ics_service(ctx).import_ics(login, data, file_name=path.name)
    except IcsError as exc:
        raise ValidationError.one("path", f"{exc}; nothing was imported.") from None


def export_file(ctx: AppContext, login: Login, typed: str) -> tuple[ExportResult, Path]:
    """Runs in the form's worker: a new 0600 file, whole or not at all."""
    from dashboard_tui.kit.errors import ValidationError
    from dashboard_tui.paths import create_private_file

    if not typed.strip():
        raise ValidationError.one("path", "Give a file name.")
    path = Path(typed.strip()).expanduser()
    if path.exists() or path.is_symlink():
        raise ValidationError.one("path", "That file exists: choose another name.")
    if not path.parent.is_dir():
        raise ValidationError.one("path", "There is no such folder.")
    result = ics_service(ctx).export_ics(login)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.unlink(missing_ok=True)
        if not create_private_file(partial):
            raise ValidationError.one("path", "Cannot make the file there.")
        partial.write_bytes(result.data)
        partial.replace(path)
    except OSError as exc:
        raise ValidationError.one("path", f"Cannot write it: {exc.strerror or exc}.") from None
    finally:
        partial.unlink(missing_ok=True)
    return result, path


class IcsSummaryModal(ModalScreen[None]):
    """What an import did: counts, then each thing left out and why (file text shown
    literally)."""

    DEFAULT_CSS = """
    IcsSummaryModal { align: center middle; }
    IcsSummaryModal > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 90%; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    IcsSummaryModal #ics-summary-title { text-style: bold; margin-bottom: 1; }
    IcsSummaryModal VerticalScroll { height: auto; max-height: 24; }
    IcsSummaryModal #ics-summary-hint { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="family.ics_summary_close")]

    def __init__(self, summary: ImportSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(f"Imported {self.summary.file_name}"), id="ics-summary-title")
            with VerticalScroll():
                yield Static(literal_lines(self.summary.lines()), id="ics-summary-lines")
            yield Static(literal("enter or escape: close"), id="ics-summary-hint")

    def action_close(self) -> None:
        self.dismiss(None)
