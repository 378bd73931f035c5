"""`dashboard-tui gym import | export` as DASHBOARD_API_KEY's person, on both
engines: the summary, unmatched names stopping the file, the unit asked for, a bad
row named by line, a re-import adding nothing, the private export file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from dashboard_tui.account.api_keys import ApiKeyService
from dashboard_tui.gym.services import GymService

FILES = Path(__file__).parent.parent / "data" / "gym_import"


@pytest.fixture
def cli(db, make_user, run_cli, monkeypatch):
    ana = make_user("Ana")
    monkeypatch.setenv("DASHBOARD_API_KEY", ApiKeyService(db).create(ana, "gym").key)
    run_cli.login = ana  # type: ignore[attr-defined]
    return run_cli


def workouts(db, login) -> int:
    return len(GymService(db).workouts.list_workouts(login).rows)


def test_unmatched_stop_then_create_then_reimport_adds_nothing(cli, db):
    hevy = str(FILES / "hevy_kg.csv")
    code, out, err = cli("gym", "import", hevy, "--format", "hevy")
    assert code != 0
    assert "unmatched: Bench Press (Barbell)" in out.splitlines()
    assert "nothing was imported" in err
    assert workouts(db, cli.login) == 0

    code, out, err = cli("gym", "import", hevy, "--format", "hevy", "--create-unmatched")
    assert code == 0, err
    assert out.splitlines()[0].startswith(
        "2 workouts with 6 sets imported, 0 already imported (skipped); 3 exercises created"
    )
    code, out, err = cli("gym", "import", hevy, "--format", "hevy")
    assert code == 0, err
    assert out.startswith("0 workouts with 0 sets imported, 2 already imported (skipped)")
    assert workouts(db, cli.login) == 2


def test_the_unit_is_asked_for_and_bad_rows_are_named(cli, db):
    no_unit = str(FILES / "strong_comma_no_unit.csv")
    code, _, err = cli("gym", "import", no_unit, "--format", "strong", "--create-unmatched")
    assert code != 0 and "--unit kg or --unit lb" in err
    code, _, err = cli(
        "gym", "import", no_unit, "--format", "strong", "--unit", "lb", "--create-unmatched"
    )
    assert code == 0, err
    code, _, err = cli("gym", "import", str(FILES / "strong_bad_row.csv"), "--format", "strong")
    assert code != 0 and "Line 3: Weight:" in err and "nothing was imported" in err
    code, _, err = cli("gym", "import", str(FILES / "hevy_kg.csv"), "--format", "strong")
    assert code != 0 and "looks like a Hevy export" in err
    assert workouts(db, cli.login) == 1


def test_export_to_a_private_file_reads_back(cli, tmp_path):
    code, _, err = cli(
        "gym", "import", str(FILES / "hevy_lbs.csv"), "--format", "hevy", "--create-unmatched"
    )
    assert code == 0, err
    target = tmp_path / "gym.csv"
    code, out, err = cli("gym", "export", "--format", "csv", "--output", str(target))
    assert code == 0, err
    assert out.startswith("exported 3 sets as CSV to ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, out, err = cli("gym", "import", str(target), "--format", "strong")
    assert code == 0, err
    assert out.startswith("0 workouts with 0 sets imported, 1 already imported (skipped)")
