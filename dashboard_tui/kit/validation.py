"""Input checks shared by every service (one validation layer for UI and CLI)."""

from __future__ import annotations

import re
import unicodedata

from dashboard_tui.kit.errors import ValidationError

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254

# Refused in stored text, on every engine alike (PostgreSQL would refuse only NUL, and
# neither engine can store a lone surrogate at all):
#   Cc  C0/C1 controls, NUL and DEL: terminal escapes, bells, cursor moves;
#   Cf  invisible formatting: bidi overrides/isolates/marks that reorder what is
#       shown, zero-width spaces, BOM, soft hyphen ...;
#   Cs  lone surrogates: not characters, UTF-8 cannot encode them;
#   Zl/Zp  line and paragraph separators: line breaks inside a one-line field.
# Allowed: ZWJ (joins emoji sequences), private use (icon fonts) and code points
# unassigned in this Python's Unicode tables (a newer Unicode may assign them).
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
ALLOWED_FORMAT = frozenset({"\u200d"})
# Only ordinary whitespace around a value is trimmed silently; str.strip() also
# trims controls such as U+001C..U+001F and U+0085, which must be refused instead.
EDGE_WHITESPACE = " \t\r\n"


def has_control_chars(value: str) -> bool:
    """C0/C1 controls, NUL, bidi overrides and other invisible formatting, line and
    paragraph separators, and lone surrogates."""
    if value.isascii() and value.isprintable():  # the usual text, checked in C (imports)
        return False
    return any(
        unicodedata.category(ch) in REFUSED_CATEGORIES and ch not in ALLOWED_FORMAT for ch in value
    )


def clean_text(
    field: str, value: str, *, max_len: int, required: bool = True, multiline: bool = False
) -> str:
    """Trim and check one line (or block) of user text. Markup is fine: it is shown
    literally. Control characters are refused on every engine alike."""
    raw, value = value, value.strip()
    if required and not value:
        raise ValidationError.one(field, "This field is required.")
    if len(value) > max_len:
        raise ValidationError.one(field, f"At most {max_len} characters (got {len(value)}).")
    check = raw.strip(EDGE_WHITESPACE)
    if multiline:
        check = check.replace("\n", "").replace("\t", "")
    if has_control_chars(check):
        raise ValidationError.one(
            field, "Control or invisible formatting characters are not allowed."
        )
    return value


def clean_email(value: str, field: str = "email") -> str:
    raw, value = value, value.strip().lower()
    if not value:
        raise ValidationError.one(field, "Enter an email address.")
    if len(value) > MAX_EMAIL:
        raise ValidationError.one(field, f"At most {MAX_EMAIL} characters (got {len(value)}).")
    if has_control_chars(raw.strip(EDGE_WHITESPACE)) or not EMAIL_RE.match(value):
        raise ValidationError.one(
            field, "That does not look like an email address (name@example.com)."
        )
    return value


# The text limits the services check, and the one place every form takes its
# fields' max_length from (kit/forms.py), so what a field lets a person type is what
# the save accepts: tests/unit/test_form_limits.py holds each form to its rule.
NAME_MAX = 120
NOTES_MAX = 4000
LABEL_MAX = 40  # a short label such as an exercise's muscle group or equipment


def clean_name(value: str, field: str = "name") -> str:
    return clean_text(field, value, max_len=NAME_MAX)


def clean_notes(value: str, field: str = "notes") -> str:
    return clean_text(field, value, max_len=NOTES_MAX, required=False, multiline=True)


SPREADSHEET_FORMULA_START = ("=", "+", "-", "@")


def spreadsheet_cell(text: str) -> str:
    """A CSV text cell a spreadsheet shows as text: a leading = + - @ would start a
    formula, so it gets a leading apostrophe (`spreadsheet_text` takes it off)."""
    return f"'{text}" if text[:1] in SPREADSHEET_FORMULA_START else text


def spreadsheet_text(cell: str) -> str:
    """The text a `spreadsheet_cell` was made from."""
    guarded = cell[:1] == "'" and cell[1:2] in SPREADSHEET_FORMULA_START
    return cell[1:] if guarded else cell
