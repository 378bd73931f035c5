"""The user's profile (units, currency, timezone, week start, theme)."""

from __future__ import annotations

from dashboard_tui.kit.repository import ScopedRepository
from dashboard_tui.models.shared import Profile


class ProfileRepository(ScopedRepository):
    def get(self) -> Profile | None:
        return self.session.scalars(self._select(Profile)).one_or_none()

    def get_or_create(self) -> Profile:
        return self.get() or self._add(Profile())
