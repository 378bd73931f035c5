"""Forms from one declaration: the fields of an entity's form, once, for both its
"new" and its "edit" form, and the typed values a save gets.

    @dataclass(frozen=True)
    class CardioInput:          # one str per field, as typed
        activity: str
        date: str

    CARDIO_FORM = FormSpec(CardioInput, (
        FieldSpec("activity", "Activity", read=lambda c: c.activity_name, max_length=NAME_MAX),
        FieldSpec("date", "Date", read=lambda c: c.date.isoformat(), default="today",
                  max_length=MAX_INPUT),
    ))

    values: CardioInput = CARDIO_FORM.parse(typed)   # what the form's save receives
    service.log_cardio(login, activity=values.activity, date=values.date)

A field's `name` is the input dataclass's attribute and the ValidationError key the
service uses for it, so its message lands next to the field. UI-free: a command line
could read the same specs.

A field that shows a stored quantity rounded (`102.06 kg` for 102058 g) declares
`exact`, the stored value behind its text; an edit form that gets that text back
unchanged passes `Exact(102058)` to the save instead of the text (`kept`), so the
rounded value is never written back as if it had been typed (DESIGN.md §5)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

from dashboard_tui.kit.parsing import Exact

R = TypeVar("R")  # the record an edit form starts from
V = TypeVar("V")  # the typed values of the form


@dataclass(frozen=True)
class FieldSpec(Generic[R]):
    name: str
    label: str
    read: Callable[[R], str] | None = None  # the record's current value (edit form)
    default: str = ""  # the value in a "new" form
    placeholder: str = ""
    choices: Sequence[tuple[str, str]] | None = None  # (label, value): a choice list
    # The most characters the field takes: the limit the service checks it with
    # (NAME_MAX, NOTES_MAX, LABEL_MAX in kit/validation.py, MAX_INPUT for a number or
    # a date in kit/parsing.py), named here rather than defaulted, so a field can never
    # take more than its save accepts (tests/unit/test_form_limits.py checks each one).
    # A choice list has none.
    max_length: int = 0
    on_new: bool = True  # shown in the "new" form
    on_edit: bool = True  # shown in the "edit" form
    # The stored quantity that `read` shows rounded (grams behind '102.06 kg'):
    # an edit form that gets `read`'s text back passes Exact(it) instead.
    exact: Callable[[R], int | None] | None = None

    def __post_init__(self) -> None:
        if self.choices is None and self.max_length < 1:
            raise TypeError(f"field {self.name!r}: give its max_length (the service's limit)")


def kept(typed: str | Exact, shown: str, stored: int | None) -> str | Exact:
    """What a save gets for a field that showed `shown`, the text of the `stored`
    quantity: `Exact(stored)` when the text came back as shown (spaces and case aside),
    else what was typed. For every form, and for a prefilled bar that is not one."""
    if isinstance(typed, Exact) or stored is None:
        return typed
    return Exact(stored) if _squeezed(typed) == _squeezed(shown) else typed


def _squeezed(text: str) -> str:
    return "".join(text.split()).casefold()


@dataclass(frozen=True)
class FormSpec(Generic[R, V]):
    values: type[V]  # a dataclass with one str attribute per field (str | Exact: `exact`)
    fields: tuple[FieldSpec[R], ...]

    def __post_init__(self) -> None:
        names = {f.name for f in fields(self.values)}  # type: ignore[arg-type]
        declared = {f.name for f in self.fields}
        if names != declared:
            raise TypeError(f"{self.values.__name__} and its fields differ: {names ^ declared}")

    def shown(self, record: R | None) -> list[tuple[FieldSpec[R], str]]:
        """The fields of the new (record None) or the edit form, with their values."""
        if record is None:
            return [(f, f.default) for f in self.fields if f.on_new]
        return [
            (f, f.read(record) if f.read is not None else f.default)
            for f in self.fields
            if f.on_edit
        ]

    def parse(self, typed: Mapping[str, str], record: R | None = None) -> V:
        """The typed values (a field the form did not show: its default). In the edit
        form of `record`, a field with `exact` whose text came back as shown is the
        stored value (`kept`)."""
        values: dict[str, Any] = {}
        for f in self.fields:
            value: str | Exact = typed.get(f.name, f.default)
            if record is not None and f.exact is not None and f.read is not None:
                value = kept(value, f.read(record), f.exact(record))
            values[f.name] = value
        return self.values(**values)
