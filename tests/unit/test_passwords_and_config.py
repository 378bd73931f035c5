"""Password hashing profile and settings loading."""

from __future__ import annotations

import pytest

from dashboard_tui.account.passwords import cheap_hasher, production_hasher
from dashboard_tui.config import ConfigError, RegistrationMode, load_settings


def test_production_hashing_is_argon2id_above_owasp_minimum_and_not_the_test_profile():
    prod, cheap = production_hasher(), cheap_hasher()
    assert prod.type.name == "ID"
    # OWASP: argon2id with m >= 19 MiB, t >= 2, p >= 1
    assert prod.memory_cost >= 19 * 1024 and prod.time_cost >= 2 and prod.parallelism >= 1
    assert (prod.memory_cost, prod.time_cost) != (cheap.memory_cost, cheap.time_cost)
    assert prod.hash("a password").startswith("$argon2id$")


def test_settings_from_file_then_environment(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text('database_url = "sqlite:///from-file.db"\nregistration = "approval"\n')
    s = load_settings(env={}, config_path=cfg)
    assert (
        s.database_url == "sqlite:///from-file.db" and s.registration is RegistrationMode.APPROVAL
    )
    s = load_settings(env={"DATABASE_URL": "postgresql://a@b/c"}, config_path=cfg)
    assert s.database_url == "postgresql://a@b/c"
    s = load_settings(
        env={
            "DATABASE_URL": "postgresql://a@b/c",
            "DASHBOARD_DATABASE_URL": "sqlite:///d.db",
            "DASHBOARD_REGISTRATION": "closed",
            "DASHBOARD_REMEMBER_INSECURELY": "TRUE",
        },
        config_path=cfg,
    )
    assert s.database_url == "sqlite:///d.db" and s.registration is RegistrationMode.CLOSED
    assert s.remember_insecurely


def test_default_database_is_a_sqlite_file_under_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    s = load_settings(env={}, config_path=tmp_path / "missing.toml")
    assert s.resolved_database_url == f"sqlite:///{tmp_path / 'data' / 'dashboard.sqlite3'}"


@pytest.mark.parametrize(
    ("text", "match"), [("registration = 'sometimes'", "registration"), ("not toml ===", "TOML")]
)
def test_bad_config_is_a_clear_error(tmp_path, text, match):
    cfg = tmp_path / "config.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=match):
        load_settings(env={}, config_path=cfg)
