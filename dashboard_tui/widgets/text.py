"""User text is data, never markup (DESIGN.md §4).

Anything a person typed, or that came back from the database (names, emails, hosts,
service messages that quote input), is shown through these helpers: it is wrapped
in `Content`/`Text` as plain text, so `[b]` or `[@click=…]` is never interpreted,
and control or bidi-override characters are made visible instead of reaching the
terminal."""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.text import Text
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


class SafeInput(Input):
    """An Input that shows control and bidi characters (pasted, or put back after
    a refused save) as replacement characters instead of sending them to the
    terminal. The value keeps them, so the service can name the problem."""

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        return Text(clean(self.value), no_wrap=True, overflow="ignore", end="")

    def _position_to_cell(self, position: int) -> int:
        return cell_len(clean(self.value[:position]).expandtabs(4))
