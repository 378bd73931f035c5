"""The event forms' modal, apart from the agenda: its module does not load the form's
widgets until a form first opens."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import Input, Select

from dashboard_tui.family.ui.agenda import RepeatsOn
from dashboard_tui.widgets.form_modal import FormModal, choice_options


class EventFormModal(FormModal[Any, Any, Any]):
    """The event forms, whose monthly repeat choices are named after the date
    ("…same weekday (4th Tuesday)"): named anew when another date is typed, the
    choice made staying chosen. `repeats` gives the choices for a day."""

    def __init__(self, *args: Any, repeats: RepeatsOn, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.repeats = repeats

    @on(Input.Changed, "#day")
    def date_changed(self, event: Input.Changed) -> None:
        from dashboard_tui.family.services import parse_day
        from dashboard_tui.kit.errors import ValidationError

        try:
            day = parse_day(event.value)
        except ValidationError:  # being typed, or wrong (the save says so): kept as named
            return
        repeat = self.query_one("#repeat", Select)
        chosen = repeat.value
        repeat.set_options(choice_options(self.repeats(day)))
        repeat.value = chosen
