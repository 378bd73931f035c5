"""Cardio sessions: activity, date, duration, distance, average heart rate, notes.
Pace (s/km) and speed (km/h) are derived in CardioInfo."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from dashboard_tui.account.auth import Login
from dashboard_tui.db import audit_chain
from dashboard_tui.gym import CARDIO
from dashboard_tui.gym.dto import CardioInfo
from dashboard_tui.gym.services.base import GymServiceBase, GymWork, cardio_info
from dashboard_tui.kit.edit import Form, apply_edit, need
from dashboard_tui.kit.forms import kept
from dashboard_tui.kit.paging import Cursor, Page, check_page_size
from dashboard_tui.kit.parsing import (
    Exact,
    format_distance,
    parse_distance,
    parse_duration,
    parse_int,
)
from dashboard_tui.kit.validation import clean_name, clean_notes
from dashboard_tui.models.gym import CardioSession

MIN_HR, MAX_HR = 20, 250


def _activity(uow: GymWork, activity: str, activity_id: uuid.UUID | None) -> dict[str, Any]:
    """A catalog exercise by id, or a name: linked to the catalog exercise of that
    name when there is one, else kept as free text."""
    if activity_id is not None:
        item = uow.exercise_item(activity_id, field="activity")
        return {"activity_id": item.id, "activity_name": item.name}
    name = clean_name(activity, "activity")
    match = next((i for i in uow.catalog.find_by_name(name) if i.mode == "cardio"), None)
    return {
        "activity_id": match.id if match else None,
        "activity_name": match.name if match else name,
    }


def _fields(
    uow: GymWork,
    *,
    activity: str | None,
    activity_id: uuid.UUID | None,
    day: str | date | None,
    duration: str | int | None,
    distance: str | Exact | None,
    avg_hr: str | int | None,
    notes: str | None,
) -> dict[str, Any]:
    """Parsed fields; None = not given."""
    form = Form()
    values: dict[str, Any] = {}
    if activity is not None or activity_id is not None:
        values.update(form.take(_activity, uow, activity or "", activity_id) or {})
    if day is not None:
        values["date"] = form.take(uow.date, day)
    if duration is not None:
        values["duration_s"] = form.take(parse_duration, duration, min_s=1)
    if distance is not None:
        values["distance_m"] = form.take(parse_distance, distance)
    if avg_hr is not None:
        values["avg_hr"] = form.take(
            parse_int,
            avg_hr,
            field="avg_hr",
            lo=MIN_HR,
            hi=MAX_HR,
            required=False,
            label="average heart rate",
        )
    if notes is not None:
        values["notes"] = form.take(clean_notes, notes)
    form.done()
    return values


class CardioService(GymServiceBase):
    def list_cardio(
        self,
        login: Login,
        *,
        text: str = "",
        page_size: int = 50,
        cursor: Cursor | None = None,
    ) -> Page[CardioInfo]:
        """Newest first, keyset-paged; `text` filters activity and notes (contains)."""
        limit = check_page_size(page_size)

        def work(uow: GymWork) -> Page[CardioInfo]:
            rows, next_cursor = uow.cardio.keyset_page(
                limit=limit, after=cursor, text=text.strip()[:120]
            )
            return Page(tuple(cardio_info(r) for r in rows), next_cursor)

        return self._read(login, work)

    def get_cardio(self, login: Login, session_id: uuid.UUID) -> CardioInfo:
        return self._read(
            login, lambda u: cardio_info(need(u.cardio.get(session_id), "cardio session"))
        )

    def log_cardio(
        self,
        login: Login,
        *,
        duration: str | int,
        activity: str = "",
        activity_id: uuid.UUID | None = None,
        date: str | date = "today",
        distance: str | Exact = "",
        avg_hr: str | int | None = "",
        notes: str = "",
    ) -> CardioInfo:
        """Log a session: `activity` a name (linked to the catalog cardio exercise of
        that name if any) or `activity_id` a catalog exercise; duration `45m`,
        `1:05:00`; distance `5km`, `3.1mi`, `800m`; average HR 20–250."""

        def work(uow: GymWork) -> CardioInfo:
            values = _fields(
                uow,
                activity=activity,
                activity_id=activity_id,
                day=date,
                duration=duration,
                distance=distance,
                avg_hr=avg_hr,
                notes=notes,
            )
            row = uow.cardio.add(CardioSession(**values))
            uow.audit(CARDIO, "created", row.id, after=audit_chain.snapshot(row))
            return cardio_info(row)

        return self._write(login, work)

    def edit_cardio(
        self,
        login: Login,
        session_id: uuid.UUID,
        *,
        activity: str | None = None,
        activity_id: uuid.UUID | None = None,
        date: str | date | None = None,
        duration: str | int | None = None,
        distance: str | Exact | None = None,
        avg_hr: str | int | None = None,
        notes: str | None = None,
    ) -> CardioInfo:
        """Change any field (None = keep; "" clears distance and heart rate; a
        distance typed as shown, '5.12 km' for 5123 m, keeps the metres)."""

        def work(uow: GymWork) -> CardioInfo:
            row = need(uow.cardio.get(session_id), "cardio session")
            shown = format_distance(row.distance_m)
            values = _fields(
                uow,
                activity=activity,
                activity_id=activity_id,
                day=date,
                duration=duration,
                distance=None if distance is None else kept(distance, shown, row.distance_m),
                avg_hr=avg_hr,
                notes=notes,
            )
            apply_edit(uow, CARDIO, row, values)
            return cardio_info(row)

        return self._write(login, work)

    def delete_cardio(self, login: Login, session_id: uuid.UUID) -> None:
        def work(uow: GymWork) -> None:
            row = need(uow.cardio.get(session_id), "cardio session")
            before = audit_chain.snapshot(row)
            uow.cardio.delete(row)
            uow.audit(CARDIO, "deleted", session_id, before=before)

        self._write(login, work)
