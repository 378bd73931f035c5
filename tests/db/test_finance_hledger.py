"""The hledger export, checked by the real hledger: `hledger check` accepts every
journal, and `hledger bal` / `hledger reg` totals per account, category and month
equal the app's own (stored balances, the register's running balance, totals per
category), on seeded random ledgers with splits, transfers, three currencies with
0, 2 and 3 decimals and reconciled rows. Both engines.

hledger is Debian's package (`.ci/run` installs it). Without it these tests skip
with a reason, except under DASHBOARD_TEST_REQUIRE_POSTGRES=1 (the CI), where a
missing hledger is a failure: the CI must prove the export."""

from __future__ import annotations

import csv
import io
import os
import random
import shutil
import subprocess
import uuid
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import update

from dashboard_tui.cli import main as cli
from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.finance.dto import SplitPart
from dashboard_tui.finance.export import FinanceExport, plain
from dashboard_tui.finance.money import minor_units, to_decimal
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.models.finance import Transaction
from tests.conftest import TEST_CLIENT

SALARY = seed_id("income_category", "Salary")
GROCERIES = seed_id("expense_category", "Groceries")
RENT = seed_id("expense_category", "Housing:Rent")
DINING = seed_id("expense_category", "Dining out")
KIND_PREFIX = {"checking": "assets:checking", "savings": "assets:savings"}
KIND_PREFIX |= {"cash": "assets:cash", "credit_card": "liabilities:credit card"}
KIND_PREFIX |= {"investment": "assets:investment"}


@pytest.fixture(scope="module")
def hledger() -> str:
    found = shutil.which("hledger")
    if found is None:
        reason = "hledger is not installed (apt-get install -y hledger)"
        if os.environ.get("DASHBOARD_TEST_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}: the CI must run the hledger checks")
        pytest.skip(reason)
    return found


@pytest.fixture
def fin(db, clock) -> FinanceService:
    return FinanceService(db, clock=clock, client=TEST_CLIENT)


def run(hledger: str, journal: Path, *args: str) -> str:
    done = subprocess.run(
        [hledger, "-f", str(journal), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def check(hledger: str, journal: Path) -> None:
    """hledger accepts the journal, strictly too (every account and commodity it
    names is declared)."""
    run(hledger, journal, "check")
    run(hledger, journal, "check", "--strict")
    run(hledger, journal, "bal", "--strict")


def amounts(cell: str) -> dict[str, Decimal]:
    """ "-12.50 EUR, 1000 JPY" → {"EUR": Decimal("-12.50"), "JPY": Decimal(1000)}."""
    found: dict[str, Decimal] = {}
    for part in cell.split(","):
        part = part.strip()
        if not part or part == "0":
            continue
        number, currency = part.rsplit(" ", 1)
        found[currency] = found.get(currency, Decimal(0)) + Decimal(number)
    return {c: v for c, v in found.items() if v}


def balances(hledger: str, journal: Path, *args: str) -> dict[str, dict[str, Decimal]]:
    rows = list(csv.reader(io.StringIO(run(hledger, journal, "bal", "-N", "-O", "csv", *args))))
    return {r[0]: a for r in rows[1:] if (a := amounts(r[1]))}


def export(fin, db, clock, who, tmp_path: Path, name: str = "ledger.journal") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as out:
        FinanceExport(db, clock=clock, client=TEST_CLIENT).write(who, out, "hledger")
    return path


def build_ledger(fin, who, rng: random.Random, n: int = 70) -> dict[str, object]:
    """A random ledger through the services: accounts in EUR, JPY and BHD (one a
    card), own categories in a hierarchy, income, expenses, splits, transfers in one
    currency and across two, edits, deletes, cleared and reconciled rows."""
    accounts = [
        fin.accounts.create_account(who, name="Main", currency="EUR", opening_balance="1500.25"),
        fin.accounts.create_account(who, name="Savings", kind="savings", currency="EUR"),
        fin.accounts.create_account(
            who, name="Tokyo", kind="cash", currency="JPY", opening_balance="12000"
        ),
        fin.accounts.create_account(who, name="Manama", currency="BHD", opening_balance="3.125"),
        fin.accounts.create_account(who, name="Visa", kind="credit_card", currency="EUR"),
    ]
    food = fin.categories.create_category(who, name="Food")
    organic = fin.categories.create_category(who, name="Organic", parent_id=food.id)
    categories = [GROCERIES, RENT, DINING, food.id, organic.id]
    start = date(2026, 1, 1)
    made = []
    for _ in range(n):
        day = start + timedelta(days=rng.randrange(100))
        account = rng.choice(accounts)
        scale = 10 ** minor_units(account.currency)
        what = rng.random()
        if what < 0.15:
            other = rng.choice([a for a in accounts if a.id != account.id])
            minor = rng.randint(1, 500) * scale
            to_amount = None
            if other.currency != account.currency:
                to_amount = rng.randint(1, 90_000) * 10 ** minor_units(other.currency) // 7 or 1
            moved = fin.transactions.add_transfer(
                who,
                from_account_id=account.id,
                to_account_id=other.id,
                amount=minor,
                to_amount=to_amount,
                date=day,
                payee=rng.choice(["", "Move; it", "Top-up"]),
            )
            made += [moved.out.id, moved.into.id]
        elif what < 0.35:
            parts = [
                SplitPart(rng.choice(categories), -rng.randint(1, 9_999), rng.choice(["", "a;b"]))
                for _ in range(rng.randint(2, 4))
            ]
            whole = sum(int(p.amount) for p in parts)
            made.append(
                fin.transactions.add_transaction(
                    who,
                    account_id=account.id,
                    amount=whole,
                    date=day,
                    payee=rng.choice(["Market", "[b]Bazaar[/b]", "(12) Shop"]),
                    splits=parts,
                ).id
            )
        else:
            income = rng.random() < 0.3
            made.append(
                fin.transactions.add_transaction(
                    who,
                    account_id=account.id,
                    amount=(1 if income else -1) * rng.randint(1, 250_000),
                    date=day,
                    payee=rng.choice(["Lidl", "Employer | Ltd", "*star", "Café ☕"]),
                    category_id=SALARY if income else rng.choice(categories),
                    memo=rng.choice(["", "two\nlines; here", "tag: like"]),
                    tags=rng.choice(["", "work", "food weekly"]),
                ).id
            )
    for row_id in rng.sample(made, k=len(made) // 4):
        info = fin.transactions.get_transaction(who, row_id)
        fin.transactions.set_status(who, row_id, rng.choice(["cleared", "reconciled"]))
        if rng.random() < 0.2 and info.transfer_id is None and not info.splits:
            fin.transactions.edit_transaction(
                who, row_id, amount=info.amount_minor * 2, date=info.date, force=True
            )
    gone: set[uuid.UUID] = set()
    for row_id in rng.sample(made, k=5):
        if row_id in gone:  # the other leg of a transfer deleted just before
            continue
        info = fin.transactions.get_transaction(who, row_id)
        gone |= {row_id, info.counterpart_id} - {None}
        fin.transactions.delete_transaction(who, row_id, force=True)
    return {"accounts": accounts}


def hledger_name(account) -> str:
    return f"{KIND_PREFIX[account.kind]}:{account.name}"


def expected_categories(fin, who, **when) -> dict[str, dict[str, Decimal]]:
    found: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for total in fin.transactions.totals_by_category(who, **when):
        top = "income" if total.kind == "income" else "expenses"
        name = f"{top}:{total.category}"
        value = -to_decimal(total.amount_minor, total.currency)  # the other side
        if value:
            found[name][total.currency] = value
    return dict(found)


@pytest.mark.parametrize("seed", [11, 2026])
def test_hledger_agrees_with_the_app(hledger, fin, db, clock, make_user, tmp_path, seed):
    ana, ben = make_user("Ana"), make_user("Ben")
    build_ledger(fin, ana, random.Random(seed))
    build_ledger(fin, ben, random.Random(seed + 1), n=10)  # never in Ana's journal
    journal = export(fin, db, clock, ana, tmp_path)
    check(hledger, journal)
    text = journal.read_text(encoding="utf-8")
    assert "commodity 1000. JPY" in text and "commodity 1000.000 BHD" in text
    assert "commodity 1000.00 EUR" in text

    # per account: the stored balances
    accounts = fin.accounts.list_accounts(ana, include_archived=True)
    got = balances(hledger, journal, "assets", "liabilities")
    want = {
        hledger_name(a): {a.currency: to_decimal(a.balance_minor, a.currency)}
        for a in accounts
        if a.balance_minor
    }
    assert got == want
    for kept, counted in fin.accounts.check_balances(ana).values():
        assert kept == counted

    # per category, all time and per month
    assert balances(hledger, journal, "expenses", "income") == expected_categories(fin, ana)
    for month in range(1, 5):
        first, after = date(2026, month, 1), date(2026, month + 1, 1)
        got = balances(hledger, journal, "expenses", "income", "-b", str(first), "-e", str(after))
        want = expected_categories(fin, ana, date_from=first, date_to=after - timedelta(days=1))
        assert got == want, first

    # statuses: `*` (hledger's cleared) is the app's cleared and reconciled, the tag
    # reconciled: the latter alone, no mark uncleared; opening balances are unmarked
    for account in accounts:
        rows = fin.transactions.register(ana, account.id, page_size=500).rows
        name = hledger_name(account)
        for query, statuses in (
            (["-C"], {"cleared", "reconciled"}),
            (["-C", "tag:reconciled"], {"reconciled"}),
            (["-U"], {"uncleared"}),
        ):
            total = sum(
                r.transaction.amount_minor for r in rows if r.transaction.status in statuses
            )
            if query == ["-U"]:
                total += account.opening_balance_minor
            got = balances(hledger, journal, *query, f"^{name}$")
            want = {name: {account.currency: to_decimal(total, account.currency)}} if total else {}
            assert got == want, (account.name, query)

        # the register: hledger's running total at each day's end is the app's
        out = run(hledger, journal, "reg", f"^{hledger_name(account)}$", "-O", "csv")
        by_day: dict[str, dict[str, Decimal]] = {}
        for r in list(csv.DictReader(io.StringIO(out))):
            by_day[r["date"]] = amounts(r["total"])
        app_days: dict[str, dict[str, Decimal]] = {}
        for r in reversed(rows):  # oldest first: the last row of a day wins
            value = to_decimal(r.balance_minor, account.currency)
            app_days[r.transaction.date.isoformat()] = {account.currency: value} if value else {}
        for day, total in app_days.items():
            assert by_day[day] == total, (account.name, day)


@pytest.mark.parametrize("seed", [5, 2027])
def test_investments_agree_with_hledger(hledger, fin, db, clock, make_user, tmp_path, seed):
    """Random buys and sells (fractional units, fees, prices that leave fractions of a
    cent) of three symbols in two investment accounts (EUR, JPY), with dividends and a
    deposit in cash, in one journal with a checking account in BHD: per account and
    commodity, hledger's units are the app's, its cost (`-B`) the app's cost basis,
    its realised-gains accounts the app's realised gains, the cash the app's balance."""
    ana = make_user("Ana")
    rng = random.Random(seed)
    fin.accounts.create_account(ana, name="Manama", currency="BHD", opening_balance="3.125")
    brokers = [
        fin.accounts.create_account(ana, name="Broker", kind="investment", currency="EUR"),
        fin.accounts.create_account(
            ana, name="Nomura", kind="investment", currency="JPY", opening_balance="500000"
        ),
    ]
    symbols = ["VWCE", "BRK.B", "7203"]
    dividends = seed_id("income_category", "Salary")
    for broker in brokers:
        scale = 10 ** minor_units(broker.currency)
        fin.transactions.add_transaction(
            ana, account_id=broker.id, amount=rng.randint(1, 9_000) * scale, date="2026-01-01"
        )
        held = dict.fromkeys(symbols, 0)
        for day in range(60):
            symbol = rng.choice(symbols)
            when = date(2026, 1, 2) + timedelta(days=day)
            price = rng.randint(1, 50_000) * scale // 7 + rng.randint(0, 99)
            if held[symbol] and rng.random() < 0.4:
                units = rng.randint(1, held[symbol])
                kind = "sell"
                held[symbol] -= units
            else:
                units = rng.randint(1, 30_000_000)  # micro-units: up to 30, six decimals
                kind = "buy"
                held[symbol] += units
            fees = rng.choice([0, 0, rng.randint(1, 999)])
            fin.investments.add_lot(
                ana,
                account_id=broker.id,
                symbol=symbol,
                kind=kind,
                units=units,
                price=price,
                fees=fees,
                date=when,
            )
            if rng.random() < 0.2:
                fin.transactions.add_transaction(
                    ana,
                    account_id=broker.id,
                    amount=rng.randint(1, 5_000),
                    date=when,
                    payee=f"Dividend {symbol}",
                    category_id=dividends,
                )
        fin.investments.set_price(
            ana,
            symbol="VWCE",
            price=rng.randint(1, 9_999),
            currency=broker.currency,
            date="2026-03-31",
        )
    journal = export(fin, db, clock, ana, tmp_path)
    check(hledger, journal)

    got = balances(hledger, journal, "assets")
    cost = balances(hledger, journal, "-B", "assets:investment")
    gains = balances(hledger, journal, "income:realised gains")
    for account in fin.accounts.list_accounts(ana):
        name = hledger_name(account)
        cash = to_decimal(account.balance_minor, account.currency)
        assert got.get(name, {}) == ({account.currency: cash} if cash else {}), name
        if account.kind != "investment":
            continue
        for h in fin.investments.holdings(ana, account.id):
            held = f"{name}:{h.symbol}"
            units = Decimal(h.units_micro) / 1_000_000
            shown = h.symbol if h.symbol.isalpha() else f'"{h.symbol}"'  # as hledger prints it
            assert got.get(held, {}) == ({shown: units} if units else {}), held
            basis = to_decimal(h.cost_basis_minor, account.currency)
            assert cost.get(held, {}) == ({account.currency: basis} if basis else {}), held
            gain = -to_decimal(h.realised_minor, account.currency)
            gained = gains.get(f"income:realised gains:{account.name}:{h.symbol}", {})
            assert gained == ({account.currency: gain} if gain else {}), held
    assert 'commodity 1000.000000 "BRK.B"' in journal.read_text(encoding="utf-8")


def test_hostile_text_stays_data(hledger, fin, db, clock, make_user, tmp_path):
    """Payees and memos that look like journal syntax or carry control characters (as
    an import could bring them, past the forms) do not break the journal."""
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="(Main) [x]", currency="EUR")
    hostile = [
        "Lidl; not a comment",
        "* looks cleared",
        "! pending?",
        "(code) shop",
        "a|b",
        "[b]bold[/b]",
        "line\nbreak",
        "bidi \u202eevil\u202c",
        "tab\there  two  spaces",
        "",
    ]
    ids = []
    for i in range(len(hostile)):
        row = fin.transactions.add_transaction(
            ana, account_id=main.id, amount=-(i + 1), payee="x", memo="m", category_id=GROCERIES
        )
        ids.append(row.id)
    with db.transaction() as s:  # past the services' checks, as a raw import could
        for row_id, payee in zip(ids, hostile, strict=True):
            s.execute(
                update(Transaction)
                .where(Transaction.id == row_id)
                .values(payee=payee, memo=f"{payee}\n2000-01-01 * injected\n  x  1 EUR")
            )
    journal = export(fin, db, clock, ana, tmp_path)
    check(hledger, journal)
    descriptions = run(hledger, journal, "reg", "-O", "csv")
    rows = list(csv.DictReader(io.StringIO(descriptions)))
    assert not any("injected" in r["description"] for r in rows)
    assert list(balances(hledger, journal, "assets").values()) == [{"EUR": Decimal("-0.55")}]
    assert plain("bidi \u202eevil\u202c") == "bidi evil"
    assert len(rows) == 2 * len(hostile)


def test_cli_exports_as_the_api_keys_person(
    hledger, db, fin, make_user, tmp_path, monkeypatch, capsys
):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    fin.transactions.add_transaction(
        ana, account_id=main.id, amount="-12.50", category_id=GROCERIES
    )
    from dashboard_tui.account.api_keys import ApiKeyService

    key = ApiKeyService(db).create(ana, "export").key
    monkeypatch.setenv("DASHBOARD_API_KEY", key)
    url = db.engine.url.render_as_string(hide_password=False)
    target = tmp_path / "out.journal"
    args = ["finance", "export", "--format", "hledger", "--output", str(target)]
    assert cli([*args, "--database-url", url]) == 0
    assert target.stat().st_mode & 0o777 == 0o600
    check(hledger, target)
    assert balances(hledger, target, "expenses") == {
        "expenses:Groceries": {"EUR": Decimal("12.50")}
    }
    assert cli([*args, "--database-url", url]) == 2  # exists: not replaced without --force
    capsys.readouterr()
    assert cli(["finance", "export", "--format", "csv", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("id,date,account,amount")
    assert ",Main,-12.50,EUR," in out
    uuid.UUID(out.splitlines()[1].split(",")[0])
