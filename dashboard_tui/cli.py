"""Command line: launch the TUI, migrate and inspect the database, administer users.

Only the standard library is imported at module level, so `dashboard-tui --help` is
instant; SQLAlchemy, Alembic, argon2 and Textual are imported by the command that
needs them. Every failure becomes one line on stderr and exit code 1 (the action
failed) or 2 (what was asked is wrong), never a traceback."""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from dashboard_tui.account.auth import SignedIn
    from dashboard_tui.account.passwords import Passwords
    from dashboard_tui.config import ConfigError, Settings
    from dashboard_tui.context import AppContext
    from dashboard_tui.db.uow import Database
    from dashboard_tui.kit.errors import ValidationError
    from dashboard_tui.kit.repository import UserScope

PROG = "dashboard-tui"
EXIT_FAILED = 1  # the action could not be done: server down, refused, not found
EXIT_USAGE = 2  # what was asked is wrong: arguments, settings, input (argparse uses 2 too)
EXIT_INTERRUPTED = 130
API_KEY_ENV = "DASHBOARD_API_KEY"
NEWER_SCHEMA = (
    "the database was migrated by a newer dashboard-tui (revision {rev!r} is unknown "
    "to this version): upgrade dashboard-tui"
)


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


# -- arguments ---------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    # --database-url is accepted before or after the subcommand. SUPPRESS keeps a
    # subcommand's absent option from overwriting one given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="sqlite:///PATH or postgresql+psycopg://USER@HOST/DB (overrides settings)",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        parents=[common],
        description="Gym, money, food and family in one keyboard-first terminal app. "
        "Without a command, opens the app.",
    )
    parser.add_argument(
        "--remember-insecurely",
        action="store_true",
        help="without an OS keyring, keep the login in a private file (0600) until logout",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.set_defaults(func=cmd_launch)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    db = commands.add_parser("db", help="migrate and inspect the database")
    db_cmds = db.add_subparsers(title="db commands", metavar="COMMAND", required=True)
    p = db_cmds.add_parser("upgrade", parents=[common], help="migrate to the newest schema")
    p.set_defaults(func=cmd_db_upgrade)
    p = db_cmds.add_parser("status", parents=[common], help="show the schema revision")
    p.set_defaults(func=cmd_db_status)
    p = db_cmds.add_parser("downgrade", parents=[common], help="migrate down (drops data)")
    p.add_argument("revision", metavar="REV", help="a revision id, -N, or base")
    p.add_argument("--yes", action="store_true", help="confirm: tables and their data go")
    p.set_defaults(func=cmd_db_downgrade)
    p = db_cmds.add_parser(
        "create-roles",
        parents=[common],
        help="PostgreSQL, as a superuser: create the owner and app roles, grant, hand over",
    )
    p.add_argument("--owner", required=True, metavar="NAME", help="owns the tables, migrates")
    p.add_argument("--app", required=True, metavar="NAME", help="what the app connects as")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read two lines from stdin: the owner's password, then the app role's",
    )
    p.set_defaults(func=cmd_db_create_roles)

    user = commands.add_parser("user", help="administer accounts (acts as the first admin)")
    user_cmds = user.add_subparsers(title="user commands", metavar="COMMAND", required=True)
    p = user_cmds.add_parser("add", parents=[common], help="add an account (the first is an admin)")
    p.add_argument("--email", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--admin", action="store_true", help="make the account an admin")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password as one line from stdin instead of prompting",
    )
    p.set_defaults(func=cmd_user_add)
    p = user_cmds.add_parser("list", parents=[common], help="list accounts")
    p.set_defaults(func=cmd_user_list)
    for name, verb in (("approve", "approve"), ("disable", "disable"), ("enable", "enable")):
        p = user_cmds.add_parser(name, parents=[common], help=f"{verb} an account")
        p.add_argument("email", metavar="EMAIL")
        p.set_defaults(func=cmd_user_status, action=name)
    p = user_cmds.add_parser(
        "reset-token", parents=[common], help="issue a one-time password-reset token (shown once)"
    )
    p.add_argument("email", metavar="EMAIL")
    p.set_defaults(func=cmd_user_reset_token)
    p = user_cmds.add_parser(
        "reset-password", parents=[common], help="set a new password with a reset token"
    )
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read two lines from stdin: the token, then the new password",
    )
    p.set_defaults(func=cmd_user_reset_password)

    p = commands.add_parser(
        "backup", parents=[common], help="back up the whole database, online and checked"
    )
    p.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="file or folder (default: backups/ in the data folder)",
    )
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.add_argument(
        "--portable",
        action="store_true",
        help="every person's export in one tar file instead of pg_dump / a SQLite copy",
    )
    p.set_defaults(func=cmd_backup)
    p = commands.add_parser("restore", parents=[common], help="replace the database with a backup")
    p.add_argument("path", metavar="PATH", help="a file made by `backup`")
    p.add_argument(
        "--force", action="store_true", help="replace a database that has accounts or tables"
    )
    p.set_defaults(func=cmd_restore)
    p = commands.add_parser(
        "export", parents=[common], help="one person's whole data as a JSON document"
    )
    p.add_argument(
        "--user",
        metavar="EMAIL",
        help=f"whose data (with {API_KEY_ENV} set: the key's own person, no need to say)",
    )
    p.add_argument(
        "path",
        nargs="?",
        metavar="PATH|-",
        help="file, or - for stdout (default: exports/ in the data folder)",
    )
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=cmd_export)
    p = commands.add_parser(
        "import", parents=[common], help="add a person from an export document (all or nothing)"
    )
    p.add_argument("path", metavar="PATH|-", help="a file made by `export`, or - for stdin")
    p.set_defaults(func=cmd_import)

    apikey = commands.add_parser(
        "apikey", help=f"API keys for scripts: set {API_KEY_ENV} to act as their person"
    )
    key_cmds = apikey.add_subparsers(title="apikey commands", metavar="COMMAND", required=True)
    p = key_cmds.add_parser(
        "create", parents=[common], help="make a key (shown once); needs your password"
    )
    p.add_argument("name", metavar="NAME", help="what the key is for, e.g. nightly-export")
    p.add_argument("--email", required=True, help="your account's email")
    _password_stdin_option(p)
    p.set_defaults(func=cmd_apikey_create)
    p = key_cmds.add_parser("list", parents=[common], help="your keys that still work")
    _sign_in_options(p)
    p.set_defaults(func=cmd_apikey_list)
    p = key_cmds.add_parser("revoke", parents=[common], help="stop a key working, at once")
    p.add_argument("name", metavar="NAME")
    _sign_in_options(p)
    p.set_defaults(func=cmd_apikey_revoke)

    finance = commands.add_parser("finance", help="the finance area's data")
    fin_cmds = finance.add_subparsers(title="finance commands", metavar="COMMAND", required=True)
    p = fin_cmds.add_parser(
        "export", parents=[common], help="your finance data as an hledger journal or CSV"
    )
    p.add_argument("--format", choices=("hledger", "csv"), default="hledger")
    p.add_argument(
        "--output", metavar="FILE", help="a new file, made 0600 (default: standard output)"
    )
    p.add_argument("--force", action="store_true", help="replace an existing --output file")
    _sign_in_options(p)
    p.set_defaults(func=cmd_finance_export)
    p = fin_cmds.add_parser(
        "import", parents=[common], help="a bank's CSV export into one of your accounts"
    )
    p.add_argument("file", metavar="FILE", help="the CSV file")
    p.add_argument(
        "--account",
        metavar="NAME",
        required=True,
        help="the account (made, as a checking account, when you have none of this name)",
    )
    p.add_argument("--profile", metavar="NAME", help="a saved import profile (the mapping)")
    p.add_argument("--dry-run", action="store_true", help="read and count, write nothing")
    _sign_in_options(p)
    p.set_defaults(func=cmd_finance_import)

    family = commands.add_parser("family", help="the family calendar")
    fam_cmds = family.add_subparsers(title="family commands", metavar="COMMAND", required=True)
    p = fam_cmds.add_parser(
        "import-ics", parents=[common], help="an iCalendar (.ics) file into your calendar"
    )
    p.add_argument("file", metavar="FILE", help="the .ics file")
    p.add_argument("--dry-run", action="store_true", help="read and count, write nothing")
    _sign_in_options(p)
    p.set_defaults(func=cmd_family_import_ics)
    p = fam_cmds.add_parser(
        "export-ics", parents=[common], help="your calendar as an iCalendar (.ics) file"
    )
    p.add_argument(
        "--output", metavar="FILE", help="a new file, made 0600 (default: standard output)"
    )
    p.add_argument("--force", action="store_true", help="replace an existing --output file")
    _sign_in_options(p)
    p.set_defaults(func=cmd_family_export_ics)
    p = fam_cmds.add_parser(
        "agenda", parents=[common], help="every occurrence between two days, one a line"
    )
    p.add_argument("--from", dest="first", metavar="DATE", required=True, help="YYYY-MM-DD")
    p.add_argument("--to", dest="last", metavar="DATE", required=True, help="YYYY-MM-DD (included)")
    p.add_argument("--format", choices=("text", "csv"), default="text")
    _sign_in_options(p)
    p.set_defaults(func=cmd_family_agenda)

    gym = commands.add_parser("gym", help="the gym area's data")
    gym_cmds = gym.add_subparsers(title="gym commands", metavar="COMMAND", required=True)
    p = gym_cmds.add_parser(
        "import", parents=[common], help="a Strong or Hevy CSV export into your workouts"
    )
    p.add_argument("file", metavar="FILE", help="the CSV file")
    p.add_argument("--format", choices=("strong", "hevy"), required=True, help="the app")
    p.add_argument(
        "--unit", choices=("kg", "lb"), help="the weights' unit, when the file does not say"
    )
    p.add_argument(
        "--date-format",
        metavar="FMT",
        help="the dates' strptime format, when the file's could be day/month or month/day",
    )
    p.add_argument(
        "--create-unmatched",
        action="store_true",
        help="create exercise names the catalog does not know as your own exercises",
    )
    _sign_in_options(p)
    p.set_defaults(func=cmd_gym_import)
    p = gym_cmds.add_parser("export", parents=[common], help="your workouts as CSV")
    p.add_argument("--format", choices=("csv",), default="csv")
    p.add_argument(
        "--output", metavar="FILE", help="a new file, made 0600 (default: standard output)"
    )
    p.add_argument("--force", action="store_true", help="replace an existing --output file")
    _sign_in_options(p)
    p.set_defaults(func=cmd_gym_export)

    audit = commands.add_parser("audit", help="check the audit history")
    audit_cmds = audit.add_subparsers(title="audit commands", metavar="COMMAND", required=True)
    p = audit_cmds.add_parser(
        "verify", parents=[common], help="walk every audit chain; exit 1 if one is broken"
    )
    p.add_argument("--user", metavar="EMAIL", help="only this user's chain")
    p.set_defaults(func=cmd_audit_verify)

    p = commands.add_parser(
        "doctor",
        parents=[common],
        help="check this installation and say what to fix (exit 1 if something needs it)",
        description="One line per check: settings, file permissions, keyring, database, "
        "migrations, PostgreSQL role, size, audit chains. Reads only.",
        epilog="marks:\n  ✔  fine\n  ✘  needs fixing: what to do follows the →; exit code 1\n"
        "  !  worth knowing, nothing to fix: the exit code stays 0",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--full-audit",
        action="store_true",
        help="walk every audit chain whole however big (else sampled above "
        "50,000 rows: the newest rows of each chain)",
    )
    p.set_defaults(func=cmd_doctor)

    p = commands.add_parser(
        "demo",
        parents=[common],
        help="add a demo account with a year of made-up data in every area",
        description="Adds demo@example.com with believable history in every area, "
        "written through the app's own services (so audited like any change), and "
        "prints its password once. Refuses a database with other accounts unless "
        "--force. The same --seed, --today and --days give the same data.",
    )
    p.add_argument("--seed", type=int, default=2026, help="what the made-up data is drawn from")
    p.add_argument("--days", type=int, default=365, help="days of history up to today (7 to 3660)")
    p.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the history's last day (default: today, UTC)"
    )
    p.add_argument(
        "--force", action="store_true", help="add it to a database that has other accounts"
    )
    p.set_defaults(func=cmd_demo)

    p = commands.add_parser(
        "keys", help="list the action ids a [keys] table in config.toml can remap"
    )
    p.add_argument("--markdown", action="store_true", help="as a Markdown table (the README's)")
    p.add_argument(
        "--check", action="store_true", help="check config.toml's [keys] table (exit code 2)"
    )
    p.set_defaults(func=cmd_keys)
    return parser


def _password_stdin_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password as one line from stdin instead of prompting",
    )


def _sign_in_options(p: argparse.ArgumentParser) -> None:
    """A per-user command: it acts as DASHBOARD_API_KEY's person, or signs in."""
    p.add_argument("--email", help=f"sign in for this command (not needed with {API_KEY_ENV} set)")
    _password_stdin_option(p)


def _version() -> str:
    from dashboard_tui import __version__

    return __version__


# -- shared plumbing ---------------------------------------------------------------
def _settings(args: argparse.Namespace) -> Settings:
    from dashboard_tui.config import load_settings

    # Checked with the file and the environment, so one run reports every problem.
    flags = {
        "database_url": getattr(args, "database_url", None),
        "remember_insecurely": True if getattr(args, "remember_insecurely", False) else None,
    }
    return load_settings(flags=flags)


@contextmanager
def _database(args: argparse.Namespace) -> Iterator[Database]:
    """A reachable database, not migrated (the `db` commands decide that)."""
    from dashboard_tui.db.uow import Database

    db = Database.from_url(_settings(args).resolved_database_url)
    try:
        db.ping()
        yield db
    finally:
        db.dispose()


@contextmanager
def _services(
    args: argparse.Namespace,
    passwords: Passwords | None,
    clock: Callable[[], datetime] | None = None,
) -> Iterator[AppContext]:
    """The services, on a database migrated to head like the app does at start."""
    from dashboard_tui.account.token_store import MemoryTokenStore
    from dashboard_tui.context import default_client, open_context
    from dashboard_tui.models.base import utcnow

    ctx = open_context(
        _settings(args),
        passwords=passwords,
        clock=clock or utcnow,
        client=default_client("cli"),
        token_store=MemoryTokenStore(),  # the CLI never logs in; skip keyring discovery
    )
    try:
        yield ctx
    finally:
        ctx.close()


def _acting_admin(ctx: AppContext) -> UserScope:
    admin = ctx.auth.local_admin()
    if admin is None and ctx.auth.has_users():
        if not ctx.db.is_sqlite and ctx.security_warning is None:
            # PostgreSQL's app role sees no account without someone's login (migration
            # 0007): the admin commands are the owner's, like migrations and backups.
            raise CliError(
                "this role cannot see the accounts (row-level security): run the user "
                "commands with the owner's database URL (see `db create-roles`)"
            )
        raise CliError("this database has accounts but no admin; nothing to act as")
    if admin is None:
        raise CliError(
            "no admin in this database yet: add the first account (it becomes the admin) "
            "with `dashboard-tui user add --email EMAIL --name NAME`"
        )
    return admin


def _api_key() -> str | None:
    """DASHBOARD_API_KEY, when set (an empty value counts as unset)."""
    return os.environ.get(API_KEY_ENV, "").strip() or None


@contextmanager
def _acting_user(
    args: argparse.Namespace, ctx: AppContext, *, email: str | None = None
) -> Iterator[SignedIn]:
    """Who a per-user command acts as, the one place every such command gets it
    from: DASHBOARD_API_KEY's person (checked like a login session, on PostgreSQL by
    row-level security), else a sign-in with --email and the password for this one
    command, logged out at its end. `email`, if given, must be the key's person."""
    from dashboard_tui.account.api_keys import ApiKeyService, KeyRefused
    from dashboard_tui.kit.validation import clean_email

    key = _api_key()
    if key is not None:
        try:
            me = ctx.services(ApiKeyService).authenticate(key)
        except KeyRefused:
            raise CliError(
                f"the key in {API_KEY_ENV} is unknown or revoked, or its account is "
                "disabled: make a new one with `dashboard-tui apikey create NAME --email EMAIL`"
            ) from None
        if email is not None and clean_email(email) != me.user.email:
            raise CliError(
                f"{API_KEY_ENV} is a key of {me.user.email}, not {clean_email(email)}: "
                f"unset {API_KEY_ENV} to act as someone else",
                EXIT_USAGE,
            )
        yield me
        return
    if email is None:
        raise CliError(
            f"say who you are: set {API_KEY_ENV} to an API key, or sign in with "
            "--email EMAIL (the password is asked for, or read with --password-stdin)",
            EXIT_USAGE,
        )
    login = ctx.auth.login(email, _password(args))
    try:
        yield login
    finally:
        ctx.auth.logout(login)  # no session is left behind by one command


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        (password,) = _stdin_lines(1, "one line with the password")
        return password
    return _prompt_secret("Password: ")


def _prompt_secret(prompt: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise CliError("input ended before it was given", EXIT_USAGE) from None


def _stdin_lines(count: int, what: str) -> list[str]:
    lines = []
    for _ in range(count):
        line = sys.stdin.readline()
        if not line:
            raise CliError(f"--password-stdin: stdin ended early (expected {what})", EXIT_USAGE)
        lines.append(line.rstrip("\r\n"))  # only the line end: spaces may be meant
    return lines


def _new_password(args: argparse.Namespace) -> tuple[str, str]:
    if args.password_stdin:
        (password,) = _stdin_lines(1, "one line with the password")
        return password, password  # a pipe does not mistype; the service checks the rest
    return _prompt_secret("Password: "), _prompt_secret("Password again: ")


def _safe(value: object) -> str:
    """Nothing from the database or an error may reach the terminal as a control sequence."""
    return "".join("?" if unicodedata.category(ch) in {"Cc", "Cf"} else ch for ch in str(value))


def _known_revisions(db: Database) -> tuple[set[str], str | None]:
    from alembic.script import ScriptDirectory

    from dashboard_tui.db import migrate

    scripts = ScriptDirectory.from_config(migrate.alembic_config(db))
    return {r.revision for r in scripts.walk_revisions()}, scripts.get_current_head()


def _refuse_newer(current: str | None, known: set[str]) -> None:
    if current is not None and current not in known:
        raise CliError(NEWER_SCHEMA.format(rev=current))


def _pg_superuser(db: Database) -> str | None:
    """The connected role's name when it is a PostgreSQL superuser."""
    if db.is_sqlite:
        return None
    from sqlalchemy import text

    with db.engine.connect() as conn:
        row = conn.execute(
            text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        ).first()
    return str(row[0]) if row and row[1] else None


# -- commands ----------------------------------------------------------------------
def cmd_launch(args: argparse.Namespace, passwords: Passwords | None) -> int:
    from dashboard_tui.config import ConfigError

    try:
        settings = _settings(args)
    except ConfigError as exc:
        # In a terminal the UI shows the problems first (the screen a person is
        # looking at); then main() prints them too, so they stay in the scrollback.
        if sys.stdin.isatty() and sys.stdout.isatty():
            from dashboard_tui.app import SettingsErrorApp

            SettingsErrorApp(exc).run()
        raise
    try:
        from dashboard_tui.app import make_app
    except ModuleNotFoundError as exc:
        if exc.name != "dashboard_tui.app":
            raise
        raise CliError("the terminal UI is missing from this installation") from None
    app = make_app(settings)
    app.run()
    if app.keymap_problems:  # shown on the start-up error screen; now in the scrollback
        raise ConfigError(app.keymap_problems)
    return int(app.return_code or 0)


def cmd_keys(args: argparse.Namespace, _passwords: Passwords | None) -> int:
    """Every remappable action: id, default keys, what it does (the ids are the same
    for every configuration). --check: the config file's [keys] table, checked as the
    app checks it at start, one line per problem and exit code 2."""
    from dashboard_tui.ui.keymap import check_keymap, key_table

    if args.check:
        settings = _settings(args)
        problems = check_keymap(settings.keys, str(settings.config_path))
        if problems:
            from dashboard_tui.config import ConfigError

            raise ConfigError(problems)
        print(f"[keys]: {len(settings.keys)} remapped, no problems")
        return 0
    rows = [(a.id, a.keys, a.description) for a in key_table()]
    if args.markdown:
        print("| Action id | Default keys | What it does |\n|---|---|---|")
        for ident, keys, description in rows:
            print(f"| `{ident}` | `{keys}` | {description} |")
        return 0
    id_width = max(len(r[0]) for r in rows) + 2
    keys_width = max(len(r[1]) for r in rows) + 2
    for ident, keys, description in rows:
        print(f"{ident.ljust(id_width)}{keys.ljust(keys_width)}{description}")
    return 0


DOCTOR_MARKS = {"ok": "✔", "info": "!", "fail": "✘"}


def cmd_doctor(args: argparse.Namespace, _passwords: Passwords | None) -> int:
    """Every check of dashboard_tui.doctor, one line each; exit 1 if one failed."""
    from dashboard_tui import doctor
    from dashboard_tui.config import ConfigError, config_location

    settings: Settings | None = None
    try:
        settings = _settings(args)
        problems: list[str] = []
        if settings.keys:  # only then is the UI imported to check the key names
            from dashboard_tui.ui.keymap import check_keymap

            problems = check_keymap(settings.keys, str(settings.config_path))
    except ConfigError as exc:
        problems = list(exc.problems)
    path = settings.config_path if settings and settings.config_path else config_location()
    full_rows = sys.maxsize if args.full_audit else doctor.AUDIT_FULL_ROWS
    findings = []
    for finding in doctor.diagnose(
        None if problems else settings, path, problems, audit_full_rows=full_rows
    ):
        findings.append(finding)
        line = f"{DOCTOR_MARKS[finding.status]} {finding.name}: {finding.message}"
        print(_safe(line + (f" → {finding.fix}" if finding.fix else "")), flush=True)
    failed = sum(f.status is doctor.Status.FAIL for f in findings)
    print(f"{failed} to fix" if failed else "all well")
    return doctor.exit_code(findings)


def _missing_sqlite_file(args: argparse.Namespace) -> str | None:
    """`db status` on a SQLite path that does not exist must not create it."""
    from pathlib import Path

    from dashboard_tui.db.engine import describe, is_sqlite, normalize_url

    url = normalize_url(_settings(args).resolved_database_url)
    path = url.database
    if not is_sqlite(url) or not path or path == ":memory:":
        return None
    return describe(url) if not Path(path).expanduser().exists() else None


def cmd_db_status(args: argparse.Namespace, _passwords: Passwords | None) -> int:
    from dashboard_tui.db import migrate

    missing = _missing_sqlite_file(args)
    if missing:
        print(f"database: {_safe(missing)}")
        print("revision: none (no file yet: the app or `db upgrade` creates it)")
        print(f"head:     {migrate.HEAD}")
        print("status:   needs upgrade")
        return 0
    with _database(args) as db:
        current = migrate.current_revision(db)
        known, head = _known_revisions(db)
        superuser = _pg_superuser(db)
        print(f"database: {_safe(db.description)}")
        print(f"revision: {_safe(current) if current else 'none (empty database)'}")
        print(f"head:     {head}")
        code = 0
        if current == head:
            print("status:   up to date")
        elif current is None or current in known:
            print("status:   needs upgrade (run `dashboard-tui db upgrade`)")
        else:
            print("status:   " + NEWER_SCHEMA.format(rev=_safe(current)))
            code = EXIT_FAILED
        if superuser:
            print(
                f"warning:  connected as {_safe(superuser)!r}, a PostgreSQL superuser: give the "
                "app its own role that owns only its database"
            )
        permissions = _permission_warning(db)
        if permissions:
            print(f"warning:  {_safe(permissions)}")
        bypass = _rls_bypassed(db)
        if bypass:
            print(
                f"warning:  row-level security is bypassed ({bypass}): this connection sees "
                "every user's rows; run the app as the app role (`dashboard-tui db create-roles`)"
            )
        return code


def cmd_db_upgrade(args: argparse.Namespace, _passwords: Passwords | None) -> int:
    from dashboard_tui.db import migrate

    with _database(args) as db:
        before = migrate.current_revision(db)
        known, head = _known_revisions(db)
        _refuse_newer(before, known)
        if before == head:
            print(f"{_safe(db.description)}: already at {head}")
            return 0
        migrate.upgrade(db)
        after = migrate.current_revision(db)
        print(f"{_safe(db.description)}: {before or '(empty)'} -> {after}")
    return 0


def cmd_db_downgrade(args: argparse.Namespace, _passwords: Passwords | None) -> int:
    from dashboard_tui.db import migrate

    if not args.yes:
        raise CliError("db downgrade drops tables and the data in them: add --yes", EXIT_USAGE)
    with _database(args) as db:
        before = migrate.current_revision(db)
        known, _head = _known_revisions(db)
        _refuse_newer(before, known)
        # Checked here so Alembic's "Can't locate revision" only ever means a newer schema.
        target = args.revision
        if target != "base" and target not in known and not re.fullmatch(r"-\d+", target):
            choices = ", ".join(["base", *sorted(known)])
            raise CliError(f"unknown revision {target!r} (one of: {choices}, or -N)", EXIT_USAGE)
        migrate.downgrade(db, target)
        after = migrate.current_revision(db)
        print(f"{_safe(db.description)}: {before or '(empty)'} -> {after or '(base)'}")
    return 0


def _permission_warning(db: Database) -> str | None:
    from dashboard_tui.db.engine import sqlite_permission_warning

    return sqlite_permission_warning(db.engine.url)


def _rls_bypassed(db: Database) -> str | None:
    from dashboard_tui.db.roles import rls_bypassed

    return rls_bypassed(db)


def cmd_db_create_roles(args: argparse.Namespace, _passwords: Passwords | None) -> int:
    from dashboard_tui.db.roles import RolesError, create_roles

    owner_password = app_password = None
    if args.password_stdin:
        owner_password, app_password = _stdin_lines(
            2, "two lines: the owner's password, then the app role's (empty: none)"
        )
    with _database(args) as db:
        try:
            result = create_roles(
                db,
                args.owner,
                args.app,
                owner_password=owner_password or None,
                app_password=app_password or None,
            )
        except RolesError as exc:
            raise CliError(str(exc)) from None
    for line in result.done:
        print(_safe(line))
    if not (owner_password or app_password):
        print("no password set (--password-stdin sets them; or use peer/cert authentication)")
    print(f"migrations, audit verify, backups:  {_safe(result.owner_url)}")
    print(f"the app:                            {_safe(result.app_url)}")
    print("next: `dashboard-tui db upgrade --database-url OWNER_URL`; the app runs with APP_URL")
    return 0


def cmd_user_add(args: argparse.Namespace, passwords: Passwords | None) -> int:
    from dashboard_tui.kit.errors import ValidationError
    from dashboard_tui.kit.validation import clean_email, clean_text

    # Checked before the password prompt, so a typo costs no typing (the service
    # checks again: it is the one rule for UI and CLI).
    errors: dict[str, str] = {}
    checks = (lambda: clean_text("name", args.name, max_len=120), lambda: clean_email(args.email))
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    with _services(args, passwords) as ctx:
        admin = _acting_admin(ctx) if ctx.auth.has_users() else None
        password, confirm = _new_password(args)
        if admin is None:
            reg = ctx.auth.register(args.name, args.email, password, confirm, start_session=False)
        else:
            reg = ctx.auth.register(
                args.name,
                args.email,
                password,
                confirm,
                by_admin=admin,
                role="admin" if args.admin else None,
            )
        first = " (the first account, so an admin)" if admin is None else ""
        print(f"added {_safe(reg.user.email)}: {reg.user.role}, {reg.user.status}{first}")
    return 0


def cmd_user_list(args: argparse.Namespace, passwords: Passwords | None) -> int:
    with _services(args, passwords) as ctx:
        users = ctx.auth.list_users(_acting_admin(ctx))
    rows = [("EMAIL", "NAME", "ROLE", "STATUS")]
    rows += [(_safe(u.email), _safe(u.name), u.role, u.status) for u in users]
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_user_status(args: argparse.Namespace, passwords: Passwords | None) -> int:
    with _services(args, passwords) as ctx:
        admin = _acting_admin(ctx)
        change: Callable = getattr(ctx.auth, args.action)
        info = change(admin, args.email)
    ended = " (their sessions were ended)" if args.action == "disable" else ""
    print(f"{_safe(info.email)} is now {info.status}{ended}")
    return 0


def cmd_user_reset_token(args: argparse.Namespace, passwords: Passwords | None) -> int:
    from dashboard_tui.account.auth import RESET_TOKEN_TTL

    with _services(args, passwords) as ctx:
        admin = _acting_admin(ctx)
        # Taken just before the service takes its own: the expiry shown is never late.
        issued = ctx.auth.clock()
        token = ctx.auth.issue_reset_token(admin, args.email)
    expires = (issued + RESET_TOKEN_TTL).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"One-time password-reset token for {_safe(args.email.strip().lower())}, "
        f"valid until {expires}. It is shown only now:"
    )
    print(token)
    print("They set a new password with: dashboard-tui user reset-password")
    return 0


def cmd_user_reset_password(args: argparse.Namespace, passwords: Passwords | None) -> int:
    with _services(args, passwords) as ctx:
        if args.password_stdin:
            token, password = _stdin_lines(2, "two lines: the token, then the new password")
            confirm = password
        else:
            token = _prompt_secret("Reset token: ")
            password = _prompt_secret("New password: ")
            confirm = _prompt_secret("New password again: ")
        info = ctx.auth.reset_password(token, password, confirm)
    print(f"password changed for {_safe(info.email)}; all of their sessions were ended")
    return 0


def cmd_audit_verify(args: argparse.Namespace, _passwords: Passwords | None) -> int:
    from sqlalchemy import select

    from dashboard_tui.db import audit_chain, migrate
    from dashboard_tui.db.roles import sees_every_audit_row
    from dashboard_tui.models.auth import User

    with _database(args) as db:
        if migrate.current_revision(db) is None:
            raise CliError("the database is empty: nothing to verify")
        with audit_chain.snapshot_session(db) as session:
            emails = {str(u.id): u.email for u in session.scalars(select(User))}
            if not sees_every_audit_row(session.connection()):
                raise CliError(
                    "row-level security hides the audit rows from this role: run "
                    "`audit verify` with the owner's URL (see `db create-roles`) or as a "
                    "superuser"
                )
            if args.user:
                email = args.user.strip().lower()
                chain = next((c for c, e in emails.items() if e == email), None)
                if chain is None:
                    raise CliError(f"no user with email {email}")
                names = [chain]
            else:
                names = audit_chain.chains(session)
            reports = [audit_chain.verify_chain(session, chain) for chain in names]
    for r in reports:
        label = (
            "system" if r.chain == audit_chain.SYSTEM_CHAIN else emails.get(r.chain, "(no user)")
        )
        label = f"{_safe(label)} [{r.chain}]"
        if r.ok:
            print(f"ok      {label}: {r.rows} rows")
        else:
            where = f"seq {r.broken_at_seq}" if r.broken_at_seq is not None else "the head"
            print(f"BROKEN  {label}: at {where}: {_safe(r.reason)}")
    broken = sum(not r.ok for r in reports)
    print(f"{len(reports)} chains, " + (f"{broken} broken" if broken else "all ok"))
    return EXIT_FAILED if broken else 0


def cmd_demo(args: argparse.Namespace, passwords: Passwords | None) -> int:
    """The demo account and its history, on an empty database (or with --force)."""
    import secrets
    import time
    from datetime import UTC, date, datetime

    from dashboard_tui.demo import DEMO_EMAIL, DEMO_NAME, DemoGenerator

    if not 7 <= args.days <= 3660:
        raise CliError("--days: give 7 to 3660 days of history", EXIT_USAGE)
    try:
        today = date.fromisoformat(args.today) if args.today else None
    except ValueError:
        raise CliError("--today: give a date as YYYY-MM-DD", EXIT_USAGE) from None
    # Shown once, kept nowhere: only its hash is stored, like any account's.
    password = secrets.token_urlsafe(15)
    # A --today other than today moves the services' clock there too (time of day
    # kept), so what the history calls upcoming is upcoming to them as well.
    shift = (today - datetime.now(UTC).date()) if today else None
    clock = (lambda: datetime.now(UTC) + shift) if shift else None
    with _services(args, passwords, clock) as ctx:
        admin = None
        if ctx.auth.has_users():
            admin = ctx.auth.local_admin()
            emails = {u.email for u in ctx.auth.list_users(admin)} if admin else set()
            if DEMO_EMAIL in emails:
                # Replacing it would mean deleting an account and its audit chain;
                # a demo is cheaper made again on a new database.
                raise CliError(
                    f"{DEMO_EMAIL} is already here: sign in with the password printed when "
                    "it was made, or make a new demo with another --database-url",
                    EXIT_USAGE,
                )
            if not args.force:
                raise CliError(
                    "this database already has accounts: a demo adds a year of made-up "
                    "data; use a new --database-url, or give --force to add it here anyway",
                    EXIT_USAGE,
                )
            admin = _acting_admin(ctx)
        if admin is None:
            ctx.auth.register(DEMO_NAME, DEMO_EMAIL, password, password, start_session=False)
        else:
            ctx.auth.register(DEMO_NAME, DEMO_EMAIL, password, password, by_admin=admin)
        login = ctx.auth.login(DEMO_EMAIL, password)
        started = time.monotonic()
        try:
            summary = DemoGenerator(
                ctx.db,
                login,
                seed=args.seed,
                today=today or ctx.clock().date(),
                days=args.days,
                clock=ctx.clock,
                client=ctx.client,
            ).run(lambda area: print(f"adding the {area} history…", file=sys.stderr, flush=True))
        finally:
            ctx.auth.logout(login)
    print(
        f"demo account {DEMO_EMAIL}: {args.days} days of history in "
        f"{time.monotonic() - started:.0f} s: {summary.describe()}"
    )
    print("its password, shown only now (sign in with it in the app):")
    print(password)
    return 0


# -- backup, restore, export, import ------------------------------------------------
def _mib(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"


def cmd_backup(args: argparse.Namespace, _passwords: Passwords | None) -> int:
    from pathlib import Path

    from dashboard_tui.context import default_client
    from dashboard_tui.data.backup import BackupService, NeedsForce

    service = BackupService(_settings(args).resolved_database_url, client=default_client("cli"))
    try:
        r = service.backup(
            Path(args.path) if args.path else None, force=args.force, portable=args.portable
        )
    except NeedsForce as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    size = f" ({_mib(r.source_bytes)})" if r.source_bytes is not None else ""
    print(
        f"backed up {_safe(r.source)}{size} to {_safe(r.path)} ({_mib(r.bytes)}) "
        f"in {r.seconds:.2f} s with {r.method}: {_safe(r.detail)}"
    )
    return 0


def cmd_restore(args: argparse.Namespace, _passwords: Passwords | None) -> int:
    from pathlib import Path

    from dashboard_tui.context import default_client
    from dashboard_tui.data.backup import BackupService, NeedsForce

    service = BackupService(_settings(args).resolved_database_url, client=default_client("cli"))
    try:
        r = service.restore(Path(args.path), force=args.force)
    except NeedsForce as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    print(
        f"restored {_safe(r.path)} ({_mib(r.bytes)}) into {_safe(r.target)} "
        f"in {r.seconds:.2f} s with {r.method}: {_safe(r.detail)}"
    )
    if r.kept:
        print(f"the database it replaced is kept as {_safe(r.kept)}")
    return 0


def cmd_export(args: argparse.Namespace, passwords: Passwords | None) -> int:
    from pathlib import Path

    from dashboard_tui.data.transfer import TransferError, TransferService, default_export_path

    if args.user is None and _api_key() is None:
        raise CliError(
            f"say whose data: --user EMAIL, or set {API_KEY_ENV} to export the key's own person",
            EXIT_USAGE,
        )
    with _services(args, passwords) as ctx:
        service = TransferService(ctx.db, client=ctx.auth.client)
        to_stdout = args.path == "-"
        target = (
            sys.stdout if to_stdout else Path(args.path) if args.path else default_export_path()
        )
        try:
            if _api_key() is not None:
                with _acting_user(args, ctx, email=args.user) as me:
                    r = service.export_own(me.scope, target, force=args.force)
            else:
                admin = ctx.auth.local_admin()
                r = service.export_user(
                    args.user, target, force=args.force, actor_id=admin.user_id if admin else None
                )
        except TransferError as exc:
            raise CliError(str(exc), EXIT_USAGE) from None
    where = "stdout" if r.path is None else _safe(r.path)
    print(
        f"exported {_safe(r.email)}: {r.total_rows} rows from {len(r.rows)} tables to {where} "
        f"({_mib(r.bytes)}) in {r.seconds:.2f} s",
        file=sys.stderr if to_stdout else sys.stdout,
    )
    return 0


def cmd_import(args: argparse.Namespace, passwords: Passwords | None) -> int:
    from dashboard_tui.data.transfer import BadExportFile, ImportConflict, TransferService

    with _services(args, passwords) as ctx:
        admin = ctx.auth.local_admin()
        service = TransferService(ctx.db, client=ctx.auth.client)
        try:
            r = service.import_file(args.path, actor_id=admin.user_id if admin else None)
        except BadExportFile as exc:
            message = f"cannot import {args.path}: {exc}; nothing was imported"
            raise CliError(message, EXIT_USAGE) from None
        except ImportConflict as exc:
            raise CliError(f"cannot import {args.path}: {exc}; nothing was imported") from None
    print(
        f"imported {_safe(r.email)}: {r.total_rows} rows into {len(r.rows)} tables of "
        f"{_safe(ctx.db.description)} in {r.seconds:.2f} s (audit chain verified)"
    )
    if r.role != r.role_in_file:
        print(
            f"note: {_safe(r.email)} is a {r.role} here, not {r.role_in_file} as in the file: "
            "this database already had accounts"
        )
    return 0


# -- API keys ----------------------------------------------------------------------
def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "never"


def cmd_apikey_create(args: argparse.Namespace, passwords: Passwords | None) -> int:
    from dashboard_tui.account.api_keys import ApiKeyService
    from dashboard_tui.kit.validation import clean_email, clean_name

    name, email = clean_name(args.name), clean_email(args.email)  # before the password
    with _services(args, passwords) as ctx:
        login = ctx.auth.login(email, _password(args))
        try:
            made = ctx.services(ApiKeyService).create(login, name)
        finally:
            ctx.auth.logout(login)
    # The key alone on stdout, so a script can take it: KEY=$(dashboard-tui apikey …)
    print(
        f"API key {_safe(made.info.name)!r} for {_safe(email)}. It is shown only now: "
        f"keep it secret. Scripts use it as {API_KEY_ENV}.",
        file=sys.stderr,
    )
    print(made.key)
    return 0


def cmd_apikey_list(args: argparse.Namespace, passwords: Passwords | None) -> int:
    from dashboard_tui.account.api_keys import ApiKeyService

    with _services(args, passwords) as ctx, _acting_user(args, ctx, email=args.email) as me:
        keys = ctx.services(ApiKeyService).list(me)
    if not keys:
        print(
            f"{_safe(me.user.email)} has no API keys "
            "(make one with `dashboard-tui apikey create NAME --email EMAIL`)"
        )
        return 0
    rows = [("NAME", "PREFIX", "CREATED", "LAST USED")]
    rows += [(_safe(k.name), k.prefix, _when(k.created_at), _when(k.last_used_at)) for k in keys]
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_apikey_revoke(args: argparse.Namespace, passwords: Passwords | None) -> int:
    from dashboard_tui.account.api_keys import ApiKeyService

    with _services(args, passwords) as ctx, _acting_user(args, ctx, email=args.email) as me:
        info = ctx.services(ApiKeyService).revoke_named(me, args.name)
    print(f"revoked API key {_safe(info.name)!r} ({info.prefix}…) of {_safe(me.user.email)}")
    return 0


def cmd_finance_export(args: argparse.Namespace, passwords: Passwords | None) -> int:
    """The person's finance data (DASHBOARD_API_KEY's, or --email's) to stdout or a
    new private file."""
    from pathlib import Path

    from dashboard_tui.finance.export import FinanceExport
    from dashboard_tui.paths import create_private_file

    target = Path(args.output) if args.output else None
    if target is not None:
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise CliError(f"{_safe(str(target))} is not a plain file: choose another", EXIT_USAGE)
        if target.exists() and not args.force:
            raise CliError(
                f"{_safe(str(target))} exists: choose another file, or --force to replace it",
                EXIT_USAGE,
            )
    with _services(args, passwords) as ctx, _acting_user(args, ctx, email=args.email) as me:
        service = ctx.services(FinanceExport)
        if target is None:
            result = service.write(me, sys.stdout, args.format)
            sys.stdout.flush()
        else:
            partial = target.with_name(f".{target.name}.partial")
            partial.unlink(missing_ok=True)
            if not create_private_file(partial):
                raise CliError(f"cannot create {_safe(str(partial))}", EXIT_FAILED)
            try:
                with partial.open("w", encoding="utf-8", newline="") as out:
                    result = service.write(me, out, args.format)
                partial.replace(target)  # whole or not at all
            finally:
                partial.unlink(missing_ok=True)
    where = "stdout" if target is None else _safe(str(target))
    print(
        f"exported {result.transactions} transactions of {result.accounts} accounts "
        f"({', '.join(result.currencies) or 'no currency'}) as {args.format} to {where}",
        file=sys.stderr if target is None else sys.stdout,
    )
    return 0


def cmd_finance_import(args: argparse.Namespace, passwords: Passwords | None) -> int:
    """A CSV file into the person's account --account (DASHBOARD_API_KEY's person, or
    --email's), whole or not at all."""
    from pathlib import Path

    from dashboard_tui.finance.importer import MAX_BYTES, CsvError, Mapping
    from dashboard_tui.finance.money import format_amount
    from dashboard_tui.finance.services.importer import ImportService

    source = Path(args.file)
    shown = _safe(str(source))
    if not source.is_file():
        raise CliError(f"{shown} is not a file", EXIT_USAGE)
    if source.stat().st_size > MAX_BYTES:
        raise CliError(f"{shown} is larger than {MAX_BYTES // (1024 * 1024)} MiB", EXIT_USAGE)
    data = source.read_bytes()
    with _services(args, passwords) as ctx, _acting_user(args, ctx, email=args.email) as me:
        service = ctx.services(ImportService)
        mapping = Mapping()
        if args.profile:
            mapping = Mapping.from_json(service.get_profile(me, args.profile).mapping)
        try:
            r = service.import_csv(
                me,
                data,
                mapping,
                account_name=args.account,
                file_name=source.name,
                profile=args.profile or "",
                dry_run=args.dry_run,
            )
        except CsvError as exc:
            raise CliError(f"{shown}: {exc}; nothing was imported", EXIT_FAILED) from None
    account = _safe(r.account)
    if r.account_created:
        made = "would be created" if r.dry_run else "created"
        print(f"account {account!r} {made}: a checking account in {r.currency}")
    span = f" from {r.first} to {r.last}" if r.first else ""
    verb = "would import" if r.dry_run else "imported"
    print(
        f"{verb} {r.added} of {r.rows} rows into {account}{span} "
        f"(total {format_amount(r.total_minor, r.currency, code=True)}); "
        f"{r.duplicates} already imported, skipped; {r.categorised} categorised by rule"
    )
    return 0


def _output_target(args: argparse.Namespace) -> Path | None:
    """--output checked: a plain file, new unless --force."""
    from pathlib import Path

    target = Path(args.output) if args.output else None
    if target is not None:
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise CliError(f"{_safe(str(target))} is not a plain file: choose another", EXIT_USAGE)
        if target.exists() and not args.force:
            raise CliError(
                f"{_safe(str(target))} exists: choose another file, or --force to replace it",
                EXIT_USAGE,
            )
    return target


def _write_private(target: Path, data: bytes) -> None:
    """`data` into `target` whole or not at all, the file made 0600."""
    from dashboard_tui.paths import create_private_file

    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    if not create_private_file(partial):
        raise CliError(f"cannot create {_safe(str(partial))}", EXIT_FAILED)
    try:
        partial.write_bytes(data)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def cmd_family_import_ics(args: argparse.Namespace, passwords: Passwords | None) -> int:
    """An .ics file into the person's calendar (DASHBOARD_API_KEY's, or --email's),
    whole or not at all; prints what came in and what was left out, and why."""
    from pathlib import Path

    from dashboard_tui.family.ics import MAX_BYTES, IcsError
    from dashboard_tui.family.ics_service import IcsService

    source = Path(args.file)
    shown = _safe(str(source))
    if not source.is_file():
        raise CliError(f"{shown} is not a file", EXIT_USAGE)
    if source.stat().st_size > MAX_BYTES:
        raise CliError(f"{shown} is larger than {MAX_BYTES // (1024 * 1024)} MiB", EXIT_USAGE)
    data = source.read_bytes()
    with _services(args, passwords) as ctx, _acting_user(args, ctx, email=args.email) as me:
        try:
            summary = ctx.services(IcsService).import_ics(
                me, data, file_name=source.name, dry_run=args.dry_run
            )
        except IcsError as exc:
            raise CliError(f"{shown}: {exc}; nothing was imported", EXIT_FAILED) from None
    for line in summary.lines():
        print(_safe(line))
    return 0


def cmd_family_export_ics(args: argparse.Namespace, passwords: Passwords | None) -> int:
    """The person's calendar as an .ics file, to stdout or a new private file."""
    from dashboard_tui.family.ics_service import IcsService

    target = _output_target(args)
    with _services(args, passwords) as ctx, _acting_user(args, ctx, email=args.email) as me:
        result = ctx.services(IcsService).export_ics(me)
    if target is None:
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
    else:
        _write_private(target, result.data)
    where = "stdout" if target is None else _safe(str(target))
    print(
        f"exported {result.events} events ({result.changed_occurrences} changed occurrences)"
        f"{result.and_birthdays} as iCalendar to {where}",
        file=sys.stderr if target is None else sys.stdout,
    )
    return 0


def cmd_gym_import(args: argparse.Namespace, passwords: Passwords | None) -> int:
    """A Strong/Hevy export into the person's workouts, whole or not at all; exercise
    names the catalog does not know stop it (listed) unless --create-unmatched."""
    from pathlib import Path

    from dashboard_tui.gym.import_csv import MAX_BYTES, ImportFileError, UnitNeeded, parse
    from dashboard_tui.gym.services.importer import GymImportService, Unmatched

    source = Path(args.file)
    shown = _safe(str(source))
    if not source.is_file():
        raise CliError(f"{shown} is not a file", EXIT_USAGE)
    if source.stat().st_size > MAX_BYTES:
        raise CliError(f"{shown} is larger than {MAX_BYTES // (1024 * 1024)} MiB", EXIT_USAGE)
    try:
        parsed = parse(
            source.read_bytes(), args.format, unit=args.unit, date_format=args.date_format
        )
    except UnitNeeded:
        raise CliError(
            f"{shown}: the file does not say whether weights are kg or lb; "
            "give --unit kg or --unit lb; nothing was imported",
            EXIT_USAGE,
        ) from None
    except ImportFileError as exc:
        raise CliError(f"{shown}: {exc}; nothing was imported", EXIT_FAILED) from None
    with _services(args, passwords) as ctx, _acting_user(args, ctx, email=args.email) as me:
        try:
            summary = ctx.services(GymImportService).import_file(
                me, parsed, create_unmatched=args.create_unmatched, source=source.name
            )
        except Unmatched as exc:
            for name in exc.names:
                print(_safe(f"unmatched: {name}"))
            raise CliError(
                f"{len(exc.names)} exercise names match nothing in the catalog; map them in "
                "the gym area's import, or give --create-unmatched to make them your own; "
                "nothing was imported",
                EXIT_FAILED,
            ) from None
    print(
        f"{summary.workouts_added} workouts with {summary.sets_added} sets imported, "
        f"{summary.workouts_skipped} already imported (skipped); "
        f"{len(summary.exercises_created)} exercises created; "
        f"{summary.records_changed} records changed"
    )
    for name in summary.exercises_created:
        print(_safe(f"created: {name}"))
    return 0


def cmd_gym_export(args: argparse.Namespace, passwords: Passwords | None) -> int:
    """The person's workouts as CSV (the gym's own layout), to stdout or a new
    private file."""
    from dashboard_tui.gym.services.importer import GymImportService

    target = _output_target(args)
    with _services(args, passwords) as ctx, _acting_user(args, ctx, email=args.email) as me:
        text = ctx.services(GymImportService).export_csv(me)
    data = text.encode()
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        _write_private(target, data)
    where = "stdout" if target is None else _safe(str(target))
    print(
        f"exported {max(0, text.count(chr(10)) - 1)} sets as CSV to {where}",
        file=sys.stderr if target is None else sys.stdout,
    )
    return 0


def cmd_family_agenda(args: argparse.Namespace, passwords: Passwords | None) -> int:
    """Every occurrence from --from to --to (both included) in the profile's zone:
    start, end, all day, title, member; as text columns or CSV."""
    import csv
    from datetime import date, datetime

    from dashboard_tui.family.services import FamilyService, parse_day

    first, last = parse_day(args.first, "from"), parse_day(args.last, "to")
    if last < first:
        raise CliError("--to is before --from", EXIT_USAGE)
    if (last - first).days > 3660:
        raise CliError("ask for at most ten years at a time", EXIT_USAGE)

    def stamp(value: datetime | date) -> str:
        return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value.isoformat()

    with _services(args, passwords) as ctx, _acting_user(args, ctx, email=args.email) as me:
        items = ctx.services(FamilyService).agenda(me, first, (last - first).days + 1)
    rows: list[list[str]] = []
    for item in items:
        end = item.end
        if item.all_day and isinstance(end, date) and not isinstance(end, datetime):
            end = date.fromordinal(end.toordinal() - 1)  # the last day, not the day after
        rows.append(
            [
                stamp(item.start),
                stamp(end),
                "yes" if item.all_day else "no",
                item.title,
                item.member,
            ]
        )
    if args.format == "csv":
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["start", "end", "all_day", "title", "member"])
        out.writerows([[_csv_cell(cell) for cell in row] for row in rows])
        return 0
    for start_, end_, all_day, title, member in rows:
        # Fixed-width times first, so the columns line up and `sort`/`grep` work.
        day = "all-day" if all_day == "yes" else "timed  "
        print(
            _safe(f"{start_:<16}  {end_:<16}  {day}  {title}" + (f"  ({member})" if member else ""))
        )
    return 0


def _csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would start a formula,
    and no control character reaches the file."""
    from dashboard_tui.kit.validation import spreadsheet_cell

    return spreadsheet_cell(_safe(text))


# -- errors ------------------------------------------------------------------------
def _loaded(module: str, name: str) -> type[BaseException] | None:
    """An exception class only if its module was imported: when it was not, nothing
    can have raised it, and importing it here would only cost time."""
    mod = sys.modules.get(module)
    return getattr(mod, name, None) if mod else None


def _is(exc: BaseException, module: str, name: str) -> bool:
    cls = _loaded(module, name)
    return cls is not None and isinstance(exc, cls)


def explain(exc: BaseException) -> tuple[list[str], int] | None:
    """Lines for stderr and the exit code, or None for an unexpected error."""
    if isinstance(exc, CliError):
        return [str(exc)], exc.code
    if _is(exc, "dashboard_tui.db.uow", "SessionEnded"):
        return [
            "the API key or login this command acts by stopped working meanwhile (revoked, "
            "ended, or its account disabled): nothing more was done"
        ], EXIT_FAILED
    if _is(exc, "dashboard_tui.kit.errors", "ValidationError"):
        errors = cast("ValidationError", exc).errors
        return [f"{field}: {message}" for field, message in errors.items()], EXIT_USAGE
    if _is(exc, "dashboard_tui.config", "ConfigError"):
        return list(cast("ConfigError", exc).problems), EXIT_USAGE
    for module, name, code in (
        ("dashboard_tui.db.engine", "DatabaseURLError", EXIT_USAGE),
        ("dashboard_tui.db.uow", "DatabaseUnavailable", EXIT_FAILED),
        # AuthError, PermissionDenied, NotFound: their message is meant for a person.
        ("dashboard_tui.kit.errors", "ServiceError", EXIT_FAILED),
    ):
        if _is(exc, module, name):
            return [str(exc)], code
    if _is(exc, "alembic.util.exc", "CommandError"):
        found = re.search(r"Can't locate revision identified by '([^']*)'", str(exc))
        if found:  # downgrade checks its target first, so this is the database's revision
            return [NEWER_SCHEMA.format(rev=found.group(1))], EXIT_FAILED
        return [f"migration failed: {exc}"], EXIT_FAILED
    if _is(exc, "sqlalchemy.exc", "DBAPIError"):
        orig = getattr(exc, "orig", None) or exc
        return [f"database error: {str(orig).strip().splitlines()[0][:300]}"], EXIT_FAILED
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return [f"{exc.strerror or exc}{where}"], EXIT_FAILED
    return None


def main(argv: Sequence[str] | None = None, *, passwords: Passwords | None = None) -> int:
    """`passwords` lets tests inject a cheap hasher; production uses argon2 defaults."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors: argparse already printed
        return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return args.func(args, passwords)
    except KeyboardInterrupt:
        print(file=sys.stderr)  # end the half-typed prompt line, then leave quietly
        return EXIT_INTERRUPTED
    except Exception as exc:
        explained = explain(exc)
        if explained is None:
            if os.environ.get("DASHBOARD_DEBUG") == "1":
                raise
            explained = (
                [
                    f"unexpected error: {type(exc).__name__}: {exc} "
                    "(DASHBOARD_DEBUG=1 shows the traceback)"
                ],
                EXIT_FAILED,
            )
        lines, code = explained
        for line in lines:
            print(f"{PROG}: {_safe(line)}", file=sys.stderr)
        return code
