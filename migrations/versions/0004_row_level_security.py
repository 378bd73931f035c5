"""row-level security on every user-owned table; append-only audit_logs

Revision ID: 0004_row_level_security
Revises: 0003_audit_heads
Create Date: 2026-11-23

PostgreSQL only (SQLite has no roles; there the application's scoping is the only
wall). The second wall: every table with a user_id column gets RLS enabled and
FORCED (so a role that owns the tables is held to it too) and a policy on the
transaction-local setting app.user_id that the unit of work sets. Unset, it means
no user: nothing of anyone is visible (fails closed).

The tables are listed here, frozen, not read from the models: a later table adds its
own policy in its own migration. tests/db/test_rls.py fails for any table with a
user_id column that lacks an enabled, forced policy.

Maintenance with data changes in later migrations: the owner role made by
`dashboard-tui db create-roles` has BYPASSRLS; a role without it must run such a
migration as a superuser, or lift FORCE inside that migration's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004_row_level_security"
down_revision: str | Sequence[str] | None = "0003_audit_heads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables whose rows belong to exactly one user: read and write only one's own.
OWNER_ONLY = (
    "accounts",
    "ai_credentials",
    "api_keys",
    "budgets",
    "cardio_sessions",
    "credit_cards",
    "events",
    "exercise_sets",
    "exercises",
    "family_members",
    "financial_accounts",
    "food_items",
    "investments",
    "meal_template_items",
    "meal_templates",
    "meals",
    "notifications",
    "nutrition_goals",
    "profiles",
    "reminders",
    "time_logs",
    "transactions",
    "workout_progress",
    "workout_template_exercises",
    "workout_templates",
    "workouts",
)
# Owner policy plus a special read rule (see _special_policies).
WITH_EXTRA_READ = ("catalog_items", "sessions", "verification_tokens")
RLS_TABLES = (*OWNER_ONLY, *WITH_EXTRA_READ, "audit_logs", "audit_heads")

OWN = "user_id = app_user_id()"

# Knowing a token's SHA-256 is the capability: login resume and password reset find
# the row through it before the user is known, then act as the row's user. A role
# that can set the setting still cannot read a row whose hash it does not know.
KNOWS_HASH = "token_hash = current_setting('app.token_hash', true)"

# An admin's audit view: everyone's auth and account events. The setting chooses the
# view; the database checks that the acting user really is an active admin.
ADMIN_VIEW = (
    "current_setting('app.role', true) = 'admin' "
    "AND EXISTS (SELECT 1 FROM users u WHERE u.id = app_user_id() "
    "AND u.role = 'admin' AND u.status = 'active') "
    "AND (action LIKE 'auth.%' OR action LIKE 'user.%')"
)
# A row goes to its user's own chain, or (no user: a failed login of an unknown
# email) to the system chain; never into someone else's chain.
AUDIT_APPEND = (
    "(user_id = app_user_id() AND chain = user_id::text) OR (user_id IS NULL AND chain = 'system')"
)

APP_USER_ID = """
CREATE FUNCTION app_user_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(pg_catalog.current_setting('app.user_id', true), '')::uuid $$
"""

# Statement-level, so it also fires when RLS filters every row away. The table's
# owner passes: referential actions (ON DELETE CASCADE from users) run as the owner
# of the referencing table, and maintenance is the owner's. pg_has_role(USAGE) is
# PostgreSQL's own ownership test (members of the owner role and superusers pass;
# they could drop the trigger anyway). The app role fails here and, first, on grants.
APPEND_ONLY = """
CREATE FUNCTION audit_logs_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(
        current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE'
    ) THEN
        RAISE EXCEPTION 'audit_logs is append-only: % is not allowed for role %',
            TG_OP, current_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$
"""

# Grants made before this revision (e.g. default privileges) are narrowed for every
# role but the owner: audit rows are never changed, heads are never deleted, and the
# schema revision is the migrations' (the owner's) alone.
REVOKE_FROM_OTHERS = """
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT DISTINCT c.relname, a.grantee
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.relname IN ('audit_logs', 'audit_heads', 'alembic_version')
          AND c.relnamespace = current_schema()::regnamespace
          AND a.grantee <> c.relowner
    LOOP
        EXECUTE format(
            'REVOKE %s ON %I FROM %s',
            CASE r.relname WHEN 'audit_logs' THEN 'UPDATE, DELETE, TRUNCATE'
                           WHEN 'audit_heads' THEN 'DELETE, TRUNCATE'
                           ELSE 'INSERT, UPDATE, DELETE, TRUNCATE' END,
            r.relname,
            -- regrole's text form is already quoted as an identifier
            CASE r.grantee WHEN 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END
        );
    END LOOP;
END
$$
"""


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _special_policies() -> list[str]:
    return [
        "CREATE POLICY shipped ON catalog_items FOR SELECT USING (user_id IS NULL)",
        f"CREATE POLICY by_token ON sessions FOR SELECT USING ({KNOWS_HASH})",
        f"CREATE POLICY by_token ON verification_tokens FOR SELECT USING ({KNOWS_HASH})",
        # No UPDATE or DELETE policy: under RLS those see no audit row at all.
        f"CREATE POLICY own ON audit_logs FOR SELECT USING ({OWN} OR ({ADMIN_VIEW}))",
        f"CREATE POLICY append ON audit_logs FOR INSERT WITH CHECK ({AUDIT_APPEND})",
        "CREATE POLICY own ON audit_heads "
        "USING (chain = app_user_id()::text OR chain = 'system') "
        "WITH CHECK (chain = app_user_id()::text OR chain = 'system')",
    ]


def upgrade() -> None:
    if not _is_postgresql():
        return
    op.execute(APP_USER_ID)
    for table in RLS_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    for table in (*OWNER_ONLY, *WITH_EXTRA_READ):
        op.execute(f"CREATE POLICY own ON {table} USING ({OWN}) WITH CHECK ({OWN})")
    for statement in _special_policies():
        op.execute(statement)
    op.execute(APPEND_ONLY)
    op.execute(
        "CREATE TRIGGER append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_logs "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only()"
    )
    op.execute(REVOKE_FROM_OTHERS)


def downgrade() -> None:
    # The narrowed audit grants stay narrowed: no earlier revision needs them.
    if not _is_postgresql():
        return
    op.execute("DROP TRIGGER append_only ON audit_logs")
    op.execute("DROP FUNCTION audit_logs_append_only()")
    for table in RLS_TABLES:
        for name in ("own", "shipped", "by_token", "append"):
            op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP FUNCTION app_user_id()")
