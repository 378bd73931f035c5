"""the database trusts no client: row-level security keyed on a secret, narrow functions

Revision ID: 0007_trust_no_client
Revises: 0006_owner_keys
Create Date: 2026-11-30

PostgreSQL only (SQLite has no roles: there the application is the only wall).
Before this, row-level security keyed on `app.user_id`, which any holder of the app
role's password could set to anyone's id. Now:

- `app_user_id()` is SECURITY DEFINER and answers from a secret only the signed-in
  person holds: the SHA-256 of their session token or API key, presented per
  transaction in `app.credential` and looked up here (unexpired, active user). The
  one other source is a grant that one of the functions below made for the current
  transaction (`auth_grants`, keyed on the transaction id, unreadable by the app).
  Policies call it as `(SELECT app_user_id())`: evaluated once per statement.
- `users` gets row-level security (one's own row; an admin, checked here, sees all)
  and the app role may not INSERT, UPDATE or DELETE it; `accounts` (password hashes)
  and `verification_tokens` are not the app role's at all; `sessions` it may read,
  touch and delete (its own), not create.
- Registration, login, password reset and the admin actions are functions that do
  exactly their job. Login never hands out a password hash: `app_login_salt` gives
  the argon2 parameters and salt (for an unknown email, a fixed fake one), the client
  computes the hash of what was typed, `app_login` compares. Their audit rows for
  someone the caller cannot act as (a failed login, an admin's change to another
  account) are written here, hashed here in the same canonical form as
  db/audit_chain.py (`audit_json`; tests compare the two).
- An audit chain grows only by a row that follows its head, and its head moves only
  to that row (triggers); the system chain and other people's chains are written
  only by these functions. Deleting an account closes its chain in the system chain.
- API keys: only a login session may make one, and a revoked key stays revoked.

Function owners must bypass row-level security (the owner of `db create-roles` has
BYPASSRLS; a superuser does): the functions read sessions and users for anyone.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007_trust_no_client"
down_revision: str | Sequence[str] | None = "0006_owner_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written as SECURITY_DEFINER in the function texts below, filled in by upgrade().
DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"

TABLES = """
CREATE TABLE auth_grants (
    xid xid8 PRIMARY KEY,
    user_id uuid NOT NULL
);
CREATE TABLE auth_secret (
    id int PRIMARY KEY CHECK (id = 1),
    secret text NOT NULL
);
INSERT INTO auth_secret VALUES (1, md5(gen_random_uuid()::text) || md5(gen_random_uuid()::text));
ALTER TABLE auth_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth_grants FORCE ROW LEVEL SECURITY;
CREATE POLICY nobody ON auth_grants USING (false);
ALTER TABLE auth_secret ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth_secret FORCE ROW LEVEL SECURITY;
CREATE POLICY nobody ON auth_secret USING (false);
"""

# What no role but the owner may do, per table; default privileges gave the app role
# everything on tables the owner creates (db/roles.py narrows the same on create-roles).
NARROW = {
    "auth_grants": "ALL",
    "auth_secret": "ALL",
    "accounts": "ALL",
    "verification_tokens": "ALL",
    "users": "INSERT, UPDATE, DELETE, TRUNCATE",
    "sessions": "INSERT, TRUNCATE",
    "api_keys": "UPDATE, DELETE, TRUNCATE",
}
# Given back column by column, after NARROW (db/roles.py does the same).
COLUMN_GRANTS = {"api_keys": "UPDATE (revoked_at, last_used_at)"}
NARROW_SQL = """
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT DISTINCT c.relname, a.grantee
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.relname = '{table}'
          AND c.relnamespace = current_schema()::regnamespace
          AND a.grantee <> c.relowner
    LOOP
        EXECUTE format('REVOKE {rights} ON %I FROM %s', r.relname,
            CASE r.grantee WHEN 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END);
        IF {columns} <> '' AND r.grantee <> 0 THEN
            EXECUTE format('GRANT %s ON %I TO %s', {columns}, r.relname,
                r.grantee::regrole::text);
        END IF;
    END LOOP;
END
$$
"""

APP_USER_ID = """
CREATE OR REPLACE FUNCTION app_user_id() RETURNS uuid
LANGUAGE sql STABLE SECURITY_DEFINER
AS $$
SELECT coalesce(
    (SELECT g.user_id FROM auth_grants g WHERE g.xid = pg_current_xact_id_if_assigned()),
    (SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = current_setting('app.credential', true)
       AND s.expires_at > now() AND u.status = 'active'),
    (SELECT k.user_id FROM api_keys k JOIN users u ON u.id = k.user_id
     WHERE k.key_hash = current_setting('app.credential', true) AND k.revoked_at IS NULL
       AND (k.expires_at IS NULL OR k.expires_at > now()) AND u.status = 'active'))
$$
"""

# Only a login session (not an API key) may make keys: a leaked key must not be able
# to mint others that outlive its revocation.
SESSION_USER = """
CREATE FUNCTION app_session_user() RETURNS uuid
LANGUAGE sql STABLE SECURITY_DEFINER
AS $$
SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.token_hash = current_setting('app.credential', true)
  AND s.expires_at > now() AND u.status = 'active'
$$
"""

# A revoked key stays revoked, and a key's secret or owner never changes (the app
# role may update only revoked_at and last_used_at: grants below).
KEY_STAYS_REVOKED = """
CREATE FUNCTION api_keys_stay_revoked() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
    IF OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at THEN
        RAISE EXCEPTION 'a revoked API key stays revoked'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$
"""

IS_ADMIN = """
CREATE FUNCTION app_is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY_DEFINER
AS $$
SELECT EXISTS (SELECT 1 FROM users
               WHERE id = app_user_id() AND role = 'admin' AND status = 'active')
$$
"""

# The admin functions also serve a maintenance connection (the owner, a superuser):
# the admin CLI on the database host, trusted like the owner.
MAY_ADMINISTER = """
CREATE FUNCTION app_may_administer() RETURNS boolean
LANGUAGE sql STABLE SECURITY_DEFINER
AS $$
SELECT app_is_admin()
    OR (SELECT r.rolsuper OR r.rolbypassrls FROM pg_roles r WHERE r.rolname = session_user)
$$
"""

GRANT_FOR_THIS_TRANSACTION = """
CREATE FUNCTION auth_grant(p_user uuid) RETURNS void
LANGUAGE sql VOLATILE SECURITY_DEFINER
AS $$
-- Grants of finished transactions are worthless (a transaction id is never reused):
-- the ones older than every running transaction go.
DELETE FROM auth_grants WHERE xid < pg_snapshot_xmin(pg_current_snapshot());
INSERT INTO auth_grants (xid, user_id) VALUES (pg_current_xact_id(), p_user)
ON CONFLICT (xid) DO UPDATE SET user_id = excluded.user_id;
$$
"""

# -- the canonical form of db/audit_chain._content, in SQL -----------------------------
# json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
JSON_STRING = """
CREATE FUNCTION audit_json_string(p text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    out text := '"';
    ch text;
    code int;
BEGIN
    FOR i IN 1 .. length(p) LOOP
        ch := substr(p, i, 1);
        code := ascii(ch);
        IF ch = '"' THEN out := out || '\\"';
        ELSIF ch = '\\' THEN out := out || '\\\\';
        ELSIF code = 10 THEN out := out || '\\n';
        ELSIF code = 13 THEN out := out || '\\r';
        ELSIF code = 9 THEN out := out || '\\t';
        ELSIF code = 8 THEN out := out || '\\b';
        ELSIF code = 12 THEN out := out || '\\f';
        ELSIF code < 32 THEN out := out || '\\u' || lpad(to_hex(code), 4, '0');
        ELSIF code < 127 THEN out := out || ch;  -- DEL is escaped too
        ELSIF code < 65536 THEN out := out || '\\u' || lpad(to_hex(code), 4, '0');
        ELSE
            code := code - 65536;
            out := out || '\\u' || to_hex(55296 + (code >> 10))
                       || '\\u' || to_hex(56320 + (code & 1023));
        END IF;
    END LOOP;
    RETURN out || '"';
END
$$
"""

JSON_VALUE = """
CREATE FUNCTION audit_json(p jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    IF p IS NULL THEN
        RETURN 'null';
    END IF;
    CASE jsonb_typeof(p)
    WHEN 'object' THEN
        RETURN '{' || coalesce((
            SELECT string_agg(audit_json_string(key) || ':' || audit_json(value),
                              ',' ORDER BY key COLLATE "C")
            FROM jsonb_each(p)), '') || '}';
    WHEN 'array' THEN
        RETURN '[' || coalesce((
            SELECT string_agg(audit_json(value), ',' ORDER BY n)
            FROM jsonb_array_elements(p) WITH ORDINALITY AS e(value, n)), '') || ']';
    WHEN 'string' THEN
        RETURN audit_json_string(p #>> '{}');
    ELSE  -- number (integers only here), boolean, null
        RETURN p::text;
    END CASE;
END
$$
"""

# datetime.isoformat() of an aware UTC datetime: microseconds only when not zero.
ISO = """
CREATE FUNCTION audit_iso(p timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp
AS $$
SELECT to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN extract(microseconds FROM p)::bigint % 1000000 = 0 THEN ''
            ELSE '.' || to_char(p AT TIME ZONE 'UTC', 'US') END
    || '+00:00'
$$
"""

# One audit row for a chain the caller cannot write itself; hashed like
# audit_chain.record. `p_at` is the client's clock, as for every other row.
APPEND = """
CREATE FUNCTION audit_append(
    p_user uuid, p_actor uuid, p_at timestamptz, p_host text, p_client text,
    p_action text, p_entity text, p_entity_id text, p_before jsonb, p_after jsonb
) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY_DEFINER
AS $$
DECLARE
    v_chain text := coalesce(p_user::text, 'system');
    v_seq bigint;
    v_prev text;
    v_content text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(v_chain, 0));
    SELECT seq + 1, hash INTO v_seq, v_prev FROM audit_heads WHERE chain = v_chain;
    IF NOT FOUND THEN
        v_seq := 1;
        v_prev := repeat('0', 64);
    END IF;
    v_content := '{"action":' || audit_json_string(p_action)
        || ',"actor_id":' || audit_json(to_jsonb(coalesce(p_actor, p_user)::text))
        || ',"after":' || audit_json(p_after)
        || ',"at":' || audit_json_string(audit_iso(p_at))
        || ',"before":' || audit_json(p_before)
        || ',"chain":' || audit_json_string(v_chain)
        || ',"client":' || audit_json_string(left(p_client, 255))
        || ',"entity":' || audit_json_string(p_entity)
        || ',"entity_id":' || audit_json(to_jsonb(p_entity_id))
        || ',"host":' || audit_json_string(left(p_host, 255))
        || ',"seq":' || v_seq
        || ',"user_id":' || audit_json(to_jsonb(p_user::text)) || '}';
    INSERT INTO audit_logs (id, user_id, actor_id, chain, seq, at, host, client, action,
                            entity, entity_id, before, after, prev_hash, hash)
    VALUES (gen_random_uuid(), p_user, coalesce(p_actor, p_user), v_chain, v_seq, p_at,
            left(p_host, 255), left(p_client, 255), p_action, p_entity, p_entity_id,
            p_before::json, p_after::json, v_prev,
            encode(sha256(convert_to(v_prev || v_content, 'UTF8')), 'hex'))
    RETURNING hash INTO v_prev;
    INSERT INTO audit_heads (chain, seq, hash) VALUES (v_chain, v_seq, v_prev)
    ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;
END
$$
"""

# A chain only ever grows by one row that follows its head, and its head only ever
# moves to that row: no rewinding, no forking, whoever holds the app role. Invoker's
# rights: a connection that bypasses row-level security (the owner's maintenance,
# pg_restore, the functions above) is trusted with the tables anyway.
ROW_FOLLOWS_HEAD = """
CREATE FUNCTION audit_logs_follow_head() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
    h record;
BEGIN
    IF NOT row_security_active('audit_logs') THEN
        RETURN NEW;
    END IF;
    SELECT seq, hash INTO h FROM audit_heads WHERE chain = NEW.chain;
    IF (NOT FOUND AND (NEW.seq <> 1 OR NEW.prev_hash <> repeat('0', 64)))
       OR (FOUND AND (NEW.seq <> h.seq + 1 OR NEW.prev_hash <> h.hash)) THEN
        RAISE EXCEPTION 'audit row % of chain % does not follow the chain''s head',
            NEW.seq, NEW.chain USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$
"""
HEAD_FOLLOWS_ROW = """
CREATE FUNCTION audit_heads_follow_rows() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
    IF NOT row_security_active('audit_heads') THEN
        RETURN NEW;
    END IF;
    IF (TG_OP = 'INSERT' AND NEW.seq <> 1)
       OR (TG_OP = 'UPDATE' AND (NEW.chain <> OLD.chain OR NEW.seq <> OLD.seq + 1))
       OR NOT EXISTS (SELECT 1 FROM audit_logs a WHERE a.chain = NEW.chain
                      AND a.seq = NEW.seq AND a.hash = NEW.hash) THEN
        RAISE EXCEPTION 'the head of chain % may only move to the row just appended',
            NEW.chain USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$
"""

USER_IMAGE = """
CREATE FUNCTION audit_user_image(u users) RETURNS jsonb
LANGUAGE sql STABLE SECURITY_DEFINER
AS $$
SELECT jsonb_build_object(
    'id', u.id::text, 'email', u.email, 'name', u.name, 'role', u.role,
    'status', u.status, 'email_verified', u.email_verified,
    'failed_logins', u.failed_logins, 'locked_until', audit_iso(u.locked_until),
    'last_login_at', audit_iso(u.last_login_at), 'created_at', audit_iso(u.created_at),
    'updated_at', audit_iso(u.updated_at))
$$
"""

HAS_USERS = """
CREATE FUNCTION app_has_users() RETURNS boolean
LANGUAGE sql STABLE SECURITY_DEFINER
AS $$ SELECT EXISTS (SELECT 1 FROM users) $$
"""

# -- registration -----------------------------------------------------------------
# The first account is an active admin. A later one is a member, pending if asked
# (the client's registration mode), or what a real admin asks for. The transaction
# then acts as the new user (auth_grant): its profile and audit rows follow.
REGISTER = """
CREATE FUNCTION app_register(
    p_email text, p_name text, p_password_hash text, p_pending boolean, p_role text,
    p_by_admin boolean, p_at timestamptz
) RETURNS TABLE (user_id uuid, role text, status text)
LANGUAGE plpgsql VOLATILE SECURITY_DEFINER
AS $$
DECLARE
    v_first boolean;
    v_by_admin boolean := p_by_admin AND app_may_administer();
    v_user users;
BEGIN
    LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE;  -- one "first account" only
    v_first := NOT EXISTS (SELECT 1 FROM users);
    IF EXISTS (SELECT 1 FROM users WHERE email = p_email) THEN
        RAISE EXCEPTION 'email taken' USING ERRCODE = 'unique_violation',
            CONSTRAINT = 'uq_users_email';
    END IF;
    INSERT INTO users (id, email, name, role, status, email_verified, failed_logins,
                       created_at, updated_at)
    VALUES (gen_random_uuid(), p_email, p_name,
            CASE WHEN v_first THEN 'admin'
                 WHEN v_by_admin AND p_role IN ('admin', 'member') THEN p_role
                 ELSE 'member' END,
            CASE WHEN p_pending AND NOT v_first AND NOT v_by_admin THEN 'pending'
                 ELSE 'active' END,
            false, 0, p_at, p_at)
    RETURNING * INTO v_user;
    INSERT INTO accounts (id, user_id, provider, provider_account_id, password_hash,
                          created_at, updated_at)
    VALUES (gen_random_uuid(), v_user.id, 'credential', v_user.id::text, p_password_hash,
            p_at, p_at);
    PERFORM auth_grant(v_user.id);
    RETURN QUERY SELECT v_user.id, v_user.role::text, v_user.status::text;
END
$$
"""

# -- login ---------------------------------------------------------------------------
LOGIN_SALT = """
CREATE FUNCTION app_login_salt(p_email text, p_default text)
RETURNS TABLE (prefix text, hash_len int)
LANGUAGE plpgsql STABLE SECURITY_DEFINER
AS $$
DECLARE
    v_hash text;
BEGIN
    SELECT a.password_hash INTO v_hash
    FROM users u JOIN accounts a ON a.user_id = u.id AND a.provider = 'credential'
    WHERE u.email = p_email;
    IF v_hash IS NOT NULL THEN
        RETURN QUERY SELECT regexp_replace(v_hash, '\\$[^$]*$', ''),
            length(decode(rpad(split_part(v_hash, '$', 6),
                ((length(split_part(v_hash, '$', 6)) + 3) / 4) * 4, '='), 'base64'));
        RETURN;
    END IF;
    -- Unknown: the same shape, a salt fixed per email (so asking twice tells nothing).
    RETURN QUERY SELECT p_default || rtrim(encode(substr(sha256(convert_to(
        (SELECT secret FROM auth_secret) || p_email, 'UTF8')), 1, 16), 'base64'), '='), 32;
END
$$
"""

# p_proof is the argon2 string of what was typed, computed with app_login_salt's
# parameters: it equals the stored one exactly when the password is right.
LOGIN = """
CREATE FUNCTION app_login(
    p_email text, p_proof text, p_token_hash text, p_expires timestamptz,
    p_host text, p_client text, p_at timestamptz
) RETURNS TABLE (outcome text, user_id uuid, name text, role text, status text,
                 session_id uuid, wait_seconds int)
LANGUAGE plpgsql VOLATILE SECURITY_DEFINER
AS $$
DECLARE
    v_user users;
    v_stored text;
    v_session uuid;
    v_lock interval;
BEGIN
    SELECT * INTO v_user FROM users WHERE email = p_email;
    IF NOT FOUND THEN
        PERFORM audit_append(NULL, NULL, p_at, p_host, p_client, 'auth.login_failed', '',
            NULL, NULL, jsonb_build_object('email', left(p_email, 254), 'reason', 'unknown'));
        RETURN QUERY SELECT 'failed', NULL::uuid, NULL, NULL, NULL, NULL::uuid, NULL::int;
        RETURN;
    END IF;
    -- The chain's lock first, then the row: the order every writer of this user takes.
    PERFORM pg_advisory_xact_lock(hashtextextended(v_user.id::text, 0));
    SELECT * INTO v_user FROM users WHERE id = v_user.id FOR NO KEY UPDATE;
    IF v_user.locked_until > now() THEN
        RETURN QUERY SELECT 'locked', v_user.id, NULL, NULL, NULL, NULL::uuid,
            ceil(extract(epoch FROM v_user.locked_until - now()))::int + 1;
        RETURN;
    END IF;
    SELECT a.password_hash INTO v_stored FROM accounts a
    WHERE a.user_id = v_user.id AND a.provider = 'credential';
    IF v_stored IS NULL OR p_proof IS DISTINCT FROM v_stored THEN
        v_lock := CASE WHEN v_user.failed_logins + 1 < 5 THEN NULL
                       ELSE least(interval '30 seconds' * 2 ^ (v_user.failed_logins + 1 - 5),
                                  interval '15 minutes') END;
        UPDATE users SET failed_logins = failed_logins + 1, locked_until = now() + v_lock
        WHERE id = v_user.id RETURNING * INTO v_user;
        PERFORM audit_append(v_user.id, v_user.id, p_at, p_host, p_client,
            'auth.login_failed', 'user', v_user.id::text, NULL,
            jsonb_build_object('failed_logins', v_user.failed_logins,
                               'locked_until', audit_iso(v_user.locked_until)));
        RETURN QUERY SELECT 'failed', v_user.id, NULL, NULL, NULL, NULL::uuid, NULL::int;
        RETURN;
    END IF;
    UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = v_user.id
    RETURNING * INTO v_user;
    IF v_user.status::text <> 'active' THEN
        PERFORM audit_append(v_user.id, v_user.id, p_at, p_host, p_client,
            'auth.login_refused', 'user', v_user.id::text, NULL,
            jsonb_build_object('status', v_user.status::text));
        RETURN QUERY SELECT 'refused', v_user.id, v_user.name::text, v_user.role::text,
            v_user.status::text, NULL::uuid, NULL::int;
        RETURN;
    END IF;
    UPDATE users SET last_login_at = p_at WHERE id = v_user.id;
    INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at,
                          host, client)
    VALUES (gen_random_uuid(), v_user.id, p_token_hash, p_at, p_at,
            now() + (p_expires - p_at), left(p_host, 255), left(p_client, 255))
    RETURNING id INTO v_session;
    PERFORM auth_grant(v_user.id);
    RETURN QUERY SELECT 'ok', v_user.id, v_user.name::text, v_user.role::text,
        v_user.status::text, v_session, NULL::int;
END
$$
"""

# A new session for the transaction's own user (registration's first login).
OPEN_SESSION = """
CREATE FUNCTION app_open_session(
    p_token_hash text, p_expires timestamptz, p_host text, p_client text, p_at timestamptz
) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY_DEFINER
AS $$
DECLARE
    v_user uuid := app_user_id();
    v_session uuid;
BEGIN
    IF v_user IS NULL OR NOT EXISTS (
        SELECT 1 FROM users WHERE id = v_user AND status = 'active') THEN
        RAISE EXCEPTION 'no active user to open a session for'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE users SET last_login_at = p_at WHERE id = v_user;
    INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at,
                          host, client)
    VALUES (gen_random_uuid(), v_user, p_token_hash, p_at, p_at,
            now() + (p_expires - p_at), left(p_host, 255), left(p_client, 255))
    RETURNING id INTO v_session;
    RETURN v_session;
END
$$
"""

# -- one's own password --------------------------------------------------------------
CHANGE_OWN_CREDENTIAL = """
CREATE FUNCTION app_change_password(p_proof text, p_new_hash text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY_DEFINER
AS $$
DECLARE
    v_user uuid := app_user_id();
BEGIN
    IF v_user IS NULL THEN
        RAISE EXCEPTION 'not signed in' USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE accounts SET password_hash = p_new_hash, updated_at = now()
    WHERE user_id = v_user AND provider = 'credential' AND password_hash = p_proof;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    DELETE FROM verification_tokens WHERE user_id = v_user AND purpose = 'password_reset';
    RETURN true;
END
$$
"""

RECOVER_ACCOUNT = """
CREATE FUNCTION app_reset_password(
    p_token_hash text, p_new_hash text, p_host text, p_client text, p_at timestamptz
) RETURNS TABLE (user_id uuid, email text, name text, role text, status text)
LANGUAGE plpgsql VOLATILE SECURITY_DEFINER
AS $$
DECLARE
    v_token verification_tokens;
    v_user users;
    v_ended int;
BEGIN
    SELECT * INTO v_token FROM verification_tokens
    WHERE token_hash = p_token_hash AND purpose = 'password_reset'
      AND used_at IS NULL AND expires_at > now()
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(v_token.user_id::text, 0));
    UPDATE verification_tokens SET used_at = p_at WHERE id = v_token.id;
    DELETE FROM verification_tokens
    WHERE verification_tokens.user_id = v_token.user_id AND purpose = 'password_reset'
      AND id <> v_token.id;
    UPDATE accounts SET password_hash = p_new_hash, updated_at = p_at
    WHERE accounts.user_id = v_token.user_id AND provider = 'credential';
    UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = v_token.user_id
    RETURNING * INTO v_user;
    DELETE FROM sessions WHERE sessions.user_id = v_user.id;
    GET DIAGNOSTICS v_ended = ROW_COUNT;
    PERFORM audit_append(v_user.id, v_user.id, p_at, p_host, p_client,
        'auth.password_reset', 'user', v_user.id::text, NULL,
        jsonb_build_object('sessions_ended', v_ended));
    RETURN QUERY SELECT v_user.id, v_user.email::text, v_user.name::text, v_user.role::text,
        v_user.status::text;
END
$$
"""

# -- admin ---------------------------------------------------------------------------
# One function per admin action: the database checks the acting admin, changes the
# account and writes the audit row into the account's chain (actor: the admin).
ADMIN_CHANGE = """
CREATE FUNCTION app_admin_change(
    p_email text, p_action text, p_token_hash text, p_token_expires timestamptz,
    p_host text, p_client text, p_at timestamptz, p_actor uuid
) RETURNS TABLE (outcome text, user_id uuid, email text, name text, role text, status text)
LANGUAGE plpgsql VOLATILE SECURITY_DEFINER
AS $$
DECLARE
    -- p_actor only counts from a maintenance connection (the admin CLI on the host)
    v_actor uuid := coalesce(app_user_id(), CASE WHEN app_may_administer() THEN p_actor END);
    v_user users;
    v_before jsonb;
BEGIN
    IF NOT app_may_administer() THEN
        RAISE EXCEPTION 'only an admin can do this' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO v_user FROM users WHERE users.email = p_email;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'unknown', NULL::uuid, NULL, NULL, NULL, NULL;
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(v_user.id::text, 0));
    SELECT * INTO v_user FROM users WHERE id = v_user.id FOR NO KEY UPDATE;
    v_before := audit_user_image(v_user);
    CASE p_action
    WHEN 'user.approved' THEN
        IF v_user.status::text <> 'pending' THEN
            RETURN QUERY SELECT 'not_pending', v_user.id, v_user.email::text, v_user.name::text,
                v_user.role::text, v_user.status::text;
            RETURN;
        END IF;
        UPDATE users SET status = 'active', updated_at = p_at WHERE id = v_user.id
        RETURNING * INTO v_user;
    WHEN 'user.disabled' THEN
        IF v_user.id = v_actor THEN
            RETURN QUERY SELECT 'self', v_user.id, v_user.email::text, v_user.name::text,
                v_user.role::text, v_user.status::text;
            RETURN;
        END IF;
        UPDATE users SET status = 'disabled', updated_at = p_at WHERE id = v_user.id
        RETURNING * INTO v_user;
        DELETE FROM sessions WHERE sessions.user_id = v_user.id;
    WHEN 'user.enabled' THEN
        UPDATE users SET status = 'active', failed_logins = 0, locked_until = NULL,
            updated_at = p_at WHERE id = v_user.id
        RETURNING * INTO v_user;
    WHEN 'user.reset_token_issued' THEN
        DELETE FROM verification_tokens
        WHERE verification_tokens.user_id = v_user.id AND purpose = 'password_reset';
        INSERT INTO verification_tokens (id, user_id, purpose, token_hash, created_at,
                                         expires_at)
        VALUES (gen_random_uuid(), v_user.id, 'password_reset', p_token_hash, p_at,
                now() + (p_token_expires - p_at));
    ELSE
        RAISE EXCEPTION 'unknown admin action %', p_action
            USING ERRCODE = 'invalid_parameter_value';
    END CASE;
    PERFORM audit_append(v_user.id, v_actor, p_at, p_host, p_client, p_action, 'user',
        v_user.id::text, v_before, audit_user_image(v_user));
    RETURN QUERY SELECT 'ok', v_user.id, v_user.email::text, v_user.name::text,
        v_user.role::text, v_user.status::text;
END
$$
"""

# Deleting an account (the owner's act: the app role cannot) takes its audit rows
# with it (ON DELETE CASCADE): the chain is closed with its head, and the system
# chain says what went, so `audit verify` stays green and tells the story.
USER_DELETED = """
CREATE FUNCTION users_deleted_close_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY_DEFINER
AS $$
DECLARE
    h record;
BEGIN
    SELECT seq, hash INTO h FROM audit_heads WHERE chain = OLD.id::text;
    DELETE FROM audit_heads WHERE chain = OLD.id::text;
    PERFORM audit_append(NULL, NULL, now(), '', 'database', 'user.deleted', 'user',
        OLD.id::text, NULL, jsonb_build_object('email', OLD.email,
            'chain_rows', coalesce(h.seq, 0), 'chain_head', h.hash));
    RETURN OLD;
END
$$
"""

FUNCTIONS = [
    ("app_user_id()", APP_USER_ID),
    ("app_session_user()", SESSION_USER),
    ("api_keys_stay_revoked()", KEY_STAYS_REVOKED),
    ("app_is_admin()", IS_ADMIN),
    ("app_may_administer()", MAY_ADMINISTER),
    ("auth_grant(uuid)", GRANT_FOR_THIS_TRANSACTION),
    ("audit_json_string(text)", JSON_STRING),
    ("audit_json(jsonb)", JSON_VALUE),
    ("audit_iso(timestamptz)", ISO),
    (
        "audit_append(uuid, uuid, timestamptz, text, text, text, text, text, jsonb, jsonb)",
        APPEND,
    ),
    ("audit_logs_follow_head()", ROW_FOLLOWS_HEAD),
    ("audit_heads_follow_rows()", HEAD_FOLLOWS_ROW),
    ("audit_user_image(users)", USER_IMAGE),
    ("users_deleted_close_chain()", USER_DELETED),
    ("app_has_users()", HAS_USERS),
    ("app_register(text, text, text, boolean, text, boolean, timestamptz)", REGISTER),
    ("app_login_salt(text, text)", LOGIN_SALT),
    ("app_login(text, text, text, timestamptz, text, text, timestamptz)", LOGIN),
    ("app_open_session(text, timestamptz, text, text, timestamptz)", OPEN_SESSION),
    ("app_change_password(text, text)", CHANGE_OWN_CREDENTIAL),
    ("app_reset_password(text, text, text, text, timestamptz)", RECOVER_ACCOUNT),
    (
        "app_admin_change(text, text, text, timestamptz, text, text, timestamptz, uuid)",
        ADMIN_CHANGE,
    ),
]
# What the app role may call (EXECUTE is revoked from PUBLIC on the rest).
CALLABLE = (
    "app_user_id()",
    "app_session_user()",
    "app_is_admin()",
    "app_has_users()",
    "app_register(text, text, text, boolean, text, boolean, timestamptz)",
    "app_login_salt(text, text)",
    "app_login(text, text, text, timestamptz, text, text, timestamptz)",
    "app_open_session(text, timestamptz, text, text, timestamptz)",
    "app_change_password(text, text)",
    "app_reset_password(text, text, text, text, timestamptz)",
    "app_admin_change(text, text, text, timestamptz, text, text, timestamptz, uuid)",
)

OWN = "(SELECT app_user_id())"

POLICIES = [
    # users: one's own row; an admin (checked here) every row.
    "ALTER TABLE users ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE users FORCE ROW LEVEL SECURITY",
    f"CREATE POLICY own ON users FOR SELECT USING (id = {OWN} OR (SELECT app_is_admin()))",
    # the token-hash doors of 0004 are closed: the functions above do those jobs
    "DROP POLICY by_token ON sessions",
    "DROP POLICY by_token ON verification_tokens",
    "DROP POLICY own ON audit_logs",
    "DROP POLICY append ON audit_logs",
    "DROP POLICY own ON audit_heads",
    f"CREATE POLICY own ON audit_logs FOR SELECT USING (user_id = {OWN} OR "
    "((SELECT app_is_admin()) AND current_setting('app.role', true) = 'admin' "
    "AND (action LIKE 'auth.%' OR action LIKE 'user.%')))",
    # one's own chain only; the system chain is the functions' alone
    f"CREATE POLICY append ON audit_logs FOR INSERT WITH CHECK (user_id = {OWN} "
    "AND chain = user_id::text)",
    f"CREATE POLICY own ON audit_heads USING (chain = {OWN}::text) "
    f"WITH CHECK (chain = {OWN}::text)",
    # api_keys: read, revoke and touch one's own; make one only from a login session
    "DROP POLICY own ON api_keys",
    f"CREATE POLICY own ON api_keys FOR SELECT USING (user_id = {OWN})",
    f"CREATE POLICY own_update ON api_keys FOR UPDATE USING (user_id = {OWN}) "
    f"WITH CHECK (user_id = {OWN})",
    "CREATE POLICY by_session ON api_keys FOR INSERT "
    "WITH CHECK (user_id = (SELECT app_session_user()))",
]

# Every remaining policy that calls app_user_id() per row calls it once per statement.
ONCE_PER_STATEMENT = """
DO $$
DECLARE
    p record;
BEGIN
    FOR p IN
        SELECT tablename, policyname, qual, with_check FROM pg_policies
        WHERE schemaname = current_schema()
          AND (qual LIKE '%app_user_id()%' OR with_check LIKE '%app_user_id()%')
          AND coalesce(qual, '') NOT LIKE '%SELECT app_user_id()%'
          AND coalesce(with_check, '') NOT LIKE '%SELECT app_user_id()%'
    LOOP
        IF p.qual IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON %I USING (%s)', p.policyname, p.tablename,
                replace(p.qual, 'app_user_id()', '(SELECT app_user_id())'));
        END IF;
        IF p.with_check IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON %I WITH CHECK (%s)', p.policyname, p.tablename,
                replace(p.with_check, 'app_user_id()', '(SELECT app_user_id())'));
        END IF;
    END LOOP;
END
$$
"""


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _is_postgresql():
        return
    op.execute(TABLES)
    for _name, sql in FUNCTIONS:
        op.execute(sql.replace("SECURITY_DEFINER", DEFINER))
    # The callable ones check everything themselves, so any role may call them (the
    # default); the internal ones (a grant, an audit row for anyone) no one but the
    # owner and the functions themselves.
    for name, _sql in FUNCTIONS:
        if name not in CALLABLE:
            op.execute(f"REVOKE EXECUTE ON FUNCTION {name} FROM PUBLIC")
    op.execute(
        "CREATE TRIGGER follow_head BEFORE INSERT ON audit_logs "
        "FOR EACH ROW EXECUTE FUNCTION audit_logs_follow_head()"
    )
    op.execute(
        "CREATE TRIGGER follow_rows BEFORE INSERT OR UPDATE ON audit_heads "
        "FOR EACH ROW EXECUTE FUNCTION audit_heads_follow_rows()"
    )
    op.execute(
        "CREATE TRIGGER close_chain AFTER DELETE ON users "
        "FOR EACH ROW EXECUTE FUNCTION users_deleted_close_chain()"
    )
    op.execute(
        "CREATE TRIGGER stay_revoked BEFORE UPDATE ON api_keys "
        "FOR EACH ROW EXECUTE FUNCTION api_keys_stay_revoked()"
    )
    for statement in POLICIES:
        op.execute(statement)
    op.execute(ONCE_PER_STATEMENT)
    for table, rights in NARROW.items():
        columns = COLUMN_GRANTS.get(table, "")
        op.execute(NARROW_SQL.format(table=table, rights=rights, columns=f"'{columns}'"))


RESTORE_GRANTS = """
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.relname = 'sessions' AND c.relnamespace = current_schema()::regnamespace
          AND a.grantee <> c.relowner AND a.grantee <> 0
    LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON users, accounts, '
            'verification_tokens, sessions, api_keys TO %s', r.grantee::regrole::text);
    END LOOP;
END
$$
"""


def downgrade() -> None:
    if not _is_postgresql():
        return
    op.execute(RESTORE_GRANTS)
    op.execute("DROP TRIGGER follow_head ON audit_logs")
    op.execute("DROP TRIGGER follow_rows ON audit_heads")
    op.execute("DROP TRIGGER close_chain ON users")
    op.execute("DROP TRIGGER stay_revoked ON api_keys")
    for statement in (
        "DROP POLICY own ON users",
        "ALTER TABLE users NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE users DISABLE ROW LEVEL SECURITY",
        "DROP POLICY own ON audit_logs",
        "DROP POLICY append ON audit_logs",
        "DROP POLICY own ON audit_heads",
        "DROP POLICY own ON api_keys",
        "DROP POLICY own_update ON api_keys",
        "DROP POLICY by_session ON api_keys",
        "CREATE POLICY own ON api_keys USING (user_id = app_user_id()) "
        "WITH CHECK (user_id = app_user_id())",
        # 0004's rules again (app_user_id() reads app.user_id once more)
        "CREATE POLICY by_token ON sessions FOR SELECT "
        "USING (token_hash = current_setting('app.token_hash', true))",
        "CREATE POLICY by_token ON verification_tokens FOR SELECT "
        "USING (token_hash = current_setting('app.token_hash', true))",
        "CREATE POLICY own ON audit_logs FOR SELECT USING (user_id = app_user_id() OR "
        "(current_setting('app.role', true) = 'admin' AND EXISTS (SELECT 1 FROM users u "
        "WHERE u.id = app_user_id() AND u.role = 'admin' AND u.status = 'active') "
        "AND (action LIKE 'auth.%' OR action LIKE 'user.%')))",
        "CREATE POLICY append ON audit_logs FOR INSERT WITH CHECK ((user_id = app_user_id() "
        "AND chain = user_id::text) OR (user_id IS NULL AND chain = 'system'))",
        "CREATE POLICY own ON audit_heads "
        "USING (chain = app_user_id()::text OR chain = 'system') "
        "WITH CHECK (chain = app_user_id()::text OR chain = 'system')",
    ):
        op.execute(statement)
    for name, _sql in reversed(FUNCTIONS):
        if name != "app_user_id()":
            op.execute(f"DROP FUNCTION {name}")
    op.execute(
        "CREATE OR REPLACE FUNCTION app_user_id() RETURNS uuid "
        "LANGUAGE sql STABLE SECURITY INVOKER AS "
        "$$ SELECT NULLIF(pg_catalog.current_setting('app.user_id', true), '')::uuid $$"
    )
    op.execute("DROP TABLE auth_grants")
    op.execute("DROP TABLE auth_secret")
