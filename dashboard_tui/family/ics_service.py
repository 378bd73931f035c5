"""Import and export of iCalendar files (family/ics.py reads and writes them): one
file is one unit of work, so a file goes in whole or not at all.

An event is found again by its UID: importing the same file twice adds nothing. A
second import of a changed event updates it from the file (its changed occurrences
replaced by the file's); an event the file holds as it is stored is left alone and
counted "unchanged". Each created or updated event is one audit row ("Swimming,
weekly on Tuesday: imported from family.ics"); an export is one ("family.exported").

An import never deletes: an event imported earlier from a file of the same name (its
audit rows say so) that the file no longer holds stays, and the summary names it
("kept, no longer in the file"). Members and event types are matched by name
(case-insensitive); a name that matches none is named in the summary, and the event
keeps the member it has (none when new): an import does not create members. A
birthday the file holds is checked against its member's details, never added as an
event (the agenda shows birthdays from members)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dashboard_tui.family import EVENT
from dashboard_tui.family.ics import (
    Birthday,
    Changed,
    Incoming,
    Names,
    Tags,
    read_calendar,
    write_calendar,
)
from dashboard_tui.family.services import FamilyWork, event_image, event_info, new_uid
from dashboard_tui.kit import recurrence
from dashboard_tui.kit.service import Actor, Service
from dashboard_tui.models.family import Event, FamilyMember

# Every series and single event of the person: the agenda's own query over all time
# (a family's calendar is thousands of rows at most, read once per file).
ALL_TIME = (datetime(1, 1, 2, tzinfo=UTC), datetime(9999, 12, 30, tzinfo=UTC))
IMPORTED_FROM = "imported from "


def all_series(uow: FamilyWork) -> list[Event]:
    first, last = ALL_TIME
    return uow.events.series_before(last, first)


def changed_by_series(uow: FamilyWork, rows: Iterable[Event]) -> dict[uuid.UUID, list[Event]]:
    """These series' changed occurrences (own rows), by series, in one query: a query
    per series made re-importing a 2,000-event file take seconds."""
    found: dict[uuid.UUID, list[Event]] = {}
    for own in uow.events.overrides_of([r.id for r in rows]):
        found.setdefault(own.series_id, []).append(own)  # type: ignore[arg-type]
    return found


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, dry run, would do), and what it left out and why."""

    file_name: str
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    changed_occurrences: int
    skipped: tuple[tuple[str, str], ...]  # (the event, why it was not imported)
    left_out: tuple[tuple[str, int], ...]  # (what, how many), e.g. ("alarms (VALARM)", 2)
    notes: tuple[str, ...]
    # Events imported earlier from a file of this name that it no longer holds: an
    # import is not a subscription, so they stay; named, never kept silently.
    kept: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        would = "would be " if self.dry_run else ""
        found = [
            f"{self.created} events {would}added, {self.updated} {would}updated from the file, "
            f"{self.unchanged} already as in the file (skipped)"
            + (
                f"; {self.changed_occurrences} changed occurrences"
                if self.changed_occurrences
                else ""
            )
        ]
        found += [f"not imported: {what}: {why}" for what, why in self.skipped]
        found += [f"kept, no longer in the file: {what}" for what in self.kept]
        found += [f"left out: {count} × {what}" for what, count in self.left_out]
        found += [f"note: {text}" for text in self.notes]
        return found


@dataclass(frozen=True)
class ExportResult:
    data: bytes
    events: int
    changed_occurrences: int
    birthdays: int = 0

    @property
    def and_birthdays(self) -> str:
        """What follows the events' count: ' and 2 birthdays', or '' when none has one."""
        return f" and {self.birthdays} birthdays" if self.birthdays else ""


def _row_times(start: datetime | date, end: datetime | date, zone_name: str) -> dict[str, Any]:
    if isinstance(start, datetime):
        tz = recurrence.zone(zone_name)
        begins = (start if start.tzinfo else start.replace(tzinfo=tz)).astimezone(UTC)
        assert isinstance(end, datetime)
        ends = (end if end.tzinfo else end.replace(tzinfo=tz)).astimezone(UTC)
        return {"all_day": False, "timezone": zone_name, "starts_at": begins, "ends_at": ends}
    assert not isinstance(end, datetime)
    return {
        "all_day": True,
        "timezone": "UTC",
        "starts_at": datetime.combine(start, time(), UTC),
        "ends_at": datetime.combine(max(end, start + timedelta(days=1)), time(), UTC),
    }


def _series_values(item: Incoming) -> dict[str, Any]:
    end: datetime | date
    if isinstance(item.start, datetime):
        tz = recurrence.zone(item.timezone)
        start: datetime | date = item.start.replace(tzinfo=tz)
        end = start + item.duration
    else:
        start, end = item.start, item.start + timedelta(days=max(1, item.duration.days))
    return {
        "title": item.title,
        "location": item.location,
        "notes": item.notes,
        **_row_times(start, end, item.timezone),
        "rrule": item.rrule,
        "exdates": sorted(item.exdates),
        "rdates": sorted(item.rdates),
    }


def _changed_values(item: Changed) -> dict[str, Any]:
    return {
        "title": item.title,
        "location": item.location,
        "notes": item.notes,
        **_row_times(item.start, item.end, item.timezone),
        "recurrence_id": item.recurrence_id,
    }


def _state(values: dict[str, Any]) -> tuple:
    """Values compared as what they mean: instants in UTC, lists in order, a rule's
    parts in any order (each program writes them in its own)."""
    return tuple((k, _same(k, v)) for k, v in sorted(values.items()))


def _same(key: str, value: Any) -> Any:
    if key == "rrule" and value:
        return tuple(sorted(recurrence.parts_of(value).items()))
    if isinstance(value, list):
        return tuple(sorted(value))
    return _utc(value) if isinstance(value, datetime) else value


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def _stored(row: Event, fields: dict[str, Any]) -> dict[str, Any]:
    return {k: getattr(row, k) for k in fields}


def _by_name(rows: Iterable[Any]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for row in rows:
        found.setdefault(row.name.strip().casefold(), []).append(row)
    return found


class _Matcher:
    """The file's member and event type names → the person's rows (case-insensitive,
    one row of that name), counting in `left_out` what matches nothing."""

    def __init__(self, uow: FamilyWork, left_out: Counter[str]) -> None:
        self.members = _by_name(uow.members.listed())
        self.types = _by_name(uow.types.listed())
        self.left_out = left_out

    def member(self, name: str) -> FamilyMember | None:
        return self._one(self.members, name, "member")

    def _one(self, rows: dict[str, list[Any]], name: str, what: str) -> Any:
        found = rows.get(name.strip().casefold(), [])
        if len(found) == 1:
            return found[0]
        why = f"no {what} of that name here" if not found else f"{len(found)} {what}s have it"
        self.left_out[f"{what} {name!r} ({why})"] += 1
        return None

    def ids(self, tags: Tags) -> dict[str, Any]:
        """member_id and type_id for the event, only those the file names and that
        match: an event the file says nothing about keeps what it has."""
        member = self._one(self.members, tags.member, "member") if tags.member else None
        kind = self._one(self.types, tags.event_type, "event type") if tags.event_type else None
        named = {tags.member.strip().casefold(), tags.event_type.strip().casefold()}
        for category in tags.categories:  # another program's tags: "Lea", "Trip", "Work"
            key = category.casefold()
            if key in named:
                continue
            if member is None and not tags.member and len(self.members.get(key, [])) == 1:
                member = self.members[key][0]
            elif kind is None and not tags.event_type and len(self.types.get(key, [])) == 1:
                kind = self.types[key][0]
            else:
                self.left_out["categories (CATEGORIES)"] += 1
                continue
            named.add(key)
        values: dict[str, Any] = {}
        if member is not None:
            values["member_id"] = member.id
        if kind is not None:
            values["type_id"] = kind.id
        return values

    def birthday(self, birthday: Birthday) -> tuple[str, str] | None:
        """None when the member's details hold this birthday; else (the event, why)."""
        found = self.members.get(birthday.member.strip().casefold(), [])
        if len(found) != 1:
            why = "no member of that name here" if not found else f"{len(found)} members have it"
            return birthday.label, f"a birthday of {birthday.member!r}: {why}"
        member = found[0]
        if member.birthday == birthday.born:
            return None
        has = f"has {member.birthday}" if member.birthday else "has no birthday"
        return (
            birthday.label,
            f"a birthday ({birthday.born}) comes from the member's details, and "
            f"{member.name!r} {has} here",
        )


def _kept_label(row: Event) -> str:
    start = event_info(row).start
    day = start.date() if isinstance(start, datetime) else start
    return f"{row.title!r} ({day.isoformat()})"


class IcsService(Service[FamilyWork]):
    uow_class = FamilyWork

    def import_ics(
        self, actor: Actor, data: bytes, *, file_name: str = "calendar.ics", dry_run: bool = False
    ) -> ImportSummary:
        """The file's events into the person's calendar: all of them or, on any
        failure, none. An IcsError when the file cannot be read."""

        def work(uow: FamilyWork) -> ImportSummary:
            reading = read_calendar(data, uow.timezone)
            known = {r.uid: r for r in all_series(uow) if r.uid}
            names = _Matcher(uow, reading.left_out)
            created = updated = unchanged = changed_rows = 0
            change = f"{IMPORTED_FROM}{''.join(c for c in file_name if c.isprintable())[:80]}"
            skipped, notes = list(reading.skipped), list(reading.notes)
            problems = [p for p in map(names.birthday, reading.birthdays) if p is not None]
            skipped += problems
            if matched := len(reading.birthdays) - len(problems):
                notes.append(f"{matched} birthdays already in members' details (not events)")
            in_file = {item.uid for item in reading.events}
            # Read before any change: the file's UIDs are distinct (split parts get
            # their own), so no series is rewritten before its turn comes.
            stored_changed = changed_by_series(
                uow, (row for uid, row in known.items() if uid in in_file)
            )
            for item in reading.events:
                values = {**_series_values(item), **names.ids(item.tags)}
                changed = sorted(
                    ({**_changed_values(c), **names.ids(c.tags)} for c in item.changed),
                    key=lambda v: v["recurrence_id"],
                )
                changed_rows += len(changed)
                row = known.get(item.uid)
                if row is None:
                    created += 1
                    if not dry_run:
                        row = uow.events.add(Event(uid=item.uid, **values))
                        _add_changed(uow, row, changed)
                        uow.audit(EVENT, "created", row.id, after=event_image(uow, row, change))
                    continue
                own = sorted(stored_changed.get(row.id, []), key=lambda r: r.recurrence_id or "")
                same = (
                    _state(_stored(row, values)) == _state(values)
                    and len(own) == len(changed)
                    and all(
                        _state(_stored(r, c)) == _state(c)
                        for r, c in zip(own, changed, strict=True)
                    )
                )
                if same:
                    unchanged += 1
                    continue
                updated += 1
                if dry_run:
                    continue
                before = event_image(uow, row)
                for old in own:
                    uow.events.delete(old)
                uow.session.flush()
                for key, value in values.items():
                    setattr(row, key, value)
                _add_changed(uow, row, changed)
                uow.audit(
                    EVENT, "edited", row.id, before=before, after=event_image(uow, row, change)
                )
            sources = uow.events.latest_changes(
                [EVENT.action("created"), EVENT.action("edited")], IMPORTED_FROM
            )
            kept = [
                _kept_label(row)
                for uid, row in known.items()
                if uid not in in_file and sources.get(str(row.id)) == change
            ]
            return ImportSummary(
                file_name=file_name,
                dry_run=dry_run,
                created=created,
                updated=updated,
                unchanged=unchanged,
                changed_occurrences=changed_rows,
                skipped=tuple(skipped),
                left_out=tuple(sorted(reading.left_out.items())),
                notes=tuple(notes),
                kept=tuple(kept),
            )

        if dry_run:
            return self._read(actor, work)
        return self._write(actor, work)

    def export_ics(self, actor: Actor) -> ExportResult:
        """Every event of the person as one iCalendar file; an event made before
        events had UIDs gets one now, so the next export repeats it."""

        def work(uow: FamilyWork) -> ExportResult:
            rows = all_series(uow)
            for row in rows:
                if row.uid is None:
                    row.uid = new_uid()
            uow.session.flush()
            changed = changed_by_series(uow, rows)
            members = uow.members.listed()
            born = tuple((m.id, m.name, m.birthday) for m in members if m.birthday is not None)
            names = Names(
                members={m.id: m.name for m in members},
                types={t.id: t.name for t in uow.types.listed()},
                birthdays=born,
            )
            data = write_calendar(rows, changed, uow.now, names)
            result = ExportResult(data, len(rows), sum(len(v) for v in changed.values()), len(born))
            uow.audit_user(
                "family.exported",
                after={
                    "format": "iCalendar",
                    "events": result.events,
                    "changed occurrences": result.changed_occurrences,
                    "birthdays": result.birthdays,
                },
            )
            return result

        return self._write(actor, work)


def _add_changed(uow: FamilyWork, row: Event, changed: list[dict[str, Any]]) -> None:
    uow.session.flush()
    for values in changed:
        # A changed occurrence the file says nothing about is its series' member's.
        own = {"member_id": row.member_id, "type_id": row.type_id, **values}
        uow.events.add(Event(rrule=None, exdates=[], rdates=[], series_id=row.id, **own))
    uow.session.flush()
