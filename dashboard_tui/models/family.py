"""Family: members, calendar events (with RFC 5545 recurrence), reminders, time logs."""

from __future__ import annotations

import datetime as dt  # not `from datetime import date`: tables have a `date` column
import uuid

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, Uuid
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
    occurrence, rrule the RFC 5545 rule, exdates the cancelled occurrences.
    Occurrences are expanded in `timezone` so a weekly 09:00 stays 09:00 across
    DST changes; starts_at itself is stored in UTC like every instant."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_user_id_starts_at", "user_id", "starts_at"),
        owner_unique(),
        owner_check("events", "member_id", "family_members"),
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
    notes: Mapped[str] = mapped_column(Text, default="")


class Reminder(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_user_id_due_at", "user_id", "due_at"),
        # Standalone reminders have no event; an event's reminders go with it.
        owner_key("event_id", "events", ondelete="CASCADE"),
    )

    event_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")


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
