"""The audit trail: one row per change, written inside the change's own transaction,
hash-chained per user so that editing, deleting or reordering rows can be detected."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dashboard_tui.models.base import Base
from dashboard_tui.models.shared import AuditHead, AuditLog

if TYPE_CHECKING:
    from dashboard_tui.db.uow import Database

GENESIS = "0" * 64
SYSTEM_CHAIN = "system"
# Never copied into before/after images.
SECRET_FIELDS = frozenset(
    {"password", "password_hash", "token", "token_hash", "key_hash", "secret"}
)


@dataclass(frozen=True)
class ClientInfo:
    """Where an action came from (shown in the audit history and session list)."""

    host: str = ""
    client: str = ""


NO_CLIENT = ClientInfo()


def jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items() if k not in SECRET_FIELDS}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def snapshot(row: Base) -> dict[str, Any]:
    """A row's columns as a JSON-able dict, secrets left out."""
    table = row.__table__
    return {
        c.key: jsonable(getattr(row, c.key)) for c in table.columns if c.key not in SECRET_FIELDS
    }


def _content(row: AuditLog) -> bytes:
    fields = {
        "chain": row.chain,
        "seq": row.seq,
        "user_id": str(row.user_id) if row.user_id else None,
        "actor_id": str(row.actor_id) if row.actor_id else None,
        "at": row.at.isoformat(),
        "host": row.host,
        "client": row.client,
        "action": row.action,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "before": row.before,
        "after": row.after,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def row_hash(row: AuditLog, prev_hash: str) -> str:
    return hashlib.sha256(prev_hash.encode() + _content(row)).hexdigest()


def record(
    session: Session,
    *,
    action: str,
    at: datetime,
    client: ClientInfo,
    user_id: uuid.UUID | None,
    actor_id: uuid.UUID | None = None,
    entity: str = "",
    entity_id: object = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    """Append one audit row to the user's chain (in the caller's transaction)."""
    chain = str(user_id) if user_id else SYSTEM_CHAIN
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appends to one chain; released at commit/rollback.
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:c, 0))"), {"c": chain})
    head = session.get(AuditHead, chain)
    seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS)
    row = AuditLog(
        user_id=user_id,
        actor_id=actor_id if actor_id is not None else user_id,
        chain=chain,
        seq=seq,
        at=at.astimezone(UTC),
        host=client.host[:255],
        client=client.client[:255],
        action=action,
        entity=entity,
        entity_id=str(entity_id) if entity_id is not None else None,
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        prev_hash=prev,
        hash="",
    )
    row.hash = row_hash(row, prev)
    session.add(row)
    # The row before its head: PostgreSQL checks that a head moves only to a row
    # already appended (migration 0007), and a flush does not order unrelated tables.
    session.flush()
    if head is None:
        session.add(AuditHead(chain=chain, seq=seq, hash=row.hash))
    else:
        head.seq, head.hash = seq, row.hash
    session.flush()
    return row


@dataclass(frozen=True)
class ChainReport:
    chain: str
    rows: int
    ok: bool
    broken_at_seq: int | None = None
    reason: str = ""


def verify_chain(session: Session, chain: str, *, after: int = 0) -> ChainReport:
    """Walk one chain in order; report the first link that does not hold. With
    `after`, only the rows after that seq are walked, from that row's hash: a sample
    of the newest rows, whose own links and head are checked but not what precedes."""
    prev, expected_seq, count = GENESIS, 1, 0
    if after > 0:
        start = session.scalar(
            select(AuditLog.hash).where(AuditLog.chain == chain, AuditLog.seq == after)
        )
        if start is None:
            return ChainReport(chain, 0, False, after, f"row seq {after} is missing")
        prev, expected_seq = start, after + 1
    # yield_per on the statement, not on the result: only then does psycopg stream
    # (a server-side cursor) instead of fetching the whole chain first.
    rows = session.scalars(
        select(AuditLog)
        .where(AuditLog.chain == chain, AuditLog.seq > after)
        .order_by(AuditLog.seq)
        .execution_options(yield_per=1000)
    )
    for row in rows:
        count += 1
        if row.seq != expected_seq:
            return ChainReport(
                chain,
                count,
                False,
                row.seq,
                f"expected seq {expected_seq}, found {row.seq} (a row is missing)",
            )
        if row.prev_hash != prev:
            return ChainReport(
                chain,
                count,
                False,
                row.seq,
                "previous-hash link broken (rows removed or reordered)",
            )
        if row_hash(row, prev) != row.hash:
            return ChainReport(
                chain, count, False, row.seq, "content does not match its hash (row edited)"
            )
        prev, expected_seq = row.hash, expected_seq + 1
    head = session.get(AuditHead, chain)
    last_seq = expected_seq - 1
    if head is None and count:
        return ChainReport(chain, count, False, None, "the chain's head record is missing")
    if head is not None and (head.seq, head.hash) != (last_seq, prev):
        return ChainReport(
            chain,
            count,
            False,
            last_seq + 1,
            f"the newest rows are missing: head says seq {head.seq}, table ends at {last_seq}",
        )
    return ChainReport(chain, count, True)


def chains(session: Session) -> list[str]:
    """Every chain that has a head or rows."""
    from_heads = set(session.scalars(select(AuditHead.chain)))
    return sorted(from_heads | set(session.scalars(select(AuditLog.chain).distinct())))


@contextmanager
def snapshot_session(db: Database) -> Iterator[Session]:
    """A read session on one snapshot for a whole walk: a row appended meanwhile must
    not look like a head that runs ahead of its chain."""
    snapshot = (
        {"sqlite_begin": "DEFERRED"} if db.is_sqlite else {"isolation_level": "REPEATABLE READ"}
    )
    with Session(db.engine.execution_options(**snapshot)) as session, session.begin():
        yield session
