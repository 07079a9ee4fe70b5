"""The print-run write path in one process, without HTTP sockets or wrk: CPU per request.

Drives the real ASGI app (JWT, middleware, the request's transaction, the service) with
`--concurrency` tasks on one event loop against a fresh PostgreSQL (or SQLite) database, and
reports wall time, process CPU time per request and SQL statements per request (counted by
wrapping asyncpg). `--profile out.txt` writes a cProfile summary of the timed part.

    .venv/bin/python bench/write_path.py                     # PostgreSQL, 2,000 print runs
    .venv/bin/python bench/write_path.py --requests 5000 --concurrency 16 --profile /tmp/p.txt
    .venv/bin/python bench/write_path.py --read               # GET /api/v1/stock/{code} instead
    .venv/bin/python bench/write_path.py --sqlite             # the embedded default

This measures the app's own cost, which is what wrk's req/s is made of once PostgreSQL has
spare CPU; `writes_wrk.sh` remains the benchmark of record.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import secrets
import time
from datetime import date
from pathlib import Path

import asyncpg
import benchlib
import msgspec

SECRET = "bench-secret-" + "x" * 40
REGIONS = benchlib.JAKARTA_REGENCIES


class StatementCounter:
    """Counts statements sent through asyncpg connections (fetch/execute/fetchrow/fetchval)."""

    def __init__(self) -> None:
        self.count = 0

    def install(self) -> None:
        counter = self
        for name in ("fetch", "execute", "fetchrow", "fetchval"):
            original = getattr(asyncpg.Connection, name)

            def wrapper(self, *args, __original=original, **kwargs):
                counter.count += 1
                return __original(self, *args, **kwargs)

            setattr(asyncpg.Connection, name, wrapper)


def postgres_cpu_seconds() -> float:
    """CPU time used so far by every process named `postgres` on this machine (Linux)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:]
        if name == "postgres":
            fields = rest.split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


async def _call(app, method: str, path: str, body: bytes, token: str | None
                ) -> tuple[int, bytes]:
    """One request straight into the ASGI app: its status and body."""
    status, answer, sent = 0, bytearray(), False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            answer.extend(message.get("body", b""))

    headers = [(b"host", b"bench"), (b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode())]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": b"", "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000),
        "headers": headers, "state": {},
    }
    await app(scope, receive, send)
    return status, bytes(answer)


async def main(args: argparse.Namespace) -> None:
    from blanko_tracker.api.app import create_app
    from blanko_tracker.db import engine as db_engine
    from blanko_tracker.settings import Settings

    if args.sqlite:
        url, name = benchlib.fresh_sqlite(), None
    else:
        name = f"blanko_write_path_{secrets.token_hex(3)}"
        url = benchlib.fresh_postgres(name)
    try:
        benchlib.migrate(url)
        benchlib.create_user(url, "bench", role="admin", region="00")
        settings = Settings(database_url=url, secret_key=SECRET, fast_password_hashing=True)
        engine = db_engine.make_engine(url)
        app = create_app(settings, engine=engine)
        await db_engine.open_pool(engine, settings.database_pool_size)
        counter = StatementCounter()
        counter.install()
        try:
            await _run(app, args, counter)
        finally:
            await db_engine.close_pool(engine)
    finally:
        if name:
            benchlib.drop_postgres(name)


async def _token(app) -> str:
    body = msgspec.json.encode({"username": "bench", "password": benchlib.PASSWORD})
    _, answer = await _call(app, "POST", "/api/v1/auth/token", body, None)
    return msgspec.json.decode(answer)["access_token"]


async def _run(app, args: argparse.Namespace, counter: StatementCounter) -> None:
    async with app.lifespan():
        token = await _token(app)
        today = date.today()
        for path, body in benchlib.seed_requests(REGIONS, today):
            status, _ = await _call(app, "POST", path, msgspec.json.encode(body), token)
            assert status < 300, (path, status)
        bodies = [msgspec.json.encode({"region": code, "date": today.isoformat(), "printed": 1,
                                       "note": "bench"}) for code in REGIONS]

        async def one(index: int) -> int:
            if args.read:
                return (await _call(app, "GET", f"/api/v1/stock/{REGIONS[index % 6]}", b"",
                                    token))[0]
            return (await _call(app, "POST", "/api/v1/print-runs", bodies[index % 6], token))[0]

        async def worker(start: int, count: int, statuses: list[int]) -> None:
            for index in range(start, start + count):
                statuses.append(await one(index))

        async def batch(count: int) -> list[int]:
            statuses: list[int] = []
            share = count // args.concurrency
            await asyncio.gather(*(worker(i * share, share, statuses)
                                   for i in range(args.concurrency)))
            return statuses

        await batch(args.concurrency * 20)  # warm-up: pool grown, statements prepared
        counter.count = 0
        profiler = cProfile.Profile() if args.profile else None
        wall, cpu, pg = time.perf_counter(), time.process_time(), postgres_cpu_seconds()
        if profiler:
            profiler.enable()
        statuses = await batch(args.requests)
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        pg = postgres_cpu_seconds() - pg
        done = len(statuses)
        bad = sum(1 for status in statuses if status >= 300)
        kind = "GET /stock/{code}" if args.read else "POST /print-runs"
        engine = "sqlite" if args.sqlite else "postgres"
        print(f"{kind} on {engine}: {done} requests, {bad} non-2xx, concurrency "
              f"{args.concurrency}")
        print(f"  wall {wall:.2f} s → {done / wall:.0f} req/s in one process")
        print(f"  app CPU {cpu * 1000 / done:.3f} ms per request "
              f"(ceiling ≈ {done / cpu:.0f} req/s per core)")
        print(f"  SQL statements per request: {counter.count / done:.2f}")
        if not args.sqlite:
            print(f"  PostgreSQL CPU {pg * 1000 / done:.3f} ms per request "
                  "(every postgres process on this machine)")
        if profiler:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("tottime").print_stats(40)
            stats.sort_stats("cumulative").print_stats(60)
            await asyncio.to_thread(Path(args.profile).write_text, out.getvalue())
            print(f"  profile: {args.profile}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--read", action="store_true", help="GET /api/v1/stock/{code}")
    parser.add_argument("--sqlite", action="store_true", help="the embedded default instead")
    parser.add_argument("--profile", help="write a cProfile summary here")
    arguments = parser.parse_args()
    benchlib.leave_nothing_behind()
    try:
        import uvloop
        uvloop.install()
    except ImportError:
        pass
    asyncio.run(main(arguments))
