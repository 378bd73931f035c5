"""Settings: defaults < config file (TOML) < environment < command line."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from dashboard_tui import paths


class RegistrationMode(StrEnum):
    OPEN = "open"  # anyone may register and is active at once
    APPROVAL = "approval"  # new accounts are pending until an admin approves them
    CLOSED = "closed"  # only an admin adds users (CLI: `dashboard-tui user add`)


class ConfigError(ValueError):
    """A setting that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    database_url: str = ""
    registration: RegistrationMode = RegistrationMode.OPEN
    remember_insecurely: bool = False
    session_idle_days: int = 30
    session_absolute_days: int = 90
    config_path: Path | None = field(default=None, compare=False)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{paths.default_database_path()}"

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _registration(value: object, source: str) -> RegistrationMode:
    try:
        return RegistrationMode(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in RegistrationMode)
        raise ConfigError(
            f"{source}: registration must be one of {allowed}, not {value!r}"
        ) from None


def load_settings(env: dict[str, str] | None = None, config_path: Path | None = None) -> Settings:
    env = dict(os.environ) if env is None else env
    path = config_path or Path(env.get("DASHBOARD_CONFIG", "") or paths.config_file())
    values: dict[str, object] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        if "database_url" in data:
            values["database_url"] = str(data["database_url"])
        if "registration" in data:
            values["registration"] = _registration(data["registration"], str(path))
        if "remember_insecurely" in data:
            values["remember_insecurely"] = bool(data["remember_insecurely"])
        for key in ("session_idle_days", "session_absolute_days"):
            if key in data:
                values[key] = int(data[key])

    url = env.get("DASHBOARD_DATABASE_URL") or env.get("DATABASE_URL")
    if url:
        values["database_url"] = url
    if env.get("DASHBOARD_REGISTRATION"):
        values["registration"] = _registration(
            env["DASHBOARD_REGISTRATION"], "DASHBOARD_REGISTRATION"
        )
    if env.get("DASHBOARD_REMEMBER_INSECURELY"):
        values["remember_insecurely"] = _truthy(env["DASHBOARD_REMEMBER_INSECURELY"])
    return Settings(config_path=path, **values)  # type: ignore[arg-type]
