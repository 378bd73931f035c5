"""Forms from one declaration: the fields of an entity's form, once, for both its
"new" and its "edit" form, and the typed values a save gets.

    @dataclass(frozen=True)
    class CardioInput:          # one str per field, as typed
        activity: str
        date: str

    CARDIO_FORM = FormSpec(CardioInput, (
        FieldSpec("activity", "Activity", read=lambda c: c.activity_name),
        FieldSpec("date", "Date", read=lambda c: c.date.isoformat(), default="today"),
    ))

    values: CardioInput = CARDIO_FORM.parse(typed)   # what the form's save receives
    service.log_cardio(login, activity=values.activity, date=values.date)

A field's `name` is the input dataclass's attribute and the ValidationError key the
service uses for it, so its message lands next to the field. UI-free: a command line
could read the same specs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

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
    max_length: int = 200
    on_new: bool = True  # shown in the "new" form
    on_edit: bool = True  # shown in the "edit" form


@dataclass(frozen=True)
class FormSpec(Generic[R, V]):
    values: type[V]  # a dataclass with one str attribute per field
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

    def parse(self, typed: Mapping[str, str]) -> V:
        """The typed values (a field the form did not show: its default)."""
        values: dict[str, Any] = {f.name: typed.get(f.name, f.default) for f in self.fields}
        return self.values(**values)
