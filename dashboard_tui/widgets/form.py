"""A form field: label, control and the message the service gave for it.

Services validate; screens only put `ValidationError.errors[field]` next to the
field with the same name (DESIGN.md §5). What the person typed is never cleared by
an error, so a failed save keeps it."""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static
from textual.widgets.input import Selection

from dashboard_tui.widgets.text import literal


class FormField(Vertical):
    DEFAULT_CSS = """
    FormField { height: auto; }
    FormField > Horizontal { height: auto; }
    FormField .form-field--label { width: 18; padding: 1 1 0 0; text-align: right; }
    FormField Input, FormField Select { width: 1fr; }
    FormField .form-field--error {
        display: none; height: auto; color: $text-error; padding-left: 20;
    }
    FormField.-invalid .form-field--error { display: block; }
    """

    def __init__(self, label: str, control: Input | Select, *, field: str) -> None:
        super().__init__(id=f"field-{field}", classes="form-field")
        self.field = field
        self.label = label
        self.control = control
        self._note_shown = False  # the message shown is show_note's, not the service's

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label, classes="form-field--label")
            yield self.control
        yield Static("", classes="form-field--error", markup=False)

    @property
    def value(self) -> str:
        value = self.control.value
        # Select.NULL is "nothing chosen" (Select.BLANK is an unrelated Widget flag).
        return "" if value is Select.NULL else str(value)

    def show_error(self, message: str | None) -> None:
        self._note_shown = False
        self.query_one(".form-field--error", Static).update(literal(message or ""))
        self.set_class(bool(message), "-invalid")

    def show_note(self, message: str) -> None:
        """A message about input that was not taken (a paste too long for the field),
        shown where the service's message would be; it goes with the next change."""
        self.show_error(message)
        self._note_shown = True

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if self._note_shown and event.input is self.control:
            self.show_error(None)


def show_field_errors(form: Widget, errors: Mapping[str, str]) -> dict[str, str]:
    """Put each message next to its field (clearing the others) and focus the first
    field in error. Returns the messages that have no field in this form."""
    fields = {f.field: f for f in form.query(FormField)}
    for name, field in fields.items():
        field.show_error(errors.get(name))
    invalid = [f for name, f in fields.items() if name in errors]
    if invalid:
        select_all(invalid[0].control)
    return {name: msg for name, msg in errors.items() if name not in fields}


def select_all(control: Input | Select) -> None:
    """Focus a field with what it holds selected: the next key typed replaces the
    kept value, an arrow key keeps it. Input selects all only when focus moves to
    it, so the field that was being typed in when the save was refused (enter in
    it) kept just a cursor, and the value was not selected as a whole."""
    control.focus()
    if isinstance(control, Input):
        control.selection = Selection(0, len(control.value))


def clear_field_errors(form: Widget) -> None:
    show_field_errors(form, {})


def focus_next_empty(form: Widget, after: Widget) -> bool:
    """Enter in a field moves on to the next empty one; False when none is left,
    which means the form is ready to submit."""
    inputs = [f.control for f in form.query(FormField) if isinstance(f.control, Input)]
    start = inputs.index(after) + 1 if isinstance(after, Input) and after in inputs else 0
    for control in inputs[start:] + inputs[:start]:
        if not control.value:
            control.focus()
            return True
    return False
