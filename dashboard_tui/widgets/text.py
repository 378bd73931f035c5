"""User text is data, never markup (DESIGN.md §4).

Anything a person typed, or that came back from the database (names, emails, hosts,
service messages that quote input), is shown through these helpers: it is wrapped
in `Content`/`Text` as plain text, so `[b]` or `[@click=…]` is never interpreted,
and control or bidi-override characters are made visible instead of reaching the
terminal."""

from __future__ import annotations

import unicodedata

from rich.text import Text
from textual.content import Content

REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def clean(value: object) -> str:
    """The text with every control/format character (C0, C1, bidi overrides, …)
    replaced, so it cannot move the cursor, recolour the screen or reorder text."""
    text = "" if value is None else str(value)
    return "".join(REPLACEMENT if unicodedata.category(ch) in {"Cc", "Cf"} else ch for ch in text)


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
