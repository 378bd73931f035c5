"""Strict settings: every key from the file, the environment and the flags is checked;
every problem is reported, one line each, naming its source and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard_tui.config import (
    KEYS,
    ConfigError,
    RegistrationMode,
    Settings,
    load_settings,
)

ROOT = Path(__file__).resolve().parents[2]


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str = "", env: dict[str, str] | None = None, **kw) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_settings(env=env or {}, config_path=config(tmp_path, text), **kw)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return list(caught.value.problems)


# -- unknown keys --------------------------------------------------------------------
def test_a_misspelt_key_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, 'registation = "closed"\n')
    assert line == (
        f"{tmp_path / 'config.toml'}: unknown key 'registation' (did you mean 'registration'?)"
    )


def test_an_unknown_key_with_nothing_close_lists_the_known_ones(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, "[theme]\nname = 'dark'\n")
    assert "unknown key 'theme'" in line
    assert "known keys: database_url, registration, remember_insecurely" in line


# -- booleans ------------------------------------------------------------------------
def test_a_quoted_false_in_the_file_is_an_error_not_true(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, 'remember_insecurely = "false"\n')
    assert line.startswith(f"{tmp_path / 'config.toml'}: remember_insecurely must be true or false")
    assert "the string 'false'" in line
    (line,) = problems(tmp_path, "remember_insecurely = 1\n")
    assert "remember_insecurely must be true or false" in line


@pytest.mark.parametrize("value", [True, False])
def test_a_toml_boolean_in_the_file_is_taken_as_it_is(tmp_path: Path, value: bool) -> None:
    cfg = config(tmp_path, f"remember_insecurely = {str(value).lower()}\n")
    assert load_settings(env={}, config_path=cfg).remember_insecurely is value


@pytest.mark.parametrize(
    ("text", "value"),
    [("1", True), ("true", True), ("TRUE", True), ("True", True)]
    + [("0", False), ("false", False), ("False", False)],
)
def test_environment_booleans_are_1_0_true_false_in_any_case(
    tmp_path: Path, text: str, value: bool
) -> None:
    env = {"DASHBOARD_REMEMBER_INSECURELY": text}
    assert load_settings(env=env, config_path=tmp_path / "none.toml").remember_insecurely is value


@pytest.mark.parametrize("text", ["yes", "on", "no", "2", "truthy"])
def test_any_other_environment_boolean_is_an_error(tmp_path: Path, text: str) -> None:
    (line,) = problems(tmp_path, env={"DASHBOARD_REMEMBER_INSECURELY": text})
    assert line == (
        "DASHBOARD_REMEMBER_INSECURELY: remember_insecurely must be 1, 0, true or false, "
        f"not {text!r}"
    )


# -- numbers -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("-5", "must be between 1 and 3650 days, not -5"),
        ("0", "must be between 1 and 3650 days, not 0"),
        ("3651", "must be between 1 and 3650 days, not 3651"),
        ('"thirty"', "must be a whole number of days (without quotes), not the string 'thirty'"),
        ('"30"', "must be a whole number of days (without quotes), not the string '30'"),
        ("30.5", "must be a whole number of days (without quotes), not 30.5"),
        ("true", "must be a whole number of days (without quotes), not True"),
    ],
)
def test_session_days_in_the_file_are_whole_numbers_within_bounds(
    tmp_path: Path, value: str, says: str
) -> None:
    (line,) = problems(tmp_path, f"session_idle_days = {value}\n")
    assert line == f"{tmp_path / 'config.toml'}: session_idle_days {says}"


def test_session_days_at_the_bounds_are_accepted(tmp_path: Path) -> None:
    cfg = config(tmp_path, "session_idle_days = 1\nsession_absolute_days = 3650\n")
    s = load_settings(env={}, config_path=cfg)
    assert (s.session_idle_days, s.session_absolute_days) == (1, 3650)


def test_session_days_from_the_environment(tmp_path: Path) -> None:
    env = {"DASHBOARD_SESSION_IDLE_DAYS": " 7 ", "DASHBOARD_SESSION_ABSOLUTE_DAYS": "14"}
    s = load_settings(env=env, config_path=tmp_path / "none.toml")
    assert (s.session_idle_days, s.session_absolute_days) == (7, 14)
    lines = problems(
        tmp_path,
        env={"DASHBOARD_SESSION_IDLE_DAYS": "thirty", "DASHBOARD_SESSION_ABSOLUTE_DAYS": "-5"},
    )
    assert lines == [
        "DASHBOARD_SESSION_IDLE_DAYS: session_idle_days must be a whole number of days, "
        "not 'thirty'",
        "DASHBOARD_SESSION_ABSOLUTE_DAYS: session_absolute_days must be between 1 and 3650 "
        "days, not -5",
    ]


def test_idle_must_not_exceed_absolute(tmp_path: Path) -> None:
    (line,) = problems(tmp_path, "session_idle_days = 100\n")
    assert line.startswith(
        f"{tmp_path / 'config.toml'}: session_idle_days (100) must not exceed "
        "session_absolute_days (90, the default)"
    )
    cfg = config(tmp_path, "session_idle_days = 60\nsession_absolute_days = 60\n")
    assert load_settings(env={}, config_path=cfg).session_idle_days == 60  # equal is fine


def test_idle_against_absolute_names_both_sources(tmp_path: Path) -> None:
    (line,) = problems(
        tmp_path, "session_idle_days = 40\n", env={"DASHBOARD_SESSION_ABSOLUTE_DAYS": "20"}
    )
    assert line.startswith(
        f"{tmp_path / 'config.toml'}, DASHBOARD_SESSION_ABSOLUTE_DAYS: "
        "session_idle_days (40) must not exceed session_absolute_days (20)"
    )


# -- registration, database_url ------------------------------------------------------
def test_registration_is_open_approval_or_closed(tmp_path: Path) -> None:
    for mode in RegistrationMode:
        cfg = config(tmp_path, f'registration = "{mode.value}"\n')
        assert load_settings(env={}, config_path=cfg).registration is mode
    (line,) = problems(tmp_path, 'registration = "sometimes"\n')
    assert line == (
        f"{tmp_path / 'config.toml'}: registration must be one of open, approval, closed, "
        "not the string 'sometimes'"
    )
    (line,) = problems(tmp_path, env={"DASHBOARD_REGISTRATION": "invite"})
    assert line.startswith("DASHBOARD_REGISTRATION: registration must be one of")


def test_database_url_is_a_string_and_empty_means_the_default_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (line,) = problems(tmp_path, "database_url = 5\n")
    assert line == f"{tmp_path / 'config.toml'}: database_url must be a string (in quotes), not 5"
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    s = load_settings(env={}, config_path=config(tmp_path, 'database_url = ""\n'))
    assert s.resolved_database_url == f"sqlite:///{tmp_path / 'data' / 'dashboard.sqlite3'}"


# -- every problem, from every source ------------------------------------------------
def test_every_problem_is_reported_one_line_each(tmp_path: Path) -> None:
    text = (
        'remember_insecurely = "false"\n'
        'registation = "closed"\n'
        "session_idle_days = -5\n"
        'session_absolute_days = "thirty"\n'
    )
    lines = problems(
        tmp_path,
        text,
        env={"DASHBOARD_REGISTRATION": "sometimes", "DASHBOARD_REMEMBER_INSECURELY": "yes"},
    )
    path = str(tmp_path / "config.toml")
    assert [line.split(": ", 1)[0] for line in lines] == [path] * 4 + [
        "DASHBOARD_REGISTRATION",
        "DASHBOARD_REMEMBER_INSECURELY",
    ]
    named = ["remember_insecurely", "'registation'", "session_idle_days", "session_absolute_days"]
    named += ["registration", "remember_insecurely"]
    for line, key in zip(lines, named, strict=True):
        assert key in line.split(": ", 1)[1], line
        assert "\n" not in line


def test_an_unreadable_file_is_reported_with_the_environment_problems(tmp_path: Path) -> None:
    lines = problems(tmp_path, "not toml ===\n", env={"DASHBOARD_REGISTRATION": "x"})
    assert lines[0].startswith(f"{tmp_path / 'config.toml'}: not valid TOML")
    assert lines[1].startswith("DASHBOARD_REGISTRATION: registration")


def test_a_config_file_named_in_the_environment_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "typo.toml"
    with pytest.raises(ConfigError) as caught:
        load_settings(env={"DASHBOARD_CONFIG": str(missing)})
    assert caught.value.problems == (f"DASHBOARD_CONFIG: no such file: {missing}",)


def test_the_default_config_file_may_be_absent(tmp_path: Path) -> None:
    s = load_settings(env={}, config_path=tmp_path / "absent.toml")
    assert s == Settings()


# -- flags, precedence, settings built in code ---------------------------------------
def test_precedence_defaults_file_environment_flags(tmp_path: Path) -> None:
    cfg = config(tmp_path, 'database_url = "sqlite:///file.db"\nsession_idle_days = 10\n')
    assert load_settings(env={}, config_path=cfg).database_url == "sqlite:///file.db"
    env = {"DASHBOARD_DATABASE_URL": "sqlite:///env.db", "DASHBOARD_REMEMBER_INSECURELY": "0"}
    s = load_settings(env=env, config_path=cfg)
    assert (s.database_url, s.session_idle_days, s.session_absolute_days) == (
        "sqlite:///env.db",
        10,  # from the file
        90,  # the default
    )
    flags = {"database_url": "sqlite:///flag.db", "remember_insecurely": True}
    s = load_settings(env=env, config_path=cfg, flags=flags)
    assert (s.database_url, s.remember_insecurely) == ("sqlite:///flag.db", True)
    s = load_settings(env=env, config_path=cfg, flags={"database_url": None})  # not given
    assert s.database_url == "sqlite:///env.db"


def test_flags_are_checked_and_named_by_flag(tmp_path: Path) -> None:
    lines = problems(
        tmp_path,
        "session_idle_days = 0\n",
        flags={"database_url": 5, "remember_insecurely": "yes"},
    )
    assert lines == [
        f"{tmp_path / 'config.toml'}: session_idle_days must be between 1 and 3650 days, not 0",
        "--database-url: database_url must be a string (in quotes), not 5",
        "--remember-insecurely: remember_insecurely must be true or false (a TOML boolean, "
        "without quotes), not the string 'yes'",
    ]


def test_overrides_in_code_are_checked_too() -> None:
    base = Settings()
    assert base.with_overrides(registration="closed").registration is RegistrationMode.CLOSED
    assert base.with_overrides(database_url=None) == base  # None: keep
    with pytest.raises(ConfigError) as caught:
        base.with_overrides(session_idle_days=0, registation="closed")
    assert caught.value.problems == (
        "override: session_idle_days must be between 1 and 3650 days, not 0",
        "override: unknown key 'registation' (did you mean 'registration'?)",
    )
    with pytest.raises(ConfigError, match=r"session_idle_days \(120\) must not exceed"):
        base.with_overrides(session_idle_days=120)
    with pytest.raises(ConfigError, match="Settings: remember_insecurely must be true or false"):
        Settings(remember_insecurely="false")  # type: ignore[arg-type]


def test_the_readme_documents_every_key_and_environment_variable() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    for key in KEYS:
        assert f"`{key.name}`" in section, key.name
        for var in key.env:
            assert f"`{var}`" in section, var
        if key.flag:
            assert key.flag in section, key.flag
