"""Real databases for every test that needs one: SQLite and PostgreSQL, the same tests.

- SQLite: migrated once per session into a template file; each test gets a fresh copy.
- PostgreSQL: a fresh database per test run (created here, dropped at the end), migrated
  once; tables are emptied after each test (regions stay). Tests are not wrapped in a
  rolled-back transaction: Piccolo makes nested transactions no-ops, so a half-failed service
  would look atomic when it is not.

PostgreSQL is found at BLANKO_TEST_POSTGRES_URL (default: the local server as `postgres`).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from piccolo.engine.base import Engine

from blanko_tracker.api.app import create_app
from blanko_tracker.db import engine as db_engine
from blanko_tracker.db.tables import TABLES, Region
from blanko_tracker.services import auth
from blanko_tracker.settings import Settings

POSTGRES_ADMIN_URL = os.environ.get(
    "BLANKO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
SECRET = "test-secret-key-" + "x" * 32

auth.use_fast_hashing()


def run_cli(*args: str, database_url: str, check: bool = True) -> subprocess.CompletedProcess:
    """The real `blanko-tracker` command, against `database_url`."""
    env = {**os.environ, "BLANKO_DATABASE_URL": database_url, "BLANKO_SECRET_KEY": SECRET,
           "BLANKO_FAST_PASSWORD_HASHING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "blanko_tracker.cli", *args], env=env, capture_output=True,
        text=True, check=check, timeout=300,
    )


@dataclass(frozen=True)
class Database:
    kind: str  # "sqlite" | "postgres"
    url: str
    engine: Engine

    def settings(self) -> Settings:
        return Settings(database_url=self.url, secret_key=SECRET, fast_password_hashing=True)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "blanko.sqlite"
    run_cli("migrate", database_url=f"sqlite:///{path}")
    return path


def _postgres_url(database: str) -> str:
    base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
    return f"{base}/{database}"


def run_sync(coroutine: Any) -> Any:
    """Run a coroutine to completion from sync code, even while a loop runs in this thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh, migrated database for this run; dropped afterwards."""
    name = f"blanko_test_{os.getpid()}_{secrets.token_hex(3)}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    run_sync(admin(f'CREATE DATABASE "{name}"'))
    url = _postgres_url(name)
    run_cli("migrate", database_url=url)
    yield url
    run_sync(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


EMPTIED = [table._meta.tablename for table in TABLES if table is not Region]


async def _empty_postgres(url: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        # TRUNCATE fires no row triggers, so the append-only ledger can be emptied between tests.
        await connection.execute(f"TRUNCATE {', '.join(EMPTIED)} RESTART IDENTITY")
    finally:
        await connection.close()


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(folder: Path, *options: str) -> Iterator[str]:
    """`blanko-tracker serve` on a fresh SQLite file in `folder` (migrated by `serve`); its
    base URL while the block runs."""
    env = {**os.environ, "BLANKO_DATABASE_URL": f"sqlite:///{folder / 'blanko.sqlite'}",
           "BLANKO_SECRET_KEY": SECRET, "BLANKO_DATA_DIR": str(folder),
           "BLANKO_FAST_PASSWORD_HASHING": "1"}
    port, log = free_port(), folder / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "blanko_tracker.cli", "serve",
                                    "--port", str(port), *options], env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_serving(base_url: str, process: subprocess.Popen, log: Path,
                       seconds: float = 60) -> None:
    """Poll /health until the served app answers; fail with its log if it exits or never
    does (a `blanko-tracker serve` started by a test)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"blanko-tracker serve exited {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"blanko-tracker serve did not answer within {seconds:.0f} s:\n"
                f"{log.read_text()}")


def fresh_database_url(request: pytest.FixtureRequest, folder: Path) -> str:
    """A migrated, empty database of the kind `request.param` names: a copy of the SQLite
    template in `folder`, or this run's PostgreSQL database emptied."""
    if request.param == "sqlite":
        path = folder / "blanko.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_database")
    run_sync(_empty_postgres(url))
    return url


@pytest.fixture(params=["sqlite", "postgres"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database of each kind, with every table bound to it."""
    url = fresh_database_url(request, tmp_path)
    async with db_engine.connected(url) as engine:
        yield Database(request.param, url, engine)


@pytest.fixture
async def client(database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The whole app over a real ASGI client (httpx), on the test's database.

    The app runs in the test's event loop and is handed the test's engine, whose pool belongs
    to that loop (Litestar's AsyncTestClient would run the app in a thread of its own).
    """
    app = create_app(database.settings(), engine=database.engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests go last: Playwright's sync API keeps an event loop running in the main
    thread while its (session-wide) browser lives, and no asyncio test can run after that
    starts. A test is a browser test when it needs the browser, marked or not. The sort is
    stable, so every other order is kept."""
    def needs_browser(item: pytest.Item) -> bool:
        return (item.get_closest_marker("browser") is not None
                or "chromium" in getattr(item, "fixturenames", ()))

    items.sort(key=needs_browser)
