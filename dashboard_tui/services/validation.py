"""Input checks shared by every service (one validation layer for UI and CLI)."""

from __future__ import annotations

import re
import unicodedata

from dashboard_tui.services.errors import ValidationError

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254


def has_control_chars(value: str) -> bool:
    """C0/C1 controls, NUL, and bidi overrides that could reorder what is shown."""
    return any(unicodedata.category(ch) in {"Cc", "Cf"} and ch not in "\u200d" for ch in value)


def clean_text(
    field: str, value: str, *, max_len: int, required: bool = True, multiline: bool = False
) -> str:
    """Trim and check one line (or block) of user text. Markup is fine: it is shown
    literally. Control characters are refused on every engine alike."""
    value = value.strip()
    if required and not value:
        raise ValidationError.one(field, "This field is required.")
    if len(value) > max_len:
        raise ValidationError.one(field, f"At most {max_len} characters (got {len(value)}).")
    check = value.replace("\n", "").replace("\t", "") if multiline else value
    if has_control_chars(check):
        raise ValidationError.one(
            field, "Control or invisible formatting characters are not allowed."
        )
    return value


def clean_email(value: str, field: str = "email") -> str:
    value = value.strip().lower()
    if not value:
        raise ValidationError.one(field, "Enter an email address.")
    if len(value) > MAX_EMAIL or has_control_chars(value) or not EMAIL_RE.match(value):
        raise ValidationError.one(
            field, "That does not look like an email address (name@example.com)."
        )
    return value
