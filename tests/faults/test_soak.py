"""Faults under load: mixed writes at two worker processes; the server is SIGKILLed mid-load
and restarted, and (PostgreSQL) the database server is restarted once mid-load. Afterwards:

- every acknowledged write is present exactly once, every refused one absent;
- no write is half-present (a print run has all of its movements, or does not exist);
- retrying every unanswered request with its Idempotency-Key has exactly one effect, and
  retrying answered ones replays the first answer;
- on-hand equals the opening stock plus the effects, and `check` passes.

PostgreSQL here is a private cluster (initdb in a temporary directory, its own port) so that
restarting it cannot disturb anything else; the embedded default is a SQLite file. Bounded:
a few hundred requests per phase, loopback only.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import SECRET, free_port, run_cli, wait_until_serving

pytestmark = [pytest.mark.slow, pytest.mark.faults]

REGENCY = "31.71"
OPENING_STOCK = 1_000_000
CONCURRENCY = 8
PASSWORD = "soak-password-1234"


# --- a private PostgreSQL --------------------------------------------------------------------

def _pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not versions:
        pytest.skip("PostgreSQL server binaries are not installed")
    return versions[-1].parent


def _as_postgres(*args: str) -> None:
    command = list(args)
    if os.geteuid() == 0:  # the server refuses to run as root
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@dataclass
class PrivateCluster:
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, *args: str) -> None:
        _as_postgres(str(_pg_bin() / "pg_ctl"), "-D", str(self.directory / "data"), "-w",
                     "-l", str(self.directory / "log"), *args)

    def start(self) -> None:
        self.pg_ctl("-o", f"-p {self.port} -k {self.directory} "
                          "-c listen_addresses=127.0.0.1", "start")

    def restart(self) -> None:
        self.pg_ctl("-m", "fast", "restart")

    async def migrated_database(self) -> str:
        """A database `blanko` in this cluster, migrated; its URL."""
        connection = await asyncpg.connect(self.url)
        try:
            await connection.execute("CREATE DATABASE blanko")
        finally:
            await connection.close()
        url = self.url.rsplit("/", 1)[0] + "/blanko"
        run_cli("migrate", database_url=url)
        return url


def migrated_sqlite(folder: Path) -> str:
    url = f"sqlite:///{folder / 'blanko.sqlite'}"
    run_cli("migrate", database_url=url)
    return url


@contextmanager
def private_postgres() -> Iterator[PrivateCluster]:
    directory = Path(tempfile.mkdtemp(prefix="blanko-soak-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    cluster = PrivateCluster(directory, free_port())
    _as_postgres(str(_pg_bin() / "initdb"), "-D", str(directory / "data"), "-A", "trust",
                 "-U", "postgres", "--no-sync")
    cluster.start()
    try:
        yield cluster
    finally:
        try:
            cluster.pg_ctl("-m", "immediate", "stop")
        finally:
            shutil.rmtree(directory, ignore_errors=True)


# --- the served app ---------------------------------------------------------------------------

@dataclass
class Server:
    database_url: str
    data_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log: Path | None = None  # the server's own output, kept for reading

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "BLANKO_DATABASE_URL": self.database_url,
               "BLANKO_SECRET_KEY": SECRET, "BLANKO_DATA_DIR": str(self.data_dir),
               "BLANKO_FAST_PASSWORD_HASHING": "1"}
        self.log = self.data_dir / f"server-{self.port}.log"
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "blanko_tracker.cli", "serve", "--workers", "2",
                 "--port", str(self.port)],
                env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        wait_until_serving(self.base, self.process, self.log)

    def kill(self) -> None:
        """SIGKILL the whole process group: the supervisor and every worker, no goodbyes."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


# --- the load -----------------------------------------------------------------------------------

@dataclass
class Write:
    key: str
    path: str
    body: dict[str, Any]
    effect: int  # on-hand change if it takes effect
    table: str  # where its one row lands, found by note == key
    status: int | None = None  # None: never answered (or 5xx): outcome unknown


@dataclass
class Load:
    token: str
    writes: dict[str, Write] = field(default_factory=dict)
    numbers: Iterator[int] = field(default_factory=itertools.count)
    rng: random.Random = field(default_factory=lambda: random.Random(9457))

    def next_write(self) -> Write:
        key = f"soak-{next(self.numbers)}"
        if self.rng.random() < 0.5:
            quantity = self.rng.choice([-3, -1, 2, 5])
            write = Write(key, "/api/v1/adjustments", {
                "region": REGENCY, "quantity": quantity, "reason": "count_correction",
                "note": key}, quantity, "stock_movement")
        else:
            printed, spoiled = self.rng.randint(1, 4), self.rng.choice([0, 0, 1])
            write = Write(key, "/api/v1/print-runs", {
                "region": REGENCY, "date": date.today().isoformat(), "printed": printed,
                "spoiled": spoiled, "note": key}, -(printed + spoiled), "print_run")
        self.writes[key] = write
        return write

    async def send(self, http: httpx.AsyncClient, write: Write) -> httpx.Response | None:
        try:
            response = await http.post(write.path, json=write.body, headers={
                "Authorization": f"Bearer {self.token}", "Idempotency-Key": write.key})
        except httpx.HTTPError:
            return None
        if response.status_code < 500:
            write.status = response.status_code
        return response

    async def run(self, base: str, *, acknowledged: int,
                  fault: Any = None) -> None:
        """Writes from CONCURRENCY clients until `acknowledged` more answers came back; then
        `fault()` strikes while requests are still in flight, and the load stops."""
        done = asyncio.Event()
        target = sum(1 for w in self.writes.values() if w.status) + acknowledged

        async def client() -> None:
            async with httpx.AsyncClient(base_url=base, timeout=10) as http:
                while not done.is_set():
                    await self.send(http, self.next_write())
                    if sum(1 for w in self.writes.values() if w.status) >= target:
                        done.set()

        tasks = [asyncio.create_task(client()) for _ in range(CONCURRENCY)]
        await done.wait()
        if fault is not None:
            await asyncio.to_thread(fault)
        await asyncio.gather(*tasks, return_exceptions=True)


def sign_in(base: str) -> str:
    answer = httpx.post(f"{base}/api/v1/auth/token",
                        json={"username": "soak-admin", "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def seed(server: Server) -> str:
    run_cli("users", "create", "--username", "soak-admin", "--password", PASSWORD,
            "--role", "admin", "--region", "00", database_url=server.database_url)
    token = sign_in(server.base)
    answer = httpx.post(f"{server.base}/api/v1/adjustments", json={
        "region": REGENCY, "quantity": OPENING_STOCK, "reason": "count_correction",
        "note": "opening stock"}, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 201, answer.text
    return token


async def retry_until_answered(load: Load, base: str) -> None:
    """Every write whose outcome is unknown, again with its key, until it is answered."""
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        for write in [w for w in load.writes.values() if w.status is None]:
            for _ in range(20):
                if await load.send(http, write) is not None and write.status is not None:
                    break
                await asyncio.sleep(0.5)
            assert write.status is not None, f"{write.key} never answered"
        for write in [w for w in load.writes.values() if w.status and w.status < 300][:25]:
            first = write.status
            replay = await load.send(http, write)
            assert replay is not None and replay.status_code == first
            assert replay.headers.get("idempotent-replayed") == "true"


# --- what must hold afterwards ------------------------------------------------------------------

async def rows(database_url: str, sql: str) -> list[tuple]:
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            return connection.execute(sql).fetchall()
    connection = await asyncpg.connect(database_url)
    try:
        return [tuple(r) for r in await connection.fetch(sql)]
    finally:
        await connection.close()


async def assert_invariants(load: Load, database_url: str) -> None:
    effects: dict[str, int] = {}
    for table in ("stock_movement", "print_run"):
        for note, count in await rows(database_url, f"SELECT note, COUNT(*) FROM {table} "
                                                    "WHERE note LIKE 'soak-%' GROUP BY note"):
            effects[note] = effects.get(note, 0) + count
    for write in load.writes.values():
        expected = 1 if write.status is not None and write.status < 300 else 0
        assert effects.get(write.key, 0) == expected, (write.key, write.status)
    half_done = await rows(database_url, """
        SELECT r.id FROM print_run r WHERE NOT EXISTS (
            SELECT 1 FROM stock_movement m WHERE m.reference = 'print_run:' || r.id)
        OR NOT EXISTS (SELECT 1 FROM print_debt_entry e WHERE e.reference = 'print_run:' || r.id)
    """)
    assert half_done == []
    (on_hand,), = await rows(database_url,
                             f"SELECT on_hand FROM stock_balance WHERE region = '{REGENCY}'")
    assert on_hand == OPENING_STOCK + sum(
        w.effect for w in load.writes.values() if w.status is not None and w.status < 300)
    assert run_cli("check", database_url=database_url, check=False).returncode == 0


async def soak(server: Server, *, restart_database: Any = None) -> Load:
    server.start()
    try:
        load = Load(token=seed(server))
        await load.run(server.base, acknowledged=150, fault=server.kill)
        assert any(w.status is None for w in load.writes.values()), "nothing was in flight"
        server.start()
        if restart_database is not None:
            await load.run(server.base, acknowledged=100, fault=restart_database)
            await load.run(server.base, acknowledged=100)
        await retry_until_answered(load, server.base)
        await assert_invariants(load, server.database_url)
        return load
    finally:
        server.stop()


async def test_soak_on_the_embedded_default(tmp_path):
    load = await soak(Server(migrated_sqlite(tmp_path), tmp_path))
    assert len(load.writes) >= 150


@pytest.mark.postgres
async def test_soak_on_postgresql_with_a_database_restart(tmp_path):
    with private_postgres() as cluster:
        url = await cluster.migrated_database()
        load = await soak(Server(url, tmp_path), restart_database=cluster.restart)
        assert len(load.writes) >= 350
