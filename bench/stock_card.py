#!/usr/bin/env python3
"""A stock card of one million movements in one region: how fast is one page of it?

    .venv/bin/python bench/stock_card.py                 # PostgreSQL, then SQLite
    .venv/bin/python bench/stock_card.py --movements 200000 --no-sqlite

For each engine (PostgreSQL: a fresh database `blanko_bench_card` on the local server;
SQLite: a file in a temporary directory): migrate, bulk-insert N movements for region 31.71
in SQL (generate_series / a recursive CTE; the balance row is set to match, so `check`
passes), start `blanko-tracker serve` (1 worker; its log in bench/results/), sign in, then
time sequential requests (after 5 warm-ups) of `GET /api/v1/stock/31.71/movements?limit=100`:

- keyset: `after_id` at the start, the middle and the end of the card (no count);
- offset: the same pages by `offset` (each also counts the whole card for `total`).

Output: a table on stdout (median and p95 in ms). The database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import asyncpg
import benchlib
import httpx

REGION = "31.71"

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


def measure(engine: str, url: str, movements: int, requests: int
            ) -> list[tuple[str, float, float]]:
    benchlib.create_user(url, "bench", role="admin", region="00")
    server = benchlib.start_server(url, log=benchlib.RESULTS / f"stock_card_{engine}_server.log")
    try:
        token = benchlib.sign_in(server.base_url, "bench")
        with httpx.Client(base_url=server.base_url, headers=benchlib.bearer(token),
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
        server.stop()


def postgres(movements: int, requests: int) -> list[tuple[str, float, float]]:
    name = "blanko_bench_card"
    url = benchlib.fresh_postgres(name)
    try:
        benchlib.migrate(url)
        started = time.perf_counter()
        asyncio.run(load_postgres(url, movements))
        print(f"postgres: {movements:,} movements loaded in {time.perf_counter() - started:.1f} s")
        return measure("postgresql", url, movements, requests)
    finally:
        benchlib.drop_postgres(name)


def sqlite(movements: int, requests: int) -> list[tuple[str, float, float]]:
    url = benchlib.fresh_sqlite()
    benchlib.migrate(url)
    started = time.perf_counter()
    load_sqlite(benchlib.sqlite_path(url), movements)
    print(f"sqlite: {movements:,} movements loaded in {time.perf_counter() - started:.1f} s")
    return measure("sqlite", url, movements, requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    benchlib.leave_nothing_behind()
    runs = []
    if not args.no_postgres:
        runs.append(("PostgreSQL", postgres(args.movements, args.requests)))
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
