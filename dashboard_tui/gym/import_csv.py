"""Strong and Hevy CSV exports read into plain workouts: pure parsing, no database.

The layouts the apps have shipped, all read here:
- Strong, older: `Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;
  RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration`
  (semicolons, cells quoted);
- Strong, newer: `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,
  Distance,Seconds,Notes,Workout Notes,RPE` (commas, quoted or not, no unit column:
  the unit is the app's setting, so it is asked for), `Set Order` a number or W/D/F
  for warm-up/drop/failure sets, and `Rest Timer` rows (skipped);
- either with the unit in the header: `Weight (kg)`, `Weight (lbs)`, `Distance (km)`;
- Hevy: `title,start_time,end_time,description,exercise_title,superset_id,
  exercise_notes,set_index,set_type,weight_kg|weight_lbs,reps,distance_km|
  distance_miles,duration_seconds,rpe`, set types normal/warmup/dropset/failure.

Cells: numbers with `.` or `,` as the decimal mark (a semicolon file from a comma
locale); durations `1h 5m`, `45m`, `30s` or bare seconds; dates in the formats the
apps write in their locales (ISO, `2023-01-05 6:10:33 PM`, `13 Jan 2024, 09:30`,
d/m/Y, m/d/Y, d.m.Y), the one format that reads the whole column (a column that both
d/m and m/d read is refused unless the caller names one). A distance without a unit
is in km when weights are in kg and in miles when they are in lb.

A bad cell stops the file: `ImportFileError` names its line (in the file, from 1) and
its column. Names and notes are checked like every form's (no control characters).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from dashboard_tui.kit.errors import ServiceError, ValidationError
from dashboard_tui.kit.parsing import (
    GRAMS_PER_KG,
    GRAMS_PER_LB,
    MAX_DISTANCE_M,
    MAX_DURATION_S,
    MAX_WEIGHT_G,
    METRES_PER_MILE,
    parse_rpe,
)
from dashboard_tui.kit.validation import NOTES_MAX, clean_name, clean_notes, spreadsheet_text

FORMATS = ("strong", "hevy")
UNITS = ("kg", "lb")
MAX_BYTES = 64 * 1024 * 1024
MAX_REPS = 1000
MAX_SUPERSET = 10_000
DELIMITERS = (",", ";", "\t")
ENCODINGS = ("utf-8-sig", "cp1252")
# (strptime format, what a person reads); a column is read by the first that reads it all
DATE_FORMATS: tuple[tuple[str, str], ...] = (
    ("%Y-%m-%d %H:%M:%S", "2024-01-13 09:30:00"),
    ("%Y-%m-%d %H:%M", "2024-01-13 09:30"),
    ("%Y-%m-%d %I:%M:%S %p", "2024-01-13 9:30:00 AM"),
    ("%Y-%m-%d %I:%M %p", "2024-01-13 9:30 AM"),
    ("%Y-%m-%dT%H:%M:%S", "2024-01-13T09:30:00"),
    ("%Y-%m-%d", "2024-01-13"),
    ("%d %b %Y, %H:%M", "13 Jan 2024, 09:30"),
    ("%d %b %Y, %I:%M %p", "13 Jan 2024, 9:30 AM"),
    ("%b %d, %Y, %I:%M %p", "Jan 13, 2024, 9:30 AM"),
    ("%d.%m.%Y %H:%M:%S", "13.01.2024 09:30:00"),
    ("%d.%m.%Y %H:%M", "13.01.2024 09:30"),
    ("%d/%m/%Y %H:%M:%S", "13/01/2024 09:30:00"),
    ("%d/%m/%Y %H:%M", "13/01/2024 09:30"),
    ("%m/%d/%Y %H:%M:%S", "01/13/2024 09:30:00"),
    ("%m/%d/%Y %H:%M", "01/13/2024 09:30"),
    ("%m/%d/%Y %I:%M %p", "01/13/2024 9:30 AM"),
)
DATE_FORMAT_NAMES = dict(DATE_FORMATS)
SET_TYPES = {
    "": "working",
    "normal": "working",
    "working": "working",
    "warmup": "warmup",
    "warm-up": "warmup",
    "w": "warmup",
    "dropset": "drop",
    "drop": "drop",
    "d": "drop",
    "failure": "failure",
    "f": "failure",
}
SKIPPED_SET_ORDERS = {"rest timer"}

# Header (lower case, spaces collapsed) → (role, unit the header carries or None).
STRONG_COLUMNS: dict[str, tuple[str, str | None]] = {
    "date": ("start", None),
    "workout name": ("workout", None),
    "duration": ("duration", None),
    "workout duration": ("duration", None),
    "exercise name": ("exercise", None),
    "set order": ("set_order", None),
    "weight": ("weight", None),
    "weight (kg)": ("weight", "kg"),
    "weight (kgs)": ("weight", "kg"),
    "weight (lb)": ("weight", "lb"),
    "weight (lbs)": ("weight", "lb"),
    "weight unit": ("weight_unit", None),
    "reps": ("reps", None),
    "rpe": ("rpe", None),
    "distance": ("distance", None),
    "distance (km)": ("distance", "km"),
    "distance (m)": ("distance", "m"),
    "distance (mi)": ("distance", "mi"),
    "distance (miles)": ("distance", "mi"),
    "distance unit": ("distance_unit", None),
    "seconds": ("seconds", None),
    "notes": ("exercise_notes", None),
    "workout notes": ("workout_notes", None),
}
HEVY_COLUMNS: dict[str, tuple[str, str | None]] = {
    "title": ("workout", None),
    "start_time": ("start", None),
    "end_time": ("end", None),
    "description": ("workout_notes", None),
    "exercise_title": ("exercise", None),
    "superset_id": ("superset", None),
    "exercise_notes": ("exercise_notes", None),
    "set_index": ("set_index", None),
    "set_type": ("set_type", None),
    "weight_kg": ("weight", "kg"),
    "weight_lbs": ("weight", "lb"),
    "weight_lb": ("weight", "lb"),
    "reps": ("reps", None),
    "distance_km": ("distance", "km"),
    "distance_miles": ("distance", "mi"),
    "distance_meters": ("distance", "m"),
    "duration_seconds": ("seconds", None),
    "rpe": ("rpe", None),
}
COLUMNS = {"strong": STRONG_COLUMNS, "hevy": HEVY_COLUMNS}
REQUIRED = ("start", "workout", "exercise")
WEIGHT_UNITS = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}
DISTANCE_UNITS = {"km": "km", "m": "m", "mi": "mi", "mile": "mi", "miles": "mi"}
METRES = {"km": Decimal(1000), "m": Decimal(1), "mi": METRES_PER_MILE}
_DURATION_RE = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$")


class ImportFileError(ServiceError):
    """The file cannot be read as it is; the message names the line and column."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)


class UnitNeeded(ImportFileError):
    """The file says nowhere whether its weights are kg or lb: ask, then read again."""

    def __init__(self) -> None:
        super().__init__("The file does not say whether weights are in kg or lb; choose one.")


@dataclass(frozen=True)
class ImportedSet:
    line: int
    set_type: str  # warmup | working | drop | failure
    weight_g: int | None  # None: bodyweight
    reps: int | None
    distance_m: int | None
    seconds: int | None
    rpe_x10: int | None


@dataclass(frozen=True)
class ImportedExercise:
    name: str
    notes: str
    superset: int | None
    sets: tuple[ImportedSet, ...]


@dataclass(frozen=True)
class ImportedWorkout:
    line: int  # of its first row
    start: datetime  # naive: the local time the app wrote
    end: datetime | None
    name: str
    duration_s: int | None
    notes: str
    exercises: tuple[ImportedExercise, ...]

    @property
    def fingerprint(self) -> str:
        """What makes it the same workout on a second import: its start and name."""
        key = f"{self.start.isoformat(timespec='minutes')}|{' '.join(self.name.lower().split())}"
        return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class ParsedFile:
    format: str
    weight_unit: str | None  # the unit the weights were read in (None: the file has none)
    workouts: tuple[ImportedWorkout, ...]

    @property
    def exercise_names(self) -> tuple[str, ...]:
        """Every exercise named in the file, once (first spelling), in file order."""
        seen: dict[str, str] = {}
        for w in self.workouts:
            for e in w.exercises:
                seen.setdefault(name_key(e.name), e.name)
        return tuple(seen.values())

    @property
    def set_count(self) -> int:
        return sum(len(e.sets) for w in self.workouts for e in w.exercises)


def name_key(name: str) -> str:
    """How exercise names are compared: any case, any spacing."""
    return " ".join(name.casefold().split())


# -- cells ------------------------------------------------------------------------------
def parse_number(text: str) -> Decimal | None:
    """`102.5`, `102,5` (comma locales), `1,234.5`; empty is None."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        return None
    if "," in raw and "." in raw:
        raw = raw.replace("," if raw.rfind(".") > raw.rfind(",") else ".", "")
    raw = raw.replace(",", ".")
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", raw):
        raise ValueError(text)
    try:
        return Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise ValueError(text) from None


def parse_seconds(text: str) -> int | None:
    """`1h 5m`, `45m`, `1h`, `30s`, `1h 5m 3s` or bare seconds (`3900`, `3900.0`)."""
    raw = text.strip().lower()
    if not raw:
        return None
    if re.fullmatch(r"[\d.,]+", raw):
        number = parse_number(raw)
        assert number is not None
        return int(number.to_integral_value())
    match = _DURATION_RE.match(raw)
    if match is None or not any(match.groups()):
        raise ValueError(text)
    h, m, s = (int(g or 0) for g in match.groups())
    return h * 3600 + m * 60 + s


def _clean_date_text(text: str) -> str:
    # iOS writes a narrow no-break space before AM/PM; Hevy may add seconds or a zone
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def choose_date_format(cells: Sequence[tuple[int, str]], named: str | None = None) -> str:
    """The one format that reads every cell; `named` (a strptime format) wins."""
    distinct: dict[str, int] = {}  # a workout's rows share one date: each is tried once
    for line, t in cells:
        distinct.setdefault(_clean_date_text(t), line)
    texts = [(line, text) for text, line in distinct.items()]
    candidates = [named] if named else [f for f, _ in DATE_FORMATS]
    fits = []
    for fmt in candidates:
        try:
            for _, text in texts:
                datetime.strptime(text, fmt)
        except ValueError:
            continue
        fits.append(fmt)
    slash = {"%d/%m/%Y", "%m/%d/%Y"}
    if len({f.split(" ")[0] for f in fits} & slash) == 2:
        raise ImportFileError(
            "The dates read as day/month and as month/day; choose the date format."
        )
    if fits:
        return fits[0]
    for line, text in texts:  # name the first cell no format reads
        if not any(_reads(text, f) for f, _ in DATE_FORMATS):
            raise ImportFileError(f"date: cannot read “{text[:40]}” as a date.", line)
    raise ImportFileError("The dates are written in more than one format.")


def _reads(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


# -- the file -----------------------------------------------------------------------------
def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError("The file is larger than 64 MiB.")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("The file is not text.")  # pragma: no cover - cp1252 reads all


def _delimiter(header_line: str) -> str:
    counts = {d: next(csv.reader([header_line], delimiter=d)).__len__() for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: counts[d])


def _rows(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip("\r")
    if not first.strip():
        raise ImportFileError("The file is empty.")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=_delimiter(first))
    header = next(reader)

    def rows() -> Iterator[tuple[int, list[str]]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ImportFileError(f"not valid CSV ({exc}).", reader.line_num) from None
            if any(cell.strip() for cell in row):
                # the line the row ends on; a quoted cell may span lines
                yield reader.line_num, row

    return header, rows()


@dataclass
class _Columns:
    index: dict[str, int]
    units: dict[str, str]  # role → unit the header carries


def _columns(header: list[str], fmt: str) -> _Columns:
    known = COLUMNS[fmt]
    index: dict[str, int] = {}
    units: dict[str, str] = {}
    for i, cell in enumerate(header):
        found = known.get(" ".join(cell.strip().lower().split()))
        if found is None or found[0] in index:
            continue  # columns the apps added later (e.g. RPE in old files) are optional
        index[found[0]] = i
        if found[1]:
            units[found[0]] = found[1]
    missing = [r for r in REQUIRED if r not in index]
    if missing:
        other = "hevy" if fmt == "strong" else "strong"
        hint = (
            f" It looks like a {other.title()} export."
            if all(r in _columns_quiet(header, other) for r in REQUIRED)
            else ""
        )
        raise ImportFileError(
            f"This is not a {fmt.title()} export: the header has no "
            f"{', '.join(missing)} column.{hint}",
            1,
        )
    return _Columns(index, units)


def _columns_quiet(header: list[str], fmt: str) -> set[str]:
    known = COLUMNS[fmt]
    return {known[h][0] for c in header if (h := " ".join(c.strip().lower().split())) in known}


class _Row:
    """One row's cells by role, with errors that name the line and the column."""

    def __init__(
        self,
        line: int,
        cells: list[str],
        columns: _Columns,
        header: list[str],
        checked: dict[tuple[str, str], str],
    ):
        self.line = line
        self.cells = cells
        self.columns = columns
        self.header = header
        self.checked = checked  # cleaned texts of the whole file, shared by its rows

    def get(self, role: str) -> str:
        i = self.columns.index.get(role)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def fail(self, role: str, message: str) -> ImportFileError:
        i = self.columns.index.get(role)
        column = self.header[i].strip() if i is not None else role
        return ImportFileError(f"{column}: {message}", self.line)

    def number(self, role: str) -> Decimal | None:
        try:
            value = parse_number(self.get(role))
        except ValueError:
            raise self.fail(role, f"“{self.get(role)[:40]}” is not a number.") from None
        if value is not None and value < 0:
            raise self.fail(role, "cannot be negative.")
        return value

    def text(self, role: str, *, notes: bool = False) -> str:
        raw = spreadsheet_text(self.get(role))  # the guard of an export of ours
        key = (role, raw)
        if key in self.checked:  # names repeat on every row of a workout: checked once
            return self.checked[key]
        try:
            value = clean_notes(raw, role) if notes else clean_name(raw, role)
        except ValidationError as exc:
            raise self.fail(role, exc.errors[role]) from None
        self.checked[key] = value
        return value


def _whole(row: _Row, role: str, most: int, what: str) -> int | None:
    value = row.number(role)
    if value is None or value == 0:
        return None  # the apps write 0 for "not recorded"
    if value != value.to_integral_value():
        raise row.fail(role, f"{what} must be a whole number.")
    if value > most:
        raise row.fail(role, f"at most {most} {what}.")
    return int(value)


def _weight(row: _Row, unit: str | None) -> int | None:
    value = row.number("weight")
    if value is None or value == 0:
        return None  # bodyweight
    column_unit = row.get("weight_unit").lower()
    if column_unit:
        unit = WEIGHT_UNITS.get(column_unit)
        if unit is None:
            raise row.fail("weight_unit", f"“{column_unit[:10]}” is not kg or lbs.")
    if unit is None:
        raise UnitNeeded()
    grams = int((value * (GRAMS_PER_KG if unit == "kg" else GRAMS_PER_LB)).to_integral_value())
    if grams > MAX_WEIGHT_G:
        raise row.fail("weight", "at most 1000 kg (2204 lb).")
    return grams


def _distance(row: _Row, default_unit: str) -> int | None:
    value = row.number("distance")
    if value is None or value == 0:
        return None
    unit = row.columns.units.get("distance", default_unit)
    column_unit = row.get("distance_unit").lower()
    if column_unit:
        found = DISTANCE_UNITS.get(column_unit)
        if found is None:
            raise row.fail("distance_unit", f"“{column_unit[:10]}” is not km, m or mi.")
        unit = found
    metres = int((value * METRES[unit]).to_integral_value())
    if metres > MAX_DISTANCE_M:
        raise row.fail("distance", "at most 1000 km.")
    return metres


def _seconds(row: _Row, role: str) -> int | None:
    try:
        seconds = parse_seconds(row.get(role))
    except ValueError:
        raise row.fail(role, f"“{row.get(role)[:40]}” is not a duration like 1h 5m.") from None
    if seconds is not None and seconds > MAX_DURATION_S:
        raise row.fail(role, "at most 24 hours.")
    return seconds or None


def _set_type(row: _Row, fmt: str) -> str:
    raw = row.get("set_type" if fmt == "hevy" else "set_order").lower()
    if fmt == "strong" and raw.isdigit():
        return "working"
    found = SET_TYPES.get(raw)
    if found is None:
        role = "set_type" if fmt == "hevy" else "set_order"
        raise row.fail(role, f"“{raw[:20]}” is not a set number or type.")
    return found


def _superset(row: _Row) -> int | None:
    """Hevy numbers a workout's supersets from 0; empty is none."""
    raw = row.get("superset")
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > MAX_SUPERSET:
        raise row.fail("superset", f"“{raw[:20]}” is not a superset number.")
    return int(raw)


def _rpe(row: _Row) -> int | None:
    value = row.get("rpe")
    try:
        return parse_rpe(value, field="rpe") if value and value != "0" else None
    except ValidationError as exc:
        raise row.fail("rpe", exc.errors["rpe"]) from None


def parse(
    data: bytes | str,
    fmt: str,
    *,
    unit: str | None = None,
    date_format: str | None = None,
) -> ParsedFile:
    """Read a whole export; `unit` (kg|lb) is used where the file names none."""
    if fmt not in FORMATS:
        raise ImportFileError("Choose the format: strong or hevy.")
    if unit is not None and unit not in UNITS:
        raise ImportFileError("Choose the unit: kg or lb.")
    text = decode(data) if isinstance(data, bytes) else data
    header, rows = _rows(text)
    columns = _columns(header, fmt)
    checked: dict[tuple[str, str], str] = {}
    parsed = [_Row(line, cells, columns, header, checked) for line, cells in rows]
    if fmt == "strong":
        parsed = [r for r in parsed if r.get("set_order").lower() not in SKIPPED_SET_ORDERS]
    starts = choose_date_format([(r.line, r.get("start")) for r in parsed], date_format)
    ends = [(r.line, r.get("end")) for r in parsed if r.get("end")]
    end_format = choose_date_format(ends, date_format) if ends else starts
    weight_unit = columns.units.get("weight") or unit
    has_unit_column = "weight_unit" in columns.index
    distance_unit = "mi" if weight_unit == "lb" else "km"

    seen_starts: dict[str, datetime] = {}
    # A workout is one (start to the minute, name): what a re-import recognises it
    # by. Its rows are together in both apps' exports; rows of it found further down
    # still join it, so no set is lost to the re-import check. An exercise is a run
    # of rows with one name (and superset).
    by_key: dict[tuple[datetime, str], dict] = {}
    current: dict | None = None
    for row in parsed:
        try:
            raw_start = row.get("start")
            start = seen_starts.get(raw_start) or datetime.strptime(
                _clean_date_text(raw_start), starts
            )
            seen_starts[raw_start] = start
        except ValueError:
            bad = f"“{row.get('start')[:40]}” is not a date like the others."
            raise row.fail("start", bad) from None
        name = row.text("workout")
        key = (start.replace(second=0, microsecond=0), name_key(name))
        current = by_key.get(key)
        if current is None:
            end = None
            if row.get("end"):
                try:
                    end = datetime.strptime(_clean_date_text(row.get("end")), end_format)
                except ValueError:
                    raise row.fail("end", "is not a date like the others.") from None
            duration = _seconds(row, "duration") if "duration" in columns.index else None
            if duration is None and end is not None and end >= start:
                duration = min(int((end - start).total_seconds()), MAX_DURATION_S)
            current = by_key[key] = {
                "line": row.line,
                "start": start,
                "end": end,
                "name": name,
                "duration": duration,
                "notes": row.text("workout_notes", notes=True),
                "exercises": [],
            }
        exercise = row.text("exercise")
        superset = _superset(row)
        exercises = current["exercises"]
        if not exercises or (name_key(exercises[-1]["name"]), exercises[-1]["superset"]) != (
            name_key(exercise),
            superset,
        ):
            exercises.append({"name": exercise, "notes": "", "superset": superset, "sets": []})
        notes = row.text("exercise_notes", notes=True)
        if notes and notes not in exercises[-1]["notes"]:
            joined = f"{exercises[-1]['notes']}\n{notes}".strip()
            if len(joined) > NOTES_MAX:  # each set's note joins the exercise's notes
                raise row.fail(
                    "exercise_notes", f"the exercise's notes pass {NOTES_MAX} characters."
                )
            exercises[-1]["notes"] = joined
        if not has_unit_column and weight_unit is None and row.get("weight") not in ("", "0"):
            raise UnitNeeded()
        exercises[-1]["sets"].append(
            ImportedSet(
                line=row.line,
                set_type=_set_type(row, fmt),
                weight_g=_weight(row, weight_unit),
                reps=_whole(row, "reps", MAX_REPS, "reps"),
                distance_m=_distance(row, distance_unit),
                seconds=_seconds(row, "seconds"),
                rpe_x10=_rpe(row),
            )
        )
    workouts = [_workout(raw) for raw in by_key.values()]
    if not workouts:
        raise ImportFileError("The file has a header but no sets.")
    return ParsedFile(fmt, weight_unit, tuple(workouts))


def _workout(raw: dict) -> ImportedWorkout:
    return ImportedWorkout(
        line=raw["line"],
        start=raw["start"],
        end=raw["end"],
        name=raw["name"],
        duration_s=raw["duration"],
        notes=raw["notes"],
        exercises=tuple(
            ImportedExercise(e["name"], e["notes"], e["superset"], tuple(e["sets"]))
            for e in raw["exercises"]
        ),
    )
