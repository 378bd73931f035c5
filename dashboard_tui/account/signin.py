"""The steps after a login, registration or resumed token, shared by the app and the
login/register screens. Runs in a worker thread: the keyring and the database may
block."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: the app must start without SQLAlchemy
    from dashboard_tui.account.auth import Login
    from dashboard_tui.account.profile import ProfileInfo
    from dashboard_tui.context import AppContext


@dataclass(frozen=True)
class SignedIn:
    login: Login
    profile: ProfileInfo
    warning: str | None = None  # e.g. the token could not be remembered


def complete_sign_in(ctx: AppContext, login: Login) -> SignedIn:
    """Remember a fresh token (never the password) and load the person's profile."""
    warning = None
    if login.token:
        try:
            ctx.token_store.set(login.token)
        except Exception as exc:  # a keyring failure must not block login
            warning = f"Your login could not be remembered ({exc}); you will be asked again."
    return SignedIn(login, ctx.profiles.get(login), warning)
