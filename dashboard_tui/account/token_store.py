"""Where the login token is remembered between runs (never the password).

The OS keyring when it has a real backend. Otherwise fail closed: keep the token in
memory for this run only, unless the person opted in to a private file
(`--remember-insecurely`): 0600 in a 0700 folder, written atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dashboard_tui import APP_NAME
from dashboard_tui.paths import ensure_private_dir

NO_KEYRING_NOTICE = (
    "No OS keyring is available: you will stay logged in only until you quit. "
    "Start with --remember-insecurely to keep the login in a private file instead."
)


class TokenStore(Protocol):
    secure: bool
    description: str

    def get(self) -> str | None: ...
    def set(self, token: str) -> None: ...
    def delete(self) -> None: ...


class MemoryTokenStore:
    secure = False
    description = "memory (this run only)"

    def __init__(self) -> None:
        self._token: str | None = None

    def get(self) -> str | None:
        return self._token

    def set(self, token: str) -> None:
        self._token = token

    def delete(self) -> None:
        self._token = None


class KeyringTokenStore:
    secure = True

    def __init__(self, account: str, backend_name: str) -> None:
        self.account = account
        self.description = f"OS keyring ({backend_name})"

    def get(self) -> str | None:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(APP_NAME, self.account)
        except KeyringError:
            return None

    def set(self, token: str) -> None:
        import keyring

        keyring.set_password(APP_NAME, self.account, token)

    def delete(self) -> None:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(APP_NAME, self.account)


class FileTokenStore:
    """Opt-in only. Readable by the owner alone; replaced atomically."""

    secure = False

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"file {path} (opted in with --remember-insecurely)"

    def get(self) -> str | None:
        try:
            return self.path.read_text(encoding="ascii").strip() or None
        except (FileNotFoundError, UnicodeDecodeError):
            return None

    def set(self, token: str) -> None:
        folder = ensure_private_dir(self.path.parent)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".token-")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(token)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def delete(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


# Backends that do not protect a secret: treated as "no keyring".
_INSECURE_BACKENDS = {
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
}


def _name(backend: object) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def real_keyring_backend() -> str | None:
    """The name of a usable keyring backend, or None when there is none."""
    try:
        import keyring
    except Exception:  # a broken install is "no keyring"
        return None
    backend = keyring.get_keyring()
    if _name(backend) == "keyring.backends.chainer.ChainerBackend":
        # Usable only if it chains at least one real backend.
        usable = [b for b in getattr(backend, "backends", []) if _usable(b)]
        return type(usable[0]).__name__ if usable else None
    return type(backend).__name__ if _usable(backend) else None


def _usable(backend: object) -> bool:
    if _name(backend) in _INSECURE_BACKENDS:
        return False
    try:
        return float(getattr(backend, "priority", 0)) > 0
    except Exception:  # backends raise from priority when unavailable
        return False


@dataclass(frozen=True)
class StoreChoice:
    store: TokenStore
    notice: str | None  # said once when the login will not be remembered securely


def account_key(database_key: str) -> str:
    """One remembered login per database, so SQLite and a server do not clash."""
    return "session-" + hashlib.sha256(database_key.encode()).hexdigest()[:16]


def choose_token_store(
    database_key: str, *, remember_insecurely: bool, file_path: Path
) -> StoreChoice:
    backend = real_keyring_backend()
    if backend is not None:
        return StoreChoice(KeyringTokenStore(account_key(database_key), backend), None)
    if remember_insecurely:
        return StoreChoice(
            FileTokenStore(file_path.with_name(f"{file_path.name}-{account_key(database_key)}")),
            "No OS keyring: the login is kept in a private file, as you asked.",
        )
    return StoreChoice(MemoryTokenStore(), NO_KEYRING_NOTICE)
