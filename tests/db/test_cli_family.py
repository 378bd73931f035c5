"""`dashboard-tui family import-ics | export-ics | agenda` as DASHBOARD_API_KEY's
person, on both engines: what they print, the private export file, the errors."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from dashboard_tui.account.api_keys import ApiKeyService
from dashboard_tui.account.profile import ProfileService

FILES = Path(__file__).parent.parent / "data" / "ics"


@pytest.fixture
def cli(db, make_user, run_cli, monkeypatch, clock):
    ana = make_user("Ana")
    ProfileService(db, clock=clock).update(
        ana, weight_unit="kg", currency="EUR", timezone="Europe/Berlin", theme="textual-dark"
    )
    monkeypatch.setenv("DASHBOARD_API_KEY", ApiKeyService(db).create(ana, "family").key)
    return run_cli


def test_import_twice_export_and_agenda(cli, tmp_path):
    google = str(FILES / "google.ics")
    code, out, err = cli("family", "import-ics", google, "--dry-run")
    assert code == 0, err
    assert out.startswith("3 events would be added, 0 would be updated")
    code, out, err = cli("family", "import-ics", google)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "3 events added, 0 updated from the file, 0 already as in the file (skipped); "
        "1 changed occurrences"
    )
    assert "left out: 1 × alarms (VALARM)" in lines
    code, out, err = cli("family", "import-ics", google)
    assert out.startswith("0 events added, 0 updated from the file, 3 already as in the file")

    code, out, err = cli("family", "agenda", "--from", "2025-01-13", "--to", "2025-01-21")
    assert code == 0, err
    assert out.splitlines() == [
        "2025-01-16 18:00  2025-01-16 19:00  timed    Swimming (moved)",
    ]
    code, out, err = cli(
        "family", "agenda", "--from", "2025-02-14", "--to", "2025-03-01", "--format", "csv"
    )
    assert out.splitlines() == [
        "start,end,all_day,title,member",
        "2025-02-14,2025-02-15,yes,Trip to Hamburg,",
        "2025-02-18 17:00,2025-02-18 18:00,no,Swimming,",
        "2025-02-25 17:00,2025-02-25 18:00,no,Swimming,",
        "2025-03-01 10:00,2025-03-01 11:00,no,Call with the school,",
    ]

    target = tmp_path / "family.ics"
    code, out, err = cli("family", "export-ics", "--output", str(target))
    assert code == 0, err
    assert out.strip() == f"exported 3 events (1 changed occurrences) as iCalendar to {target}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().count(b"BEGIN:VEVENT") == 4
    code, out, err = cli("family", "export-ics", "--output", str(target))
    assert code == 2 and "exists: choose another file, or --force" in err
    code, out, err = cli("family", "export-ics", "--output", str(target), "--force")
    assert code == 0, err
    code, out, err = cli("family", "import-ics", str(target))
    assert out.startswith("0 events added, 0 updated from the file, 3 already as in the file")


def test_errors_are_one_line_and_leave_nothing(cli, tmp_path):
    code, out, err = cli("family", "import-ics", str(FILES / "broken.ics"))
    assert code == 1
    assert "DTSTART cannot be read" in err and "nothing was imported" in err
    code, out, err = cli("family", "agenda", "--from", "2025-01-13", "--to", "2025-12-31")
    assert code == 0 and out == ""  # the fine event of the broken file did not go in
    code, out, err = cli("family", "import-ics", str(tmp_path / "missing.ics"))
    assert code == 2 and "is not a file" in err
    code, out, err = cli("family", "agenda", "--from", "2025-13-01", "--to", "2025-12-31")
    assert code == 2 and "from: Use a date like" in err
    code, out, err = cli("family", "agenda", "--from", "2025-02-01", "--to", "2025-01-01")
    assert code == 2 and "--to is before --from" in err


def test_a_reimport_names_the_events_it_keeps(cli, tmp_path):
    whole = (FILES / "google.ics").read_bytes()
    code, out, err = cli("family", "import-ics", str(FILES / "google.ics"))
    assert code == 0, err
    start = whole.index(b"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250214")
    end = whole.index(b"END:VEVENT\r\n", start) + len(b"END:VEVENT\r\n")
    again = tmp_path / "google.ics"  # downloaded again, the trip no longer in it
    again.write_bytes(whole[:start] + whole[end:])
    code, out, err = cli("family", "import-ics", str(again))
    assert code == 0, err
    assert "kept, no longer in the file: 'Trip to Hamburg' (2025-02-14)" in out.splitlines()
    code, out, err = cli("family", "agenda", "--from", "2025-02-14", "--to", "2025-02-14")
    assert out.splitlines() == ["2025-02-14        2025-02-15        all-day  Trip to Hamburg"]
