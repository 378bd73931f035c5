"""finance month totals: what the reports by month and category read

Revision ID: 0018_finance_month_totals
Revises: 0017_event_uid
Create Date: 2026-12-01

- `finance_month_totals`: per user, account, category (NULL: uncategorised),
  currency, month (its first day) and sign of each posting, the sum of the postings
  and how many there are. A split counts by its parts, transfers not at all: the
  postings of repository.income_expense_sums. A year's report reads a few hundred of
  these rows instead of a year of transactions (790 ms at 1M rows on SQLite).
- Kept by triggers on `transactions` and `transaction_splits`, on both engines, so
  that every write keeps it exact, whichever way it comes: the services, the CSV
  import's bulk insert, a category's deletion (ON DELETE SET NULL), an account's or a
  person's (CASCADE), a restore. Triggers rather than the repository: those last
  ones never pass through the repository. A removal only ever updates a row (never
  inserts one), so a row a cascade took first is no matter; a row whose count gets
  to 0 is deleted, so the table always equals the GROUP BY over the postings.
- SQLite: row triggers (each sees the rows before it). PostgreSQL: a bulk insert or
  update of transactions is summed per statement (transition tables: one upsert per
  month and category, not per row); deletes and split parts per row, BEFORE the row
  goes, when the statement's earlier rows are visible and a part can still find its
  transaction (a cascade from its transaction finds none: that one counted its parts).
- Filled from the existing rows; row-level security on PostgreSQL like every
  user-owned table (migration 0013's statements), the owner key (account_id,
  user_id) to the account (0006).
"""

# ruff: noqa: S608 - every SQL text here is fixed in this file, none comes from input
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0018_finance_month_totals"
down_revision: str | Sequence[str] | None = "0017_event_uid"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "finance_month_totals"
OWN = "(SELECT app_user_id())"
NO_CATEGORY = "'00000000-0000-0000-0000-000000000000'"  # the key's NULL: the nil UUID, no real id
KEY_INDEX = f"user_id, currency, month, account_id, positive, coalesce(category_id, {NO_CATEGORY})"
COLUMNS = "user_id, account_id, category_id, currency, month, positive"


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


# -- SQLite ------------------------------------------------------------------------------
def _sqlite_month(date: str) -> str:
    return f"substr({date}, 1, 8) || '01'"  # dates are stored as YYYY-MM-DD


def _sqlite_whole(t: str) -> str:
    return (
        f"SELECT {t}.user_id AS user_id, {t}.account_id AS account_id, "
        f"{t}.category_id AS category_id, {t}.currency AS currency, "
        f"{_sqlite_month(t + '.date')} AS month, {t}.amount_minor > 0 AS positive, "
        f"{t}.amount_minor AS amount"
    )


def _sqlite_part(t: str, s: str) -> str:
    return (
        f"SELECT {t}.user_id AS user_id, {t}.account_id AS account_id, "
        f"{s}.category_id AS category_id, {t}.currency AS currency, "
        f"{_sqlite_month(t + '.date')} AS month, {s}.amount_minor > 0 AS positive, "
        f"{s}.amount_minor AS amount"
    )


def _sqlite_postings(t: str) -> str:
    """The postings of the transaction row `t` (OLD or NEW): its parts, else itself."""
    return (
        f"{_sqlite_whole(t)} WHERE {t}.transfer_id IS NULL AND NOT EXISTS "
        f"(SELECT 1 FROM transaction_splits s WHERE s.transaction_id = {t}.id) "
        f"UNION ALL {_sqlite_part(t, 's')} FROM transaction_splits s "
        f"WHERE s.transaction_id = {t}.id AND {t}.transfer_id IS NULL"
    )


def _sqlite_add(postings: str) -> str:
    return (
        f"INSERT INTO {TABLE} (id, {COLUMNS}, total_minor, count) "
        f"SELECT lower(hex(randomblob(16))), {COLUMNS}, sum(amount), count(*) "
        f"FROM ({postings}) WHERE true GROUP BY {COLUMNS} "
        f"ON CONFLICT ({KEY_INDEX}) DO UPDATE SET "
        "total_minor = total_minor + excluded.total_minor, count = count + excluded.count;"
    )


def _sqlite_remove(postings: str) -> str:
    """Take the postings off (their rows exist, unless a cascade took them), then drop
    the rows of their accounts and months left with none."""
    return (
        # (A trigger's UPDATE takes no alias: the table's own name qualifies.)
        f"UPDATE {TABLE} SET total_minor = total_minor - d.amount, "
        "count = count - d.n FROM ("
        f"SELECT {COLUMNS}, sum(amount) AS amount, count(*) AS n FROM ({postings}) "
        f"GROUP BY {COLUMNS}) AS d WHERE {TABLE}.user_id = d.user_id "
        f"AND {TABLE}.currency = d.currency AND {TABLE}.month = d.month "
        f"AND {TABLE}.account_id = d.account_id AND {TABLE}.positive = d.positive "
        f"AND coalesce({TABLE}.category_id, {NO_CATEGORY}) = "
        f"coalesce(d.category_id, {NO_CATEGORY}); "
        f"DELETE FROM {TABLE} WHERE count = 0 AND (user_id, currency, month, account_id) IN "
        f"(SELECT user_id, currency, month, account_id FROM ({postings}));"
    )


def _sqlite_parent(part: str) -> str:
    """`part`'s transaction, when it is not a transfer's leg."""
    return f"FROM transactions t WHERE t.id = {part}.transaction_id AND t.transfer_id IS NULL"


def _sqlite_parts_left(n: int) -> str:
    return f"(SELECT count(*) FROM transaction_splits p WHERE p.transaction_id = t.id) = {n}"


def _sqlite_whole_of_parent(part: str, parts_left: int) -> str:
    """The whole of `part`'s transaction when it has `parts_left` parts."""
    return f"{_sqlite_whole('t')} {_sqlite_parent(part)} AND {_sqlite_parts_left(parts_left)}"


def _sqlite_part_of_parent(part: str) -> str:
    return f"{_sqlite_part('t', part)} {_sqlite_parent(part)}"


_CHANGED = " OR ".join(
    f"OLD.{c} IS NOT NEW.{c}"
    for c in ("user_id", "account_id", "date", "amount_minor", "currency", "category_id")
)
SQLITE_TRIGGERS = {
    # A new transaction has no parts yet (they refer to it): its whole counts.
    "finance_totals_transaction_insert": "AFTER INSERT ON transactions "
    f"WHEN NEW.transfer_id IS NULL BEGIN {_sqlite_add(_sqlite_whole('NEW'))} END",
    "finance_totals_transaction_update": "AFTER UPDATE OF user_id, account_id, date, "
    "amount_minor, currency, category_id, transfer_id ON transactions "
    f"WHEN {_CHANGED} OR OLD.transfer_id IS NOT NEW.transfer_id BEGIN "
    f"{_sqlite_remove(_sqlite_postings('OLD'))} "
    f"{_sqlite_add(_sqlite_postings('NEW'))} END",
    # Before: its parts are still there to be taken off.
    "finance_totals_transaction_delete": "BEFORE DELETE ON transactions "
    f"WHEN OLD.transfer_id IS NULL BEGIN {_sqlite_remove(_sqlite_postings('OLD'))} END",
    # A first part takes its transaction's whole back; each part counts.
    "finance_totals_split_insert": "AFTER INSERT ON transaction_splits BEGIN "
    f"{_sqlite_remove(_sqlite_whole_of_parent('NEW', 1))} "
    f"{_sqlite_add(_sqlite_part_of_parent('NEW'))} END",
    # A last part gives the whole back; a part whose transaction went already (a
    # cascade) finds none: the transaction took its parts off.
    "finance_totals_split_delete": "AFTER DELETE ON transaction_splits BEGIN "
    f"{_sqlite_remove(_sqlite_part_of_parent('OLD'))} "
    f"{_sqlite_add(_sqlite_whole_of_parent('OLD', 0))} END",
    "finance_totals_split_update": "AFTER UPDATE OF amount_minor, category_id "
    "ON transaction_splits WHEN OLD.amount_minor IS NOT NEW.amount_minor "
    "OR OLD.category_id IS NOT NEW.category_id BEGIN "
    f"{_sqlite_remove(_sqlite_part_of_parent('OLD'))} "
    f"{_sqlite_add(_sqlite_part_of_parent('NEW'))} END",
}

# -- PostgreSQL --------------------------------------------------------------------------
# Runs as the caller, like transaction_splits_add_up (0008): row-level security applies,
# the rows are the caller's own; a fixed search_path so no temporary table stands in.
_PG_KEY = f"f.user_id = p_user AND f.currency = p_currency AND f.month = p_month AND \
f.account_id = p_account AND f.positive = p_positive AND coalesce(f.category_id, \
{NO_CATEGORY}) = coalesce(p_category, {NO_CATEGORY})"
_PG_MONTH = "date_trunc('month', {0}.date)::date"


def _pg_whole(t: str) -> str:
    return (
        f"SELECT {t}.user_id, {t}.account_id, {t}.category_id, {t}.currency, "
        f"{_PG_MONTH.format(t)} AS month, {t}.amount_minor > 0 AS positive, "
        f"{t}.amount_minor AS amount"
    )


def _pg_part(t: str, s: str) -> str:
    return (
        f"SELECT {t}.user_id, {t}.account_id, {s}.category_id, {t}.currency, "
        f"{_PG_MONTH.format(t)} AS month, {s}.amount_minor > 0 AS positive, "
        f"{s}.amount_minor AS amount"
    )


def _pg_postings(rows: str) -> str:
    """The postings of the transactions in `rows` (a transition table): each one's
    parts, else itself; transfers none."""
    return (
        f"{_pg_whole('t')} FROM {rows} t WHERE t.transfer_id IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM transaction_splits s WHERE s.transaction_id = t.id) "
        f"UNION ALL {_pg_part('t', 's')} FROM {rows} t "
        "JOIN transaction_splits s ON s.transaction_id = t.id WHERE t.transfer_id IS NULL"
    )


def _pg_apply(signed: str) -> str:
    """Apply (key, amount, n) rows summed per key: `signed` has a `sign` column."""
    return (
        f"PERFORM finance_totals_apply({', '.join('c.' + c for c in COLUMNS.split(', '))}, "
        "sum(c.sign * c.amount)::bigint, sum(c.sign)::bigint) "
        f"FROM ({signed}) c GROUP BY {', '.join('c.' + c for c in COLUMNS.split(', '))} "
        "HAVING sum(c.sign) <> 0 OR sum(c.sign * c.amount) <> 0;"
    )


def _signed(postings: str, sign: int) -> str:
    return f"SELECT p.*, {sign} AS sign FROM ({postings}) p"


# An update's postings: the old rows' taken off, the new rows' added (per key, net).
_PG_CHANGED = (
    f"{_signed(_pg_postings('old_rows'), -1)} UNION ALL {_signed(_pg_postings('new_rows'), 1)}"
)
PG_FUNCTIONS = [
    f"""
CREATE FUNCTION finance_totals_apply(
    p_user uuid, p_account uuid, p_category uuid, p_currency varchar, p_month date,
    p_positive boolean, p_amount bigint, p_n bigint
) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, {{schema}}, pg_temp
AS $$
BEGIN
    -- Postings added: the row may be new. Taken off: it exists (or a cascade took it,
    -- and there is nothing left to keep), so never insert one.
    IF p_n > 0 THEN
        INSERT INTO {TABLE} AS f (id, {COLUMNS}, total_minor, count)
        VALUES (gen_random_uuid(), p_user, p_account, p_category, p_currency, p_month,
                p_positive, p_amount, p_n)
        ON CONFLICT ({KEY_INDEX}) DO UPDATE
        SET total_minor = f.total_minor + EXCLUDED.total_minor, count = f.count + EXCLUDED.count;
    ELSE
        UPDATE {TABLE} f SET total_minor = f.total_minor + p_amount, count = f.count + p_n
        WHERE {_PG_KEY};
        IF p_n < 0 THEN
            DELETE FROM {TABLE} f WHERE {_PG_KEY} AND f.count = 0;
        END IF;
    END IF;
END
$$
""",
    f"""
CREATE FUNCTION finance_totals_transactions() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {{schema}}, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- New transactions have no parts yet (the parts refer to them).
        {_pg_apply(_signed(_pg_whole("t") + " FROM new_rows t WHERE t.transfer_id IS NULL", 1))}
    ELSE
        {_pg_apply(_PG_CHANGED)}
    END IF;
    RETURN NULL;
END
$$
""",
    f"""
CREATE FUNCTION finance_totals_transaction_gone() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {{schema}}, pg_temp
AS $$
BEGIN
    -- Before the row goes: its parts are still there to be taken off.
    {_pg_apply(_signed(_pg_postings("(SELECT OLD.*) "), -1))}
    RETURN OLD;
END
$$
""",
    f"""
CREATE FUNCTION finance_totals_splits() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {{schema}}, pg_temp
AS $$
DECLARE
    t transactions%ROWTYPE;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT * INTO t FROM transactions WHERE id = NEW.transaction_id;
    ELSE
        SELECT * INTO t FROM transactions WHERE id = OLD.transaction_id;
    END IF;
    -- No transaction: a cascade from it, which took its parts off itself.
    IF NOT FOUND OR t.transfer_id IS NOT NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM transaction_splits s WHERE s.transaction_id = t.id) THEN
            -- The first part: the whole stops counting.
            PERFORM finance_totals_apply(t.user_id, t.account_id, t.category_id, t.currency,
                {_PG_MONTH.format("t")}, t.amount_minor > 0, -t.amount_minor, -1);
        END IF;
        PERFORM finance_totals_apply(t.user_id, t.account_id, NEW.category_id, t.currency,
            {_PG_MONTH.format("t")}, NEW.amount_minor > 0, NEW.amount_minor, 1);
        RETURN NEW;
    END IF;
    PERFORM finance_totals_apply(t.user_id, t.account_id, OLD.category_id, t.currency,
        {_PG_MONTH.format("t")}, OLD.amount_minor > 0, -OLD.amount_minor, -1);
    IF TG_OP = 'UPDATE' THEN
        PERFORM finance_totals_apply(t.user_id, t.account_id, NEW.category_id, t.currency,
            {_PG_MONTH.format("t")}, NEW.amount_minor > 0, NEW.amount_minor, 1);
        RETURN NEW;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM transaction_splits s
                   WHERE s.transaction_id = t.id AND s.id <> OLD.id) THEN
        -- The last part: the whole counts again.
        PERFORM finance_totals_apply(t.user_id, t.account_id, t.category_id, t.currency,
            {_PG_MONTH.format("t")}, t.amount_minor > 0, t.amount_minor, 1);
    END IF;
    RETURN OLD;
END
$$
""",
]
PG_FUNCTION_NAMES = (
    "finance_totals_splits()",
    "finance_totals_transaction_gone()",
    "finance_totals_transactions()",
    "finance_totals_apply(uuid, uuid, uuid, varchar, date, boolean, bigint, bigint)",
)
PG_TRIGGERS = {
    "finance_totals_transactions_insert": "AFTER INSERT ON transactions "
    "REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION finance_totals_transactions()",
    "finance_totals_transactions_update": "AFTER UPDATE ON transactions "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION finance_totals_transactions()",
    "finance_totals_transaction_delete": "BEFORE DELETE ON transactions "
    "FOR EACH ROW WHEN (OLD.transfer_id IS NULL) "
    "EXECUTE FUNCTION finance_totals_transaction_gone()",
    "finance_totals_splits": "BEFORE INSERT OR DELETE OR UPDATE OF amount_minor, category_id "
    "ON transaction_splits FOR EACH ROW EXECUTE FUNCTION finance_totals_splits()",
}
PG_SECURITY = [
    f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY",
    f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY",
    f"CREATE POLICY own ON {TABLE} USING (user_id = {OWN}) WITH CHECK (user_id = {OWN})",
]

# Every existing posting, summed per key (the backfill); `{id}` makes a row's key.
BACKFILL = (
    f"INSERT INTO {TABLE} (id, {COLUMNS}, total_minor, count) "
    f"SELECT {{id}}, {COLUMNS}, sum(amount), count(*) FROM ("
    "SELECT t.user_id, t.account_id, t.category_id, t.currency, {month} AS month, "
    "t.amount_minor > 0 AS positive, t.amount_minor AS amount FROM transactions t "
    "WHERE t.transfer_id IS NULL AND NOT EXISTS "
    "(SELECT 1 FROM transaction_splits s WHERE s.transaction_id = t.id) "
    "UNION ALL SELECT t.user_id, t.account_id, s.category_id, t.currency, {month}, "
    "s.amount_minor > 0, s.amount_minor FROM transactions t "
    "JOIN transaction_splits s ON s.transaction_id = t.id WHERE t.transfer_id IS NULL"
    f") AS postings GROUP BY {COLUMNS}"
)

# As migrations 0008 and 0016: a database whose tables belong to the role that runs the
# app holds its owner to row-level security too; the backfill must see every row.
FORCED_SQL = (
    "SELECT c.relname FROM pg_class c WHERE c.oid = to_regclass(:t) "
    "AND c.relforcerowsecurity AND row_security_active(c.oid) "
    "AND pg_has_role(current_user, c.relowner, 'USAGE')"
)
DATA_TABLES = ("transactions", "transaction_splits")


@contextmanager
def _owner_sees_every_row() -> Iterator[None]:
    lifted = []
    if not _is_sqlite():
        bind = op.get_bind()
        lifted = [t for t in DATA_TABLES if bind.scalar(sa.text(FORCED_SQL), {"t": t})]
    for table in lifted:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    yield
    for table in lifted:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


KEYS = (
    (["user_id"], ["users.id"]),
    (["account_id", "user_id"], ["financial_accounts.id", "financial_accounts.user_id"]),
)


def _key_name(columns: list[str], parents: list[str]) -> str:
    return f"fk_{TABLE}_{columns[0]}_{parents[0].split('.')[0]}"


FOREIGN_KEYS = ", ".join(_key_name(c, p) for c, p in KEYS)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("positive", sa.Boolean(), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{TABLE}"),
        # Deferred (checked at commit): while a cascade deletes a person's or an
        # account's rows, the triggers may update a total whose parent went earlier in
        # the statement (PostgreSQL checks the key of a row updated twice in a
        # transaction); by the commit the cascade took that total too. No key to the
        # catalog: the totals come from postings whose keys were checked, and a
        # deleted category's postings move to uncategorised by their own SET NULL,
        # leaving its totals at no postings (deleted).
        *(
            sa.ForeignKeyConstraint(
                columns,
                parents,
                name=_key_name(columns, parents),
                ondelete="CASCADE",
                deferrable=True,
                initially="DEFERRED",
            )
            for columns, parents in KEYS
        ),
    )
    op.create_index(f"ix_{TABLE}_user_id", TABLE, ["user_id"])
    op.execute(f"CREATE UNIQUE INDEX uq_{TABLE}_key ON {TABLE} ({KEY_INDEX})")
    with _owner_sees_every_row():
        if _is_sqlite():
            op.execute(
                BACKFILL.format(id="lower(hex(randomblob(16)))", month=_sqlite_month("t.date"))
            )
        else:
            op.execute(BACKFILL.format(id="gen_random_uuid()", month=_PG_MONTH.format("t")))
            # The backfill's deferred key checks now: a table with pending ones cannot
            # be altered (row-level security below).
            op.execute(f"SET CONSTRAINTS {FOREIGN_KEYS} IMMEDIATE")
            op.execute(f"SET CONSTRAINTS {FOREIGN_KEYS} DEFERRED")
    if _is_sqlite():
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        return
    schema = op.get_bind().scalar(sa.text("SELECT quote_ident(current_schema())"))
    for function in PG_FUNCTIONS:
        op.execute(function.format(schema=schema))
    for name, body in PG_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    for statement in PG_SECURITY:
        op.execute(statement)


def downgrade() -> None:
    if _is_sqlite():
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    else:
        for name, body in PG_TRIGGERS.items():
            table = "transaction_splits" if "ON transaction_splits" in body else "transactions"
            op.execute(f"DROP TRIGGER {name} ON {table}")
        for function in PG_FUNCTION_NAMES:
            op.execute(f"DROP FUNCTION {function}")
    op.drop_table(TABLE)  # its indexes and policy go with it
