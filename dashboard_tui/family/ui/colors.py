"""An occurrence's colour as a style: its member's colour, else its type's (the
palette in family/palette.py). Names are Textual's (CSS) colours, which Rich does not
all know, so they are turned into #rrggbb here; the text itself stays literal. Where
the member's colour wins, a mark in the type's colour still tells the type."""

from __future__ import annotations

from functools import lru_cache

from rich.text import Text

from dashboard_tui.family.dto import AgendaItem
from dashboard_tui.family.palette import event_color, type_color
from dashboard_tui.widgets.text import clean


@lru_cache(maxsize=256)
def style_of(color: str | None) -> str:
    """A stored colour → a Rich style ("" for none, or one Textual cannot read)."""
    from textual.color import Color, ColorParseError

    if not color:
        return ""
    try:
        return Color.parse(color).hex
    except ColorParseError:
        return ""


def item_style(item: AgendaItem) -> str:
    return style_of(event_color(item.color, item.type_name))


def coloured(item: AgendaItem, text: str) -> Text:
    """`text` (user text, shown literally) in the occurrence's colour, on one line
    (cut with an ellipsis where it does not fit)."""
    shown = Text(clean(text), no_wrap=True, overflow="ellipsis")
    style = item_style(item)
    if style:
        shown.stylize(style)
    return shown


TYPE_MARK = "●"


def type_mark(item: AgendaItem) -> Text:
    """The occurrence's event type as a mark in the type's colour (the agenda's Type
    column, in little); empty for no type."""
    if not item.type_name:
        return Text("")
    return Text(TYPE_MARK, style=style_of(type_color(item.type_name)))
