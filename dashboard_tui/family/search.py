"""The family records for the command palette: members (by name or relation),
events (by title, place or notes; a series once, with how it repeats) and time logs
(by activity, member or notes)."""

from __future__ import annotations

from dashboard_tui.account.auth import Login
from dashboard_tui.family import EVENT, MEMBER, time_logs
from dashboard_tui.family.services import FamilyService
from dashboard_tui.kit.entity import Found

PER_KIND = 5


def search(family: FamilyService, login: Login, text: str) -> list[Found]:
    members, events = family.search(login, text, limit=PER_KIND)
    found = [
        Found(MEMBER.name, m.id, f"Member: {m.name}", m.relation or "family member")
        for m in members
    ]
    found += [
        Found(
            EVENT.name,
            e.id,
            f"Event: {e.title}",
            " · ".join(p for p in (str(e.start)[:16], e.repeats, e.location) if p),
        )
        for e in events
    ]
    return found + time_logs.search(family, login, text)
