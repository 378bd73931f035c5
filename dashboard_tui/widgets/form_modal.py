"""One modal form for every "new" and "edit" of a record (DESIGN.md §5), built
from the entity's FormSpec (kit/forms.py):

    FormModal("Log cardio", CARDIO_FORM, None, save=lambda v: cardio.log(login, v.…))

`record` None shows the "new" form, else the edit form filled from the record.
`save` gets the typed values (the spec's dataclass) and runs in a thread worker;
what it returns is the modal's result (dismissed with it). A ValidationError puts
each message next to its field (one that names no field of the form goes on the line
above the buttons) and keeps everything typed; any other error is a notification
and the form stays open, so the save can be tried again. Escape cancels (None),
after asking when something was changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.widgets.form import FormField, clear_field_errors, show_field_errors
from dashboard_tui.widgets.text import SafeInput, literal, shorten
from dashboard_tui.widgets.workers import ServiceCalls

T = TypeVar("T")  # what the save returns
R = TypeVar("R")  # the record an edit form starts from
V = TypeVar("V")  # the form's typed values
TITLE_CHARS = 70


class FormSelect(Select[str], inherit_bindings=False):
    """A choice list in a form: enter saves the form, as in every other field (the
    form says "enter saves"); down, up or space open the list."""

    BINDINGS = [
        Binding("down,space,up", "show_overlay", "Show choices", show=False, id="form.choices")
    ]


def choice_options(choices: Iterable[tuple[str, str]]) -> list[tuple[Content, str]]:
    """A choice list's options; labels are data too (an account's name): literal,
    never read as markup."""
    return [(literal(label), v) for label, v in choices]


def control_for(field: FieldSpec[Any], value: str) -> Input | Select[str]:
    if field.choices is not None:
        values = [v for _, v in field.choices]
        return FormSelect(
            choice_options(field.choices),
            value=value if value in values else values[0],
            allow_blank=False,
            id=field.name,
        )
    return SafeInput(
        value, placeholder=field.placeholder, max_length=field.max_length, id=field.name
    )


class FormModal(ServiceCalls, ModalScreen[T | None], Generic[R, V, T]):
    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > Vertical {
        width: 80; height: auto; max-height: 90%; padding: 1 2;
        border: round $accent; background: $surface;
        overflow-y: auto;  /* a form taller than the terminal scrolls to its focused field */
    }
    FormModal .form-modal--note { color: $text-muted; margin-bottom: 1; }
    FormModal .form-modal--error { color: $text-error; height: auto; margin: 1 0 0 20; }
    FormModal .form-modal--buttons { height: auto; margin-top: 1; align-horizontal: right; }
    FormModal Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        # enter: what a choice list (FormSelect) lets through; a field and a button
        # take their own enter first.
        Binding("ctrl+s,enter", "save", "Save", id="form.save"),
    ]

    def __init__(
        self,
        title: str,
        spec: FormSpec[R, V],
        record: R | None,
        save: Callable[[V], T],
        *,
        note: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title  # may quote user text: shown literally
        self.spec = spec
        self.record = record
        self.fields = spec.shown(record)
        self.save = save
        self.note = note
        self.shown_values: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="form-modal") as box:
            box.border_title = literal(shorten(self.title_text, TITLE_CHARS))
            box.border_subtitle = "enter saves · escape cancels"
            if self.note:
                yield Static(literal(self.note), classes="form-modal--note")
            for field, value in self.fields:
                yield FormField(field.label, control_for(field, value), field=field.name)
            yield Static("", id="form-modal-error", classes="form-modal--error", markup=False)
            with Horizontal(classes="form-modal--buttons"):
                yield Button("Cancel (esc)", id="cancel", compact=True)
                yield Button("Save (enter)", variant="primary", id="save", compact=True)

    def values(self) -> dict[str, str]:
        return {f.field: f.value for f in self.query(FormField)}

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if not self.is_busy("form"):
            self.submit(self.values())

    def on_mount(self) -> None:
        self.shown_values = self.values()  # what "unsaved changes" is measured against

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Escape: closes at once when nothing was changed, else asks first (a
        reflexive escape must not throw away what was typed)."""
        if self.is_busy("form"):  # a save under way decides how this ends
            return
        if self.values() == self.shown_values:
            self.dismiss(None)
            return
        from dashboard_tui.widgets.confirm import ConfirmModal

        def answered(discard: bool | None) -> None:
            if discard and not self.is_busy("form"):
                self.dismiss(None)

        self.app.push_screen(ConfirmModal("Discard the changes to this form?"), answered)

    def submit(self, typed: dict[str, str]) -> None:
        values = self.spec.parse(typed, self.record)

        def call() -> T:
            return self.save(values)

        self.run_call(
            call,
            self.submit_done,
            failed=self.submit_failed,
            group="form",
            exclusive=True,
            hold_keys=True,
        )

    def submit_done(self, result: T) -> None:
        self.dismiss(result)

    def submit_failed(self, error: BaseException) -> None:
        from dashboard_tui.kit.errors import ValidationError

        box = self.query_one("#form-modal")
        message = self.query_one("#form-modal-error", Static)
        if isinstance(error, ValidationError):
            rest = show_field_errors(box, error.errors)
            message.update(literal(" ".join(rest.values())))
        else:
            clear_field_errors(box)
            message.update("")
            self.report_failure(error)
