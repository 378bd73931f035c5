"""Settings: defaults < config file (TOML) < environment < command line.

Every value, from every source, is checked against one table of keys (`KEYS`): an
unknown key, a value of the wrong type or out of bounds is a `ConfigError` listing
every problem found, one line each, naming where the value came from (the config
file's path, the environment variable, the command-line flag) and the key.

Hand-written on purpose: the CLI imports this before the TUI paints its first
screen, and importing pydantic-settings took ~0.3 s more than this module on the
development machine (figures in the commit that made settings strict); five keys
do not need it. Keep this module free of UI imports.

The `[keys]` table (action id -> keys) is only checked for its shape here; which
ids exist, which key names Textual produces and which keys clash is known to the
UI: `dashboard_tui/ui/keymap.py` checks that before the TUI starts, and only when
the table is there (it imports every screen)."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from dashboard_tui import paths

DAYS_MIN, DAYS_MAX = 1, 3650  # a login lasts at least a day and at most ten years
CONFIG_ENV = "DASHBOARD_CONFIG"


class RegistrationMode(StrEnum):
    OPEN = "open"  # anyone may register and is active at once
    APPROVAL = "approval"  # new accounts are pending until an admin approves them
    CLOSED = "closed"  # only an admin adds users (CLI: `dashboard-tui user add`)


class ConfigError(ValueError):
    """Settings that cannot be used: one line per problem, each naming its source
    and key. `str()` is the lines joined by newlines."""

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems: tuple[str, ...] = (
            (problems,) if isinstance(problems, str) else tuple(problems)
        )
        super().__init__("\n".join(self.problems))


class _Bad(Exception):
    """One value is wrong; the message completes '<key> ...'."""


class _BadLines(_Bad):
    """Several things in one value are wrong (a table): each line is whole, after
    the source."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__(lines[0])
        self.lines = tuple(lines)


# -- readers: (value, from_text) -> the setting, or _Bad (see _Given) --------------------
def _shown(value: object) -> str:
    if isinstance(value, str):
        return f"the string {value[:60]!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)[:60]


def _string(value: object, from_text: bool) -> str:
    if isinstance(value, str):
        return value
    raise _Bad(f"must be a string (in quotes), not {_shown(value)}")


def _boolean(value: object, from_text: bool) -> bool:
    if from_text:
        word = str(value).strip().lower()
        if word in {"1", "true"}:
            return True
        if word in {"0", "false"}:
            return False
        raise _Bad(f"must be 1, 0, true or false, not {str(value)[:60]!r}")
    if isinstance(value, bool):
        return value
    raise _Bad(f"must be true or false (a TOML boolean, without quotes), not {_shown(value)}")


def _days(value: object, from_text: bool) -> int:
    if from_text:
        text = str(value).strip()
        if not re.fullmatch(r"[+-]?[0-9]{1,9}", text):
            raise _Bad(f"must be a whole number of days, not {str(value)[:60]!r}")
        number = int(text)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raise _Bad(f"must be a whole number of days (without quotes), not {_shown(value)}")
    if not DAYS_MIN <= number <= DAYS_MAX:
        raise _Bad(f"must be between {DAYS_MIN} and {DAYS_MAX} days, not {number}")
    return number


def _registration(value: object, from_text: bool) -> RegistrationMode:
    if isinstance(value, RegistrationMode):
        return value
    if isinstance(value, str):
        try:
            return RegistrationMode(value.strip().lower())
        except ValueError:
            pass
    allowed = ", ".join(m.value for m in RegistrationMode)
    raise _Bad(f"must be one of {allowed}, not {_shown(value)}")


def _keymap(value: object, from_text: bool) -> dict[str, str]:
    """[keys]: action id -> Textual keys ("ctrl+n", "a,ctrl+a"), each stripped. The
    ids and key names are checked by the UI (see the module docstring)."""
    if not isinstance(value, Mapping):
        raise _Bad(f'must be a table ([keys], then lines of "id" = "key"), not {_shown(value)}')
    table: dict[str, str] = {}
    problems = []
    for name, keys in value.items():
        if not isinstance(keys, str):
            problems.append(
                f"[keys] {keymap_entry(name)} must be a string of keys, not {_shown(keys)}"
            )
            continue
        parts = [part.strip() for part in keys.split(",")]
        if not all(parts):
            problems.append(
                f"[keys] {keymap_entry(name, keys)}: keys are separated by commas, none empty"
            )
            continue
        table[str(name)] = ",".join(parts)
    if problems:
        raise _BadLines(problems)
    return table


def keymap_entry(action_id: object, keys: str | None = None) -> str:
    """How a [keys] line is quoted in a message: "gym.new" = "ctrl+n"."""
    quoted = _quoted(str(action_id))
    return quoted if keys is None else f"{quoted} = {_quoted(keys)}"


def _quoted(text: str) -> str:
    # JSON-style double quotes, as in the TOML file; repr escapes control characters.
    return '"' + repr(text[:60])[1:-1].replace('"', '\\"') + '"'


class Key:
    """One setting: its name, how a value is read, where else it may be given."""

    __slots__ = ("env", "flag", "name", "read")

    # A plain class, not a dataclass: making one costs ~1.5 ms of start-up.
    def __init__(
        self,
        name: str,
        read: Callable[[object, bool], object],
        env: tuple[str, ...] = (),  # the first one set (and not empty) counts
        flag: str | None = None,
    ) -> None:
        self.name, self.read, self.env, self.flag = name, read, env, flag


KEYS: tuple[Key, ...] = (  # the README's configuration section documents each
    Key(
        "database_url",
        _string,  # "" means the SQLite file in the data folder
        env=("DASHBOARD_DATABASE_URL", "DATABASE_URL"),
        flag="--database-url",
    ),
    Key("registration", _registration, env=("DASHBOARD_REGISTRATION",)),
    Key(
        "remember_insecurely",
        _boolean,
        env=("DASHBOARD_REMEMBER_INSECURELY",),
        flag="--remember-insecurely",
    ),
    Key("session_idle_days", _days, env=("DASHBOARD_SESSION_IDLE_DAYS",)),
    Key("session_absolute_days", _days, env=("DASHBOARD_SESSION_ABSOLUTE_DAYS",)),
    Key("keys", _keymap),  # a table: the config file only
)
_BY_NAME = {key.name: key for key in KEYS}


class _Given:
    """One value for one key, from one source."""

    __slots__ = ("from_text", "key", "source", "value")

    def __init__(self, key: str, value: object, source: str, from_text: bool = False) -> None:
        # source: the config file's path, an environment variable, a flag.
        # from_text: an environment variable's string, to be read; otherwise the
        # value is typed already (TOML, a flag, Python) and must have the right type.
        self.key, self.value, self.source, self.from_text = key, value, source, from_text


def did_you_mean(name: str, known: Collection[str], otherwise: str | None = None) -> str:
    """' (did you mean 'x'?)' for the closest of `known`, else ' (otherwise)' (by
    default the list of `known`)."""
    import difflib  # only on this error path: start-up never pays for it

    close = difflib.get_close_matches(name.lower(), list(known), n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" ({otherwise or 'known keys: ' + ', '.join(known)})"


def _resolve(
    given: Iterable[_Given], base: Mapping[str, object], base_is: str = "the default"
) -> dict[str, Any]:
    """The values given, later ones winning over earlier ones and over `base` (what
    a key is when nothing gives it: `base_is`); every problem at once, as one
    ConfigError. Each value is of its key's type, checked by Key.read at run time
    (hence Any: Settings(**values) takes them)."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    problems: list[str] = []
    failed: set[str] = set()
    for g in given:
        key = _BY_NAME.get(g.key)
        if key is None:
            problems.append(f"{g.source}: unknown key {g.key!r}{did_you_mean(g.key, _BY_NAME)}")
            continue
        try:
            values[key.name] = key.read(g.value, g.from_text)
            sources[key.name] = g.source
        except _BadLines as bad:
            problems += [f"{g.source}: {line}" for line in bad.lines]
            failed.add(key.name)
        except _Bad as bad:
            problems.append(f"{g.source}: {key.name} {bad}")
            failed.add(key.name)
    if not failed & {"session_idle_days", "session_absolute_days"}:
        problems += _idle_within_absolute({**base, **values}, sources, base_is)
    if problems:
        raise ConfigError(problems)
    return values


def _idle_within_absolute(
    values: Mapping[str, object], sources: Mapping[str, str], base_is: str
) -> list[str]:
    names = ("session_idle_days", "session_absolute_days")
    idle, absolute = (values[name] for name in names)
    if not (isinstance(idle, int) and isinstance(absolute, int)) or idle <= absolute:
        return []
    where = dict.fromkeys(sources[name] for name in names if name in sources)
    shown = {
        name: f"{values[name]}" + ("" if name in sources else f", {base_is}") for name in names
    }
    return [
        f"{', '.join(where)}: session_idle_days ({shown['session_idle_days']}) must not "
        f"exceed session_absolute_days ({shown['session_absolute_days']}): "
        "a login ends at the absolute limit, however recently it was used"
    ]


@dataclass(frozen=True)
class Settings:
    database_url: str = ""
    registration: RegistrationMode = RegistrationMode.OPEN
    remember_insecurely: bool = False
    session_idle_days: int = 30
    session_absolute_days: int = 90
    # [keys]: action id -> keys, for App.set_keymap (checked by ui/keymap.py)
    keys: Mapping[str, str] = field(default_factory=dict, hash=False)
    config_path: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # Built in code too (tests, benches, with_overrides): never an invalid Settings.
        given = (_Given(k.name, getattr(self, k.name), "Settings") for k in KEYS)
        for name, value in _resolve(given, {}).items():
            object.__setattr__(self, name, value)  # e.g. "closed" -> RegistrationMode

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{paths.default_database_path()}"

    def with_overrides(self, **changes: object) -> Settings:
        """These settings with `changes` (None: keep), checked like any other source."""
        current = {k.name: getattr(self, k.name) for k in KEYS}
        given = [_Given(k, v, "override") for k, v in changes.items() if v is not None]
        return replace(self, **_resolve(given, current, "as set"))


def _defaults() -> dict[str, object]:
    return {f.name: f.default for f in fields(Settings) if f.name in _BY_NAME}


def _from_file(path: Path, *, named_by_env: bool) -> tuple[list[_Given], list[str]]:
    """The file's values, or the one problem that stops it being read."""
    if not path.exists():
        missing = f"{CONFIG_ENV}: no such file: {path}"
        return [], [missing] if named_by_env else []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return [], [f"{path}: not valid TOML ({exc})"]
    except OSError as exc:  # a folder, no permission, ...
        return [], [f"{path}: cannot be read ({exc.strerror or exc})"]
    return [_Given(name, value, str(path)) for name, value in data.items()], []


def _from_env(env: Mapping[str, str]) -> list[_Given]:
    given = []
    for key in KEYS:
        var = next((v for v in key.env if env.get(v)), None)  # empty is the same as unset
        if var is not None:
            given.append(_Given(key.name, env[var], var, from_text=True))
    return given


def _from_flags(flags: Mapping[str, object]) -> list[_Given]:
    """`flags`: key -> the flag's value, None when it was not given."""
    return [
        _Given(name, value, (_BY_NAME[name].flag if name in _BY_NAME else None) or "command line")
        for name, value in flags.items()
        if value is not None
    ]


def config_location(env: Mapping[str, str] | None = None) -> Path:
    """The config file read: $DASHBOARD_CONFIG, else config.toml in the config folder."""
    env = os.environ if env is None else env
    return Path(env.get(CONFIG_ENV, "") or paths.config_file())


def load_settings(
    env: Mapping[str, str] | None = None,
    config_path: Path | None = None,
    flags: Mapping[str, object] | None = None,
) -> Settings:
    """Defaults < config file < environment < command-line `flags` (by key name).
    Raises ConfigError with every problem in all of them."""
    env = dict(os.environ) if env is None else env
    named = env.get(CONFIG_ENV, "")
    path = config_path or config_location(env)
    given, problems = _from_file(path, named_by_env=bool(named) and config_path is None)
    given += _from_env(env) + _from_flags(flags or {})
    try:
        values = _resolve(given, _defaults())
    except ConfigError as exc:
        raise ConfigError([*problems, *exc.problems]) from None
    if problems:
        raise ConfigError(problems)
    return Settings(config_path=path, **values)
