"""The person's settings: weight unit, currency, timezone, week start, theme."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from dashboard_tui.account.auth import Login
from dashboard_tui.account.profile_repository import ProfileRepository
from dashboard_tui.db import audit_chain
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.service import Service
from dashboard_tui.kit.validation import EDGE_WHITESPACE
from dashboard_tui.models.shared import THEMES, WEIGHT_UNITS

# ISO 4217 codes in everyday use; enough for a personal ledger, and a typo is caught.
CURRENCIES = frozenset(
    {
        "AED",
        "ARS",
        "AUD",
        "BGN",
        "BRL",
        "CAD",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CZK",
        "DKK",
        "EGP",
        "EUR",
        "GBP",
        "HKD",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "ISK",
        "JPY",
        "KES",
        "KRW",
        "MAD",
        "MXN",
        "MYR",
        "NGN",
        "NOK",
        "NZD",
        "PEN",
        "PHP",
        "PKR",
        "PLN",
        "RON",
        "RSD",
        "RUB",
        "SAR",
        "SEK",
        "SGD",
        "THB",
        "TRY",
        "TWD",
        "UAH",
        "USD",
        "UYU",
        "VND",
        "ZAR",
    }
)


@cache
def _timezones() -> frozenset[str]:
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


@dataclass(frozen=True)
class ProfileInfo:
    weight_unit: str
    currency: str
    timezone: str
    week_start: int
    theme: str


def _code(value: str, case: Callable[[str], str] | None = None) -> str:
    """A code from a fixed list, as typed: only ordinary whitespace is trimmed
    (str.strip() would drop controls too), and only ASCII is case-folded (so that
    "ınr" or a Kelvin sign does not fold into a valid code)."""
    value = value.strip(EDGE_WHITESPACE)
    return case(value) if case and value.isascii() else value


def check_profile(
    *, weight_unit: str, currency: str, timezone: str, theme: str, week_start: int
) -> None:
    """Settings as they are stored (the unit in lower case, the currency in upper):
    one ValidationError naming each field that is not one of its choices."""
    errors = {}
    if weight_unit not in WEIGHT_UNITS:
        errors["weight_unit"] = "Choose kg or lb."
    if currency not in CURRENCIES:
        errors["currency"] = "Use an ISO 4217 code such as EUR, USD or GBP."
    if timezone not in _timezones():
        errors["timezone"] = "Use an IANA timezone such as Europe/Madrid or UTC."
    if theme not in THEMES:
        errors["theme"] = f"Choose one of: {', '.join(THEMES)}."
    if week_start not in range(7):
        errors["week_start"] = "Choose a day (0 = Monday … 6 = Sunday)."
    if errors:
        raise ValidationError(errors)


def _info(row) -> ProfileInfo:
    return ProfileInfo(row.weight_unit, row.currency, row.timezone, row.week_start, row.theme)


class ProfileService(Service):
    def get(self, login: Login) -> ProfileInfo:
        return self.db.run_as(
            login.scope,
            lambda s: _info(ProfileRepository(s, login.scope).get_or_create()),
            now=self.clock(),
        )

    def update(
        self,
        login: Login,
        *,
        weight_unit: str,
        currency: str,
        timezone: str,
        theme: str,
        week_start: int = 0,
    ) -> ProfileInfo:
        weight_unit, currency, timezone = (
            _code(weight_unit, str.lower),
            _code(currency, str.upper),
            _code(timezone),
        )
        check_profile(
            weight_unit=weight_unit,
            currency=currency,
            timezone=timezone,
            theme=theme,
            week_start=week_start,
        )

        def work(session) -> ProfileInfo:
            row = ProfileRepository(session, login.scope).get_or_create()
            before = audit_chain.snapshot(row)
            row.weight_unit, row.currency, row.timezone = weight_unit, currency, timezone
            row.theme, row.week_start = theme, week_start
            session.flush()
            after = audit_chain.snapshot(row)
            changed = {k for k in after if before.get(k) != after[k] and k != "updated_at"}
            if changed:
                audit_chain.record(
                    session,
                    action="settings.changed",
                    at=self.clock(),
                    client=self.client,
                    user_id=login.user.id,
                    entity="profile",
                    entity_id=row.id,
                    before={k: before[k] for k in changed},
                    after={k: after[k] for k in changed},
                )
            return _info(row)

        return self.db.run_as(login.scope, work, now=self.clock())
