"""The split form: one payment over several categories (`s` in the register; `e` on
a split opens it filled).

The whole is typed, as the receipt or the bank statement shows it, and the parts must
add up to it: the form shows what is left to assign as one types, and the service
refuses a save until nothing is. That is what Actual Budget does (a split shows the
amount left and is an error until it is zero) and what hledger requires (a
transaction balances). As in hledger, one part's amount may be left empty: it takes
what is left.

Signs: an amount without one is money out (a split is most often a payment); a part
without one takes the whole's sign. ctrl+n adds a part row, ctrl+r removes the one
being typed in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from dashboard_tui.finance.dto import CategoryInfo, SplitPart, TransactionInfo
from dashboard_tui.finance.money import MAX_TEXT, parse_amount
from dashboard_tui.finance.services.base import PAYEE_MAX
from dashboard_tui.finance.ui.base import money
from dashboard_tui.finance.ui.forms import DATES, SIGNS, typed_amount
from dashboard_tui.finance.ui.suggest import ListSuggester, PayeeSuggester
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.parsing import MAX_INPUT
from dashboard_tui.kit.validation import NAME_MAX, NOTES_MAX
from dashboard_tui.widgets.form import FormField, clear_field_errors, show_field_errors
from dashboard_tui.widgets.text import SafeInput, literal, shorten
from dashboard_tui.widgets.workers import ServiceCalls

CategoryFinder = Callable[[str], CategoryInfo | None]  # typed text → the category
MAX_ROWS = 50  # the service's MAX_PARTS
FIRST_ROWS = 2  # a split has at least two parts
TITLE_CHARS = 70


@dataclass(frozen=True)
class PartTyped:
    category: str
    amount: str
    memo: str


@dataclass(frozen=True)
class SplitTyped:
    """What was typed in the split form, one str per field; the parts' amounts
    already signed (split_amounts)."""

    date: str
    payee: str
    amount: str
    memo: str
    parts: tuple[PartTyped, ...]


def whole_signed(text: str) -> str:
    """The whole: without a sign, money out."""
    stripped = text.strip()
    if not stripped or stripped.startswith(SIGNS):
        return stripped
    return f"-{stripped}"


def part_signed(text: str, whole_out: bool) -> str:
    """A part: a sign typed is kept; without one, the whole's sign."""
    stripped = text.strip()
    if not stripped or stripped.startswith(SIGNS) or not whole_out:
        return stripped
    return f"-{stripped}"


def _minor(text: str, currency: str) -> int | None:
    try:
        return parse_amount(text, currency)
    except ValidationError:
        return None


@dataclass(frozen=True)
class Tally:
    """The parts against the whole, as typed so far (None: not a number yet)."""

    whole: int | None
    parts: int | None  # the sum of the typed parts' amounts
    empty: int  # parts with no amount typed

    def left(self) -> int | None:
        if self.whole is None or self.parts is None:
            return None
        return self.whole - self.parts


def tally(amount: str, parts: Sequence[str], currency: str) -> Tally:
    whole = _minor(whole_signed(amount), currency) if amount.strip() else None
    out = whole is None or whole < 0
    total: int | None = 0
    empty = 0
    for text in parts:
        if not text.strip():
            empty += 1
            continue
        minor = _minor(part_signed(text, out), currency)
        total = None if minor is None or total is None else total + minor
    return Tally(whole, total, empty)


def tally_text(t: Tally, currency: str) -> str:
    if t.whole is None:
        return "Type the whole amount; the parts add up to it."
    if t.parts is None:
        return "A part's amount is not a number yet."
    left = t.left()
    assert left is not None
    whole = money(t.whole, currency)
    if left == 0:
        return f"The parts add up to the whole, {whole}."
    if t.empty == 1:
        return f"{money(left, currency)} left: the part with no amount takes it."
    return f"Parts {money(t.parts, currency)} of {whole}: {money(left, currency)} left to assign."


def split_values(typed: SplitTyped, currency: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The whole and the parts as the service gets them: signed, and the one part
    left empty given what is left (when it can be worked out)."""
    amount = whole_signed(typed.amount)
    t = tally(typed.amount, [p.amount for p in typed.parts], currency)
    out = t.whole is None or t.whole < 0
    parts = []
    left = t.left()
    for p in typed.parts:
        text = part_signed(p.amount, out)
        if not text and t.empty == 1 and left is not None and left != 0:
            text = typed_amount(left, currency)
        parts.append((p.category, text, p.memo))
    return amount, parts


def split_parts(parts: Sequence[tuple[str, str, str]], find: CategoryFinder) -> list[SplitPart]:
    """The parts with their categories found (by path or unique last level); a
    category not found is named by its row (`splits.2.category`)."""
    errors: dict[str, str] = {}
    found = []
    for i, (category, amount, memo) in enumerate(parts):
        try:
            item = find(category)
        except ValidationError as exc:
            errors[f"splits.{i}.category"] = " ".join(exc.errors.values())
            continue
        if item is None:
            errors[f"splits.{i}.category"] = "Choose a category for each part."
            continue
        found.append(SplitPart(item.id, amount, memo))
    if errors:
        raise ValidationError(errors)
    return found


class PartRow(Vertical):
    """One part: category (with completion), amount, memo, and its message."""

    def __init__(self, number: int, values: tuple[str, str, str] = ("", "", "")) -> None:
        super().__init__(classes="split-part")
        self.number = number
        category, amount, memo = values
        self.category = SafeInput(
            category,
            placeholder="category, e.g. Food:Groceries",
            max_length=NAME_MAX,
            compact=True,
            classes="split-category",
        )
        self.amount = SafeInput(
            amount, placeholder="amount", max_length=MAX_TEXT, compact=True, classes="split-amount"
        )
        self.memo = SafeInput(
            memo, placeholder="memo", max_length=NOTES_MAX, compact=True, classes="split-memo"
        )

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(f"{self.number}.", classes="split-number")
            yield self.category
            yield self.amount
            yield self.memo
        yield Static("", classes="split-error", markup=False)

    @property
    def typed(self) -> PartTyped:
        return PartTyped(self.category.value, self.amount.value, self.memo.value)

    def renumber(self, number: int) -> None:
        self.number = number
        self.query_one(".split-number", Label).update(f"{number}.")

    def show_error(self, message: str | None) -> None:
        self.query_one(".split-error", Static).update(literal(message or ""))
        self.set_class(bool(message), "-invalid")


class PartList(VerticalScroll, can_focus=False):
    """The part rows, scrolling when many; tab goes from row to row, not to it."""


class SplitFormModal(ServiceCalls, ModalScreen[TransactionInfo | None]):
    DEFAULT_CSS = """
    SplitFormModal { align: center middle; }
    SplitFormModal > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 100%; padding: 0 1;
        border: round $accent; background: $surface;
    }
    SplitFormModal FormField .form-field--label { width: 8; padding: 0 1 0 0; }
    SplitFormModal FormField .form-field--error { padding-left: 8; }
    SplitFormModal Input { background: $boost; }
    SplitFormModal #split-head { grid-size: 2; grid-rows: auto; height: auto; }
    SplitFormModal .split-heading { color: $text-muted; margin-top: 1; height: 1; }
    SplitFormModal #split-parts { height: auto; max-height: 12; }
    SplitFormModal .split-part { height: auto; }
    SplitFormModal .split-part > Horizontal { height: 1; }
    SplitFormModal .split-number { width: 4; text-align: right; padding-right: 1; }
    SplitFormModal .split-category { width: 2fr; margin-right: 1; }
    SplitFormModal .split-amount { width: 14; margin-right: 1; }
    SplitFormModal .split-memo { width: 1fr; }
    SplitFormModal .split-error { display: none; color: $text-error; padding-left: 4; }
    SplitFormModal .split-part.-invalid .split-error { display: block; height: auto; }
    SplitFormModal #split-tally { margin-top: 1; height: auto; }
    SplitFormModal #split-tally.-off { color: $text-warning; }
    SplitFormModal #split-error { color: $text-error; height: auto; }
    SplitFormModal .split-buttons { height: auto; align-horizontal: right; }
    SplitFormModal Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("ctrl+n", "add_part", "Add part", id="finance.split_add_part"),
        Binding("ctrl+r", "remove_part", "Remove part", id="finance.split_remove_part"),
    ]

    def __init__(
        self,
        title: str,
        currency: str,
        record: TransactionInfo | None,
        save: Callable[[SplitTyped], TransactionInfo],
        *,
        payees: Callable[[str], Sequence[str]],
        categories: Callable[[], Sequence[CategoryInfo]],
    ) -> None:
        super().__init__()
        self.title_text = title  # may quote user text: shown literally
        self.currency = currency
        self.record = record
        self.save = save  # runs in a worker
        self.payees = payees
        self.categories = categories  # runs in a worker
        self.suggester: ListSuggester | None = None
        self.shown_values: SplitTyped | None = None

    # -- building -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        r = self.record
        with Vertical(id="split-form") as box:
            box.border_title = literal(shorten(self.title_text, TITLE_CHARS))
            box.border_subtitle = "enter saves · ctrl+n adds a part · ctrl+r removes · esc"
            # A grid fills row by row, so tab goes as a person reads: date, payee,
            # amount, notes (two columns of fields went down one, then the other).
            with Grid(id="split-head"):
                yield self.field("date", "Date", r.date.isoformat() if r else "today", DATES)
                yield self.field("payee", "Payee", r.payee if r else "", "e.g. Lidl", PAYEE_MAX)
                yield self.field(
                    "amount",
                    "Amount",
                    typed_amount(r.amount_minor, r.currency) if r else "",
                    "the whole, e.g. 60.00",
                    MAX_TEXT,
                )
                yield self.field("memo", "Notes", r.memo if r else "", "", NOTES_MAX)
            yield Static(
                literal("Parts: category · amount (no sign: the whole's) · memo"),
                classes="split-heading",
            )
            with PartList(id="split-parts"):
                rows = self.first_rows()
                for i, values in enumerate(rows, 1):
                    yield PartRow(i, values)
            yield Static("", id="split-tally")
            yield Static("", id="split-error", markup=False)
            with Horizontal(classes="split-buttons"):
                yield Button("Cancel (esc)", id="cancel", compact=True)
                yield Button("Save (enter)", variant="primary", id="save", compact=True)

    def first_rows(self) -> list[tuple[str, str, str]]:
        r = self.record
        if r is None or not r.splits:
            return [("", "", "")] * FIRST_ROWS
        return [
            (p.category, typed_amount(p.amount_minor, r.currency), p.memo)
            for p in sorted(r.splits, key=lambda p: p.position)
        ]

    @staticmethod
    def field(name: str, label: str, value: str, hint: str, most: int = MAX_INPUT) -> FormField:
        control = SafeInput(value, placeholder=hint, max_length=most, compact=True, id=name)
        return FormField(label, control, field=name)

    def on_mount(self) -> None:
        self.query_one("#payee", Input).suggester = PayeeSuggester(self.payees)
        self.show_tally()
        self.shown_values = self.typed()
        self.run_call(self.categories, self.complete_categories, group="categories")

    def complete_categories(self, categories: Sequence[CategoryInfo]) -> None:
        self.suggester = ListSuggester([c.path for c in categories])
        for row in self.rows():
            row.category.suggester = self.suggester

    # -- reading ----------------------------------------------------------------------------
    def rows(self) -> list[PartRow]:
        return list(self.query(PartRow))

    def typed(self) -> SplitTyped:
        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        return SplitTyped(
            value("date"),
            value("payee"),
            value("amount"),
            value("memo"),
            tuple(row.typed for row in self.rows()),
        )

    @on(Input.Changed)
    def show_tally(self) -> None:
        typed = self.typed()
        t = tally(typed.amount, [p.amount for p in typed.parts], self.currency)
        line = self.query_one("#split-tally", Static)
        line.update(literal(tally_text(t, self.currency)))
        line.set_class(t.left() != 0, "-off")

    # -- part rows --------------------------------------------------------------------------
    def action_add_part(self) -> None:
        rows = self.rows()
        if len(rows) >= MAX_ROWS:
            self.notify(f"At most {MAX_ROWS} parts.", markup=False)
            return
        row = PartRow(len(rows) + 1)
        if self.suggester is not None:
            row.category.suggester = self.suggester
        self.query_one("#split-parts", PartList).mount(row)
        self.call_after_refresh(row.category.focus)

    def action_remove_part(self) -> None:
        rows = self.rows()
        focused = self.focused
        row = next((r for r in rows if focused is not None and r in focused.ancestors), None)
        if row is None:
            self.notify("Move to a part's row first (tab), then ctrl+r.", markup=False)
            return
        if len(rows) <= FIRST_ROWS:
            self.notify(f"A split has at least {FIRST_ROWS} parts.", markup=False)
            return
        index = rows.index(row)
        rest = rows[:index] + rows[index + 1 :]
        row.remove()
        for number, other in enumerate(rest, 1):
            other.renumber(number)
        rest[min(index, len(rest) - 1)].category.focus()
        self.call_after_refresh(self.show_tally)

    # -- saving -----------------------------------------------------------------------------
    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.is_busy("form"):
            return
        typed = self.typed()
        self.run_call(
            lambda: self.save(typed),
            self.dismiss,
            failed=self.save_failed,
            group="form",
            exclusive=True,
            hold_keys=True,
        )

    def save_failed(self, error: BaseException) -> None:
        box = self.query_one("#split-form")
        message = self.query_one("#split-error", Static)
        if not isinstance(error, ValidationError):
            clear_field_errors(box)
            message.update("")
            self.report_failure(error)
            return
        rest = show_field_errors(box, error.errors)
        first = None
        for i, row in enumerate(self.rows()):
            mine = {k: v for k, v in rest.items() if k.startswith(f"splits.{i}.")}
            row.show_error(" ".join(mine.values()) or None)
            for key in mine:
                rest.pop(key)
            if mine and first is None:
                first = row
        message.update(literal(" ".join(rest.values())))
        if first is not None and not any(k in error.errors for k in ("date", "amount", "payee")):
            first.category.focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Closes at once when nothing was changed, else asks first."""
        if self.is_busy("form"):
            return
        if self.typed() == self.shown_values:
            self.dismiss(None)
            return
        from dashboard_tui.widgets.confirm import ConfirmModal

        def answered(discard: bool | None) -> None:
            if discard and not self.is_busy("form"):
                self.dismiss(None)

        self.app.push_screen(ConfirmModal("Discard the changes to this split?"), answered)
