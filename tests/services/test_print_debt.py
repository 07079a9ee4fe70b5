"""The print debt's stored day figures against a replay of its entries, on both engines.

Print runs take a fast path (the lock reads the latest day kept on the `print_debt` row and one
statement writes everything); recordings and snapshots extend the day too, and back-dated
entries replay the days after them. Whatever the order, the stored days must equal a replay
of every entry from scratch, and the `print_debt` row must equal the latest day.
"""

from __future__ import annotations

import asyncio
from datetime import date

from blanko_tracker.db import print_debt, stock
from blanko_tracker.db.print_debt import classes_of
from blanko_tracker.db.rows import as_date
from blanko_tracker.db.tables import PrintDebt, PrintDebtDay, PrintDebtEntry, PrintRun
from blanko_tracker.domain.ledger import SpoiledReason
from blanko_tracker.domain.print_debt import NO_CLASSES, DebtClass, Entry, EntryKind, replay
from blanko_tracker.schemas import ByClass, RecordPrintRun, RecordRecordings, TakeDebtSnapshot
from blanko_tracker.services import printing
from tests.builders import given_admin, given_stock

REGENCY = "75.05"


def run(day: int, printed: int, spoiled: int = 0, by_class: ByClass | None = None
        ) -> RecordPrintRun:
    return RecordPrintRun(region=REGENCY, date=date(2026, 3, day), printed=printed,
                          spoiled=spoiled, printed_by_class=by_class,
                          spoiled_reason=SpoiledReason.PRINT_FAILURE if spoiled else None)


async def stored_days() -> list[tuple[date, int, int, int, tuple[int, ...]]]:
    rows = await PrintDebtDay.select().where(PrintDebtDay.region == REGENCY).order_by(
        PrintDebtDay.day)
    return [(as_date(r["day"]), r["recorded"], r["printed"], r["pending"], classes_of(r))
            for r in rows]


async def replayed_days() -> list[tuple[date, int, int, int, tuple[int, ...]]]:
    rows = await PrintDebtEntry.select().where(PrintDebtEntry.region == REGENCY).order_by(
        PrintDebtEntry.occurred_on).order_by(PrintDebtEntry.id)
    entries = [Entry(as_date(r["occurred_on"]), EntryKind(r["kind"]), r["quantity"],
                     classes_of(r)) for r in rows]
    return [(d.day, d.recorded, d.printed, d.pending, d.classes)
            for d in replay(NO_CLASSES, entries)]


async def test_every_order_of_entries_leaves_the_days_a_replay_would_give(database):
    admin = await given_admin()
    await given_stock(REGENCY, 1_000)
    steps = [
        ("print run before any record", lambda: printing.record_print_run(run(2, 5), actor=admin)),
        ("records", lambda: printing.record_recordings(
            REGENCY, RecordRecordings(date=date(2026, 3, 2), count=300), actor=admin)),
        ("same day", lambda: printing.record_print_run(run(2, 40, spoiled=3), actor=admin)),
        ("next day", lambda: printing.record_print_run(run(4, 60), actor=admin)),
        ("back-dated run", lambda: printing.record_print_run(run(3, 25), actor=admin)),
        ("back-dated records", lambda: printing.record_recordings(
            REGENCY, RecordRecordings(date=date(2026, 3, 1), count=80), actor=admin)),
        ("spoiled only", lambda: printing.record_print_run(run(4, 0, spoiled=2), actor=admin)),
        ("snapshot", lambda: printing.take_debt_snapshot(
            REGENCY, TakeDebtSnapshot(date=date(2026, 3, 4), pending=500), actor=admin)),
        ("after the snapshot", lambda: printing.record_print_run(run(4, 70), actor=admin)),
        ("more than owed", lambda: printing.record_print_run(run(5, 600), actor=admin)),
        ("disaster victims", lambda: printing.record_recordings(
            REGENCY, RecordRecordings(date=date(2026, 3, 6), count=90,
                                      kind=DebtClass.DISASTER), actor=admin)),
        ("back-dated replacements", lambda: printing.record_recordings(
            REGENCY, RecordRecordings(date=date(2026, 3, 5), count=40,
                                      kind=DebtClass.REPLACEMENT), actor=admin)),
        ("a run by class", lambda: printing.record_print_run(
            run(6, 30, by_class=ByClass(replacement=25, moved=5)), actor=admin)),
        ("a snapshot by class", lambda: printing.take_debt_snapshot(
            REGENCY, TakeDebtSnapshot(date=date(2026, 3, 6), pending=120,
                                      by_class=ByClass(new=20, disaster=100)), actor=admin)),
        ("a back-dated run in priority order", lambda: printing.record_print_run(
            run(5, 10), actor=admin)),
    ]

    for name, step in steps:
        await step()
        assert await stored_days() == await replayed_days(), name
        assert await print_debt.latest_mismatches() == [], name

    debt = await PrintDebt.select().where(PrintDebt.region == REGENCY).first()
    # The snapshot of the 6th set the classes; the runs before it repaid what they could.
    assert (debt["pending"], as_date(debt["as_of"])) == (120, date(2026, 3, 6))
    assert classes_of(debt) == (20, 100, 0, 0, 0)
    assert await PrintRun.count() == 9
    assert await stock.on_hand(REGENCY) == 1_000 - (5 + 43 + 60 + 25 + 2 + 70 + 600 + 30 + 10)


async def test_a_back_dated_run_repays_by_the_priority_of_its_own_day(database):
    """Replacements were owed on the 5th; by the time a run of the 5th is entered, a snapshot
    of the 6th owes only disaster victims. Replayed on its day, the run repays what that day
    owed, and the 6th's snapshot still stands."""
    admin = await given_admin()
    await given_stock(REGENCY, 1_000)
    await printing.record_recordings(REGENCY, RecordRecordings(
        date=date(2026, 3, 5), count=40, kind=DebtClass.REPLACEMENT), actor=admin)
    await printing.take_debt_snapshot(REGENCY, TakeDebtSnapshot(
        date=date(2026, 3, 6), pending=100, by_class=ByClass(disaster=100)), actor=admin)
    await printing.record_print_run(run(5, 10), actor=admin)
    days = {day: (pending, classes) for day, _, _, pending, classes in await stored_days()}
    assert days[date(2026, 3, 5)] == (30, (0, 0, 30, 0, 0))
    assert days[date(2026, 3, 6)] == (100, (0, 100, 0, 0, 0))


async def test_the_migration_fills_each_print_debt_with_its_latest_day(database):
    """Migration 0012 on a database whose print_debt rows predate the day figures (0011)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[2] / "migrations" / "0012_print_debt_latest_day_backfill.py"
    spec = importlib.util.spec_from_file_location("backfill_0012", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    migration._PrintDebt._meta.db = database.engine
    admin = await given_admin()
    await given_stock(REGENCY, 100)
    await printing.record_recordings(
        REGENCY, RecordRecordings(date=date(2026, 3, 2), count=300), actor=admin)
    await printing.record_print_run(run(3, 40), actor=admin)
    await PrintDebt.update({PrintDebt.recorded: 0, PrintDebt.printed: 0}).where(
        PrintDebt.region == REGENCY)
    assert len(await print_debt.latest_mismatches()) == 1

    await migration.backfill()

    assert await print_debt.latest_mismatches() == []
    debt = await PrintDebt.select().where(PrintDebt.region == REGENCY).first()
    assert (debt["recorded"], debt["printed"], debt["pending"]) == (0, 40, 260)


async def test_racing_records_and_print_runs_leave_the_days_a_replay_would_give(database):
    """Twenty writers at once on a regency with no rows yet (PostgreSQL runs them side by
    side: the first ones race to create the rows, the rest queue on their locks)."""
    admin = await given_admin()
    await given_stock(REGENCY, 1_000)
    records = RecordRecordings(date=date(2026, 3, 2), count=10)
    writes = [
        printing.record_recordings(REGENCY, records, actor=admin) if number % 2
        else printing.record_print_run(run(2, 3), actor=admin)
        for number in range(20)
    ]

    await asyncio.gather(*writes)

    assert await stored_days() == await replayed_days()
    # Printing ran ahead of the records at times: the pending never went below zero.
    assert (await stored_days())[-1][1:3] == (100, 30)
    assert await print_debt.latest_mismatches() == []
    assert await stock.on_hand(REGENCY) == 970
