"""Bank CSV exports read into rows: pure parsing, no database.

What real exports have, and what is read:
- encodings: UTF-8, UTF-8 with a BOM, Latin-1 (taken when the bytes are not UTF-8),
  or the one a mapping names; line endings LF, CRLF or CR (quoted cells may span
  lines);
- the delimiter (`,` `;` tab `|`) sniffed from the first lines, unless named;
- lines before the header skipped (`skip_rows`);
- columns found by header name (date / amount / debit + credit / payee / memo /
  category, any case, common bank synonyms), or named (or numbered from 1) by a
  mapping;
- dates in ISO (`2026-11-20`), `d/m/Y`, `m/d/Y` or `d.m.Y`: the mapping's format, or
  the one that reads the whole column (a column that two formats read, such as
  `03/04/2026` throughout, is refused: the mapping must say which);
- amounts through finance/money.py's parse_amount (currency symbols and codes, signs,
  parentheses), with the decimal mark the mapping names or the one the column shows
  (`12,50` and `1.234,56` → comma; the other mark then only groups digits);
- newest-first files are turned round, so rows go in oldest first.

A bad cell stops the file: `CsvError` names its line (in the file, from 1) and its
column (by header). Payees and memos are text, never markup; control and invisible
formatting characters are refused like in every form (line breaks in a payee become
spaces).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

from dashboard_tui.finance.money import minor_units, parse_amount
from dashboard_tui.kit.errors import ServiceError, ValidationError
from dashboard_tui.kit.validation import clean_text

MAX_BYTES = 64 * 1024 * 1024
DECIMAL_SAMPLE = 20_000  # rows whose amounts say which decimal mark the file uses
PAYEE_MAX = 200
MEMO_MAX = 2000
CATEGORY_MAX = 120
DELIMITERS = (",", ";", "\t", "|")
ENCODINGS = ("utf-8", "utf-8-sig", "latin-1", "cp1252")
# (strptime format, what a person reads)
DATE_FORMATS: tuple[tuple[str, str], ...] = (
    ("%Y-%m-%d", "ISO 2026-11-20"),
    ("%d/%m/%Y", "d/m/Y 20/11/2026"),
    ("%m/%d/%Y", "m/d/Y 11/20/2026"),
    ("%d.%m.%Y", "d.m.Y 20.11.2026"),
)
DATE_FORMAT_NAMES = dict(DATE_FORMATS)
DECIMAL_MARKS = (".", ",")
ROLES = ("date", "amount", "debit", "credit", "payee", "memo", "category")

# Header names per role, lower case, best first. The first match wins; a column
# taken by one role is not offered to the next (payee before memo).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "transaction date",
        "booking date",
        "posting date",
        "posted date",
        "trans. date",
        "value date",
        "buchungstag",
        "buchungsdatum",
        "datum",
        "fecha",
        "data",
        "date operation",
        "date de l'opération",
        "valuta",
        "wertstellung",
    ),
    "amount": (
        "amount",
        "transaction amount",
        "value",
        "sum",
        "betrag",
        "umsatz",
        "importe",
        "montant",
        "bedrag",
        "importo",
        "kwota",
    ),
    "debit": ("debit", "debit amount", "withdrawal", "withdrawals", "money out", "paid out", "out"),
    "credit": ("credit", "credit amount", "deposit", "deposits", "money in", "paid in", "in"),
    "payee": (
        "payee",
        "name",
        "merchant",
        "counterparty",
        "beneficiary",
        "recipient",
        "payee/payer",
        "payer/payee",
        "empfänger",
        "auftraggeber/empfänger",
        "description",
        "details",
        "narrative",
        "beschreibung",
    ),
    "memo": (
        "memo",
        "notes",
        "note",
        "reference",
        "purpose",
        "remarks",
        "verwendungszweck",
        "description",
        "details",
        "narrative",
        "transaction details",
    ),
    "category": ("category", "kategorie", "categoria", "catégorie"),
}


class CsvError(ServiceError):
    """A file that cannot be read as its mapping says; `line` and `column` name the
    cell when it is one cell's fault."""

    def __init__(self, message: str, line: int | None = None, column: str = "") -> None:
        where = ""
        if line is not None:
            where = f"line {line}" + (f", column {column!r}" if column else "") + ": "
        super().__init__(where + message)
        self.line = line
        self.column = column
        self.reason = message


@dataclass(frozen=True)
class Mapping:
    """How one bank's file reads. Empty values mean "find out from the file"."""

    delimiter: str = ""
    encoding: str = ""
    date_format: str = ""  # a strptime format of DATE_FORMATS, or "" (infer)
    decimal_mark: str = ""  # "." or ",", or "" (infer from the amount column)
    date: str = ""  # a header name or a 1-based column number; "" = by synonyms
    amount: str = ""
    debit: str = ""
    credit: str = ""
    payee: str = ""
    memo: str = ""
    category: str = ""
    skip_rows: int = 0
    newest_first: bool | None = None  # None: infer from the dates
    currency: str = ""  # of an account the CLI creates; "" = the person's currency

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mapping:
        known = {f.name for f in fields(cls)}
        return check_mapping(cls(**{k: v for k, v in data.items() if k in known}))


def check_mapping(m: Mapping) -> Mapping:
    """The mapping's values checked (field → message), normalised."""
    errors: dict[str, str] = {}
    delimiter = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}.get(
        m.delimiter.lower(), m.delimiter
    )
    if delimiter and delimiter not in DELIMITERS:
        errors["delimiter"] = "Choose , ; | or tab (or leave empty to sniff)."
    encoding = m.encoding.strip().lower().replace("_", "-")
    encoding = {"utf8": "utf-8", "latin1": "latin-1", "iso-8859-1": "latin-1"}.get(
        encoding, encoding
    )
    if encoding and encoding not in ENCODINGS:
        errors["encoding"] = "Choose utf-8, utf-8-sig, latin-1 or cp1252 (or leave empty)."
    date_format = _date_format_alias(m.date_format.strip())
    if date_format and date_format not in DATE_FORMAT_NAMES:
        errors["date_format"] = "Choose ISO, d/m/Y, m/d/Y or d.m.Y (or leave empty to infer)."
    mark = m.decimal_mark.strip()
    if mark and mark not in DECIMAL_MARKS:
        errors["decimal_mark"] = "Choose . or , (or leave empty to infer)."
    skip = m.skip_rows
    if not isinstance(skip, int) or isinstance(skip, bool) or not 0 <= skip <= 1000:
        errors["skip_rows"] = "Skip 0 to 1000 lines."
    names: dict[str, Any] = {}
    for role in ROLES:
        value = str(getattr(m, role) or "").strip()
        try:
            names[role] = clean_text(role, value, max_len=120, required=False)
        except ValidationError as exc:
            errors.update(exc.errors)
    if names["amount"] and (names["debit"] or names["credit"]):
        errors["amount"] = "Map either one amount column or debit and credit, not both."
    if bool(names["debit"]) != bool(names["credit"]):
        errors["debit" if not names["debit"] else "credit"] = "Map both debit and credit."
    if m.newest_first not in (None, True, False):
        errors["newest_first"] = "yes, no or empty."
    currency = m.currency.strip().upper()
    if currency:
        try:
            minor_units(currency)
        except ValidationError:
            errors["currency"] = "An ISO 4217 code (EUR, USD, JPY …), or empty."
    if errors:
        raise ValidationError(errors)
    return replace(
        m,
        delimiter=delimiter,
        encoding=encoding,
        date_format=date_format,
        decimal_mark=mark,
        currency=currency,
        **names,
    )


def _date_format_alias(text: str) -> str:
    aliases = {
        "iso": "%Y-%m-%d",
        "y-m-d": "%Y-%m-%d",
        "d/m/y": "%d/%m/%Y",
        "m/d/y": "%m/%d/%Y",
        "d.m.y": "%d.%m.%Y",
    }
    return aliases.get(text.lower(), text)


@dataclass(frozen=True)
class Table:
    """The file as cells: its header and its rows, each with its first line."""

    encoding: str
    delimiter: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class ParsedRow:
    line: int
    date: date
    amount_minor: int
    payee: str
    memo: str
    category: str


@dataclass(frozen=True)
class Parsed:
    table: Table
    columns: dict[str, int]  # role → 0-based index
    date_format: str
    decimal_mark: str
    newest_first: bool
    rows: tuple[ParsedRow, ...] = field(default=())
    total_rows: int = 0  # the file's rows, good and bad (a preview reads fewer)


# -- bytes → cells -------------------------------------------------------------------------
def decode(data: bytes, encoding: str = "") -> tuple[str, str]:
    """(text, the encoding used). UTF-8 (a BOM is dropped), else Latin-1."""
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff"), encoding
        except (UnicodeDecodeError, LookupError):
            raise CsvError(f"the file is not {encoding}: choose another encoding") from None
    try:
        text = data.decode("utf-8-sig")
        return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number of cells, most
    cells first; `,` when nothing splits."""
    sample = "\n".join(io.StringIO(text, newline="").read(64 * 1024).splitlines()[:20])
    best, best_score = ",", (0, 0)
    for candidate in DELIMITERS:
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=candidate) if r]
        if not counts or counts[0] < 2:
            continue
        same = sum(1 for c in counts if c == counts[0])
        score = (same, counts[0])
        if score > best_score:
            best, best_score = candidate, score
    return best


def _text_of(data: bytes, mapping: Mapping) -> tuple[str, str, str, int]:
    """(text after the skipped lines, encoding, delimiter, the text's first line)."""
    if len(data) > MAX_BYTES:
        raise CsvError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    text, encoding = decode(data, mapping.encoding)
    if "\x00" in text:
        raise CsvError("this is not a text file (it has NUL bytes)")
    skipped = mapping.skip_rows
    first_line = 1 + skipped
    if skipped:
        # Count the lines skipped as the csv module will count them.
        stream = io.StringIO(text, newline="")
        for _ in range(skipped):
            stream.readline()
        text = stream.read()
    delimiter = mapping.delimiter or sniff_delimiter(text)
    return text, encoding, delimiter, first_line


def _lines(text: str, delimiter: str, first_line: int) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows of the file as (first line, cells), read as they come."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    last = 0
    try:
        for cells in reader:
            start = first_line + last
            last = reader.line_num
            if "".join(cells).strip():  # a blank row: every cell blank
                yield start, cells
    except csv.Error as exc:
        raise CsvError(str(exc), first_line + last) from None


def _header(rows: Iterator[tuple[int, list[str]]]) -> tuple[str, ...]:
    for _, cells in rows:
        return tuple(c.strip() for c in cells)
    raise CsvError("the file has no header line")


def read_table(data: bytes, mapping: Mapping = Mapping()) -> Table:
    text, encoding, delimiter, first_line = _text_of(data, mapping)
    rows = _lines(text, delimiter, first_line)
    header = _header(rows)
    found = tuple((line, tuple(cells)) for line, cells in rows)
    return Table(encoding, delimiter, header, found)


# -- cells → columns ------------------------------------------------------------------------
def _norm(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # "Amount (EUR)" → "amount"
    return re.sub(r"\s+", " ", name.strip().strip("\"'").lower())


def find_columns(header: Sequence[str], mapping: Mapping) -> dict[str, int]:
    """role → column index: the mapping's names (or 1-based numbers), else synonyms."""
    norm = [_norm(h) for h in header]
    found: dict[str, int] = {}
    for role in ROLES:
        wanted = str(getattr(mapping, role) or "")
        if not wanted:
            continue
        if wanted.isdigit() and 1 <= int(wanted) <= len(header):
            found[role] = int(wanted) - 1
        elif _norm(wanted) in norm:
            found[role] = norm.index(_norm(wanted))
        else:
            raise CsvError(
                f"no column {wanted!r} for {role}; the header has: "
                + ", ".join(repr(h) for h in header)
            )
    mapped_amount = bool(mapping.amount or mapping.debit)
    for role in ROLES:
        if role in found or (mapped_amount and role in ("amount", "debit", "credit")):
            continue
        if role in ("debit", "credit") and "amount" in found:
            continue
        taken = set(found.values())
        for name in SYNONYMS[role]:
            if name in norm and norm.index(name) not in taken:
                found[role] = norm.index(name)
                break
    if "amount" in found:
        found.pop("debit", None)
        found.pop("credit", None)
    missing = []
    if "date" not in found:
        missing.append("date")
    if "amount" not in found and not ("debit" in found and "credit" in found):
        missing.append("amount (or debit and credit)")
    if missing:
        raise CsvError(
            f"no {' or '.join(missing)} column found; map it (the header has: "
            + ", ".join(repr(h) for h in header)
            + ")"
        )
    return found


# -- dates ---------------------------------------------------------------------------------
def _date_text(cell: str) -> str:
    text = cell.strip()
    return text.split("T")[0].split(" ")[0] if len(text) > 10 else text


def _try_date(text: str, fmt: str) -> date | None:
    try:
        return datetime.strptime(text, fmt).date()
    except ValueError:
        return None


def infer_date_format(cells: Iterable[str]) -> str:
    """The one format of DATE_FORMATS that reads the most cells (every cell, in a
    good file: a bad one is then named by its row); "" when none reads any."""
    distinct = {_date_text(c) for c in cells if c.strip()}
    scores = {fmt: sum(1 for t in distinct if _try_date(t, fmt)) for fmt, _ in DATE_FORMATS}
    best = max(scores.values(), default=0)
    if best == 0:
        return ""
    fits = [fmt for fmt, score in scores.items() if score == best]
    if len(fits) == 1:
        return fits[0]
    names = " or ".join(DATE_FORMAT_NAMES[f].split()[0] for f in fits)
    raise CsvError(f"the dates read as {names}: choose the date format in the mapping")


# -- amounts -------------------------------------------------------------------------------
_DECIDES = re.compile(r"([.,])\d{1,2}\s*\D*$")
_PLAIN = re.compile(r"(-?)(\d+)(?:\.(\d+))?")


def infer_decimal_mark(cells: Iterable[str]) -> str:
    """The mark a column's amounts end with before 1 or 2 decimals, by most cells;
    with both marks in a cell, the last one. "." when nothing says."""
    votes = {".": 0, ",": 0}
    for cell in cells:
        digits = re.sub(r"[^0-9.,]", "", cell)
        if "." in digits and "," in digits:
            votes[digits[max(digits.rfind("."), digits.rfind(","))]] += 1
            continue
        found = _DECIDES.search(digits)
        if found:
            votes[found.group(1)] += 1
    return "," if votes[","] > votes["."] else "."


class _Amounts:
    def __init__(self, currency: str, mark: str) -> None:
        self.currency = currency
        self.exponent = minor_units(currency)
        self.other = "." if mark == "," else ","
        self.mark = mark

    def read(self, cell: str, column: str) -> int:
        text = cell.strip().replace(self.other, "")
        if self.mark == ",":
            text = text.replace(",", ".")
        plain = _PLAIN.fullmatch(text)
        if plain is not None and len(plain.group(3) or "") <= self.exponent:
            sign, whole, frac = plain.groups()
            fraction = int((frac or "").ljust(self.exponent, "0") or 0)
            minor = int(whole) * 10**self.exponent + fraction
            return -minor if sign else minor
        return parse_amount(text, self.currency, field=column)


# -- rows ----------------------------------------------------------------------------------
def _text(value: str, column: str, max_len: int, *, multiline: bool) -> str:
    if not multiline:
        value = re.sub(r"[\r\n\t]+", " ", value)
    value = re.sub(r"[ ]{2,}", " ", value.strip()) if not multiline else value.strip()
    return clean_text(column, value, max_len=max_len, required=False, multiline=multiline)


class _Texts:
    """Payees, memos and categories read once each: a bank file repeats them."""

    def __init__(self, column: str, max_len: int, *, multiline: bool) -> None:
        self.column = column
        self.max_len = max_len
        self.multiline = multiline
        self.seen: dict[str, str] = {}

    def read(self, value: str) -> str:
        found = self.seen.get(value)
        if found is None:
            found = _text(value, self.column, self.max_len, multiline=self.multiline)
            if len(self.seen) < 200_000:
                self.seen[value] = found
        return found


def parse(
    data: bytes,
    mapping: Mapping,
    currency: str,
    *,
    limit: int | None = None,
    stop_on_error: bool = True,
) -> tuple[Parsed, list[CsvError]]:
    """The file's rows as ParsedRows, oldest first. With `stop_on_error` (an import)
    the first bad cell raises; without (a preview), bad rows are listed and left out.
    `limit` reads the first rows only (a preview), in file order, and keeps the
    file's cells in `table.rows`.

    Without a limit (an import) the cells are read twice as they come and never
    held: once for what the columns say (the dates' format, the decimal mark, the
    rows' count in `Parsed.total_rows`), once into ParsedRows; `table.rows` is then
    empty. A file of 100,000 rows is its text and its ParsedRows in memory, not
    also every cell of it."""
    mapping = check_mapping(mapping)
    text, encoding, delimiter, first_line = _text_of(data, mapping)
    lines = _lines(text, delimiter, first_line)
    header = _header(lines)
    columns = find_columns(header, mapping)
    names = {role: header[i] or f"#{i + 1}" for role, i in columns.items()}
    width = max(columns.values()) + 1
    i_date = columns["date"]
    i_amounts = [columns[r] for r in ("amount", "debit", "credit") if r in columns]

    kept: tuple[tuple[int, tuple[str, ...]], ...] = ()
    if limit is not None:
        kept = tuple((line, tuple(cells)) for line, cells in lines)
        rows: Iterable[tuple[int, Sequence[str]]] = kept[:limit]
        first_pass: Iterable[tuple[int, Sequence[str]]] = rows
        total = len(kept)
    else:
        first_pass = lines
    # What the columns say: the distinct date cells, the first amounts.
    dates: set[str] = set()
    amount_cells: list[str] = []
    count = 0
    for _, cells in first_pass:
        count += 1
        if i_date < len(cells):
            dates.add(cells[i_date])
        if count <= DECIMAL_SAMPLE:
            amount_cells += [cells[i] for i in i_amounts if i < len(cells) and cells[i]]
    if limit is None:
        total = count
        again = _lines(text, delimiter, first_line)
        _header(again)
        rows = again
    date_format = mapping.date_format or infer_date_format(dates)
    mark = mapping.decimal_mark or infer_decimal_mark(amount_cells)
    del dates, amount_cells
    reader = _Reader(columns, names, width, date_format, _Amounts(currency, mark))
    found: list[ParsedRow] = []
    errors: list[CsvError] = []
    read = reader.row
    for line, cells in rows:
        try:
            found.append(read(line, cells))
        except CsvError as exc:
            if stop_on_error:
                raise
            errors.append(exc)
    newest_first = mapping.newest_first
    if newest_first is None:
        newest_first = len(found) > 1 and found[0].date > found[-1].date
    if newest_first and limit is None:
        found.reverse()
    table = Table(encoding, delimiter, header, kept)
    parsed = Parsed(
        table, columns, date_format, mark, bool(newest_first), tuple(found), total_rows=total
    )
    return parsed, errors


class _Reader:
    """One file's rows → ParsedRows, with the columns, formats and caches it found."""

    def __init__(
        self,
        columns: dict[str, int],
        names: dict[str, str],
        width: int,
        date_format: str,
        amounts: _Amounts,
    ) -> None:
        self.names = names
        self.width = width
        self.date_format = date_format
        self.amounts = amounts
        self.dates: dict[str, date | None] = {}
        self.i_date = columns["date"]
        self.i_amount = columns.get("amount")
        self.i_debit = columns.get("debit")
        self.i_credit = columns.get("credit")
        self.texts = [
            (columns[role], _Texts(names[role], most, multiline=role == "memo"))
            for role, most in (("payee", PAYEE_MAX), ("memo", MEMO_MAX), ("category", CATEGORY_MAX))
            if role in columns
        ]
        self.roles = [role for role in ("payee", "memo", "category") if role in columns]

    def row(self, line: int, cells: Sequence[str]) -> ParsedRow:
        if len(cells) < self.width:
            raise CsvError(f"the row has {len(cells)} cells, the mapping needs {self.width}", line)
        raw_date = cells[self.i_date]
        day = self.dates.get(raw_date)
        if day is None:
            text = _date_text(raw_date)
            day = _try_date(text, self.date_format) if self.date_format else None
            if day is None:
                shown = text[:20] if text.isprintable() else "this value"
                want = DATE_FORMAT_NAMES.get(self.date_format, "a date").split()[-1]
                raise CsvError(f"{shown!r} is not a date like {want}", line, self.names["date"])
            self.dates[raw_date] = day
        column = ""
        try:
            if self.i_amount is not None:
                column = self.names["amount"]
                minor = self.amounts.read(cells[self.i_amount], column)
            else:
                assert self.i_debit is not None and self.i_credit is not None
                minor = 0
                for i, role, sign in ((self.i_credit, "credit", 1), (self.i_debit, "debit", -1)):
                    text = cells[i].strip()
                    if text:
                        column = self.names[role]
                        minor += sign * abs(self.amounts.read(text, column))
            if minor == 0:
                raise ValidationError.one(column, "The amount is zero.")
            found = {"payee": "", "memo": "", "category": ""}
            for role, (i, texts) in zip(self.roles, self.texts, strict=True):
                column = texts.column
                found[role] = texts.read(cells[i])
        except ValidationError as exc:
            message = next(iter(exc.errors.values()))
            raise CsvError(message, line, column) from None
        return ParsedRow(line, day, minor, found["payee"], found["memo"], found["category"])


# -- fingerprints ----------------------------------------------------------------------------
def fingerprints(account_id: uuid.UUID, rows: Sequence[ParsedRow]) -> Iterator[str]:
    """A fingerprint per row: SHA-256 of the account, date, amount, payee, memo and
    how many times that same tuple came before in this file. Two equal coffees on one
    day are two rows, and importing the file again matches each to itself. (The
    text hashed is fixed: rows imported before must keep matching.)"""
    seen: dict[tuple[date, int, str, str], int] = {}
    days: dict[date, str] = {}
    prefix = account_id.hex + "\x1f"
    sha256 = hashlib.sha256
    for row in rows:
        key = (row.date, row.amount_minor, row.payee, row.memo)
        n = seen.get(key, 0)
        seen[key] = n + 1
        day = days.get(row.date)
        if day is None:
            day = days[row.date] = row.date.isoformat() + "\x1f"
        text = f"{prefix}{day}{row.amount_minor}\x1f{row.payee}\x1f{row.memo}\x1f{n}"
        yield sha256(text.encode()).hexdigest()
