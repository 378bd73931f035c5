"""A screen that answers in one status line (`#import-status`, the import screens):
what happened, or what was wrong, each field named by its label, the cursor put in
the first one named."""

from __future__ import annotations

from textual.widgets import Static

from dashboard_tui.kit.errors import ServiceError, ValidationError
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.text import literal


class StatusLineScreen(DashboardScreen):
    def say(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.update(literal(message))
        status.set_class(error, "-error")

    def field_label(self, field: str) -> str:
        """How the status line names a service's field."""
        return field

    def field_selector(self, field: str) -> str:
        """The input of a service's field."""
        return f"#{field}"

    def field_error(self, error: BaseException) -> None:
        """A failed call: field messages and service refusals on the status line,
        anything else reported as the app reports failures."""
        if isinstance(error, ValidationError):
            parts = [f"{self.field_label(k)}: {v}" for k, v in error.errors.items()]
            self.say("; ".join(parts), error=True)
            first = next(iter(error.errors), None)
            found = self.query(self.field_selector(first)) if first else None
            if found:
                found.first().focus()
        elif isinstance(error, ServiceError):
            self.say(str(error), error=True)
        else:
            self.report_failure(error)
