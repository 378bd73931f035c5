"""What the account services accept, as rules on stored rows (kit/rules.py): an
import holds the person and their settings to them. The email has its own check in
the import (it is also how the person is found)."""

from __future__ import annotations

from dashboard_tui.account.profile import check_profile
from dashboard_tui.kit.rules import FieldRules, StoredRules, TogetherRules
from dashboard_tui.kit.validation import clean_name

STORED_RULES: StoredRules = {
    # Registration's rule for a name (account/auth.py: clean_text, 120 characters).
    "users": FieldRules(name=clean_name),
    "profiles": TogetherRules(
        check_profile, "weight_unit", "currency", "timezone", "theme", "week_start"
    ),
}
