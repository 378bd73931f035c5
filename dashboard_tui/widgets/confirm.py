"""Yes/no before something that cannot be undone (after harlequin's ConfirmModal)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from dashboard_tui.widgets.text import literal


class ConfirmModal(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ConfirmModal #confirm-prompt { margin-bottom: 1; }
    ConfirmModal Horizontal { height: auto; align-horizontal: right; }
    ConfirmModal Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, prompt: str, *, default: bool = False) -> None:
        super().__init__()
        self.prompt = prompt  # may quote user text (a host name): shown literally
        self.default = default  # what enter answers (the focused button)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.prompt), id="confirm-prompt")
            with Horizontal():
                yield Button("No (n)", id="no")
                yield Button("Yes (y)", variant="warning", id="yes")

    def on_mount(self) -> None:
        # Enter presses the focused button: No unless asked otherwise, the harmless
        # answer before a delete; Yes where the question only guards a slip of a key
        # (log out, quit), so enter goes ahead as y does.
        self.query_one("#yes" if self.default else "#no", Button).focus()

    @on(Button.Pressed)
    def answer_from_button(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
