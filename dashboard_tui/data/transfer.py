"""Export one person's whole data as a versioned JSON document, and import it into
another database (on either engine): how someone moves from a laptop's SQLite to the
household's PostgreSQL.

The document:

    {"format": "dashboard-tui-export", "version": 1, "exported_at": "…Z",
     "schema_revision": "0003_…", "user": {users row},
     "tables": {"accounts": [row, …], "profiles": [...], …}}

- "tables" holds every table with a `user_id` column (the person's rows only), plus
  `audit_heads` (the head of their audit chain), in foreign-key order. Never
  exported: login sessions, verification tokens and API keys. The credential
  account keeps its argon2 hash, so the password still works after the move; an
  export made with the person's API key leaves `accounts` out (a key must not hand
  out what the password could be cracked from, and on PostgreSQL the app role cannot
  read it): imported, such a person gets a credential account without a password,
  which an admin's reset token fills.
- Values: UUIDs as strings, dates and instants as ISO 8601 (instants in UTC),
  integers as ints, booleans as booleans, JSON columns as they are.
- One row per line, tables last: an export is written row by row from a streaming
  query and read back row by row, so neither side holds the data in memory.

An import is one transaction: every row is checked against its table's columns and
against what the app's services accept (no control characters in any text; each
area's `stored_rules`, kit/rules.py) before it is written, and anything wrong
(damaged file, another person's rows, ids already present, references to someone
else's rows, an audit chain that does not verify) rolls all of it back. Both
directions write an audit row."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
    exists,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard_tui import paths
from dashboard_tui.account.repository import UserDirectory
from dashboard_tui.db import audit_chain, migrate
from dashboard_tui.db.roles import whole_accounts_refused
from dashboard_tui.db.uow import Database
from dashboard_tui.kit.errors import NotFound, ServiceError, ValidationError
from dashboard_tui.kit.repository import UserScope
from dashboard_tui.kit.rules import TableRule
from dashboard_tui.kit.service import Service
from dashboard_tui.kit.validation import clean_email, clean_text
from dashboard_tui.models import all_metadata
from dashboard_tui.models.auth import ROLES, USER_STATUSES, Account, User
from dashboard_tui.models.base import UTCDateTime
from dashboard_tui.models.shared import AuditHead, AuditLog

FORMAT = "dashboard-tui-export"
VERSION = 1
# Secrets or machine-bound rows: a moved person logs in again and makes new keys.
SECRETS = frozenset({"sessions", "verification_tokens", "api_keys"})
# Kept by the database from other rows (finance_month_totals: triggers on the
# transactions, migration 0018): an import's inserts make them again, exactly.
DERIVED = frozenset({"finance_month_totals"})
NEVER_EXPORTED = SECRETS | DERIVED
MAX_IMPORT_BYTES = 512 * 1024 * 1024  # checked before reading; tests lower it
READ_CHUNK = 1 << 20
YIELD_PER = 2000
INSERT_BATCH = 1000
# The app's own JSON (audit images: a workout's exercises' sets) nests 5 deep.
MAX_JSON_DEPTH = 32


class TransferError(ServiceError):
    """An export or import that could not be done; nothing was changed."""


class BadExportFile(TransferError):
    """The file is not an export this version can import (damaged, wrong format, ...)."""


class ImportConflict(TransferError):
    """The file is fine, but its person or rows already exist in this database."""


# -- tables and columns ------------------------------------------------------------
def exported_tables() -> list[Table]:
    """Every table an export carries, in foreign-key order (parents first)."""
    return [
        t
        for t in all_metadata().sorted_tables
        if ("user_id" in t.c and t.name not in NEVER_EXPORTED) or t.name == "audit_heads"
    ]


def _users_table() -> Table:
    return all_metadata().tables["users"]


_INT_BITS = ((SmallInteger, 16), (BigInteger, 64), (Integer, 32))


def _int_range(column_type: Any) -> tuple[int, int]:
    for cls, bits in _INT_BITS:
        if isinstance(column_type, cls):
            return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    raise AssertionError(column_type)  # pragma: no cover


class _Refused(ValueError):
    """One value that does not fit its column (turned into a BadExportFile)."""


def _as_uuid(value: Any) -> uuid.UUID:
    if not isinstance(value, str):
        raise _Refused(f"expected a UUID string, got {_show(value)}")
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _Refused(f"not a UUID: {_show(value)}") from None


def _as_instant(value: Any) -> datetime:
    if not isinstance(value, str):
        raise _Refused(f"expected an ISO 8601 date-time string, got {_show(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _Refused(f"not an ISO 8601 date-time: {_show(value)}") from None
    if parsed.tzinfo is None:
        raise _Refused(f"date-time without a UTC offset: {_show(value)}")
    return parsed.astimezone(UTC)


def _as_date(value: Any) -> date:
    if not isinstance(value, str):
        raise _Refused(f"expected an ISO 8601 date string, got {_show(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Refused(f"not an ISO 8601 date: {_show(value)}") from None


def _as_bool(value: Any) -> bool:
    if type(value) is not bool:
        raise _Refused(f"expected true or false, got {_show(value)}")
    return value


def _as_int(low: int, high: int) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if type(value) is not int:
            raise _Refused(f"expected an integer, got {_show(value)}")
        if not low <= value <= high:
            raise _Refused(f"integer out of range: {value}")
        return value

    return convert


def _as_text(max_len: int | None, *, multiline: bool) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if not isinstance(value, str):
            raise _Refused(f"expected a string, got {_show(value)}")
        if max_len is not None and len(value) > max_len:
            raise _Refused(f"longer than {max_len} characters")
        if "\x00" in value:  # PostgreSQL refuses NUL; SQLite must not keep it either
            raise _Refused("contains a NUL character")
        # Text the app refuses from a form (escapes, bells, bidi overrides ...) is
        # refused here too, in every text column; line breaks only where a form takes
        # several lines (a Text column: notes). The areas' own rules come on top.
        try:
            clean_text("", value, max_len=len(value), required=False, multiline=multiline)
        except ValidationError as exc:
            raise _Refused(_message(exc)) from None
        return value

    return convert


def _as_json(value: Any) -> Any:
    """A JSON column's value, nested at most MAX_JSON_DEPTH deep: deeper would only
    be an attack on whatever walks it later (encoding it, hashing the audit chain)."""
    level = [value]
    for _ in range(MAX_JSON_DEPTH + 1):
        level = [
            item
            for node in level
            if isinstance(node, dict | list)
            for item in (node.values() if isinstance(node, dict) else node)
        ]
        if not level:
            return value
    raise _Refused(f"nested more than {MAX_JSON_DEPTH} levels deep")


def _message(exc: ValidationError) -> str:
    """A service's message for one field, to follow a field's name in a line."""
    return "; ".join(m.rstrip(".") for m in exc.errors.values())


def _show(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (RecursionError, ValueError):  # nested too deeply to show
        text = "[...]" if isinstance(value, list) else "{...}"
    return text if len(text) <= 40 else text[:37] + "..."


def _same(value: Any) -> Any:
    return value


def _iso(value: Any) -> str:
    return value.isoformat()


def _iso_utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _codec(column: Any) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """(encode for JSON, decode + check from JSON) for one column's type."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _iso_utc, _as_instant
    if isinstance(kind, Uuid):
        return str, _as_uuid
    if isinstance(kind, Date):
        return _iso, _as_date
    if isinstance(kind, Boolean):
        return _same, _as_bool
    if isinstance(kind, Integer):
        return _same, _as_int(*_int_range(kind))
    if isinstance(kind, JSON):
        return _same, _as_json
    if isinstance(kind, String):
        return _same, _as_text(kind.length, multiline=isinstance(kind, Text))
    raise TypeError(  # a new column type needs a codec here (the export tests catch it)
        f"{column.table.name}.{column.key}: no export codec for {type(kind).__name__}"
    )


class _TableCodec:
    def __init__(self, table: Table) -> None:
        self.table = table
        self.keys = [c.key for c in table.columns]
        self.key_set = frozenset(self.keys)
        codecs = [_codec(c) for c in table.columns]
        self.encoders = [enc for enc, _ in codecs]
        self._decoders = [
            (c.key, dec, bool(c.nullable) and not c.primary_key, self._missing(c))
            for c, (_, dec) in zip(table.columns, codecs, strict=True)
        ]
        self.owner = (
            "chain" if table.name == "audit_heads" else "id" if table.name == "users" else "user_id"
        )

    @staticmethod
    def _missing(column: Any) -> Callable[[], Any] | None:
        """What a row from an older schema without this column gets (None = refuse)."""
        if column.primary_key:
            return None
        if column.nullable:
            return lambda: None
        default = column.default
        if default is not None and default.is_scalar:
            return lambda: default.arg
        if default is not None and default.is_callable:
            return lambda: default.arg(None)
        return None

    def encode(self, row: Any) -> dict[str, Any]:
        return {
            key: None if value is None else enc(value)
            for key, enc, value in zip(self.keys, self.encoders, row, strict=True)
        }

    def decode(self, obj: Any, where: str) -> dict[str, Any]:
        if not isinstance(obj, dict):
            raise BadExportFile(f"{where}: a row must be a JSON object, got {_show(obj)}")
        unknown = obj.keys() - self.key_set
        if unknown:
            names = ", ".join(sorted(repr(k) for k in unknown))
            raise BadExportFile(f"{where}: unknown column(s) {names} in {self.table.name}")
        out: dict[str, Any] = {}
        for key, decode, nullable, missing in self._decoders:
            if key in obj:
                value = obj[key]
                if value is None:
                    if not nullable:
                        raise BadExportFile(f"{where}.{key} must not be null")
                    out[key] = None
                    continue
                try:
                    out[key] = decode(value)
                except _Refused as exc:
                    raise BadExportFile(f"{where}.{key}: {exc}") from None
            elif missing is not None:
                out[key] = missing()
            else:
                raise BadExportFile(f"{where}.{key} is missing")
        return out


def default_export_path(now: datetime | None = None) -> Path:
    """exports/dashboard-export-YYYYmmdd-HHMMSS.json in the data folder (made 0700)."""
    folder = paths.ensure_private_dir(paths.data_dir() / "exports")
    return folder / f"dashboard-export-{(now or datetime.now()).strftime('%Y%m%d-%H%M%S')}.json"


# -- writing -----------------------------------------------------------------------
@dataclass(frozen=True)
class ExportResult:
    user_id: uuid.UUID
    email: str
    rows: dict[str, int]
    bytes: int
    seconds: float
    path: Path | None  # None when written to a stream

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@contextmanager
def snapshot_session(
    db: Database,
    user_id: uuid.UUID | None,
    *,
    credential: str | None = None,
    now: datetime | None = None,
) -> Iterator[Session]:
    """One read-only transaction that sees a single point in time across every query
    (PostgreSQL REPEATABLE READ; on SQLite a read transaction is a snapshot already),
    scoped to the user for row-level security. With the person's `credential` (an
    API key's hash), it is checked still good, as in every unit of work."""
    if db.is_sqlite:
        bind = db.engine.execution_options(sqlite_begin="DEFERRED")
    else:
        bind = db.engine.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
    with Session(bind) as session, session.begin():
        db.act_as(session, credential=credential)
        if credential is not None:
            db.check_credential(session, user_id, credential, now or datetime.now(UTC))
        yield session


def _owner_clause(table: Table, user_id: uuid.UUID) -> Any:
    if table.name == "audit_heads":
        return table.c.chain == str(user_id)
    return table.c.user_id == user_id


def _order(table: Table) -> list[Any]:
    if table.name == "audit_logs":
        return [table.c.seq]
    # A row pointing at a row of its own table (a changed occurrence at its series)
    # comes after the rows that point nowhere, so an import inserts its parent first.
    # One level is all there is: a series' changed occurrence has none of its own.
    pointing = [fk.parent.is_not(None) for fk in table.foreign_keys if fk.column.table is table]
    return [*pointing, *table.primary_key.columns]


class TextSink(Protocol):
    """Where an export is written: a text stream, or anything else with `write`."""

    def write(self, text: str, /) -> int: ...


def write_export(
    session: Session,
    user_id: uuid.UUID,
    out: TextSink,
    *,
    exported_at: datetime,
    schema_revision: str | None,
    password_hash: bool = True,
) -> dict[str, int]:
    """Write one person's document to `out` from `session` (a snapshot), table by
    table from streaming queries. Returns the rows written per table. Without
    `password_hash`, the `accounts` table (the credential) is left out."""
    users = _users_table()
    user_row = session.execute(select(users).where(users.c.id == user_id)).one_or_none()
    if user_row is None:
        raise NotFound("No such user.")
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso_utc(exported_at),
        "schema_revision": schema_revision,
        "user": _TableCodec(users).encode(user_row),
    }
    out.write(_dumps(header)[:-1] + ',\n"tables":{')
    counts: dict[str, int] = {}
    tables = [t for t in exported_tables() if password_hash or t.name != "accounts"]
    for t_index, table in enumerate(tables):
        codec = _TableCodec(table)
        encode, write = codec.encode, out.write
        write(("\n" if t_index == 0 else ",\n") + _dumps(table.name) + ":[")
        stmt = (
            select(table)
            .where(_owner_clause(table, user_id))
            .order_by(*_order(table))
            .execution_options(yield_per=YIELD_PER)
        )
        count = 0
        for row in session.execute(stmt):
            write(("\n" if count == 0 else ",\n") + _dumps(encode(row)))
            count += 1
        write("\n]" if count else "]")
        counts[table.name] = count
    out.write("\n}}\n")
    return counts


# -- reading -----------------------------------------------------------------------
_WS = re.compile(r"[ \t\n\r]*")


LITERALS = ("true", "false", "null")


def _cut_literal(rest: str) -> bool:
    """The file ends inside a true, false or null (`tru`) or just after a number's
    minus sign: the decoder calls that "Expecting value" where the value starts, not
    at the end."""
    return rest == "-" or (bool(rest) and any(w.startswith(rest) and w != rest for w in LITERALS))


class _JsonStream:
    """Walks one JSON document from a text stream without loading it whole: the
    structure is followed by hand, each value (a header field, a row) is decoded on
    its own. Memory is bounded by the biggest single row."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()
        self.chunk = READ_CHUNK

    def _fill(self) -> bool:
        if self.eof:
            return False
        try:
            data = self.stream.read(self.chunk)
        except UnicodeDecodeError:
            raise BadExportFile("the file is not UTF-8 text") from None
        if not data:
            self.eof = True
            return False
        self.buf = self.buf[self.pos :] + data
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next non-space character ("" at the end)."""
        while True:
            # _WS matches anywhere (maybe nothing), so match() is never None here.
            self.pos = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def expect(self, chars: str, what: str) -> str:
        ch = self.peek()
        if ch == "":
            raise BadExportFile("the file ends early: it is truncated")
        if ch not in chars:
            raise BadExportFile(f"not valid JSON: expected {what}, found {ch!r}")
        self.pos += 1
        return ch

    def value(self) -> Any:
        if self.peek() == "":
            raise BadExportFile("the file ends early: it is truncated")
        while True:
            try:
                obj, end = self.decoder.raw_decode(self.buf, self.pos)
            except RecursionError:  # the decoder recurses per level: refuse, do not crash
                raise BadExportFile(
                    "not a dashboard-tui export: its arrays or objects are nested too deeply"
                ) from None
            except json.JSONDecodeError as exc:
                if self.eof:
                    if (
                        exc.pos >= len(self.buf) - 1
                        or exc.msg.startswith("Unterminated")
                        or (_cut_literal(self.buf[exc.pos :]))
                    ):
                        raise BadExportFile("the file ends early: it is truncated") from None
                    raise BadExportFile(f"not valid JSON: {exc.msg}") from None
            else:
                # A number at the end of the buffer may go on in the next chunk.
                if end < len(self.buf) or self.eof:
                    self.pos = end
                    return obj
            # Not complete yet: read on (at the end, the next try reports the error).
            if self._fill() and len(self.buf) > 4 * self.chunk:
                self.chunk *= 2  # one very big value: read more per try


def _events(stream: _JsonStream) -> Iterator[tuple[str, Any]]:
    """("header", dict) once, then ("table", name) and ("row", obj) as they come."""
    if stream.peek() != "{":
        if stream.peek() == "":
            raise BadExportFile("the file is empty")
        raise BadExportFile("not a dashboard-tui export (not a JSON object)")
    stream.expect("{", "'{'")
    header: dict[str, Any] = {}
    seen_tables = False
    if stream.peek() == "}":
        stream.pos += 1
    else:
        while True:
            key = stream.value()
            if not isinstance(key, str):
                raise BadExportFile("not valid JSON: an object key must be a string")
            stream.expect(":", "':'")
            if key == "tables":
                if seen_tables:
                    raise BadExportFile('"tables" appears twice')
                seen_tables = True
                yield "header", header
                yield from _tables(stream)
            else:
                if seen_tables:
                    raise BadExportFile(f'"{key}" comes after "tables": keep the export\'s order')
                header[key] = stream.value()
            if stream.expect(",}", "',' or '}'") == "}":
                break
    if stream.peek() != "":
        raise BadExportFile("not valid JSON: extra data after the document")
    if not seen_tables:
        yield "header", header  # checked first: a wrong format says so before this
        raise BadExportFile('the export has no "tables"')


def _tables(stream: _JsonStream) -> Iterator[tuple[str, Any]]:
    stream.expect("{", '"tables" as an object')
    if stream.peek() == "}":
        stream.pos += 1
        return
    while True:
        name = stream.value()
        if not isinstance(name, str):
            raise BadExportFile("not valid JSON: an object key must be a string")
        stream.expect(":", "':'")
        yield "table", name
        stream.expect("[", f"a list of rows for {name!r}")
        if stream.peek() == "]":
            stream.pos += 1
        else:
            while True:
                yield "row", stream.value()
                if stream.expect(",]", "',' or ']'") == "]":
                    break
        if stream.expect(",}", "',' or '}'") == "}":
            return


# -- importing ---------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    user_id: uuid.UUID
    email: str
    role: str
    role_in_file: str
    rows: dict[str, int]
    seconds: float
    exported_at: str | None

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _known_revisions(db: Database) -> set[str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config(db))
    return {r.revision for r in scripts.walk_revisions()}


def _check_header(header: dict[str, Any], known_revisions: set[str]) -> None:
    fmt = header.get("format")
    if fmt != FORMAT:
        raise BadExportFile(
            f"not a dashboard-tui export (format is {_show(fmt)}, expected {FORMAT!r})"
        )
    version = header.get("version")
    if type(version) is not int:
        raise BadExportFile(f"the export's version is missing or not a number: {_show(version)}")
    if version > VERSION:
        raise BadExportFile(
            f"export format version {version} is newer than this dashboard-tui reads "
            f"({VERSION}): upgrade dashboard-tui"
        )
    if version != VERSION:
        raise BadExportFile(f"export format version {version} is not supported (only {VERSION})")
    rev = header.get("schema_revision")
    if not isinstance(rev, str) or not rev:
        raise BadExportFile("the export has no schema_revision")
    if rev not in known_revisions:
        raise BadExportFile(
            f"the export comes from a newer dashboard-tui (schema revision {rev!r} is "
            "unknown to this version): upgrade dashboard-tui"
        )
    if not isinstance(header.get("user"), dict):
        raise BadExportFile('the export has no "user" object before its "tables"')


def _integrity_message(exc: IntegrityError, table: str) -> TransferError:
    orig = exc.orig
    text = str(orig).strip().splitlines()[0] if orig else str(exc)
    state = getattr(orig, "sqlstate", None)
    if state == "23505" or "UNIQUE constraint failed" in text:
        return ImportConflict(
            f"rows of {table} collide with rows already in this database (the same id "
            "or unique value): was this export imported here before?"
        )
    if state == "23503" or "FOREIGN KEY constraint failed" in text:
        # The owner keys (migration 0006) refuse another person's row here already.
        return BadExportFile(
            f"a row of {table} refers to a row that is not this person's own: neither "
            "in the file nor shipped with this dashboard-tui"
        )
    return BadExportFile(f"a row of {table} is refused by the database: {text[:200]}")


def _foreign_rows(session: Session, tables: list[Table], user_id: uuid.UUID) -> str | None:
    """A reference from the imported rows to a row that is not the person's own
    (another person's row; foreign keys alone would let that through). Under
    PostgreSQL's row-level security other people's rows are invisible, which
    counts as foreign too."""
    for table in tables:
        if "user_id" not in table.c:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "users" or "user_id" not in fk.column.table.c:
                continue
            # A key to its own table (a changed occurrence to its series) needs the
            # parent under another name, or the subquery would look at the row itself.
            parent = fk.column.table.alias() if fk.column.table is table else fk.column.table
            own = parent.c.user_id == user_id
            if parent.c.user_id.nullable:  # the catalog: shipped rows (NULL) are for all
                own = own | parent.c.user_id.is_(None)
            child = fk.parent
            found = session.scalar(
                select(func.count())
                .select_from(table)
                .where(
                    table.c.user_id == user_id,
                    child.is_not(None),
                    ~exists().where(parent.c[fk.column.key] == child, own),
                )
            )
            if found:
                return f"{table.name}.{child.key}"
    return None


def _stored_rules() -> dict[str, list[TableRule]]:
    """Every area's rules on stored rows (kit/rules.py), by table: what the services
    accept, so an import accepts nothing the app's forms would refuse to save again."""
    from dashboard_tui.kit import registry
    from dashboard_tui.kit.entity import load

    rules: dict[str, list[TableRule]] = {}
    for area in registry.areas():
        if area.stored_rules:
            for table, rule in load(area.stored_rules).items():
                rules.setdefault(table, []).append(rule)
    return rules


class _Importer:
    """One import inside the caller's transaction."""

    def __init__(
        self,
        db: Database,
        session: Session,
        *,
        known_revisions: set[str],
        source: str,
        keep_role: bool = False,
    ) -> None:
        self.db = db
        self.session = session
        self.known_revisions = known_revisions
        self.source = source
        self.keep_role = keep_role  # a restore brings everyone back as they were
        order = exported_tables()
        self.tables = {t.name: t for t in order}
        self.codecs = {t.name: _TableCodec(t) for t in order}
        self.rules = _stored_rules()
        self.seen: list[str] = []

    def run(self, stream: IO[str]) -> tuple[dict[str, Any], User, dict[str, int], str]:
        events = _events(_JsonStream(stream))
        kind, header = next(events)
        assert kind == "header"
        _check_header(header, self.known_revisions)
        user, role_in_file = self._insert_user(header["user"])
        uid = user.id
        counts: dict[str, int] = {}
        seen = self.seen
        table: Table | None = None
        codec: _TableCodec | None = None
        batch: list[dict[str, Any]] = []
        index = 0
        conn = self.session.connection()
        for kind, payload in events:
            if kind == "row":
                assert table is not None and codec is not None
                where = f"{table.name}[{index}]"  # as jq finds it: .tables.workouts[3]
                index += 1
                row = codec.decode(payload, where)
                self._check_rules(table.name, row, where)
                self._check_owner(table, row, uid, where)
                batch.append(row)
                if len(batch) >= INSERT_BATCH:
                    self._flush(conn, table, batch)
                    batch = []
            elif kind == "table":
                if table is not None and batch:
                    self._flush(conn, table, batch)
                    batch = []
                if table is not None:
                    counts[table.name] = index
                table, index = self._start_table(payload, seen), 0
                codec = self.codecs[table.name]
                seen.append(table.name)
        if table is not None:
            if batch:
                self._flush(conn, table, batch)
            counts[table.name] = index
        self._finish_audit(uid, counts)
        self._finish_credential(uid)
        foreign = _foreign_rows(self.session, list(self.tables.values()), uid)
        if foreign:
            raise BadExportFile(f"{foreign} refers to a row that is not this person's own")
        report = audit_chain.verify_chain(self.session, str(uid))
        if not report.ok:
            raise BadExportFile(
                f"the audit history in the file does not verify at seq {report.broken_at_seq}: "
                f"{report.reason}"
            )
        return header, user, counts, role_in_file

    def _insert_user(self, data: Any) -> tuple[User, str]:
        users = _users_table()
        row = _TableCodec(users).decode(data, "user")
        self._check_rules(users.name, row, "user")
        try:
            row["email"] = clean_email(row["email"])
        except ServiceError:
            raise BadExportFile("user: the email is not valid") from None
        if row["role"] not in ROLES:
            raise BadExportFile(f"user: unknown role {_show(row['role'])}")
        if row["status"] not in USER_STATUSES:
            raise BadExportFile(f"user: unknown status {_show(row['status'])}")
        directory = UserDirectory(self.session)
        if directory.by_id(row["id"]) is not None:
            raise ImportConflict(
                f"this database already has the person with id {row['id']}: "
                "was this export imported here before?"
            )
        if directory.by_email(row["email"]) is not None:
            raise ImportConflict(f"this database already has an account for {row['email']}")
        role_in_file = row["role"]
        if not self.keep_role and directory.count() > 0 and row["role"] == "admin":
            # Whoever made the file must not make themselves admin of a shared database.
            row["role"] = "member"
        try:
            self.session.connection().execute(insert(users), [row])
        except IntegrityError as exc:
            raise _integrity_message(exc, "users") from None
        user = directory.by_id(row["id"])
        assert user is not None
        return user, role_in_file

    def _start_table(self, name: Any, seen: list[str]) -> Table:
        table = self.tables.get(name)
        if table is None:
            if name in NEVER_EXPORTED or name == "users":
                raise BadExportFile(f"table {name!r} is never part of an export")
            raise BadExportFile(f"unknown table {name!r}")
        if name in seen:
            raise BadExportFile(f"table {name!r} appears twice")
        for earlier in seen:
            if any(fk.column.table is table for fk in self.tables[earlier].foreign_keys):
                raise BadExportFile(
                    f"table {name!r} comes after {earlier!r}, which refers to it: keep the "
                    "export's table order"
                )
        return table

    def _check_rules(self, table: str, row: dict[str, Any], where: str) -> None:
        """The areas' rules for this table's rows: what their services accept."""
        for rule in self.rules.get(table, ()):
            try:
                rule(row)
            except ValidationError as exc:
                raise BadExportFile(
                    "; ".join(
                        f"{where}.{field}: {message.rstrip('.')}"
                        for field, message in exc.errors.items()
                    )
                ) from None

    @staticmethod
    def _check_owner(table: Table, row: dict[str, Any], uid: uuid.UUID, where: str) -> None:
        if table.name == "audit_heads":
            ok = row["chain"] == str(uid)
        elif table.name == "audit_logs":
            ok = row["user_id"] == uid and row["chain"] == str(uid)
        else:
            ok = row["user_id"] == uid
        if not ok:
            raise BadExportFile(f"{where} belongs to someone else than the export's person")

    def _flush(self, conn: Any, table: Table, batch: list[dict[str, Any]]) -> None:
        try:
            conn.execute(insert(table), batch)
        except IntegrityError as exc:
            error = _integrity_message(exc, table.name)
            later = sorted(
                fk.column.table.name
                for fk in table.foreign_keys
                if fk.column.table.name in self.tables and fk.column.table.name not in self.seen
            )
            if isinstance(error, BadExportFile) and "refers to a row" in str(error) and later:
                error = BadExportFile(
                    f"table {table.name!r} comes before {later[0]!r}, which it refers to: keep "
                    "the export's table order"
                )
            raise error from None

    def _finish_credential(self, uid: uuid.UUID) -> None:
        """A file without the password hash (made with an API key): the person gets a
        credential account with no password, so an admin's reset token can set one
        (on PostgreSQL the reset only fills an account that exists)."""
        directory = UserDirectory(self.session)
        if directory.credential(uid) is None:
            self.session.add(
                Account(user_id=uid, provider="credential", provider_account_id=str(uid))
            )
            self.session.flush()

    def _finish_audit(self, uid: uuid.UUID, counts: dict[str, int]) -> None:
        """A file from before audit heads existed: the head is its newest row."""
        if counts.get("audit_logs") and not counts.get("audit_heads"):
            last = self.session.scalars(
                select(AuditLog).where(AuditLog.chain == str(uid)).order_by(AuditLog.seq.desc())
            ).first()
            if last is not None:
                self.session.add(AuditHead(chain=last.chain, seq=last.seq, hash=last.hash))
                self.session.flush()


@contextmanager
def _open_source(path: Path | str, max_bytes: int, stdin: IO[bytes] | None) -> Iterator[Path]:
    """The file to import, size-checked before anything is read; `-` spools stdin to
    a private temporary file (counting, so a huge stream stops at the limit)."""
    if str(path) != "-":
        p = Path(path)
        try:
            size = p.stat().st_size
        except FileNotFoundError:
            raise BadExportFile(f"no such file: {p}") from None
        if not p.is_file():
            raise BadExportFile(f"not a file: {p}")
        if size > max_bytes:
            raise BadExportFile(
                f"the file is {_mib(size)}, over the {_mib(max_bytes)} import limit"
            )
        yield p
        return
    source = stdin or sys.stdin.buffer
    with tempfile.TemporaryDirectory(prefix="dashboard-import-") as tmp:
        spooled = Path(tmp) / "stdin.json"
        total = 0
        with spooled.open("wb") as f:
            while chunk := source.read(READ_CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    raise BadExportFile(f"the input is over the {_mib(max_bytes)} import limit")
                f.write(chunk)
        yield spooled


def _mib(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"


def _text(path: Path) -> IO[str]:
    return io.TextIOWrapper(path.open("rb"), encoding="utf-8", newline="")


class TransferService(Service):
    # -- export --------------------------------------------------------------------
    def find_user(self, email: str) -> tuple[uuid.UUID, str]:
        email = clean_email(email)

        def work(session: Session) -> tuple[uuid.UUID, str]:
            user = UserDirectory(session).by_email(email)
            if user is None:
                raise NotFound(f"No user with email {email}.")
            return user.id, user.email

        return self.db.run(work, read_only=True)

    def export_user(
        self,
        email: str,
        destination: Path | IO[str],
        *,
        force: bool = False,
        actor_id: uuid.UUID | None = None,
    ) -> ExportResult:
        """Write the person's document to a path (atomically: a private temporary file
        renamed into place; an existing file only with `force`) or a text stream, then
        audit the export in its own transaction. Whole accounts: the owner's task."""
        if refused := whole_accounts_refused(self.db, "an export"):
            raise TransferError(refused)
        user_id, found_email = self.find_user(email)
        return self._export(user_id, found_email, destination, force, actor_id, None)

    def export_own(
        self, acting: UserScope, destination: Path | IO[str], *, force: bool = False
    ) -> ExportResult:
        """The acting person's own document, read as them (an API key's person; on
        PostgreSQL through row-level security, so the app role can do it). Without
        the password hash: see the module's docstring."""
        if acting.credential is None:
            raise TransferError("exporting one's own data needs their login or API key")
        user = self.db.run_as(
            acting,
            lambda s: UserDirectory(s).existing(acting.user_id),
            now=self.clock(),
            read_only=True,
        )
        return self._export(user.id, user.email, destination, force, None, acting.credential)

    def _export(
        self,
        user_id: uuid.UUID,
        found_email: str,
        destination: Path | IO[str],
        force: bool,
        actor_id: uuid.UUID | None,
        credential: str | None,
    ) -> ExportResult:
        started = time.perf_counter()
        exported_at = self.clock()
        revision = migrate.current_revision(self.db)
        if isinstance(destination, Path):
            counts, size = self._export_to_path(
                user_id, destination, exported_at, revision, force, credential
            )
            path: Path | None = destination
        else:
            counting = _CountingWriter(destination)
            with self._snapshot(user_id, credential) as session:
                counts = write_export(
                    session,
                    user_id,
                    counting,
                    exported_at=exported_at,
                    schema_revision=revision,
                    password_hash=credential is None,
                )
            destination.flush()
            size, path = counting.count, None
        seconds = time.perf_counter() - started
        total = sum(counts.values())

        def record(session: Session) -> None:
            audit_chain.record(
                session,
                action="data.exported",
                at=self.clock(),
                client=self.client,
                user_id=user_id,
                actor_id=actor_id,
                entity="user",
                entity_id=user_id,
                after={
                    "format": FORMAT,
                    "version": VERSION,
                    "exported_at": _iso_utc(exported_at),
                    "schema_revision": revision,
                    "rows": total,
                    **({"by_api_key": True} if credential is not None else {}),
                },
            )

        self.db.run(record, user_id=user_id, credential=credential, now=self.clock())
        return ExportResult(user_id, found_email, counts, size, seconds, path)

    def _snapshot(self, user_id: uuid.UUID, credential: str | None):
        return snapshot_session(self.db, user_id, credential=credential, now=self.clock())

    def _export_to_path(
        self,
        user_id: uuid.UUID,
        path: Path,
        exported_at: datetime,
        revision: str | None,
        force: bool,
        credential: str | None,
    ) -> tuple[dict[str, int], int]:
        if path.is_dir():
            raise TransferError(f"{path} is a folder")
        if path.exists() and not force:
            raise TransferError(f"{path} exists already: add --force to replace it")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        tmp = Path(tmp_name)  # mkstemp: mode 0600, the file holds a password hash
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                with self._snapshot(user_id, credential) as session:
                    counts = write_export(
                        session,
                        user_id,
                        out,
                        exported_at=exported_at,
                        schema_revision=revision,
                        password_hash=credential is None,
                    )
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return counts, path.stat().st_size

    # -- import --------------------------------------------------------------------
    def import_file(
        self,
        path: Path | str,
        *,
        actor_id: uuid.UUID | None = None,
        max_bytes: int | None = None,
        stdin: IO[bytes] | None = None,
    ) -> ImportResult:
        """Import one person's document (a path, or "-" for stdin) in one transaction."""
        if refused := whole_accounts_refused(self.db, "an import"):
            raise ImportConflict(refused)
        limit = MAX_IMPORT_BYTES if max_bytes is None else max_bytes
        known = _known_revisions(self.db)
        started = time.perf_counter()
        with _open_source(path, limit, stdin) as source:

            def work(session: Session) -> ImportResult:
                with _text(source) as stream:
                    header, user, counts, role_in_file = _Importer(
                        self.db, session, known_revisions=known, source=str(path)
                    ).run(stream)
                exported_at = header.get("exported_at")
                audit_chain.record(
                    session,
                    action="data.imported",
                    at=self.clock(),
                    client=self.client,
                    user_id=user.id,
                    actor_id=actor_id,
                    entity="user",
                    entity_id=user.id,
                    after={
                        "format": FORMAT,
                        "version": VERSION,
                        "exported_at": exported_at if isinstance(exported_at, str) else None,
                        "schema_revision": header.get("schema_revision"),
                        "rows": sum(counts.values()),
                        "role": user.role,
                        "role_in_file": role_in_file,
                    },
                )
                return ImportResult(
                    user.id,
                    user.email,
                    user.role,
                    role_in_file,
                    counts,
                    0.0,
                    exported_at if isinstance(exported_at, str) else None,
                )

            result = self.db.run(work)
        return replace(result, seconds=time.perf_counter() - started)

    def import_streams(
        self, sources: list[tuple[str, Callable[[], IO[bytes]]]]
    ) -> list[ImportResult]:
        """Several people's documents in ONE transaction (a portable backup's restore):
        all of them or none."""
        known = _known_revisions(self.db)
        started = time.perf_counter()

        def work(session: Session) -> list[ImportResult]:
            results = []
            for name, opener in sources:
                with opener() as raw:
                    stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                    try:
                        header, user, counts, role_in_file = _Importer(
                            self.db, session, known_revisions=known, source=name, keep_role=True
                        ).run(stream)
                    except BadExportFile as exc:
                        raise BadExportFile(f"{name}: {exc}") from None
                audit_chain.record(
                    session,
                    action="data.imported",
                    at=self.clock(),
                    client=self.client,
                    user_id=user.id,
                    entity="user",
                    entity_id=user.id,
                    after={
                        "format": FORMAT,
                        "version": VERSION,
                        "exported_at": header.get("exported_at"),
                        "schema_revision": header.get("schema_revision"),
                        "rows": sum(counts.values()),
                        "restored": True,
                    },
                )
                results.append(
                    ImportResult(user.id, user.email, user.role, role_in_file, counts, 0.0, None)
                )
            return results

        results = self.db.run(work)
        seconds = time.perf_counter() - started
        return [replace(r, seconds=seconds) for r in results]


class _CountingWriter:
    """A text stream wrapper that counts the UTF-8 bytes written through it."""

    def __init__(self, inner: IO[str]) -> None:
        self.inner = inner
        self.count = 0

    def write(self, text: str) -> int:
        self.count += len(text.encode("utf-8"))
        return self.inner.write(text)
