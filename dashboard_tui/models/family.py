"""Family: members, calendar events (with RFC 5545 recurrence), reminders, time logs."""

from __future__ import annotations

import datetime as dt  # not `from datetime import date`: tables have a `date` column
import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard_tui.models import shared as _shared  # noqa: F401 - FK targets (catalog, users)
from dashboard_tui.models.base import (
    Base,
    Timestamps,
    UserOwned,
    UTCDateTime,
    UUIDPk,
    owner_check,
    owner_key,
    owner_unique,
)


class FamilyMember(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "family_members"
    __table_args__ = (owner_unique(),)

    name: Mapped[str] = mapped_column(String(120))
    relation: Mapped[str] = mapped_column(String(40), default="")
    birthday: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    color: Mapped[str | None] = mapped_column(String(16), nullable=True)  # a Textual colour
    notes: Mapped[str] = mapped_column(Text, default="")


class Event(UUIDPk, UserOwned, Timestamps, Base):
    """A calendar entry. A recurring event is one row: starts_at is the first
    occurrence, rrule the RFC 5545 rule, rdates extra occurrences, exdates the
    cancelled ones. Occurrences are expanded in `timezone` so a weekly 09:00 stays
    09:00 across DST changes; starts_at itself is stored in UTC like every instant.
    An all-day event starts at midnight UTC of its day (its date is what counts).

    A changed occurrence of a series is a row of its own (iCalendar's RECURRENCE-ID):
    `series_id` its series, `recurrence_id` the original start it replaces, as the
    series' wall time in ISO 8601 ("2025-01-14T17:00:00", or "2025-01-14" all-day),
    the form exdates and rdates are kept in. It goes with its series."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_user_id_starts_at", "user_id", "starts_at"),
        owner_unique(),
        owner_check("events", "member_id", "family_members"),
        owner_key("series_id", "events", ondelete="CASCADE"),
        UniqueConstraint("series_id", "recurrence_id"),
        UniqueConstraint("user_id", "uid"),
    )

    # SET NULL: removing a member keeps their past and shared events.
    member_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("family_members.id", ondelete="SET NULL"), nullable=True
    )
    type_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")  # IANA name
    rrule: Mapped[str | None] = mapped_column(Text, nullable=True)
    # ISO 8601 strings of the original start of each skipped occurrence.
    exdates: Mapped[list[str]] = mapped_column(JSON, default=list)
    # ISO 8601 wall times (or dates) of extra occurrences (RFC 5545 RDATE).
    rdates: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    series_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    recurrence_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # RFC 5545 UID of a series or single event (family/ics.py): a re-import finds it,
    # an export repeats it. NULL on a changed occurrence's row (its series' UID is its).
    uid: Mapped[str | None] = mapped_column(String(255), nullable=True)


class Reminder(UUIDPk, UserOwned, Timestamps, Base):
    """A standalone reminder (its own `due_at`), or `before_minutes` before an event.
    For an event `due_at` is the next due time: its next occurrence's start minus the
    offset, moved on to the following occurrence when it fires (migration 0019); the
    offset is kept, never a copy per occurrence. `snoozed_until`, when set, is when it
    is due instead. `fired_for` is the due time it last fired for, so it fires once
    per due time, across restarts too."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_user_id_due_at", "user_id", "due_at"),
        owner_unique(),  # notifications.reminder_id refers to it (migration 0019)
        # Standalone reminders have no event; an event's reminders go with it.
        owner_key("event_id", "events", ondelete="CASCADE"),
    )

    event_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    before_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    snoozed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    fired_for: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class TimeLog(UUIDPk, UserOwned, Timestamps, Base):
    """Time a family member spent on an activity on a day (school, reading, ...)."""

    __tablename__ = "time_logs"
    __table_args__ = (
        Index("ix_time_logs_user_id_date", "user_id", "date"),
        owner_check("time_logs", "member_id", "family_members"),
    )

    member_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("family_members.id", ondelete="SET NULL"), nullable=True
    )
    activity_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="SET NULL"), nullable=True
    )
    date: Mapped[dt.date] = mapped_column(Date)
    # Whole minutes: the unit people log this in; seconds would be false precision.
    minutes: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
