"""Import a bank's CSV export into one account (`i` on the accounts list).

The file's path, then the mapping (every field may stay empty: the file says); enter
in any field (or ctrl+r) previews the first rows as the mapping reads them, with the
rows it cannot read named by line. ctrl+o loads the named profile's mapping, ctrl+s
saves the mapping under that name, ctrl+g imports the whole file (asks first) and
shows what came in. Nothing is written before ctrl+g."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Static

from dashboard_tui.finance.dto import AccountInfo, ImportPreview, ImportSummary
from dashboard_tui.finance.importer import DATE_FORMAT_NAMES, MAX_BYTES, Mapping
from dashboard_tui.finance.ui.base import FinanceBaseScreen, finance_services, money, quoted
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.ui.status_line import StatusLineScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.text import clean, literal, literal_text, shorten

PREVIEW_ROWS = 10
# (field, label, placeholder): the mapping's fields as the screen shows them
MAPPING_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("delimiter", "Delimiter", ", ; | tab"),
    ("encoding", "Encoding", "utf-8, latin-1"),
    ("date_format", "Date format", "iso, d/m/y, m/d/y, d.m.y"),
    ("decimal_mark", "Decimal mark", ". or ,"),
    ("date", "Date column", "name or number"),
    ("amount", "Amount column", "name or number"),
    ("debit", "Debit column", "instead of amount"),
    ("credit", "Credit column", "instead of amount"),
    ("payee", "Payee column", "name or number"),
    ("memo", "Memo column", "name or number"),
    ("category", "Category col.", "name or number"),
    ("skip_rows", "Skip lines", "0"),
    ("newest_first", "Newest first", "yes / no"),
    ("currency", "Currency", "for a new account"),
)
DATE_SHORT = {"%Y-%m-%d": "iso", "%d/%m/%Y": "d/m/y", "%m/%d/%Y": "m/d/y", "%d.%m.%Y": "d.m.y"}
DELIMITER_SHOWN = {"\t": "tab"}


def mapping_of(values: dict[str, str]) -> Mapping:
    """The fields as typed → a Mapping (checked by the service; numbers and yes/no
    read here, with the field named when they do not)."""
    errors: dict[str, str] = {}
    skip_text = values.get("skip_rows", "").strip() or "0"
    skip = 0
    if skip_text.isdigit() and len(skip_text) <= 4:
        skip = int(skip_text)
    else:
        errors["skip_rows"] = "A whole number of lines (0 to 1000)."
    newest = values.get("newest_first", "").strip().lower()
    newest_first: bool | None = None
    if newest in ("y", "yes", "true", "1"):
        newest_first = True
    elif newest in ("n", "no", "false", "0"):
        newest_first = False
    elif newest:
        errors["newest_first"] = "yes, no, or empty (the dates say)."
    if errors:
        raise ValidationError(errors)
    texts = {
        f.name: values.get(f.name, "")
        for f in fields(Mapping)
        if f.name not in ("skip_rows", "newest_first")
    }
    delimiter = texts["delimiter"].strip()
    texts["delimiter"] = {"tab": "\t", "\\t": "\t"}.get(delimiter.lower(), delimiter)
    return Mapping(**texts, skip_rows=skip, newest_first=newest_first)


def shown_values(mapping: dict[str, Any]) -> dict[str, str]:
    """A saved mapping as the fields show it."""
    found = {}
    for name, _, _ in MAPPING_FIELDS:
        value = mapping.get(name)
        if name == "newest_first":
            found[name] = "" if value is None else ("yes" if value else "no")
        elif name == "skip_rows":
            found[name] = str(value or 0)
        elif name == "date_format":
            found[name] = DATE_SHORT.get(str(value or ""), str(value or ""))
        elif name == "delimiter":
            found[name] = DELIMITER_SHOWN.get(str(value or ""), str(value or ""))
        else:
            found[name] = str(value or "")
    return found


def read_file(path_text: str) -> tuple[bytes, str]:
    """The file's bytes and its name (runs in a worker)."""
    text = path_text.strip()
    if not text:
        raise ValidationError.one("path", "Enter the path of a CSV file.")
    path = Path(text).expanduser()
    if not path.is_file():
        raise ValidationError.one("path", "No such file (or it is not a plain file).")
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError.one("path", f"At most {MAX_BYTES // (1024 * 1024)} MiB.")
    return path.read_bytes(), path.name


class ImportScreen(FinanceBaseScreen, StatusLineScreen):
    BINDINGS = [
        Binding("escape", "back", "Accounts", id="finance.import_back"),
        Binding("ctrl+r", "preview", "Preview", id="finance.import_preview"),
        Binding("ctrl+o", "load_profile", "Load", id="finance.import_load_profile"),
        Binding("ctrl+s", "save_profile", "Save", id="finance.import_save_profile"),
        Binding("ctrl+g", "run_import", "Import", id="finance.import_run"),
    ]

    def __init__(self, account: AccountInfo) -> None:
        super().__init__()
        self.account = account
        self.preview_shown: ImportPreview | None = None
        self.summary: ImportSummary | None = None
        self.is_ready = True

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="import"):
            yield Static(
                literal(
                    f"Import a CSV file into {quoted(self.account.name)} ({self.account.currency})"
                ),
                id="import-title",
            )
            with Horizontal(classes="import-line"):
                yield Label("File", classes="import-label")
                yield Input(placeholder="path of the CSV file", id="import-path")
            with Horizontal(classes="import-line"):
                yield Label("Profile", classes="import-label")
                yield Input(
                    placeholder="a name: ctrl+o loads it, ctrl+s saves the mapping",
                    id="import-profile",
                    max_length=120,
                )
            with Grid(id="import-mapping"):
                for name, label, hint in MAPPING_FIELDS:
                    yield Label(label, classes="import-label")
                    yield Input(placeholder=hint, id=f"map-{name}", max_length=120)
            yield Static("", id="import-status")
            yield DataTable(id="import-preview", cursor_type="row", zebra_stripes=True)
        yield AppFooter()

    def on_mount(self) -> None:
        table = self.query_one("#import-preview", DataTable)
        table.add_columns("Line", "Date", "Amount", "Payee", "Memo", "Category")
        self.say(
            "Enter a file's path, then enter to preview it; empty fields are read from the file."
        )
        self.query_one("#import-path", Input).focus()

    # -- reading the fields --------------------------------------------------------------
    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#map-{name}", Input).value for name, _, _ in MAPPING_FIELDS}

    def field_label(self, field: str) -> str:
        labels = {name: label for name, label, _ in MAPPING_FIELDS}
        return (labels | {"path": "File", "profile": "Profile"}).get(field, field)

    def field_selector(self, field: str) -> str:
        return {"path": "#import-path", "profile": "#import-profile"}.get(field, f"#map-{field}")

    # -- actions ----------------------------------------------------------------------
    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_preview()

    def action_preview(self) -> None:
        try:
            mapping = mapping_of(self.values())
        except ValidationError as exc:
            self.field_error(exc)
            return
        ctx, login, account_id = self.ctx, self.login, self.account.id
        path = self.query_one("#import-path", Input).value

        def call() -> ImportPreview:
            data, _ = read_file(path)
            return finance_services(ctx).imports.preview(
                login, data, mapping, account_id=account_id, limit=PREVIEW_ROWS
            )

        self.run_call(call, self.show_preview, failed=self.field_error, group="preview")

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview_shown = preview
        table = self.query_one("#import-preview", DataTable)
        table.clear()
        for row in preview.rows:
            if row.error:
                cells = [str(row.line), "", "", literal_text(row.error, "bold red"), "", ""]
            else:
                amount = money(row.amount_minor or 0, preview.currency)
                category = f"{row.category} (rule)" if row.rule else row.category
                cells = [
                    str(row.line),
                    str(row.date),
                    literal_text(amount),
                    literal_text(shorten(row.payee, 40)),
                    literal_text(shorten(" ".join(row.memo.split()), 30)),
                    literal_text(category),
                ]
            table.add_row(*[c if not isinstance(c, str) else literal_text(c) for c in cells])
        columns = ", ".join(f"{role} = {clean(name)!r}" for role, name in preview.columns.items())
        delimiter = DELIMITER_SHOWN.get(preview.delimiter, preview.delimiter)
        dates = DATE_FORMAT_NAMES.get(preview.date_format, "none found").split()[0]
        order = "newest first" if preview.newest_first else "oldest first"
        self.say(
            f"{preview.total_rows} rows; {preview.encoding}, delimiter {delimiter!r}, dates "
            f"{dates}, decimal mark {preview.decimal_mark!r}, {order}. Columns: {columns}. "
            "ctrl+g imports."
        )

    def action_load_profile(self) -> None:
        name = self.query_one("#import-profile", Input).value.strip()
        if not name:
            self.say("Type a profile's name first.", error=True)
            self.query_one("#import-profile", Input).focus()
            return
        ctx, login = self.ctx, self.login

        def loaded(info: Any) -> None:
            for field_name, value in shown_values(info.mapping).items():
                self.query_one(f"#map-{field_name}", Input).value = value
            self.query_one("#import-profile", Input).value = info.name
            self.say(f"Profile {quoted(info.name)} loaded: enter previews the file with it.")

        self.run_call(
            lambda: finance_services(ctx).imports.get_profile(login, name),
            loaded,
            failed=self.field_error,
        )

    def action_save_profile(self) -> None:
        name = self.query_one("#import-profile", Input).value
        try:
            mapping = mapping_of(self.values())
        except ValidationError as exc:
            self.field_error(exc)
            return
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: finance_services(ctx).imports.save_profile(login, name, mapping),
            lambda info: self.say(f"Profile {quoted(info.name)} saved."),
            failed=self.field_error,
        )

    def action_run_import(self) -> None:
        try:
            mapping = mapping_of(self.values())
        except ValidationError as exc:
            self.field_error(exc)
            return
        ctx, login, account = self.ctx, self.login, self.account
        path = self.query_one("#import-path", Input).value
        profile = self.query_one("#import-profile", Input).value.strip()
        if not path.strip():
            self.field_error(ValidationError.one("path", "Enter the path of a CSV file."))
            return

        def call() -> ImportSummary:
            data, name = read_file(path)
            return finance_services(ctx).imports.import_csv(
                login,
                data,
                mapping,
                account_id=account.id,
                file_name=name,
                profile=profile,
            )

        self.ask_then_run(
            f"Import {shorten(clean(path.strip()), 60)} into {quoted(account.name)}? "
            "The whole file goes in (rows imported before are skipped), or nothing.",
            call,
            self.imported,
            failed=self.field_error,
        )

    def imported(self, summary: ImportSummary) -> None:
        self.summary = summary
        span = f" from {summary.first} to {summary.last}" if summary.first else ""
        self.say(
            f"Imported {summary.added} of {summary.rows} rows into {quoted(summary.account)}"
            f"{span} (total {money(summary.total_minor, summary.currency)}); "
            f"{summary.duplicates} already imported, skipped; "
            f"{summary.categorised} categorised by rule."
        )
        self.notify(f"{summary.added} rows imported.", markup=False)
