"""The `blanko-tracker` command line: serve, migrate, users, demo, check.

The database comes from BLANKO_DATABASE_URL (`postgresql://…` or `sqlite:///path`); unset, the
embedded SQLite default in the user's data directory is used. Refusals print the problem's
detail and exit 1.
"""

from __future__ import annotations

import asyncio
import copy
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

import click
import msgspec

from blanko_tracker.domain.access import Role
from blanko_tracker.domain.errors import BlankoError
from blanko_tracker.domain.imports import InvalidRows
from blanko_tracker.settings import Settings

T = TypeVar("T")


def run_with_database(settings: Settings, action: Callable[[], Awaitable[T]]) -> T:
    """Run one async action against the configured database; domain refusals exit 1."""
    from blanko_tracker.db.engine import connected

    async def main() -> T:
        async with connected(settings.database_url, settings.database_pool_size):
            return await action()

    try:
        return asyncio.run(main())
    except InvalidRows:
        raise  # the import command lists every bad row itself
    except BlankoError as error:
        click.echo(f"refused ({error.code}): {error.detail}", err=True)
        sys.exit(1)


@click.group()
def main() -> None:
    """blanko-tracker: blank KTP-el cards, from the ministry to the print station."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="worker processes sharing the database")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="a line per request on stdout (off behind a proxy that logs requests)")
def serve(host: str, port: int, workers: int, access_log: bool) -> None:
    """Serve the API (migrating the embedded default database first if needed)."""
    import uvicorn

    from blanko_tracker.db.migrate import migrate

    settings = Settings.from_env()
    if settings.is_sqlite:
        migrate(settings.database_url)
    else:
        _check_connection_budget(settings, workers)
    # Workers build their own app from the environment: hand them the same database and key.
    os.environ["BLANKO_DATABASE_URL"] = settings.database_url
    os.environ["BLANKO_SECRET_KEY"] = settings.secret_key
    uvicorn.run("blanko_tracker.api.app:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level="info", proxy_headers=False, access_log=access_log,
                log_config=_log_config())


def _log_config() -> dict[str, Any]:
    """uvicorn's logging, with the worker's process id on each access line: with several
    workers, an operator can tell which one answered a request."""
    import uvicorn.config

    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["formatters"]["access"]["fmt"] = (
        '%(levelprefix)s [%(process)d] %(client_addr)s - "%(request_line)s" %(status_code)s')
    return config


def _check_connection_budget(settings: Settings, workers: int) -> None:
    import asyncpg

    try:  # one connection is enough to ask
        available = run_with_database(msgspec.structs.replace(settings, database_pool_size=1),
                                      _available_connections)
    except (OSError, asyncpg.PostgresError) as error:  # not up yet: /health will say so
        click.echo(f"note: PostgreSQL's max_connections not checked: {error}", err=True)
        return
    if warning := connection_budget_warning(workers, settings.database_pool_size, available):
        click.echo(warning, err=True)


async def _available_connections() -> int | None:
    from blanko_tracker.db.engine import current, max_connections

    return await max_connections(current())


def connection_budget_warning(workers: int, pool_size: int, available: int | None
                              ) -> str | None:
    """Said when the workers' pools together could ask PostgreSQL for more connections than
    it accepts: under load, requests would then fail with "too many clients"."""
    wanted = workers * pool_size
    if available is None or wanted <= available:
        return None
    return (f"warning: {workers} workers × BLANKO_DATABASE_POOL_SIZE {pool_size} = {wanted} "
            f"connections, but PostgreSQL accepts {available} (max_connections less the "
            "superuser slots); lower --workers or BLANKO_DATABASE_POOL_SIZE, or raise "
            "max_connections")


@main.command("migrate")
def migrate_command() -> None:
    """Apply the migrations to the configured database."""
    from blanko_tracker.db.migrate import migrate

    settings = Settings.from_env()
    migrate(settings.database_url)
    click.echo("database is up to date")


@main.group()
def users() -> None:
    """Manage users."""


@users.command("create")
@click.option("--username", required=True)
@click.option("--password", required=True, help="at least 10 characters")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--region", required=True, help="Kemendagri code; 00 is the nation")
def create_user_command(username: str, password: str, role: str, region: str) -> None:
    """Create a user with one role and one region."""
    import msgspec

    from blanko_tracker.schemas import CreateUser
    from blanko_tracker.services.users import create_user

    try:
        cmd = msgspec.convert(
            {"username": username, "password": password, "role": role, "region": region},
            CreateUser,
        )
    except msgspec.ValidationError as error:
        raise click.BadParameter(str(error)) from error
    user = run_with_database(Settings.from_env(), lambda: create_user(cmd, actor=None))
    click.echo(f"created user {user.username} ({user.role.value} at {user.region}), id {user.id}")


@main.command()
def demo() -> None:
    """Load the demo data set (the real figures of DESIGN.md) into the configured database."""
    from blanko_tracker.demo import load_demo

    settings = Settings.from_env()
    if settings.is_sqlite:
        from blanko_tracker.db.migrate import migrate

        migrate(settings.database_url)
    report = run_with_database(settings, load_demo)
    click.echo(report)


@main.command("import")
@click.argument("kind", type=click.Choice(["indicators", "print_debt", "suket"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="check every row, write nothing")
def import_command(kind: str, file: str, dry_run: bool) -> None:
    """Import an office spreadsheet (.xlsx or .csv, header row), all or nothing."""
    from pathlib import Path

    from blanko_tracker.services.imports import import_file

    path = Path(file)
    with click.progressbar(length=_rows_estimate(path.name, file) * (1 if dry_run else 2),
                           label=f"{'checking' if dry_run else 'importing'} {path.name}",
                           file=sys.stderr) as bar, path.open("rb") as content:
        try:
            result = run_with_database(
                Settings.from_env(),
                lambda: import_file(kind, path.name, content, actor=None, dry_run=dry_run,
                                    progress=bar.update),
            )
        except InvalidRows as refused:
            click.echo(f"\nrefused: {refused.detail}", err=True)
            for error in refused.errors[:50]:
                click.echo(f"  row {error['row']}, {error['column']}: {error['message']}",
                           err=True)
            if refused.error_count > 50:
                click.echo(f"  … and {refused.error_count - 50:,} more", err=True)
            sys.exit(1)
    verb = "checked, nothing written (dry run)" if dry_run else "imported"
    click.echo(f"{result['rows']:,} rows {verb}: {result['imported']:,} {kind} rows written")


def _rows_estimate(name: str, file: str) -> int:
    """The progress bar's length: a CSV's lines (counted without holding the file), at
    most an import's rows; an .xlsx says nothing of its rows before it is read."""
    from blanko_tracker.domain.imports import MAX_ROWS

    if not name.lower().endswith(".csv"):
        return MAX_ROWS
    lines = 0
    with open(file, "rb") as content:
        while lines <= MAX_ROWS and (chunk := content.read(1024 * 1024)):
            lines += chunk.count(b"\n")
    return max(1, min(lines, MAX_ROWS))


@main.command()
def purge() -> None:
    """Drop what has expired: stored Idempotency-Key answers past their time, failed sign-ins
    past the throttle's window, ended browser sessions (each worker also does it every 10
    minutes)."""
    from blanko_tracker.services.housekeeping import purge_expired

    settings = Settings.from_env()
    ttl = timedelta(seconds=settings.idempotency_ttl_seconds)
    purged = run_with_database(settings, lambda: purge_expired(idempotency_ttl=ttl))
    click.echo(f"purged: {purged.idempotency_records} idempotency records, "
               f"{purged.login_failures} failed sign-ins, {purged.browser_sessions} sessions")


@main.command()
def check() -> None:
    """Prove every stored balance equals the sum of its ledger, and every regency's current
    print debt equals its latest day; exit 1 on any mismatch."""
    from blanko_tracker.db import print_debt, stock
    from blanko_tracker.db.print_debt import DebtMismatch
    from blanko_tracker.db.stock import LedgerMismatch

    async def compare() -> tuple[list[LedgerMismatch], int, list[DebtMismatch], int]:
        return (await stock.ledger_mismatches(), await stock.region_count(),
                await print_debt.latest_mismatches(), await print_debt.regency_count())

    mismatches, regions, debts, regencies = run_with_database(Settings.from_env(), compare)
    for row in mismatches:
        stored = "no balance row" if row.stored is None else row.stored
        click.echo(f"MISMATCH {row.region}: stored {stored}, ledger {row.ledger}", err=True)
    for debt in debts:
        click.echo(f"MISMATCH print debt {debt.region}: {debt.pending} as of {debt.as_of}, "
                   f"latest day {debt.day}: {debt.day_pending}", err=True)
    if mismatches:
        click.echo(f"{len(mismatches)} of {regions} balances disagree with their ledger", err=True)
    if debts:
        click.echo(f"{len(debts)} of {regencies} print debts disagree with their latest day",
                   err=True)
    if mismatches or debts:
        sys.exit(1)
    click.echo(f"ok: all {regions} balances equal the sum of their ledgers")
    click.echo(f"ok: all {regencies} print debts equal their latest day")


if __name__ == "__main__":
    main()
