"""Where the app keeps things, by platformdirs (XDG on Linux)."""

from __future__ import annotations

import os
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
