"""Where the app keeps things, by platformdirs (XDG on Linux)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from platformdirs import user_config_path, user_data_path

from dashboard_tui import APP_NAME


def data_dir() -> Path:
    override = os.environ.get("DASHBOARD_DATA_DIR")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    override = os.environ.get("DASHBOARD_CONFIG_DIR")
    return Path(override) if override else user_config_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    return data_dir() / "dashboard.sqlite3"


def config_file() -> Path:
    return config_dir() / "config.toml"


def insecure_token_file() -> Path:
    """The opt-in plaintext token store (only with --remember-insecurely)."""
    return data_dir() / "session" / "token"


def ensure_private_dir(path: Path) -> Path:
    """Create a folder readable only by its owner (0700)."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def make_private_dir(path: Path) -> Path:
    """Create a missing folder 0700 (its missing parents get the usual mode); a folder
    that exists already is left as it is: it may be one the person chose."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(PRIVATE_DIR)  # mkdir's mode would be cut by the umask
    return path


def create_private_file(path: Path) -> bool:
    """Create `path` empty and 0600 unless something is there already (O_EXCL: an
    existing file is never truncated, and a planted symlink is not followed). Returns
    whether it was created."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, PRIVATE_FILE)  # the umask can only take bits away
    except FileExistsError:
        return False
    os.close(fd)
    return True


def in_data_dir(path: Path) -> bool:
    """Whether `path` is the app's own data folder or inside it."""
    try:
        return path.resolve().is_relative_to(data_dir().resolve())
    except OSError:
        return False


def looser_than(path: Path, mode: int) -> int | None:
    """The permission bits of `path` when it grants more than `mode` (0600 for a
    file, 0700 for a folder), else None (also when it does not exist, and on
    Windows, where access is kept in ACLs and these bits say nothing about it)."""
    if os.name != "posix":
        return None
    try:
        bits = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    return bits if bits & ~mode else None
