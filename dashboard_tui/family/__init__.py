"""The family area: members (birthdays are yearly occurrences with the age), a
calendar of events with RFC 5545 recurrence (kit/recurrence.py expands it), changed
and skipped occurrences, "this and following" edits.

This module is the area's whole declaration (kit/entity.py says what feeds from it).
It stays light: the services are named by import path and loaded when first needed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard_tui.kit.entity import Area, Entity, Reading, Show

MODELS = "dashboard_tui.models.family"
REPOSITORIES = "dashboard_tui.family.repository"


def member_title(image: Mapping[str, Any]) -> str:
    relation = f" ({image['relation']})" if image.get("relation") else ""
    return f"{image['name']}{relation}"


def event_title(image: Mapping[str, Any]) -> str:
    """ "Swimming, every Tuesday: moved 14 Jan only" — the event, how it repeats and,
    for a change to part of a series, what happened to which occurrences."""
    repeats = f", {image['repeats']}" if image.get("repeats") else ""
    change = f": {image['change']}" if image.get("change") else ""
    return f"{image['title']}{repeats}{change}"


MEMBER = Entity(
    "family_member",
    "family",
    "member",
    "Family member",
    f"{MODELS}:FamilyMember",
    fields=(
        Show("name", "Name"),
        Show("relation", "Relation"),
        Show("birthday", "Birthday"),
        Show("color", "Colour"),
        Show("notes", "Notes"),
    ),
    title=member_title,
    repository=f"{REPOSITORIES}:MemberRepository",
)
EVENT = Entity(
    "event",
    "family",
    "event",
    "Event",
    f"{MODELS}:Event",
    fields=(
        Show("title", "Title"),
        Show("when", "When"),
        Show("repeats", "Repeats"),
        Show("member", "Member"),
        Show("location", "Location"),
        Show("notes", "Notes"),
        Show("change", "Change"),
    ),
    title=event_title,
    repository=f"{REPOSITORIES}:EventRepository",
)


def reminder_title(image: Mapping[str, Any]) -> str:
    """ "Dentist, 15m before Swimming: snoozed until …" — what, when, what happened."""
    before = f", {image['before']} {image['event']}" if image.get("before") else ""
    change = f": {image['change']}" if image.get("change") else ""
    return f"{image['title']}{before}{change}"


REMINDER = Entity(
    "reminder",
    "family",
    "reminder",
    "Reminder",
    f"{MODELS}:Reminder",
    fields=(
        Show("title", "Title"),
        Show("due", "Due"),
        Show("before", "Before"),
        Show("event", "Event"),
        Show("snoozed", "Snoozed until"),
        Show("done", "Done"),
        Show("notes", "Notes"),
        Show("change", "Change"),
    ),
    title=reminder_title,
    repository="dashboard_tui.family.reminders:ReminderRepository",
)


def minutes_text(value: Any, reading: Reading) -> str:
    from dashboard_tui.kit.parsing import format_minutes

    return "—" if value is None or value == "" else format_minutes(int(value))


def time_log_title(image: Mapping[str, Any]) -> str:
    """ "Reading, Anna, 1h 30m on 14 Jan" (no member: "Reading, 45m on 14 Jan")."""
    from datetime import date

    from dashboard_tui.kit.parsing import format_minutes

    day = date.fromisoformat(str(image["date"])[:10])
    who = [image["member"]] if image.get("member") else []
    parts = [image.get("activity") or "Activity", *who, format_minutes(int(image["minutes"]))]
    return f"{', '.join(parts)} on {day.day} {day:%b}"


TIME_LOG = Entity(
    "time_log",
    "family",
    "time_log",
    "Time log",
    f"{MODELS}:TimeLog",
    fields=(
        Show("activity", "Activity"),
        Show("member", "Member"),
        Show("date", "Day"),
        Show("minutes", "Time", minutes_text),
        Show("notes", "Notes"),
    ),
    title=time_log_title,
    repository=f"{REPOSITORIES}:TimeLogRepository",
)
# A person's own activity type, made by typing a new name in a time log.
ACTIVITY = Entity(
    "activity_type",
    "family",
    "activity",
    "Activity",
    "dashboard_tui.models.shared:CatalogItem",
    fields=(Show("name", "Name"),),
    title=lambda image: f"Activity {image['name']}",
)

AREA = Area(
    "family",
    "Family",
    entities=(MEMBER, EVENT, REMINDER, TIME_LOG, ACTIVITY),
    key="4",
    summary="Agenda, members, birthdays",
    audit_groups={"family": "Family"},
    services="dashboard_tui.family.services:FamilyService",
    search="dashboard_tui.family.search:search",
    ui="dashboard_tui.family.ui.navigate:AREA_UI",
    week="dashboard_tui.family.week:tile",
    stored_rules="dashboard_tui.family.rules:STORED_RULES",
    alerts="dashboard_tui.family.reminders:ReminderService",
)
