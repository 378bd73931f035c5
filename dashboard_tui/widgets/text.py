"""User text is data, never markup (DESIGN.md §4).

Anything a person typed, or that came back from the database (names, emails, hosts,
service messages that quote input), is shown through these helpers: it is wrapped
in `Content`/`Text` as plain text, so `[b]` or `[@click=…]` is never interpreted,
and control or bidi-override characters are made visible instead of reaching the
terminal."""

from __future__ import annotations

import unicodedata
from typing import Protocol, runtime_checkable

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.content import Content
from textual.widgets import Input

REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def clean(value: object) -> str:
    """The text with every control/format character (C0, C1, bidi overrides, …)
    replaced, so it cannot move the cursor, recolour the screen or reorder text."""
    text = "" if value is None else str(value)
    return "".join(REPLACEMENT if unicodedata.category(ch) in {"Cc", "Cf"} else ch for ch in text)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, the last an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def literal(value: object, style: str = "") -> Content:
    """For Static, Label, Header and notifications: shown exactly as typed."""
    content = Content(clean(value))
    return content.stylize(style) if style else content


def literal_text(value: object, style: str = "") -> Text:
    """For DataTable cells, which parse plain `str` cells as markup."""
    return Text(clean(value), style=style)


def literal_lines(lines: list[str] | tuple[str, ...], style: str = "") -> Content:
    """Several lines of user text: the line breaks are ours, the rest literal."""
    return Content("\n").join(literal(line, style) for line in lines)


@runtime_checkable
class ShowsNote(Protocol):
    """A container that shows a message next to its input (a form field)."""

    def show_note(self, message: str) -> None: ...


def paste_refusal(pasted: int, kept: int, most: int) -> str:
    """Why a paste was refused: `pasted` characters onto `kept` that stay, in a field
    that takes at most `most`."""
    if kept:
        return (
            f"Pasted text is {pasted} characters; with the {kept} already here that makes "
            f"{pasted + kept}, and this field takes at most {most}. Nothing was pasted."
        )
    return (
        f"Pasted text is {pasted} characters; this field takes at most {most}. Nothing was pasted."
    )


class SafeInput(Input):
    """An Input that shows control and bidi characters (pasted, or put back after
    a refused save) as replacement characters instead of sending them to the
    terminal. The value keeps them, so the service can name the problem.

    A paste that would go past `max_length` is refused with a message next to the
    field (or a notification), never dropped in silence: Input alone inserts
    nothing and says nothing. Its placeholder is a dimmed italic hint, so it cannot
    be taken for a value typed in."""

    DEFAULT_CSS = """
    SafeInput > .input--placeholder { color: $text-disabled; text-style: italic; }
    """

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        return Text(clean(self.value), no_wrap=True, overflow="ignore", end="")

    def _position_to_cell(self, position: int) -> int:
        return cell_len(clean(self.value[:position]).expandtabs(4))

    def _on_paste(self, event: events.Paste) -> None:
        # Input inserts only the first line of a paste; that line is what must fit.
        line = event.text.splitlines()[0] if event.text else ""
        start, end = sorted(self.selection)  # a selection is replaced by the paste
        kept = len(self.value) - (end - start)
        if self.max_length and kept + len(line) > self.max_length:
            # Refused whole rather than cut to fit: a cut paste looks complete, and the
            # end that was lost (of a note, a name) would be saved without anyone
            # noticing. Refused, the field is as it was and the message says why.
            event.prevent_default()  # Input's own handler (next in the MRO) stays out
            event.stop()
            self.refuse(paste_refusal(len(line), kept, self.max_length))

    def refuse(self, message: str) -> None:
        """Say why input was not taken: next to the field when it sits in one."""
        holder = next((node for node in self.ancestors if isinstance(node, ShowsNote)), None)
        if holder is not None:
            holder.show_note(message)
        else:
            self.notify(message, severity="warning", markup=False)
