#!/usr/bin/env python3
"""A stock card of one million movements in one region: how fast is one page of it?

    .venv/bin/python bench/stock_card.py                 # PostgreSQL, then SQLite
    .venv/bin/python bench/stock_card.py --movements 200000 --no-sqlite

For each engine (PostgreSQL: a fresh database `blanko_bench_card` on the local server;
SQLite: a file in a temporary directory): migrate, bulk-insert N movements for region 31.71
in SQL (generate_series / a recursive CTE; the balance row is set to match, so `check`
passes), start `blanko-tracker serve` (1 worker), sign in, then time sequential requests
(after 5 warm-ups) of `GET /api/v1/stock/31.71/movements?limit=100`:

- keyset: `after_id` at the start, the middle and the end of the card (no count);
- offset: the same pages by `offset` (each also counts the whole card for `total`).

Output: a table on stdout (median and p95 in ms). The database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
REGION = "31.71"
PASSWORD = "load-test-pw-2468"

INSERT_POSTGRES = """
INSERT INTO stock_movement (region, kind, quantity, balance_after, occurred_on, recorded_at,
                            reference, actor, note, reverses, reason)
SELECT $1, 'adjustment', 1, g, DATE '2020-01-01' + (g / 1000), now(), '', 'bench', '', NULL,
       'found'
FROM generate_series(1, $2) AS g
"""
INSERT_SQLITE = """
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ?)
INSERT INTO stock_movement (region, kind, quantity, balance_after, occurred_on, recorded_at,
                            reference, actor, note, reverses, reason)
SELECT ?, 'adjustment', 1, n, date('2020-01-01', '+' || (n / 1000) || ' days'),
       datetime('now'), '', 'bench', '', NULL, 'found' FROM g
"""
BALANCE = "INSERT INTO stock_balance (region, on_hand) VALUES ({}, {})"


def cli(*args: str, url: str) -> str:
    env = {**os.environ, "BLANKO_DATABASE_URL": url, "BLANKO_SECRET_KEY": "bench-" + "k" * 40}
    return subprocess.run([sys.executable, "-m", "blanko_tracker.cli", *args], env=env,
                          check=True, capture_output=True, text=True).stdout


async def load_postgres(url: str, movements: int) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(INSERT_POSTGRES, REGION, movements)
        await connection.execute(BALANCE.format("$1", "$2"), REGION, movements)
        await connection.execute("ANALYZE stock_movement")
    finally:
        await connection.close()


def load_sqlite(path: str, movements: int) -> None:
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute(INSERT_SQLITE, (movements, REGION))
        connection.execute(BALANCE.format("?", "?"), (REGION, movements))
        connection.execute("ANALYZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(http: httpx.Client, path: str, requests: int) -> tuple[float, float]:
    for _ in range(5):
        assert http.get(path).status_code == 200
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        answer = http.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.text
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def measure(url: str, movements: int, requests: int) -> list[tuple[str, float, float]]:
    cli("users", "create", "--username", "bench", "--password", PASSWORD, "--role", "admin",
        "--region", "00", url=url)
    port = free_port()
    env = {**os.environ, "BLANKO_DATABASE_URL": url, "BLANKO_SECRET_KEY": "bench-" + "k" * 40}
    server = subprocess.Popen([sys.executable, "-m", "blanko_tracker.cli", "serve", "--port",
                               str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        token = httpx.post(f"{base}/api/v1/auth/token", json={
            "username": "bench", "password": PASSWORD}).json()["access_token"]
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                          timeout=60) as http:
            first = http.get(f"/api/v1/stock/{REGION}/movements?limit=1").json()["items"][0]
            results = []
            for where, share in (("start", 0.0), ("middle", 0.5), ("end", 0.999)):
                skip = int(movements * share)
                results.append((f"keyset, {where}", *timed(
                    http, f"/api/v1/stock/{REGION}/movements?limit=100"
                          f"&after_id={first['id'] + skip - 1}", requests)))
                results.append((f"offset, {where}", *timed(
                    http, f"/api/v1/stock/{REGION}/movements?limit=100&offset={skip}",
                    max(5, requests // 5))))
            return results
    finally:
        server.terminate()
        server.wait(timeout=30)


async def postgres(movements: int, requests: int) -> list[tuple[str, float, float]]:
    name = "blanko_bench_card"
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    try:
        cli("migrate", url=url)
        started = time.perf_counter()
        await load_postgres(url, movements)
        print(f"postgres: {movements:,} movements loaded in {time.perf_counter() - started:.1f} s")
        return await asyncio.to_thread(measure, url, movements, requests)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def sqlite(movements: int, requests: int) -> list[tuple[str, float, float]]:
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/blanko.sqlite"
        url = f"sqlite:///{path}"
        cli("migrate", url=url)
        started = time.perf_counter()
        load_sqlite(path, movements)
        print(f"sqlite: {movements:,} movements loaded in {time.perf_counter() - started:.1f} s")
        return measure(url, movements, requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    runs = []
    if not args.no_postgres:
        runs.append(("PostgreSQL", asyncio.run(postgres(args.movements, args.requests))))
    if not args.no_sqlite:
        runs.append(("SQLite", sqlite(args.movements, args.requests)))
    print(f"\nGET /api/v1/stock/{REGION}/movements?limit=100 over HTTP, "
          f"{args.movements:,} movements in the region, sequential requests")
    print("| engine | page | median ms | p95 ms |\n|---|---|---|---|")
    for engine, results in runs:
        for page, median, p95 in results:
            print(f"| {engine} | {page} | {median:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
