"""One account's register: its transactions newest first with the account's balance
after each, paged from the service (each page's cursor carries the balance it starts
from, so no page sums the account). `/` filters by payee or notes.

n adds an income or expense, t a transfer out of this account, s a split (one
payment over several categories: finance/ui/split.py), e edits the highlighted row
(a reconciled one asks first; a split opens the split form), d deletes it (a transfer's two legs
together), c toggles cleared, escape goes back to the accounts."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from dashboard_tui.finance import TRANSACTION
from dashboard_tui.finance.dto import (
    AccountInfo,
    CategoryInfo,
    RegisterFilter,
    RegisterRow,
    RuleOffer,
    RuleOfferResult,
    TransactionInfo,
)
from dashboard_tui.finance.ui.base import (
    FinanceBaseScreen,
    amount_cell,
    finance_services,
    money,
    quoted,
)
from dashboard_tui.finance.ui.forms import (
    RECONCILE_FORM,
    RECONCILE_NOTE,
    REGISTER_FILTER_FORM,
    TRANSACTION_FORM,
    TRANSACTION_NOTE,
    TRANSFER_EDIT_FORM,
    RegisterFilterInput,
    signed,
    transfer_form,
)
from dashboard_tui.finance.ui.reconcile import TICK, Reconciling
from dashboard_tui.finance.ui.rule_offer import ALL, RuleOfferInput, RuleOfferModal
from dashboard_tui.finance.ui.split import (
    SplitFormModal,
    SplitTyped,
    split_parts,
    split_values,
)
from dashboard_tui.finance.ui.suggest import ListSuggester, PayeeSuggester
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.paging import Page
from dashboard_tui.ui.record_list import RecordListScreen
from dashboard_tui.ui.shell import record_history
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.form_modal import FormModal
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable, figure_head
from dashboard_tui.widgets.text import literal

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext

PAGE_SIZE = 50
STATUS_MARKS = {"uncleared": "", "cleared": "*", "reconciled": "R"}  # as hledger marks cleared
REGISTER_COLUMNS = (
    Col("Date", 10),
    Col("Payee", min_width=8),
    Col("Category", min_width=10),
    Col(figure_head("Amount"), 16, min_width=12),
    Col(figure_head("Balance"), 18, min_width=13),
    Col("St", 2),
)


def category_cell(t: TransactionInfo) -> str:
    """What the row is about: its category, "split (3)" or "transfer → Savings"."""
    if t.transfer_id is not None:
        arrow = "→" if t.amount_minor < 0 else "←"
        return f"transfer {arrow} {t.counterpart_account or '?'}"
    if t.splits:
        names = ", ".join(p.category.rpartition(":")[2] or "?" for p in t.splits)
        return f"split ({len(t.splits)}): {names}"
    return t.category


def status_cell(t: TransactionInfo, reconciling: Reconciling | None = None) -> str:
    """hledger's marks; while reconciling, a tick for a ticked row instead."""
    if reconciling is not None and not t.locked:
        return TICK if t.id in reconciling.ticked else ""
    return STATUS_MARKS.get(t.status, t.status[:1])


def register_row(row: RegisterRow, reconciling: Reconciling | None = None) -> PagedRow:
    t = row.transaction
    cells = (
        t.date.isoformat(),
        t.payee,
        category_cell(t),
        amount_cell(t.amount_minor, t.currency),
        amount_cell(row.balance_minor, t.currency),
        status_cell(t, reconciling),
    )
    return PagedRow(str(t.id), cells, t)


def register_loader(
    ctx: AppContext,
    login: Login,
    account_id: uuid.UUID,
    reconciling: Reconciling | None = None,
    narrowed: RegisterFilter | None = None,
) -> Any:
    """Runs in a worker thread: captures values, never the screen (while
    reconciling, the reconcile's ticks, to mark rows; the filter form's choices in
    `narrowed`, to which the / text is added)."""

    def load(cursor: Any, limit: int, text: str) -> Page[PagedRow]:
        page = finance_services(ctx).transactions.register(
            login,
            account_id,
            filter=replace(narrowed or RegisterFilter(), text=text),
            page_size=limit,
            cursor=cursor,
        )
        return Page([register_row(r, reconciling) for r in page.rows], page.next_cursor)

    return load


def find_category(categories: Sequence[CategoryInfo], typed: str) -> CategoryInfo | None:
    """The category typed: its path ("Food:Groceries"), or a last level that only one
    category has ("Groceries"); any case. Empty: none."""
    text = typed.strip().casefold()
    if not text:
        return None
    exact = [c for c in categories if c.path.casefold() == text]
    leaf = [c for c in categories if c.name.casefold() == text]
    found = exact or leaf
    if len(found) == 1:
        return found[0]
    if found:
        raise ValidationError.one("category", "Several categories have that name: type its path.")
    raise ValidationError.one("category", "Choose a category from the list (→ takes a suggestion).")


class TransactionFormModal(FormModal[Any, Any, Any]):
    """The form modal, with completion on the payee and category fields. It opens
    at once (keys typed right after the `n` that opens it land in its fields); the
    category list for completion is read after it is shown."""

    def __init__(
        self,
        *args: Any,
        payees: Callable[[str], Sequence[str]],
        categories: Callable[[], Sequence[CategoryInfo]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.payees = payees
        self.categories = categories  # runs in a worker

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#payee", Input).suggester = PayeeSuggester(self.payees)
        self.run_call(self.categories, self.complete_categories, group="categories")

    def complete_categories(self, categories: Sequence[CategoryInfo]) -> None:
        self.query_one("#category", Input).suggester = ListSuggester([c.path for c in categories])


def open_with_completion(
    screen: RecordListScreen,
    title: str,
    spec: Any,
    record: Any,
    save: Callable[[Any], Any],
    *,
    after: Callable[[Any], object] | None = None,
    **kw: Any,
) -> None:
    """A transaction-shaped form (a transaction, a schedule) over `screen`, completing
    payees and categories. `save` gets the typed values and the category named, read
    again in the save's worker (always the current list); after a save the screen's
    list is read again, and `after` gets what the save returned."""
    ctx, login = screen.ctx, screen.login

    def payees(prefix: str) -> Sequence[str]:
        return finance_services(ctx).transactions.payees(login, prefix)

    def categories() -> Sequence[CategoryInfo]:
        return finance_services(ctx).categories.list_categories(login)

    def closed(result: Any) -> None:
        if result is not None:
            screen.changed()
            if after is not None:
                after(result)

    modal = TransactionFormModal(
        title,
        spec,
        record,
        lambda v: save((v, find_category(categories(), v.category))),
        payees=payees,
        categories=categories,
        **kw,
    )
    screen.app.push_screen(modal, closed)


class AccountRegisterScreen(FinanceBaseScreen, RecordListScreen):
    ROW_TYPE = TransactionInfo

    BINDINGS = [
        Binding("escape", "back", "Accounts", id="finance.back"),
        Binding("escape", "cancel_reconcile", "Cancel reconcile", id="finance.reconcile_cancel"),
        Binding("n", "new_transaction", "New", id="finance.new_transaction"),
        Binding("t", "new_transfer", "Transfer", id="finance.new_transfer"),
        Binding("s", "new_split", "Split", id="finance.new_split"),
        Binding("e", "edit_transaction", "Edit", id="finance.edit_transaction"),
        Binding("d", "delete_transaction", "Delete", id="finance.delete_transaction"),
        Binding("c", "toggle_cleared", "Cleared", id="finance.toggle_cleared"),
        Binding("F", "filter_form", "Filter by…", id="finance.register_filter"),
        Binding("R", "reconcile", "Reconcile", id="finance.reconcile"),
        Binding("h", "history", "History", id="finance.history"),
        Binding("space", "tick", "Tick", id="finance.reconcile_tick"),
        Binding("f", "finish_reconcile", "Finish", id="finance.reconcile_finish"),
    ]
    # While reconciling: only these (and the table's own keys).
    RECONCILE_ACTIONS = frozenset({"cancel_reconcile", "tick", "finish_reconcile"})
    EDIT_ACTIONS = frozenset(
        {
            "new_transaction",
            "new_transfer",
            "new_split",
            "edit_transaction",
            "delete_transaction",
            "toggle_cleared",
            "reconcile",
            "filter_form",  # a reconcile ticks against the whole account
        }
    )

    def __init__(self, account: AccountInfo) -> None:
        super().__init__()
        self.account = account
        self.other_accounts: list[AccountInfo] = []  # what a transfer may go to
        self.reconciling: Reconciling | None = None  # reconcile mode (R)
        self.typed_filter = RegisterFilterInput()  # the filter form as typed (F)
        self.narrowed = RegisterFilter()  # what it narrows the register to

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="register"):
            yield Static(self.title_text(), id="register-title")
            yield Static("", id="reconcile-bar")
            yield PagedTable(
                *REGISTER_COLUMNS,
                loader=self.loader(),
                page_size=PAGE_SIZE,
                empty_text="No transactions yet: n adds one, t a transfer.",
                filter_placeholder="Payee or notes contain (enter: apply, escape: clear)",
                filter_max_length=120,  # what the service reads of it
                id="register-table",
            )
        yield AppFooter()

    def title_text(self) -> Any:
        a = self.account
        archived = " (archived)" if a.archived else ""
        narrowed = f" · only {self.typed_filter.words} (F)" if self.typed_filter.words else ""
        return literal(
            f"{a.name}{archived} · {a.currency} · balance "
            f"{money(a.balance_minor, a.currency)}{narrowed}"
        )

    def loader(self) -> Any:
        return register_loader(
            self.ctx, self.login, self.account.id, self.reconciling, self.narrowed
        )

    # -- the filter form (F): dates, category, amounts; / adds payee or notes -----------
    def action_filter_form(self) -> None:
        ctx, login, account_id = self.ctx, self.login, self.account.id

        def save(v: RegisterFilterInput) -> tuple[RegisterFilterInput, RegisterFilter]:
            services = finance_services(ctx)
            errors: dict[str, str] = {}
            category = None
            if v.category.strip():
                category = find_category(services.categories.list_categories(login), v.category)
                if category is None:
                    errors["category"] = "No category of that name."
            try:
                narrowed = services.transactions.register_filter(
                    login,
                    account_id,
                    date_from=v.date_from,
                    date_to=v.date_to,
                    category_id=category.id if category else None,
                    amount_min=v.amount_min,
                    amount_max=v.amount_max,
                )
            except ValidationError as refused:  # every bad field at once, the category too
                raise ValidationError({**refused.errors, **errors}) from None
            if errors:
                raise ValidationError(errors)
            return v, narrowed

        self.open_form(
            "Show only (empty fields: no limit)",
            REGISTER_FILTER_FORM,
            self.typed_filter,
            save,
            self.filter_chosen,
        )

    def filter_chosen(self, chosen: tuple[RegisterFilterInput, RegisterFilter]) -> None:
        self.typed_filter, self.narrowed = chosen
        self.query_one("#register-title", Static).update(self.title_text())
        self.table.set_loader(self.loader())

    def on_mount(self) -> None:
        self.table.focus()
        self.load_other_accounts()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#register-table", PagedTable)

    def highlighted(self) -> TransactionInfo | None:
        return super().highlighted()

    def open_row(self) -> None:
        self.action_edit_transaction()

    def changed(self, message: str = "") -> None:
        """After a write: the rows and the account's balance, read again."""
        super().changed(message)
        ctx, login, account_id = self.ctx, self.login, self.account.id
        self.run_call(
            lambda: finance_services(ctx).accounts.get_account(login, account_id),
            self.show_account,
            group="account",
            exclusive=True,
        )

    def show_account(self, account: AccountInfo) -> None:
        self.account = account
        self.query_one("#register-title", Static).update(self.title_text())

    # -- new --------------------------------------------------------------------------
    def open_transaction_form(
        self, title: str, record: TransactionInfo | None, save: Callable[[Any], Any], **kw: Any
    ) -> None:
        open_with_completion(
            self, title, TRANSACTION_FORM, record, save, note=TRANSACTION_NOTE, **kw
        )

    def action_new_transaction(self) -> None:
        ctx, login, account_id = self.ctx, self.login, self.account.id

        def save(typed: tuple[Any, CategoryInfo | None]) -> TransactionInfo:
            v, category = typed
            return finance_services(ctx).transactions.add_transaction(
                login,
                account_id=account_id,
                amount=signed(v.amount, category.kind if category else None),
                date=v.date,
                payee=v.payee,
                category_id=category.id if category else None,
                memo=v.memo,
                tags=v.tags,
            )

        self.open_transaction_form(f"New transaction in {quoted(self.account.name)}", None, save)

    def action_new_split(self) -> None:
        self.open_split_form(f"New split in {quoted(self.account.name)}", None, False)

    def open_split_form(self, title: str, record: TransactionInfo | None, force: bool) -> None:
        """The split form, new (record None) or filled from a split; the categories
        are read again in the save's worker (always the current list)."""
        ctx, login, account = self.ctx, self.login, self.account

        def payees(prefix: str) -> Sequence[str]:
            return finance_services(ctx).transactions.payees(login, prefix)

        def categories() -> Sequence[CategoryInfo]:
            return finance_services(ctx).categories.list_categories(login)

        def save(typed: SplitTyped) -> TransactionInfo:
            amount, parts = split_values(typed, account.currency)
            known = categories()
            splits = split_parts(parts, lambda text: find_category(known, text))
            service = finance_services(ctx).transactions
            if record is None:
                return service.add_transaction(
                    login,
                    account_id=account.id,
                    amount=amount,
                    date=typed.date,
                    payee=typed.payee,
                    memo=typed.memo,
                    splits=splits,
                )
            return service.edit_transaction(
                login,
                record.id,
                amount=amount,
                date=typed.date,
                payee=typed.payee,
                memo=typed.memo,
                splits=splits,
                force=force,
            )

        def closed(result: TransactionInfo | None) -> None:
            if result is not None:
                self.changed()

        modal = SplitFormModal(
            title, account.currency, record, save, payees=payees, categories=categories
        )
        self.app.push_screen(modal, closed)

    def load_other_accounts(self) -> None:
        ctx, login, account_id = self.ctx, self.login, self.account.id

        def others() -> list[AccountInfo]:
            accounts = finance_services(ctx).accounts.list_accounts(login)
            return [a for a in accounts if a.id != account_id]

        self.run_call(others, self.set_other_accounts, group="accounts")

    def set_other_accounts(self, accounts: list[AccountInfo]) -> None:
        self.other_accounts = accounts

    def action_new_transfer(self) -> None:
        """The form opens at once, so keys typed after t land in it: the accounts to
        choose from were read when the register opened."""
        ctx, login, account = self.ctx, self.login, self.account
        if not self.other_accounts:
            self.notify("A transfer needs another account: make one first.", markup=False)
            return
        self.open_form(
            f"Transfer from {quoted(account.name)}",
            transfer_form(self.other_accounts),
            None,
            lambda v: finance_services(ctx).transactions.add_transfer(
                login,
                from_account_id=account.id,
                to_account_id=uuid.UUID(v.to_account),
                amount=v.amount,
                to_amount=v.to_amount or None,
                date=v.date,
                memo=v.memo,
            ),
            lambda t: self.changed(f"Moved {t.into.amount} to {quoted(t.into.account)}."),
        )

    # -- edit, delete, cleared -----------------------------------------------------------
    def unless_locked(self, t: TransactionInfo, what: str, go: Callable[[bool], object]) -> None:
        """`go(force)`: at once for an open row; a reconciled one asks first, and a yes
        passes the service's force flag."""
        if not t.locked:
            go(False)
            return
        from dashboard_tui.widgets.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                go(True)

        self.app.push_screen(
            ConfirmModal(
                f"This transaction is reconciled: it matches a bank statement. {what} it "
                "anyway? The reconciled balance will no longer match."
            ),
            answered,
        )

    def action_edit_transaction(self) -> None:
        t = self.highlighted()
        if t is not None:
            self.unless_locked(t, "Change", lambda force: self.edit(t, force))

    def edit(self, t: TransactionInfo, force: bool) -> None:
        ctx, login = self.ctx, self.login
        title = f"Edit {t.kind} of {t.date.isoformat()}"
        if t.transfer_id is not None:
            self.open_form(
                title,
                TRANSFER_EDIT_FORM,
                t,
                lambda v: finance_services(ctx).transactions.edit_transaction(
                    login,
                    t.id,
                    date=v.date,
                    payee=v.payee,
                    amount=v.amount,
                    memo=v.memo,
                    tags=v.tags,
                    force=force,
                ),
                lambda _: self.changed(),
                note=f"Both legs change (the other is in {quoted(t.counterpart_account)}).",
            )
            return
        if t.splits:
            self.open_split_form(title, t, force)
            return

        def save(typed: tuple[Any, CategoryInfo | None]) -> TransactionInfo:
            v, category = typed
            return finance_services(ctx).transactions.edit_transaction(
                login,
                t.id,
                date=v.date,
                payee=v.payee,
                amount=signed(v.amount, category.kind if category else None),
                category_id=category.id if category else None,
                memo=v.memo,
                tags=v.tags,
                force=force,
            )

        self.open_transaction_form(title, t, save, after=lambda saved: self.offer_rule(t, saved))

    # -- a payee rule offered after an imported row was re-categorised ------------------
    def offer_rule(self, before: TransactionInfo, saved: TransactionInfo) -> None:
        """The service says whether there is one to offer (an imported row, its
        category changed); a rule is never offered for a row typed by hand."""
        if saved.category_id is None or saved.category_id == before.category_id:
            return
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: finance_services(ctx).rule_offers.offer(login, saved.id, before.category_id),
            self.show_rule_offer,
            group="rule-offer",
        )

    def show_rule_offer(self, offer: RuleOffer | None) -> None:
        if offer is None:
            return
        ctx, login = self.ctx, self.login
        rules = finance_services(ctx).rule_offers

        def save(v: RuleOfferInput) -> RuleOfferResult:
            return rules.accept(
                login,
                offer.transaction_id,
                contains=v.contains,
                previous_category_id=offer.previous_category_id,
                recategorise=v.also == ALL,
            )

        def count(text: str) -> int:
            return rules.count_others(login, offer.transaction_id, text, offer.previous_category_id)

        def closed(done: RuleOfferResult | None) -> None:
            if done is None:
                return
            rule = f"Payees containing {quoted(done.rule.contains)} go to {done.rule.category}"
            if done.was:
                rule += f" (was {done.was})"
            moved = done.recategorised
            if moved:
                rule += f"; {moved} other transaction{'s' if moved != 1 else ''} moved too"
            self.changed(rule + ".")

        self.app.push_screen(RuleOfferModal(offer, save, count), closed)

    def action_delete_transaction(self) -> None:
        t = self.highlighted()
        if t is None:
            return
        ctx, login = self.ctx, self.login
        what = f"{money(t.amount_minor, t.currency)} of {t.date.isoformat()}"
        if t.payee:
            what += f" at {quoted(t.payee)}"
        if t.transfer_id is not None:
            prompt = (
                f"Delete the transfer {what}? Both legs go: this one and the one in "
                f"{quoted(t.counterpart_account)}."
            )
        else:
            prompt = f"Delete the transaction {what}?"
        if t.locked:
            prompt += " It is reconciled: the reconciled balance will no longer match."
        prompt += " The audit history keeps a copy."
        self.ask_then_run(
            prompt,
            lambda: finance_services(ctx).transactions.delete_transaction(
                login, t.id, force=t.locked
            ),
            lambda _: self.changed("Transaction deleted."),
        )

    def action_history(self) -> None:
        """The highlighted transaction's own history (the audit history of it)."""
        t = self.highlighted()
        if t is not None:
            self.post_message(record_history(TRANSACTION.name, t.id))

    def action_toggle_cleared(self) -> None:
        t = self.highlighted()
        if t is None:
            return
        ctx, login = self.ctx, self.login

        def toggle(force: bool) -> None:
            self.run_call(
                lambda: finance_services(ctx).transactions.toggle_cleared(login, t.id, force=force),
                lambda _: self.changed(),
            )

        self.unless_locked(t, "Unclear", toggle)

    # -- reconcile ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.reconciling is None:
            return action not in self.RECONCILE_ACTIONS
        if action == "finish_reconcile":
            return True if self.reconciling.difference_minor == 0 else None
        return action not in self.EDIT_ACTIONS and action != "back"

    def action_back(self) -> None:
        """While reconciling (q, or escape): leaves the reconcile, not the register."""
        if self.reconciling is not None:
            self.action_cancel_reconcile()
        else:
            super().action_back()

    def action_cancel_reconcile(self) -> None:
        if self.reconciling is not None:
            self.leave_reconcile()
            self.notify("Reconcile cancelled: nothing changed.", markup=False)

    def action_reconcile(self) -> None:
        """Asks the statement's end balance and date, then enters reconcile mode."""
        ctx, login, account = self.ctx, self.login, self.account

        def start(v: Any) -> Reconciling:
            from dashboard_tui.finance.money import parse_amount

            form_errors: dict[str, str] = {}
            balance = 0
            try:
                balance = parse_amount(
                    v.statement_balance, account.currency, field="statement_balance"
                )
            except ValidationError as exc:
                form_errors.update(exc.errors)
            try:
                begun = finance_services(ctx).transactions.reconcile_start(
                    login, account.id, statement_date=v.statement_date
                )
            except ValidationError as exc:
                form_errors.update(exc.errors)
            if form_errors:
                raise ValidationError(form_errors)
            return Reconciling.begin(begun, balance)

        self.open_form(
            f"Reconcile {quoted(account.name)}",
            RECONCILE_FORM,
            None,
            start,
            self.enter_reconcile,
            note=RECONCILE_NOTE,
        )

    def enter_reconcile(self, reconciling: Reconciling) -> None:
        self.reconciling = reconciling
        self.add_class("-reconciling")
        self.table.set_loader(self.loader())
        self.show_reconcile()
        self.table.focus()

    def leave_reconcile(self) -> None:
        self.reconciling = None
        self.remove_class("-reconciling")
        self.query_one("#reconcile-bar", Static).update("")
        self.table.set_loader(self.loader())
        self.refresh_bindings()

    def show_reconcile(self) -> None:
        r = self.reconciling
        if r is None:
            return
        bar = self.query_one("#reconcile-bar", Static)
        bar.update(literal(r.bar_text()))
        bar.set_class(r.difference_minor == 0, "-balanced")
        self.refresh_bindings()

    def action_tick(self) -> None:
        r, t = self.reconciling, self.highlighted()
        if r is None or t is None:
            return
        why = r.refusal(t)
        if why is not None:
            self.notify(why, markup=False)
            return
        ticked = r.toggle(t)
        table = self.table.table
        try:
            index = table.get_row_index(str(t.id))
        except Exception:  # pragma: no cover - the highlighted row is shown
            index = None
        if index is not None:
            from textual.coordinate import Coordinate

            table.update_cell_at(Coordinate(index, 5), Text(TICK if ticked else ""))
        self.show_reconcile()

    def action_finish_reconcile(self) -> None:
        r = self.reconciling
        if r is None or self.is_busy("reconcile"):
            return
        if r.difference_minor != 0:
            self.notify(
                f"The difference is {money(r.difference_minor, r.start.currency)}: "
                "finish when it is zero.",
                markup=False,
            )
            return
        ctx, login, account_id = self.ctx, self.login, self.account.id
        ids = list(r.ticked)
        balance, day = r.statement_minor, r.statement_date

        def finish() -> Any:
            return finance_services(ctx).transactions.reconcile(
                login,
                account_id,
                statement_balance=balance,
                statement_date=day,
                transaction_ids=ids,
            )

        def done(result: Any) -> None:
            self.leave_reconcile()
            n = result.reconciled
            self.changed(
                f"Reconciled {n} transaction{'s' if n != 1 else ''}: the reconciled balance "
                f"is {money(result.balance_minor, r.start.currency)}."
            )

        self.run_call(finish, done, group="reconcile", exclusive=True)
