"""CSV import on both engines: one unit of work (a bad row on line 57 leaves nothing),
re-imports add nothing (fingerprints, equal rows counted once each), payee rules,
categories by name, profiles, accounts made by name, the audit entry; the CLI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import String, func, select, type_coerce, update
from sqlalchemy.exc import IntegrityError

from dashboard_tui.account.api_keys import ApiKeyService
from dashboard_tui.cli import main
from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.finance import ACCOUNT
from dashboard_tui.finance.import_repository import PG_BATCH, SQLITE_ROWS_PER_STATEMENT
from dashboard_tui.finance.importer import CsvError, Mapping, fingerprints, parse
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.models.finance import FinancialAccount, ImportProfile, PayeeRule, Transaction
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

GROCERIES = seed_id("expense_category", "Groceries")
DINING = seed_id("expense_category", "Dining out")
SALARY = seed_id("income_category", "Salary")

BANK = (
    "Date,Amount,Payee,Memo\n"
    "2026-11-01,-3.20,Coffee Corner,\n"
    "2026-11-01,-3.20,Coffee Corner,\n"  # two equal coffees: both come in, once
    "2026-11-02,-45.10,LIDL Berlin,weekly\n"
    "2026-11-03,2500.00,ACME Corp,salary\n"
    "2026-11-04,-12.00,[b]Bistro[/b],lunch\n"
)


@pytest.fixture
def fin(db, clock) -> FinanceService:
    return FinanceService(db, clock=clock, client=TEST_CLIENT)


def count(db, model, **where) -> int:
    with db.transaction(read_only=True) as s:
        stmt = select(func.count()).select_from(model)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return int(s.scalar(stmt) or 0)


def audit(db, action: str) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_a_file_goes_in_once_with_its_balance_and_one_audit_entry(fin, db, make_user):
    ana = make_user("Ana")
    main_ = fin.accounts.create_account(ana, name="Main", currency="EUR", opening_balance="100")
    done = fin.imports.import_csv(
        ana, BANK.encode(), Mapping(), account_id=main_.id, file_name="nov.csv"
    )
    assert (done.rows, done.added, done.duplicates, done.categorised) == (5, 5, 0, 0)
    assert done.total_minor == -320 - 320 - 4510 + 250000 - 1200
    assert (str(done.first), str(done.last)) == ("2026-11-01", "2026-11-04")
    assert fin.accounts.get_account(ana, main_.id).balance_minor == 10000 + done.total_minor
    for kept, counted in fin.accounts.check_balances(ana).values():
        assert kept == counted
    page = fin.transactions.register(ana, main_.id)
    assert [r.transaction.payee for r in page.rows][:2] == ["[b]Bistro[/b]", "ACME Corp"]
    (entry,) = audit(db, "finance.account.imported")
    assert entry.entity_id == str(main_.id)
    assert entry.after is not None
    assert (entry.after["file"], entry.after["added"], entry.after["total"]) == (
        "nov.csv",
        5,
        "2,436.50 EUR",
    )
    assert ACCOUNT.title_of(entry.after) == "Account Main"
    assert not audit(db, "finance.transaction.created")  # one entry, not one per row

    again = fin.imports.import_csv(ana, BANK.encode(), Mapping(), account_id=main_.id)
    assert (again.added, again.duplicates) == (0, 5)
    assert count(db, Transaction) == 5
    assert fin.accounts.get_account(ana, main_.id).balance_minor == 10000 + done.total_minor

    # a later statement overlapping this one: only the new rows, a third coffee too
    later = BANK + "2026-11-01,-3.20,Coffee Corner,\n2026-11-05,-1.00,Bakery,\n"
    more = fin.imports.import_csv(ana, later.encode(), Mapping(), account_id=main_.id)
    assert (more.added, more.duplicates) == (2, 5)
    assert count(db, Transaction, payee="Coffee Corner") == 3


def test_a_bad_row_on_line_57_leaves_nothing(fin, db, make_user):
    ana = make_user("Ana")
    main_ = fin.accounts.create_account(ana, name="Main", currency="EUR")
    lines = ["Date,Amount,Payee"] + [
        f"2026-10-{1 + i % 28:02d},-{i}.00,Shop {i}" for i in range(1, 80)
    ]
    lines[56] = "2026-10-05,12.3.4,Broken"  # line 57 of the file
    with pytest.raises(CsvError) as bad:
        fin.imports.import_csv(ana, "\n".join(lines).encode(), Mapping(), account_id=main_.id)
    assert (bad.value.line, bad.value.column) == (57, "Amount")
    assert "line 57, column 'Amount'" in str(bad.value)
    # and an account named in the import is not made either
    with pytest.raises(CsvError):
        fin.imports.import_csv(ana, "\n".join(lines).encode(), Mapping(), account_name="New one")
    assert count(db, Transaction) == 0
    assert [a.name for a in fin.accounts.list_accounts(ana)] == ["Main"]
    assert fin.accounts.get_account(ana, main_.id).balance_minor == 0
    assert not audit(db, "finance.account.imported")


def test_a_failure_in_the_database_rolls_the_whole_file_back(fin, db, make_user):
    """The rows, the balance and the audit entry are one transaction: when the
    database refuses the file's last row (its fingerprint taken, here by a row made
    to collide), the rows written before it go too."""
    ana = make_user("Ana")
    main_ = fin.accounts.create_account(ana, name="Main", currency="EUR")
    other = fin.accounts.create_account(ana, name="Other", currency="EUR")
    text = "Date,Amount,Payee\n" + "".join(f"2026-10-01,-{i},P{i}\n" for i in range(1, 7001))
    parsed, _ = parse(text.encode(), Mapping(), "EUR")
    last = list(fingerprints(main_.id, parsed.rows))[-1]
    mine = fin.transactions.add_transaction(ana, account_id=other.id, amount="-1")
    with db.transaction() as s:
        s.execute(
            update(Transaction).where(Transaction.id == mine.id).values(import_fingerprint=last)
        )
    with pytest.raises(IntegrityError):
        fin.imports.import_csv(ana, text.encode(), Mapping(), account_id=main_.id)
    assert count(db, Transaction) == 1
    assert fin.accounts.get_account(ana, main_.id).balance_minor == 0
    assert not audit(db, "finance.account.imported")


def test_a_rule_cannot_name_another_persons_category(fin, db, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    bens = fin.categories.create_category(ben, name="Ben only")
    with pytest.raises(ValidationError):
        fin.imports.add_rule(ana, contains="shop", category_id=bens.id)
    assert count(db, PayeeRule) == 0


def test_payee_rules_and_category_names_categorise(fin, db, make_user):
    ana = make_user("Ana")
    main_ = fin.accounts.create_account(ana, name="Main", currency="EUR")
    own = fin.categories.create_category(ana, name="Coffee")
    coffee = fin.imports.add_rule(ana, contains="coffee", category_id=own.id)
    fin.imports.add_rule(ana, contains="lidl", category_id=GROCERIES)
    fin.imports.add_rule(ana, contains="corner", category_id=DINING)  # after coffee: never wins
    assert [r.contains for r in fin.imports.list_rules(ana)] == ["coffee", "lidl", "corner"]
    assert coffee.category == "Coffee"
    text = BANK.replace("Memo\n", "Memo,Category\n").replace("salary\n", "salary,salary\n")
    text = "\n".join(line if line.count(",") == 4 else line + "," for line in text.splitlines())
    done = fin.imports.import_csv(ana, text.encode(), Mapping(), account_id=main_.id)
    assert done.categorised == 3
    with db.transaction(read_only=True) as s:
        found = dict(s.execute(select(Transaction.payee, Transaction.category_id)).all())
    assert found["Coffee Corner"] == own.id
    assert found["LIDL Berlin"] == GROCERIES
    assert found["ACME Corp"] == SALARY  # from the file's category column, by name
    assert found["[b]Bistro[/b]"] is None
    preview = fin.imports.preview(ana, text.encode(), Mapping(), account_id=main_.id)
    assert [(r.category, r.rule) for r in preview.rows][:3] == [
        ("Coffee", True),
        ("Coffee", True),
        ("Groceries", True),
    ]
    fin.imports.delete_rule(ana, coffee.id)
    assert len(fin.imports.list_rules(ana)) == 2
    assert len(audit(db, "finance.payee_rule.created")) == 3
    assert len(audit(db, "finance.payee_rule.deleted")) == 1
    with pytest.raises(ValidationError, match="part of the payee"):
        fin.imports.add_rule(ana, contains="  ", category_id=GROCERIES)


def test_profiles_are_saved_read_changed_and_deleted(fin, db, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    mapping = Mapping(delimiter=";", date_format="d.m.y", decimal_mark=",", payee="Empfänger")
    saved = fin.imports.save_profile(ana, "Sparkasse", mapping)
    assert saved.mapping["date_format"] == "%d.%m.%Y"
    changed = fin.imports.save_profile(ana, "sparkasse", Mapping(skip_rows=2))
    assert changed.id == saved.id and changed.mapping["skip_rows"] == 2
    assert [p.name for p in fin.imports.list_profiles(ana)] == ["sparkasse"]
    assert fin.imports.get_profile(ana, "SPARKASSE").id == saved.id
    with pytest.raises(ValidationError, match="No import profile"):
        fin.imports.get_profile(ben, "Sparkasse")
    assert fin.imports.list_profiles(ben) == ()
    with pytest.raises(NotFound):
        fin.imports.delete_profile(ben, saved.id)
    with pytest.raises(ValidationError) as bad:
        fin.imports.save_profile(ana, "x", Mapping(delimiter="x"))
    assert set(bad.value.errors) == {"delimiter"}
    fin.imports.delete_profile(ana, saved.id)
    assert count(db, ImportProfile) == 0
    actions = [a.action for a in audit(db, "finance.import_profile.created")] + [
        a.action for a in audit(db, "finance.import_profile.edited")
    ]
    assert len(actions) == 2 and len(audit(db, "finance.import_profile.deleted")) == 1


def test_an_unknown_account_is_made_and_a_dry_run_writes_nothing(fin, db, make_user):
    ana = make_user("Ana")
    text = "Date;Betrag;Name\n01.11.2026;-1.234,50;Miete\n"
    dry = fin.imports.import_csv(
        ana, text.encode(), Mapping(currency="CHF"), account_name="Konto", dry_run=True
    )
    assert (dry.added, dry.account_created, dry.dry_run, dry.currency) == (1, True, True, "CHF")
    assert count(db, FinancialAccount) == 0 and count(db, Transaction) == 0
    done = fin.imports.import_csv(ana, text.encode(), Mapping(currency="CHF"), account_name="Konto")
    assert done.account_created and done.added == 1 and done.total_minor == -123450
    (konto,) = fin.accounts.list_accounts(ana)
    assert (konto.name, konto.kind, konto.currency, konto.balance_minor) == (
        "Konto",
        "checking",
        "CHF",
        -123450,
    )
    again = fin.imports.import_csv(ana, text.encode(), Mapping(), account_name="konto")
    assert (again.account_created, again.added, again.duplicates) == (False, 0, 1)
    assert len(audit(db, "finance.account.created")) == 1
    fin.accounts.archive_account(ana, konto.id)
    with pytest.raises(ValidationError, match="archived"):
        fin.imports.import_csv(ana, text.encode(), Mapping(), account_name="Konto")
    assert len(fin.accounts.list_accounts(ana, include_archived=True)) == 1


def test_the_cli_imports_as_the_api_keys_person(
    db, fin, make_user, passwords, capsys, monkeypatch, tmp_path
):
    ana = make_user("Ana")
    key = ApiKeyService(db).create(ana, "import").key
    monkeypatch.setenv("DASHBOARD_API_KEY", key)
    url = db.engine.url.render_as_string(hide_password=False)
    source = tmp_path / "bank.csv"
    source.write_bytes("Buchungstag;Betrag;Empfänger\n01.11.2026;-3,20;Café\n".encode("latin-1"))
    fin.imports.save_profile(ana, "Sparkasse", Mapping(delimiter=";", decimal_mark=","))

    def cli(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--database-url", url], passwords=passwords)
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    args = ("finance", "import", str(source), "--account", "Giro", "--profile", "Sparkasse")
    code, out, err = cli(*args, "--dry-run")
    assert code == 0, err
    assert "account 'Giro' would be created: a checking account in EUR" in out
    assert "would import 1 of 1 rows" in out and count(db, Transaction) == 0
    code, out, err = cli(*args)
    assert code == 0, err
    assert "account 'Giro' created" in out and "imported 1 of 1 rows into Giro" in out
    code, out, err = cli(*args)
    assert "imported 0 of 1 rows" in out and "1 already imported, skipped" in out
    assert "created" not in out
    source.write_bytes(b"Date,Amount\n2026-11-01,-1\n2026-11-02,x\n")
    code, out, err = cli("finance", "import", str(source), "--account", "Giro")
    assert code == 1 and "line 3, column 'Amount'" in err and "nothing was imported" in err
    code, out, err = cli("finance", "import", str(source), "--account", "Giro", "--profile", "No")
    assert code == 2 and "No import profile" in err
    code, out, err = cli("finance", "import", str(tmp_path / "missing.csv"), "--account", "Giro")
    assert code == 2 and "is not a file" in err


def big_file(rows: int) -> str:
    """`rows` rows over a few days, a third of them categorised by name."""
    return "Date,Amount,Payee,Memo,Category\n" + "".join(
        f"2026-09-{1 + i % 28:02d},-{i}.{i % 100:02d},Shop {i % 50},m {i},"
        f"{'Groceries' if i % 3 == 0 else ''}\n"
        for i in range(1, rows + 1)
    )


# More rows than one batch on either engine, and than one SQLite statement.
BIG = max(PG_BATCH, SQLITE_ROWS_PER_STATEMENT) + SQLITE_ROWS_PER_STATEMENT + 7


def test_a_refused_row_in_a_later_batch_takes_the_earlier_batches_with_it(fin, db, make_user):
    """The bulk insert writes in batches; the database refusing the file's last row
    (its fingerprint made to collide) leaves nothing of the batches before it."""
    ana = make_user("Ana")
    main_ = fin.accounts.create_account(ana, name="Main", currency="EUR")
    other = fin.accounts.create_account(ana, name="Other", currency="EUR")
    text = big_file(BIG)
    parsed, _ = parse(text.encode(), Mapping(), "EUR")
    last = list(fingerprints(main_.id, parsed.rows))[-1]
    mine = fin.transactions.add_transaction(ana, account_id=other.id, amount="-1")
    with db.transaction() as s:
        s.execute(
            update(Transaction).where(Transaction.id == mine.id).values(import_fingerprint=last)
        )
    with pytest.raises(IntegrityError):
        fin.imports.import_csv(ana, text.encode(), Mapping(), account_id=main_.id)
    assert count(db, Transaction) == 1
    assert fin.accounts.get_account(ana, main_.id).balance_minor == 0
    assert not audit(db, "finance.account.imported")


def test_a_bad_cell_after_many_batches_is_named_and_nothing_is_kept(fin, db, make_user):
    ana = make_user("Ana")
    main_ = fin.accounts.create_account(ana, name="Main", currency="EUR")
    lines = big_file(BIG).splitlines()
    lines[-3] = "2026-09-31,-1.00,Shop,m,"  # no 31 September
    with pytest.raises(CsvError) as bad:
        fin.imports.import_csv(ana, "\n".join(lines).encode(), Mapping(), account_id=main_.id)
    assert (bad.value.line, bad.value.column) == (len(lines) - 2, "Date")
    assert count(db, Transaction) == 0
    assert not audit(db, "finance.account.imported")


def test_bulk_rows_are_stored_as_the_orm_stores_them(fin, db, make_user, clock):
    """The bulk insert hands the driver its values itself: each row reads back as
    the ORM reads it, in file order, and on SQLite (which compares dates and times
    as text) each column holds the very text the ORM's own bind writes."""
    ana = make_user("Ana")
    main_ = fin.accounts.create_account(ana, name="Main", currency="EUR")
    text = big_file(BIG)
    done = fin.imports.import_csv(ana, text.encode(), Mapping(), account_id=main_.id)
    assert done.added == BIG
    parsed, _ = parse(text.encode(), Mapping(), "EUR")
    table = Transaction.__table__
    names = ("id", "created_at", "updated_at", "date", "category_id")
    with db.transaction(read_only=True) as s:
        rows = list(
            s.scalars(
                select(Transaction)
                .where(Transaction.account_id == main_.id)
                .order_by(Transaction.created_at)
            )
        )
        dialect = s.get_bind().dialect
        stmt = select(
            table.c.import_fingerprint, *(type_coerce(table.c[n], String) for n in names)
        ).where(table.c.account_id == main_.id)
        raw = {r[0]: tuple(r[1:]) for r in s.execute(stmt)}
    assert len(rows) == BIG == len({r.id for r in rows})
    assert [r.import_fingerprint for r in rows] == list(fingerprints(main_.id, parsed.rows))
    assert [(r.date, r.amount_minor, r.payee, r.memo) for r in rows] == [
        (p.date, p.amount_minor, p.payee, p.memo) for p in parsed.rows
    ]
    assert sum(r.category_id == GROCERIES for r in rows) == BIG // 3
    assert {r.category_id for r in rows} == {GROCERIES, None}
    now = clock()
    for n, row in enumerate(rows):
        assert row.id.version == 4
        assert (row.created_at - now, row.updated_at) == (timedelta(microseconds=n), now)
        assert (row.user_id, row.currency, row.status, row.tags, row.transfer_id) == (
            ana.user.id,
            "EUR",
            "uncleared",
            "",
            None,
        )
        if dialect.name == "sqlite":
            written = tuple(_orm_text(table.c[n], getattr(row, n), dialect) for n in names)
            assert raw[row.import_fingerprint] == written, row


def _orm_text(column, value, dialect) -> str | None:
    """What the ORM's bind writes for `value` on SQLite."""
    if value is None:
        return None
    bind = column.type.dialect_impl(dialect).bind_processor(dialect)
    return str(bind(value) if bind is not None else value)
