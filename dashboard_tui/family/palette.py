"""Colours in the family area, in one place: what a member's colour may be (a CSS
colour name as Textual knows it, or #rgb / #rrggbb), and the fixed colour of each
shipped event type, used for an event whose member has no colour. UI-free: the
screens turn a name into a style (tests/unit/test_family_rules.py checks that each
name here is one Textual parses)."""

from __future__ import annotations

import re

from dashboard_tui.kit.errors import ValidationError

# Textual's named colours (textual/_color_constants.py), its ansi_ ones aside.
_NAMES = """
    black silver gray white maroon red purple fuchsia green lime olive yellow navy
    blue teal aqua orange aliceblue antiquewhite aquamarine azure beige bisque
    blanchedalmond blueviolet brown burlywood cadetblue chartreuse chocolate coral
    cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray
    darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid
    darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey
    darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue
    firebrick floralwhite forestgreen gainsboro ghostwhite gold goldenrod
    greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender
    lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
    lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon
    lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue
    lightyellow limegreen linen magenta mediumaquamarine mediumblue mediumorchid
    mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise
    mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite oldlace
    olivedrab orangered orchid palegoldenrod palegreen paleturquoise palevioletred
    papayawhip peachpuff peru pink plum powderblue rosybrown royalblue saddlebrown
    salmon sandybrown seagreen seashell sienna skyblue slateblue slategray slategrey
    snow springgreen steelblue tan thistle tomato turquoise violet wheat whitesmoke
    yellowgreen rebeccapurple
"""
COLOR_NAMES = frozenset(_NAMES.split())
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

# The shipped event types (db/catalog_seed.py) → a colour each; an own type or an
# unknown one gets DEFAULT_TYPE_COLOR.
TYPE_COLORS = {
    "Birthday": "hotpink",
    "Anniversary": "orchid",
    "Appointment": "deepskyblue",
    "School event": "gold",
    "Sports game": "limegreen",
    "Holiday": "orange",
    "Party": "violet",
    "Trip": "turquoise",
    "Meeting": "cornflowerblue",
}
DEFAULT_TYPE_COLOR = "silver"


def check_color(value: str | None, field: str = "color") -> str | None:
    """A member's colour as typed → as stored ("Teal" → "teal", "#FA0" kept); ""/None:
    no colour. Anything else is refused with the field named."""
    text = (value or "").strip()
    if not text:
        return None
    if _HEX.fullmatch(text):
        return text.lower()
    name = text.lower().replace(" ", "")
    if name in COLOR_NAMES:
        return name
    raise ValidationError.one(field, "Use a colour name (teal, tomato) or #rrggbb.")


def type_color(type_name: str) -> str | None:
    """An event type's colour (none for no type)."""
    return TYPE_COLORS.get(type_name, DEFAULT_TYPE_COLOR) if type_name else None


def event_color(member_color: str | None, type_name: str) -> str | None:
    """An event's colour: its member's, else its type's, else none."""
    return member_color or type_color(type_name)
