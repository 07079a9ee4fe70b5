"""Print runs written in groups (services/printing.py over services/grouping.py), on both
engines: each run of a group is decided on what the runs before it left, a refused run writes
nothing, a run that fails in the database fails alone, and a keyed run's answer is kept with
it, or the run is not written when another process took its key first."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import msgspec
import pytest

from blanko_tracker.db import idempotency, print_debt, print_runs, stock
from blanko_tracker.db.idempotency import RequestKey
from blanko_tracker.db.tables import IdempotencyRecord, PrintDebtDay, PrintRun, StockMovement
from blanko_tracker.domain.errors import IdempotencyKeyReused, InsufficientStock
from blanko_tracker.domain.ledger import SpoiledReason
from blanko_tracker.schemas import RecordPrintRun, RecordRecordings
from blanko_tracker.services import printing
from tests.builders import given_admin, given_stock
from tests.services.test_print_debt import REGENCY, replayed_days, run, stored_days

TTL = timedelta(hours=24)


def printed(region: str, count: int, *, spoiled: int = 0, note: str = "", day: int = 2
            ) -> RecordPrintRun:
    return RecordPrintRun(region=region, date=date(2026, 3, day), printed=count, spoiled=spoiled,
                          note=note,
                          spoiled_reason=SpoiledReason.PRINT_FAILURE if spoiled else None)


@pytest.fixture
def group_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every group written while the test runs."""
    sizes: list[int] = []
    write = printing.print_run_groups._handle

    async def counted(orders: list[Any]) -> list[Any]:
        sizes.append(len(orders))
        return await write(orders)

    monkeypatch.setattr(printing.print_run_groups, "_handle", counted)
    return sizes


async def test_each_run_of_a_group_is_decided_on_what_the_runs_before_it_left(
    database, group_sizes
):
    admin = await given_admin()
    await given_stock("31.71", 10)
    await given_stock("31.72", 100)
    orders = [printed("31.71", 4), printed("31.72", 5), printed("31.71", 4),
              printed("31.71", 4), printed("31.71", 0, spoiled=2), printed("31.72", 6, day=3)]

    outcomes = await asyncio.gather(
        *[printing.record_print_run(order, actor=admin) for order in orders],
        return_exceptions=True)

    assert group_sizes == [6]  # submitted together: one transaction
    assert isinstance(outcomes[3], InsufficientStock)  # 10 - 4 - 4 leaves 2, not 4
    assert [o["printed"] for i, o in enumerate(outcomes) if i != 3] == [4, 5, 4, 0, 6]
    assert await stock.on_hand("31.71") == 0 and await stock.on_hand("31.72") == 89
    assert await PrintRun.count() == 5
    card = await StockMovement.select(StockMovement.region, StockMovement.quantity,
                                      StockMovement.balance_after).order_by(StockMovement.id)
    assert [tuple(row.values()) for row in card[2:]] == [
        ("31.71", -4, 6), ("31.72", -5, 95), ("31.71", -4, 2), ("31.71", -2, 0),
        ("31.72", -6, 89)]
    days = await PrintDebtDay.select(PrintDebtDay.region, PrintDebtDay.day,
                                     PrintDebtDay.printed).order_by(PrintDebtDay.id)
    assert [(r["region"], print_debt._as_date(r["day"]), r["printed"]) for r in days] == [
        ("31.71", date(2026, 3, 2), 8), ("31.72", date(2026, 3, 2), 5),
        ("31.72", date(2026, 3, 3), 6)]
    assert await stock.ledger_mismatches() == []
    assert await print_debt.latest_mismatches() == []


async def test_a_back_dated_run_in_a_group_leaves_the_days_a_replay_would_give(
    database, group_sizes
):
    admin = await given_admin()
    await given_stock(REGENCY, 1_000)
    await printing.record_recordings(
        REGENCY, RecordRecordings(date=date(2026, 3, 1), count=300), actor=admin)
    await printing.record_print_run(run(4, 10), actor=admin)

    await asyncio.gather(*[printing.record_print_run(order, actor=admin)
                           for order in (run(4, 7), run(2, 5), run(4, 3), run(3, 1))])

    assert group_sizes == [1, 4]
    assert await stored_days() == await replayed_days()
    assert (await stored_days())[-1] == (date(2026, 3, 4), 0, 20, 274)
    assert await print_debt.latest_mismatches() == []
    assert await stock.on_hand(REGENCY) == 1_000 - 26


async def test_a_run_that_fails_in_the_database_fails_alone(database, group_sizes, monkeypatch):
    admin = await given_admin()
    await given_stock("31.71", 50)
    record_all = print_runs.record_all

    async def failing(group: list[print_runs.PrintRunRows]) -> list[dict[str, Any]]:
        stored = await record_all(group)  # written, then the transaction fails
        if any(written.run["note"] == "boom" for written in group):
            raise asyncpg.exceptions.CheckViolationError("a constraint refused the row")
        return stored

    monkeypatch.setattr(print_runs, "record_all", failing)
    orders = [printed("31.71", 1, note="a"), printed("31.71", 2, note="boom"),
              printed("31.71", 3, note="c")]

    outcomes = await asyncio.gather(
        *[printing.record_print_run(order, actor=admin) for order in orders],
        return_exceptions=True)

    assert group_sizes == [3]  # rolled back whole, then retried one transaction each
    assert isinstance(outcomes[1], asyncpg.exceptions.CheckViolationError)
    assert [outcomes[0]["note"], outcomes[2]["note"]] == ["a", "c"]
    notes = [row["note"] for row in await PrintRun.select(PrintRun.note).order_by(PrintRun.id)]
    assert notes == ["a", "c"]
    assert await stock.on_hand("31.71") == 46
    assert await stock.ledger_mismatches() == []


def keyed(key: str, order: RecordPrintRun) -> RequestKey:
    return RequestKey(f"1:{key}", hashlib.sha256(msgspec.json.encode(order)).hexdigest(), TTL)


def answer(run: dict[str, Any]) -> bytes:
    return msgspec.json.encode({"id": run["id"], "printed": run["printed"]})


async def test_twins_in_one_group_take_effect_once_and_get_one_answer(database, group_sizes):
    admin = await given_admin()
    await given_stock("31.71", 10)
    order = printed("31.71", 3)

    outcomes = await asyncio.gather(*[
        printing.record_keyed_print_run(order, actor=admin, key=keyed("twin", order),
                                        answer=answer)
        for _ in range(3)])

    assert group_sizes == [3, 2]  # the twins wait for the first's answer
    recorded = [o for o in outcomes if isinstance(o, printing.Recorded)]
    replayed = [o for o in outcomes if isinstance(o, printing.Replayed)]
    assert len(recorded) == 1 and len(replayed) == 2
    assert {o.body for o in replayed} == {recorded[0].answer}
    assert await PrintRun.count() == 1 and await stock.on_hand("31.71") == 7


async def test_a_key_with_another_request_is_refused_without_writing(database):
    admin = await given_admin()
    await given_stock("31.71", 10)
    first, other = printed("31.71", 3), printed("31.71", 4)
    await printing.record_keyed_print_run(first, actor=admin, key=keyed("k", first),
                                          answer=answer)

    with pytest.raises(IdempotencyKeyReused):
        await printing.record_keyed_print_run(
            other, actor=admin, key=RequestKey("1:k", keyed("k", other).fingerprint, TTL),
            answer=answer)

    assert await PrintRun.count() == 1 and await stock.on_hand("31.71") == 7


async def test_a_run_whose_key_another_process_keeps_first_is_not_written(database):
    """Another worker's transaction holds the same key uncommitted when the group takes its
    keys: the group waits for it and loses the key, so the run is not written; the caller
    gets the other's answer."""
    if database.kind != "postgres":
        pytest.skip("SQLite has one writer at a time: no other process can hold a key open")
    admin = await given_admin()
    await given_stock("31.71", 10)
    order = printed("31.71", 3)
    key = keyed("raced", order)
    other = await asyncpg.connect(database.url)
    try:
        holding = other.transaction()
        await holding.start()
        await other.execute(
            "INSERT INTO idempotency_record (scope_key, fingerprint, status_code, content_type,"
            " body, created_at) VALUES ($1, $2, 201, 'application/json', $3, $4)",
            key.scope_key, key.fingerprint, b'{"theirs": true}', datetime.now(UTC))
        recording = asyncio.create_task(printing.record_keyed_print_run(
            order, actor=admin, key=key, answer=answer))
        await until_a_lock_is_awaited(database.url)
        await holding.commit()
        outcome = await recording
    finally:
        await other.close()

    assert outcome == printing.Replayed(201, "application/json", b'{"theirs": true}')
    assert await PrintRun.count() == 0 and await stock.on_hand("31.71") == 10
    assert await StockMovement.count() == 1  # the given stock only
    assert await IdempotencyRecord.count() == 1


async def until_a_lock_is_awaited(url: str) -> None:
    """Until a session of this database waits for a lock (a group's claim on a key, a purge's
    delete of it)."""
    watcher = await asyncpg.connect(url)
    try:
        for _ in range(200):
            waiting = await watcher.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock'")
            if waiting:
                return
            await asyncio.sleep(0.025)
        raise AssertionError("no session waited for a lock")
    finally:
        await watcher.close()


async def test_an_expired_key_is_taken_anew(database):
    admin = await given_admin()
    await given_stock("31.71", 10)
    order = printed("31.71", 3)
    key = keyed("old", order)
    await idempotency.claim(scope_key=key.scope_key, fingerprint="long ago", status_code=201,
                            content_type="application/json", body=b"{}",
                            now=datetime(2020, 1, 1, tzinfo=UTC))

    outcome = await printing.record_keyed_print_run(order, actor=admin, key=key, answer=answer)

    assert isinstance(outcome, printing.Recorded)
    assert await stock.on_hand("31.71") == 7


async def test_one_key_with_two_requests_in_a_group_keeps_the_first_and_refuses_the_other(
    database, group_sizes
):
    admin = await given_admin()
    await given_stock("31.71", 10)
    first, other = printed("31.71", 3), printed("31.71", 4)
    shared = keyed("one-of-two", first).scope_key

    outcomes = await asyncio.gather(*[
        printing.record_keyed_print_run(
            order, actor=admin, key=RequestKey(shared, keyed("x", order).fingerprint, TTL),
            answer=answer)
        for order in (first, other)], return_exceptions=True)
    retry = await printing.record_keyed_print_run(first, actor=admin,
                                                  key=keyed("one-of-two", first), answer=answer)

    assert group_sizes[0] == 2
    assert isinstance(outcomes[0], printing.Recorded)
    assert isinstance(outcomes[1], IdempotencyKeyReused)
    assert retry == printing.Replayed(201, "application/json", outcomes[0].answer)
    assert await PrintRun.count() == 1 and await stock.on_hand("31.71") == 7
