"""argon2id password hashing (argon2-cffi), imported only when first needed."""

from __future__ import annotations

import threading
import unicodedata
from typing import TYPE_CHECKING

from dashboard_tui.kit.errors import ValidationError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_PASSWORD = 10
# Refused before hashing: argon2 would happily spend time and memory on megabytes.
MAX_PASSWORD = 1024


def production_hasher() -> PasswordHasher:
    """argon2-cffi's defaults (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4),
    which are above OWASP's minimum."""
    from argon2 import PasswordHasher

    return PasswordHasher()


def cheap_hasher() -> PasswordHasher:
    """For tests only: same algorithm (argon2id), tiny cost."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def can_be_a_password(password: str) -> bool:
    """No C0/C1 control (NUL included: it cannot be typed, and is where C strings end)
    and no lone surrogate (not a character; UTF-8, hence argon2, cannot take it).
    Everything else is fine, invisible formatting included: a password is never shown."""
    return not any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in password)


def check_new_password(password: str, confirm: str | None, field: str = "password") -> None:
    if len(password) > MAX_PASSWORD:
        raise ValidationError.one(field, f"At most {MAX_PASSWORD} characters.")
    if len(password) < MIN_PASSWORD:
        raise ValidationError.one(field, f"Use at least {MIN_PASSWORD} characters.")
    if not can_be_a_password(password):
        raise ValidationError.one(field, "The password cannot contain control characters.")
    if confirm is not None and confirm != password:
        raise ValidationError.one(f"{field}_confirm", "The two passwords do not match.")


class Passwords:
    """Hash, verify (with rehash detection) and the dummy verify for unknown emails."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher
        self._dummy: str | None = None
        self._lock = threading.Lock()

    @property
    def hasher(self) -> PasswordHasher:
        if self._hasher is None:
            self._hasher = production_hasher()
        return self._hasher

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, stored_hash: str, password: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return self.hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        except UnicodeEncodeError:  # a lone surrogate: no password was ever set with one
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        return self.hasher.check_needs_rehash(stored_hash)

    def salt_prefix(self) -> str:
        """`$argon2id$v=19$m=…,t=…,p=…$`: this hasher's parameters, for the database
        to build an unknown email's fake salt on (so it looks like a real one)."""
        h = self.hasher
        return f"$argon2id$v=19$m={h.memory_cost},t={h.time_cost},p={h.parallelism}$"

    def prove(self, password: str, prefix: str, hash_len: int) -> str:
        """The argon2 string of `password` under a stored hash's own parameters and
        salt (`prefix` is the stored string without its last field): equal to the
        stored string exactly when the password is right. How PostgreSQL logins work
        without handing the hash out (migration 0007). "" if it cannot be computed
        (a malformed prefix, a password no hash was ever made of)."""
        import base64

        from argon2.exceptions import HashingError
        from argon2.low_level import Type, hash_secret

        try:
            _, kind, version, params, salt = prefix.split("$")
            costs = dict(item.split("=") for item in params.split(","))
            encoded = hash_secret(
                password.encode(),
                base64.b64decode(salt + "=" * (-len(salt) % 4)),
                time_cost=int(costs["t"]),
                memory_cost=int(costs["m"]),
                parallelism=int(costs["p"]),
                hash_len=hash_len,
                type=Type.ID if kind == "argon2id" else Type.I if kind == "argon2i" else Type.D,
                version=int(version.removeprefix("v=")),
            )
        except (ValueError, KeyError, UnicodeEncodeError, HashingError):
            return ""
        return encoded.decode("ascii")

    def burn_dummy(self, password: str) -> None:
        """Spend the same time as a real verify, so an unknown email is not faster."""
        with self._lock:
            if self._dummy is None:
                self._dummy = self.hasher.hash("dummy-password-for-timing")
        self.verify(self._dummy, password)
