"""The CSV parser (finance/importer.py) on the variants real bank exports have:
encodings, line endings, delimiters, date formats, decimal marks, currency signs,
debit/credit columns, skipped lines, newest-first files, hostile payees; bad rows
named by line and column; fingerprints."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from dashboard_tui.finance.importer import (
    CsvError,
    Mapping,
    ParsedRow,
    check_mapping,
    fingerprints,
    infer_decimal_mark,
    parse,
    sniff_delimiter,
)
from dashboard_tui.kit.errors import ValidationError

PLAIN = "Date,Amount,Payee,Memo\n2026-11-01,-12.50,Lidl,milk\n2026-11-02,2000.00,ACME,salary\n"


NO_OPTIONS = Mapping()


def rows(data: bytes | str, mapping: Mapping = NO_OPTIONS, currency: str = "EUR") -> list[tuple]:
    raw = data.encode() if isinstance(data, str) else data
    parsed, _ = parse(raw, mapping, currency)
    return [(r.date, r.amount_minor, r.payee, r.memo) for r in parsed.rows]


EXPECTED = [
    (date(2026, 11, 1), -1250, "Lidl", "milk"),
    (date(2026, 11, 2), 200000, "ACME", "salary"),
]


def test_headers_named_date_amount_payee_memo_need_no_options():
    assert rows(PLAIN) == EXPECTED


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_endings(newline):
    assert rows(PLAIN.replace("\n", newline)) == EXPECTED


def test_utf8_with_bom_and_latin1_fallback():
    text = "Date;Amount;Payee\n2026-11-01;-3,20;Café Müller\n"
    assert rows(b"\xef\xbb\xbf" + text.encode())[0][2] == "Café Müller"
    latin = text.encode("latin-1")
    parsed, _ = parse(latin, Mapping(), "EUR")
    assert parsed.table.encoding == "latin-1" and parsed.rows[0].payee == "Café Müller"
    with pytest.raises(CsvError, match="not utf-8"):
        parse(latin, Mapping(encoding="utf-8"), "EUR")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_sniffed(delimiter):
    text = PLAIN.replace(",", delimiter)
    assert sniff_delimiter(text) == delimiter
    assert rows(text) == EXPECTED


def test_quoted_cells_with_delimiters_and_line_breaks_keep_their_lines():
    text = 'Date,Amount,Payee,Memo\n2026-11-01,-1.00,"Smith, J.","two\nlines"\n2026-11-02,oops,X,\n'
    with pytest.raises(CsvError) as bad:
        parse(text.encode(), Mapping(), "EUR")
    assert bad.value.line == 4 and bad.value.column == "Amount"
    assert rows(text.replace("oops", "-2"))[0][2:] == ("Smith, J.", "two\nlines")


@pytest.mark.parametrize(
    ("cells", "fmt"),
    [
        (("2026-11-20", "2026-12-01"), "%Y-%m-%d"),
        (("20/11/2026", "01/12/2026"), "%d/%m/%Y"),
        (("11/20/2026", "12/01/2026"), "%m/%d/%Y"),
        (("20.11.2026", "01.12.2026"), "%d.%m.%Y"),
    ],
    ids=["iso", "dmy", "mdy", "d.m.y"],
)
def test_date_formats_are_inferred_from_the_whole_column(cells, fmt):
    text = "Date,Amount\n" + "".join(f"{c},-1\n" for c in cells)
    parsed, _ = parse(text.encode(), Mapping(), "EUR")
    assert parsed.date_format == fmt
    assert [r.date for r in parsed.rows] == [date(2026, 11, 20), date(2026, 12, 1)]


def test_an_ambiguous_date_column_needs_the_mapping():
    text = "Date,Amount\n03/04/2026,-1\n05/06/2026,-2\n"
    with pytest.raises(CsvError, match="d/m/Y or m/d/Y"):
        parse(text.encode(), Mapping(), "EUR")
    assert rows(text, Mapping(date_format="d/m/y"))[0][0] == date(2026, 4, 3)
    assert rows(text, Mapping(date_format="%m/%d/%Y"))[0][0] == date(2026, 3, 4)


def test_decimal_comma_thousands_and_currency_symbols():
    text = (
        "Buchungstag;Betrag;Empfänger;Verwendungszweck\n"
        "01.11.2026;-1.234,56 €;Miete;Nov\n"
        "02.11.2026;€ 12,5;Bäcker;\n"
        "03.11.2026;1.000;Bonus;\n"
        "04.11.2026;(3,00);Refund;\n"
    )
    assert [r[1] for r in rows(text)] == [-123456, 1250, 100000, -300]
    text = 'Date,Amount\n2026-11-01,"$1,234.56"\n2026-11-02,-0.5\n'
    assert [r[1] for r in rows(text, currency="USD")] == [123456, -50]
    assert infer_decimal_mark(["1.234,56", "12,50", "3"]) == ","
    assert infer_decimal_mark(["1,234.56", "12.5"]) == "."
    with pytest.raises(CsvError, match="line 2, column 'Amount'"):
        parse("Date,Amount\n2026-11-01,£3.00\n".encode(), Mapping(), "EUR")


def test_debit_and_credit_columns():
    text = "Date,Description,Debit,Credit\n2026-11-01,Shop,12.00,\n2026-11-02,Pay,,1500.00\n"
    assert [(r[1], r[2]) for r in rows(text)] == [(-1200, "Shop"), (150000, "Pay")]
    mapped = Mapping(date="1", payee="2", debit="Debit", credit="4")
    assert [r[1] for r in rows(text, mapped)] == [-1200, 150000]


def test_skip_rows_and_named_columns():
    text = "Account statement\nIBAN XX00 1234\n\nBooked;Value (EUR);Who;Text\n2026-11-01;-5;A;x\n"
    mapping = Mapping(skip_rows=3, date="Booked", amount="value", payee="who", memo="TEXT")
    assert rows(text, mapping) == [(date(2026, 11, 1), -500, "A", "x")]
    with pytest.raises(CsvError, match="no date column"):
        parse(text.encode(), Mapping(skip_rows=3), "EUR")
    with pytest.raises(CsvError) as bad:
        parse(
            text.encode(), Mapping(skip_rows=3, date="Booked", amount="Value", payee="Nope"), "EUR"
        )
    assert "Nope" in str(bad.value)


def test_newest_first_files_go_in_oldest_first():
    text = "Date,Amount\n2026-11-03,-3\n2026-11-02,-2\n2026-11-01,-1\n"
    parsed, _ = parse(text.encode(), Mapping(), "EUR")
    assert parsed.newest_first and [r.amount_minor for r in parsed.rows] == [-100, -200, -300]
    kept, _ = parse(text.encode(), Mapping(newest_first=False), "EUR")
    assert [r.amount_minor for r in kept.rows] == [-300, -200, -100]


HOSTILE = ["[b]x[/b]", "[red]boom", "=cmd|' /C calc'!A0", "<script>", "$(rm -rf ~)"]


@pytest.mark.parametrize("payee", HOSTILE)
def test_hostile_payees_are_kept_literally(payee):
    quoted = '"' + payee.replace('"', '""') + '"'
    assert rows(f"Date,Amount,Payee\n2026-11-01,-1,{quoted}\n")[0][2] == payee


@pytest.mark.parametrize("payee", ["a\x1b[31mred", "bidi\u202eevil", "nul\x07bell"])
def test_control_characters_in_payees_are_refused_by_line_and_column(payee):
    text = f"Date,Amount,Payee\n2026-11-01,-1,ok\n2026-11-02,-1,{payee}\n"
    with pytest.raises(CsvError) as bad:
        parse(text.encode(), Mapping(), "EUR")
    assert (bad.value.line, bad.value.column) == (3, "Payee")
    assert "Control" in str(bad.value)


def test_a_preview_lists_bad_rows_and_goes_on():
    text = "Date,Amount\n2026-11-01,-1\nnot a date,-2\n2026-11-03,x\n2026-11-04,-4\n"
    parsed, errors = parse(text.encode(), Mapping(), "EUR", stop_on_error=False)
    assert [r.line for r in parsed.rows] == [2, 5]
    assert [(e.line, e.column) for e in errors] == [(3, "Date"), (4, "Amount")]


def test_short_rows_zero_amounts_and_empty_files():
    with pytest.raises(CsvError, match="line 3: the row has 1 cells"):
        parse(b"Date,Amount\n2026-11-01,-1\n2026-11-02\n", Mapping(), "EUR")
    with pytest.raises(CsvError, match="zero"):
        parse(b"Date,Amount\n2026-11-01,0.00\n", Mapping(), "EUR")
    with pytest.raises(CsvError, match="no header"):
        parse(b"\n\n", Mapping(), "EUR")
    with pytest.raises(CsvError, match="NUL"):
        parse(b"Date,Amount\x00\n", Mapping(), "EUR")


def test_mappings_are_checked_field_by_field():
    with pytest.raises(ValidationError) as bad:
        check_mapping(
            Mapping(delimiter="x", encoding="ebcdic", date_format="Y", decimal_mark="'", debit="D")
        )
    assert set(bad.value.errors) == {
        "delimiter",
        "encoding",
        "date_format",
        "decimal_mark",
        "credit",
    }
    again = Mapping.from_json(check_mapping(Mapping(delimiter="tab", date_format="iso")).to_json())
    assert (again.delimiter, again.date_format) == ("\t", "%Y-%m-%d")


def test_equal_rows_in_one_file_get_distinct_fingerprints_that_repeat():
    account = uuid.uuid4()
    coffee = ParsedRow(2, date(2026, 11, 1), -300, "Cafe", "", "")
    twice = list(fingerprints(account, [coffee, coffee]))
    assert len(set(twice)) == 2 and len(twice[0]) == 64
    assert list(fingerprints(account, [coffee, coffee])) == twice
    assert list(fingerprints(uuid.uuid4(), [coffee])) != twice[:1]
