"""Two worker processes on one database: both answer, races are decided by the database,
not by a process's memory, a removed user is refused by every worker, and nothing secret
reaches the server's log."""

from __future__ import annotations

import asyncio
import re
import sqlite3

import asyncpg
import httpx
import pytest

from tests.conftest import SECRET, run_cli
from tests.faults.test_soak import (
    PASSWORD,
    REGENCY,
    Server,
    migrated_sqlite,
    private_postgres,
    seed,
)

pytestmark = [pytest.mark.slow]


async def race_print_runs(server: Server) -> list[int]:
    """24 print runs of 10 blanks each, at once, against 100 on hand."""
    token = seed(server)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=server.base, timeout=30) as http:
        drained = await http.post("/api/v1/adjustments", headers=headers, json={
            "region": REGENCY, "quantity": -(1_000_000 - 100), "reason": "count_correction",
            "note": "leave 100"})
        assert drained.status_code == 201, drained.text
        answers = await asyncio.gather(*(
            http.post("/api/v1/print-runs", headers=headers, json={
                "region": REGENCY, "date": "2026-01-05", "printed": 10, "note": f"race-{i}"})
            for i in range(24)))
        stock = await http.get(f"/api/v1/stock/{REGENCY}", headers=headers)
    assert stock.json()["on_hand"] == 0
    return sorted(answer.status_code for answer in answers)


async def remove_user(database_url: str, username: str) -> None:
    """As an operator would, behind the app's back."""
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            connection.execute("DELETE FROM app_user WHERE username = ?", (username,))
        return
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute("DELETE FROM app_user WHERE username = $1", username)
    finally:
        await connection.close()


async def removed_user_refused_by_every_worker(server: Server, admin: dict[str, str]) -> None:
    """Every worker reads the token's user on every request: removing one is refused by
    both at once. A fresh connection per request lets either worker answer."""
    fresh = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=server.base, timeout=30, limits=fresh) as http:
        created = await http.post("/api/v1/users", headers=admin, json={
            "username": "leaving-head", "password": PASSWORD, "role": "provincial_head",
            "region": "31"})
        assert created.status_code == 201, created.text
        signed_in = await http.post("/api/v1/auth/token", json={
            "username": "leaving-head", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}

        async def statuses() -> set[int]:
            answers = await asyncio.gather(*(http.get("/api/v1/me", headers=headers)
                                             for _ in range(16)))
            return {answer.status_code for answer in answers}

        assert await statuses() == {200}
        await remove_user(server.database_url, "leaving-head")
        assert await statuses() == {401}


async def both_workers_answer(server: Server) -> None:
    """Each worker writes its process id on its access lines (`serve`'s log config): with a
    fresh connection per request, the lines name both workers, and only them."""
    assert server.log is not None
    fresh = httpx.Limits(max_keepalive_connections=0)
    answered: set[str] = set()
    async with httpx.AsyncClient(base_url=server.base, timeout=30, limits=fresh) as http:
        for _ in range(40):
            await asyncio.gather(*(http.get("/health") for _ in range(16)))
            await asyncio.sleep(0.05)
            answered = set(re.findall(r'\[(\d+)\] \S+ - "GET /health HTTP/1.1" 200',
                                      server.log.read_text()))
            if len(answered) == 2:
                break
    workers = set(re.findall(r"Started server process \[(\d+)\]", server.log.read_text()))
    assert len(workers) == 2
    assert answered == workers


async def check_across_workers(server: Server) -> None:
    server.start()
    try:
        await both_workers_answer(server)
        statuses = await race_print_runs(server)
        assert statuses == [201] * 10 + [409] * 14
        # A key used on one worker is known to the other: 8 tries, one effect.
        token = (await asyncio.to_thread(httpx.post, f"{server.base}/api/v1/auth/token",
                                         json={"username": "soak-admin",
                                               "password": PASSWORD})).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "once-only"}
        async with httpx.AsyncClient(base_url=server.base, timeout=30) as http:
            answers = await asyncio.gather(*(http.post("/api/v1/adjustments", headers=headers,
                json={"region": REGENCY, "quantity": 7, "reason": "found", "note": "once"})
                for _ in range(8)))
            stock = await http.get(f"/api/v1/stock/{REGENCY}", headers=headers)
        assert {a.status_code for a in answers} <= {201, 409}
        assert sum(a.status_code == 201 for a in answers) >= 1
        assert stock.json()["on_hand"] == 7
        await removed_user_refused_by_every_worker(server, {"Authorization": f"Bearer {token}"})
        assert run_cli("check", database_url=server.database_url, check=False).returncode == 0
    finally:
        server.stop()
    log = server.log.read_text() if server.log else ""
    assert "Started server process" in log  # the log is real, and holds no secret
    for secret in (SECRET, PASSWORD, token):
        assert secret not in log


async def test_two_workers_on_the_embedded_default(tmp_path):
    await check_across_workers(Server(migrated_sqlite(tmp_path), tmp_path))


@pytest.mark.postgres
async def test_two_workers_on_postgresql(tmp_path):
    with private_postgres() as cluster:
        await check_across_workers(Server(await cluster.migrated_database(), tmp_path))
