"""The crash harness's journal: what the worker asked for and what came back.

One JSON object per line. Before each service call the worker appends a *begin*
line ({"ph": "b", "k": key, "op": ..., arguments}); after the call returns (or raises
the error it expects) it appends a *done* line ({"ph": "d", "k": key, results}) and
fsyncs. A unit whose done line is on disk returned to its caller, so it must be in
the database. A begin without a done is the unit the kill interrupted: it may or may
not be there, but never half.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# What a new profile holds (models.shared.Profile defaults).
DEFAULT_PROFILE = {
    "weight_unit": "kg",
    "currency": "EUR",
    "timezone": "UTC",
    "week_start": 0,
    "theme": "textual-dark",
}


@dataclass
class Op:
    key: str
    incarnation: int
    op: str
    args: dict[str, Any]
    result: dict[str, Any] | None = None  # None: interrupted by the kill

    @property
    def done(self) -> bool:
        return self.result is not None


def read(path: Path) -> list[Op]:
    """Every unit in journal order. A last line without its newline was being
    written when the process died: it is ignored (its unit counts as interrupted)."""
    if not path.exists():
        return []
    ops: dict[str, Op] = {}
    data = path.read_bytes()
    lines = data.split(b"\n")
    for raw in lines[:-1]:  # the part after the last newline is incomplete (or empty)
        rec = json.loads(raw)
        key = rec.pop("k")
        phase = rec.pop("ph")
        if phase == "b":
            assert key not in ops, f"journal: {key} begun twice"
            ops[key] = Op(key, int(key.split(".")[0]), rec.pop("op"), rec)
        else:
            assert key in ops and ops[key].result is None, f"journal: {key} done twice"
            ops[key].result = rec
    return list(ops.values())


class Writer:
    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def _line(self, rec: dict[str, Any]) -> None:
        data = (json.dumps(rec, ensure_ascii=True, separators=(",", ":")) + "\n").encode()
        assert os.write(self.fd, data) == len(data)

    def begin(self, key: str, op: str, **args: Any) -> None:
        # Not fsynced: SIGKILL does not lose what the kernel already has.
        self._line({"ph": "b", "k": key, "op": op, **args})

    def done(self, key: str, **result: Any) -> None:
        self._line({"ph": "d", "k": key, **result})
        os.fsync(self.fd)


@dataclass
class KnownUser:
    """What the worker may rely on about a user it registered."""

    user_id: str
    email: str
    role: str
    name: str
    password: str | None  # None: a password change was interrupted, outcome unknown
    sessions: set[str] = field(default_factory=set)
    credentials: dict[str, str] = field(default_factory=dict)  # session id -> token hash
    failures: int = 0  # failed logins since the last good one (an upper bound)


def known_users(ops: list[Op]) -> dict[str, KnownUser]:
    """Replay the journal into what a restarted worker can safely keep using."""
    users: dict[str, KnownUser] = {}
    by_id: dict[str, KnownUser] = {}
    for op in ops:
        a, r = op.args, op.result
        if op.op == "register":
            if r is not None:
                u = KnownUser(r["user_id"], a["email"], r["role"], a["name"], a["password"])
                u.sessions.add(r["session_id"])
                u.credentials[r["session_id"]] = r["credential"]
                users[u.email] = by_id[u.user_id] = u
        elif op.op == "login":
            u = users[a["email"]]
            if r is not None:
                u.sessions.add(r["session_id"])
                u.credentials[r["session_id"]] = r["credential"]
                u.failures = 0
        elif op.op == "login_bad":
            users[a["email"]].failures += 1
        elif op.op == "logout":
            by_id[a["user_id"]].sessions.discard(a["session_id"])
        elif op.op == "passwd":
            u = by_id[a["user_id"]]
            u.password = a["new"] if r is not None else None
            u.sessions &= {a["session_id"]}
    return users
