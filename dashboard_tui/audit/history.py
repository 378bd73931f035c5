"""The audit history as a person reads it: a page of entries, one entry with a field
by field diff of its before and after images, whether the record it concerns still
exists, and whether the person's audit chain holds.

A member sees only their own history. An admin also sees the account events
(`auth.*`, `user.*`) of every user, never their data events (repositories/audit.py;
on PostgreSQL row-level security enforces the same, with role 'admin' set for the
admin's unit of work)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from dashboard_tui.account.auth import Login
from dashboard_tui.account.profile_repository import ProfileRepository
from dashboard_tui.audit import AUDIT_ENTRY
from dashboard_tui.audit.repository import AuditKey, AuditQuery, AuditRepository
from dashboard_tui.db import audit_chain
from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.uow import Database
from dashboard_tui.kit import registry
from dashboard_tui.kit.entity import Entity, Format, Found, Reading, load
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.kit.parsing import parse_date, today_in
from dashboard_tui.kit.validation import clean_text
from dashboard_tui.models.base import utcnow
from dashboard_tui.models.shared import AuditHead, AuditLog

AREA_RE = re.compile(r"[a-z][a-z0-9_]{0,31}")
PAGE_SIZE = 100
MAX_PAGE = 500
# The filters' text limits; the audit screen's inputs take theirs from here.
ACTION_MAX = 64
TEXT_MAX = 200
ENTITY_MAX = 64  # audit_logs.entity and entity_id are String(64)
DEFAULT_READING = Reading()


def audit_areas() -> dict[str, str]:
    """The areas an action can belong to (the part before its first dot), in the
    order the filter offers them: each area declares the prefixes it writes."""
    return registry.audit_groups()


@dataclass(frozen=True)
class AuditFilters:
    """The filters as typed. Dates: `today`, `yesterday` or `YYYY-MM-DD`, in the
    person's timezone; both ends inclusive; empty = no bound."""

    area: str = ""
    action: str = ""
    date_from: str = ""
    date_to: str = ""
    text: str = ""
    # One record's own history (exact; set by a screen, never typed): its entity
    # name and id, e.g. ("transaction", "5f0c…").
    entity: str = ""
    entity_id: str = ""

    @property
    def active(self) -> bool:
        return any(
            (
                self.area,
                self.action,
                self.date_from,
                self.date_to,
                self.text,
                self.entity,
                self.entity_id,
            )
        )


@dataclass(frozen=True)
class AuditEntry:
    id: uuid.UUID
    at: datetime
    action: str
    entity: str
    entity_id: str | None
    host: str
    client: str
    chain: str
    seq: int
    user_id: uuid.UUID | None  # whose history it is (None: no user, e.g. unknown email)
    user_email: str | None
    actor_id: uuid.UUID | None  # who did it (an admin, for approvals)
    own: bool  # in the viewer's own history
    record: str = ""  # the record it concerns, named for a person: "Set 3 of Bench press, …"

    @property
    def area(self) -> str:
        return self.action.partition(".")[0]

    @property
    def cursor(self) -> AuditKey:
        return AuditKey(self.at, self.seq, self.id)


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[AuditEntry, ...]
    next_cursor: AuditKey | None  # None: this is the last page

    @property
    def hosts_differ(self) -> bool:
        """Its entries come from more than one host (else the host need not be shown
        on every row: the entry's detail has it)."""
        return len({e.host for e in self.entries}) > 1


ChangeKind = Literal["changed", "added", "removed", "same"]


@dataclass(frozen=True)
class FieldChange:
    """One field of the before/after images, values already as display text."""

    field: str  # the entity's label for it ("Weight"), else the image's key
    kind: ChangeKind
    before: str | None  # None: not in the before image
    after: str | None  # None: not in the after image


@dataclass(frozen=True)
class AuditDetail:
    entry: AuditEntry
    has_before: bool
    has_after: bool
    fields: tuple[FieldChange, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> tuple[FieldChange, ...]:
        return tuple(f for f in self.fields if f.kind != "same")


@dataclass(frozen=True)
class AuditTarget:
    entity: str
    entity_id: str | None
    known: bool  # the entity kind is declared by an area
    own: bool  # the entry is in the viewer's own history
    exists: bool  # the record is still there (only ever True for own records)


@dataclass(frozen=True)
class ChainState:
    ok: bool
    rows: int
    broken_at_seq: int | None = None
    reason: str = ""


def display_value(value: Any) -> str:
    """A JSON value as a person reads it: text as is, everything else as JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def diff(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    entity: Entity | None = None,
    reading: Reading = DEFAULT_READING,
) -> list[FieldChange]:
    """Every field of either image: changed, added (only after), removed (only
    before) or the same. For a declared entity, only its declared fields, in its
    order, with its labels and formats (`102.5 kg`, not `weight_g 102500`)."""
    before, after = before or {}, after or {}
    fields: list[tuple[str, str, Format | None]]
    if entity is not None and entity.fields:
        fields = [(s.key, s.label, s.format) for s in entity.fields]
    else:
        keys = list(before) + [k for k in after if k not in before]
        fields = [(k, k, None) for k in keys]
    changes = []
    for key, label, fmt in fields:
        if key not in before and key not in after:
            continue

        def show(value: Any, fmt: Format | None = fmt) -> str:
            return fmt(value, reading) if fmt is not None else display_value(value)

        if key not in after:
            changes.append(FieldChange(label, "removed", show(before[key]), None))
        elif key not in before:
            changes.append(FieldChange(label, "added", None, show(after[key])))
        else:
            kind: ChangeKind = "same" if before[key] == after[key] else "changed"
            changes.append(FieldChange(label, kind, show(before[key]), show(after[key])))
    return changes


def record_title(row: AuditLog) -> str:
    """The record an entry concerns, named from its image ("" when not a record)."""
    entity = registry.entities().get(row.entity)
    if entity is None:
        return row.entity
    return entity.title_of(row.after if row.after is not None else row.before)


def _entry(row: AuditLog, email: str | None, viewer: uuid.UUID) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        host=row.host,
        client=row.client,
        chain=row.chain,
        seq=row.seq,
        user_id=row.user_id,
        user_email=email,
        actor_id=row.actor_id,
        own=row.user_id == viewer,
        record=record_title(row),
    )


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class AuditHistoryService:
    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,  # reads only: nothing is written from here
    ) -> None:
        self.db = db
        self.clock = clock

    def _run(self, login: Login, work: Callable[[Session], Any]) -> Any:
        # role 'admin' opens the admin's view under PostgreSQL row-level security.
        role = "admin" if login.scope.is_admin else None
        return self.db.run_as(login.scope, work, now=self.clock(), read_only=True, role=role)

    # -- filters -------------------------------------------------------------------
    def _query(self, session: Session, login: Login, filters: AuditFilters) -> AuditQuery:
        """Check and convert the typed filters (dates in the person's timezone)."""
        errors: dict[str, str] = {}
        area = filters.area.strip().lower()
        if area and not AREA_RE.fullmatch(area):
            errors["area"] = f"Choose one of: {', '.join(audit_areas())}."
        values: dict[str, str] = {}
        for name, max_len in (("action", ACTION_MAX), ("text", TEXT_MAX)):
            try:
                values[name] = clean_text(
                    name, getattr(filters, name), max_len=max_len, required=False
                )
            except ValidationError as exc:
                errors.update(exc.errors)
        profile = ProfileRepository(session, login.scope).get()
        zone = _zone(profile.timezone if profile else "UTC")
        today = today_in(self.clock(), zone.key)
        days: dict[str, date | None] = {}
        for name in ("date_from", "date_to"):
            typed = getattr(filters, name).strip()
            try:
                days[name] = parse_date(typed, today=today, field=name) if typed else None
            except ValidationError as exc:
                errors.update(exc.errors)
        first, last = days.get("date_from"), days.get("date_to")
        if first and last and first > last:
            errors["date_to"] = "The end date is before the start date."
        if errors:
            raise ValidationError(errors)

        def start_of(day: date) -> datetime:
            return datetime.combine(day, time(), tzinfo=zone)

        return AuditQuery(
            area=area,
            action=values["action"],
            since=start_of(first) if first else None,
            until=start_of(last + timedelta(days=1)) if last else None,
            text=values["text"],
            entity=filters.entity[:ENTITY_MAX],
            entity_id=filters.entity_id[:ENTITY_MAX],
        )

    def check_filters(self, login: Login, filters: AuditFilters) -> None:
        """Raise ValidationError (by field) for filters `page` would refuse, so a
        screen can say so before it lets go of the rows it shows."""
        self._run(login, lambda session: self._query(session, login, filters))

    # -- reading -------------------------------------------------------------------
    def page(
        self,
        login: Login,
        filters: AuditFilters | None = None,
        cursor: AuditKey | None = None,
        limit: int = PAGE_SIZE,
    ) -> AuditPage:
        """Entries newest first, older than `cursor` (None: from the newest)."""
        limit = max(1, min(limit, MAX_PAGE))

        def work(session: Session) -> AuditPage:
            query = self._query(session, login, filters or AuditFilters())
            rows = AuditRepository(session, login.scope).page(query, cursor, limit + 1)
            entries = tuple(_entry(r, email, login.user.id) for r, email in rows[:limit])
            more = len(rows) > limit
            return AuditPage(entries, entries[-1].cursor if more and entries else None)

        return self._run(login, work)

    def entry(self, login: Login, entry_id: uuid.UUID) -> AuditDetail:
        def work(session: Session) -> AuditDetail:
            found = AuditRepository(session, login.scope).get(entry_id)
            if found is None:
                raise NotFound("That audit entry does not exist (or is not yours to see).")
            row, email = found
            profile = ProfileRepository(session, login.scope).get()
            reading = Reading(weight_unit=profile.weight_unit if profile else "kg")
            entity = registry.entities().get(row.entity)
            return AuditDetail(
                entry=_entry(row, email, login.user.id),
                has_before=row.before is not None,
                has_after=row.after is not None,
                fields=tuple(diff(row.before, row.after, entity, reading)),
            )

        return self._run(login, work)

    def target(self, login: Login, entry: AuditEntry) -> AuditTarget:
        """Whether the record `entry` concerns still exists among the viewer's own."""
        entity = registry.entities().get(entry.entity)
        model = load(entity.model) if entity is not None else None
        result = AuditTarget(entry.entity, entry.entity_id, model is not None, entry.own, False)
        if model is None or not entry.own or not entry.entity_id:
            return result
        try:
            row_id = uuid.UUID(entry.entity_id)
        except ValueError:
            return result

        def work(session: Session) -> bool:
            return AuditRepository(session, login.scope).record_exists(model, row_id)

        return AuditTarget(entry.entity, entry.entity_id, True, True, self._run(login, work))

    def chain_length(self, login: Login) -> int:
        """How many entries the person's chain holds (its head: no walk)."""

        def work(session: Session) -> int:
            head = session.get(AuditHead, str(login.user.id))
            return head.seq if head is not None else 0

        return self._run(login, work)

    def chain_state(self, login: Login) -> ChainState:
        """Walk the person's own audit chain (every row's hash and link)."""

        def work(session: Session) -> ChainState:
            report = audit_chain.verify_chain(session, str(login.user.id))
            return ChainState(report.ok, report.rows, report.broken_at_seq, report.reason)

        return self._run(login, work)


def search(history: AuditHistoryService, login: Login, text: str) -> list[Found]:
    """For the command palette: entries whose action, entity or id contain `text`."""
    page = history.page(login, AuditFilters(text=text), limit=5)
    return [
        Found(
            AUDIT_ENTRY.name,
            e.id,
            f"Audit: {e.action} {e.record}".rstrip(),
            e.at.strftime("%Y-%m-%d %H:%M UTC"),
        )
        for e in page.entries
    ]
