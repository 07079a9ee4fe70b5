#!/usr/bin/env python3
"""Probe: do rival custody writes on PostgreSQL keep one open custody row per serial?

    .venv/bin/python bench/serial_custody_race.py [--trials 20]

Creates a scratch database (`blanko_bench_serial_race`), migrates it, and in one process
(two pooled connections, asyncio.gather) races, `--trials` times each:

- two `record_procurement` calls naming the same serial range;
- two `create_shipment(status="dispatched")` calls carrying the same serials from `00`;
- two `receive_shipment` calls for the same shipment;
- the procurement race again with the two fixes proposed in bench/HISTORY.md ("Serial
  custody", finding 4), each applied here: the national balance row locked first
  (`db.stock.lock_balance("00")` before the clash check, by wrapping the service in an outer
  write transaction; the service itself has done so since migration 0007's commit), and
  then an exclusion constraint on open custody rows added by hand (never applied in src/).

For each it reports how many trials let both calls succeed, and at the end counts
overlapping open custody rows and compares the serials held open in stock with the stock
balance of `00`. Exit status 1 when the plain procurement race left overlapping open rows
(the bug is back), else 0. The database is dropped on exit, whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date

import benchlib

DB = "blanko_bench_serial_race"
URL = benchlib.postgres_url(DB)


OVERLAPS = (
    "SELECT count(*) FROM (SELECT first_serial, lag(last_serial) OVER "
    "(ORDER BY first_serial) AS prev FROM serial_custody WHERE valid_to IS NULL) t "
    "WHERE first_serial <= prev"
)
# Open custody rows never share a serial: the invariant the procurement race breaks. It can
# only be added while it holds, so the duplicates from the unfixed races are closed first.
EXCLUDE = (
    "UPDATE serial_custody SET valid_to = valid_from, status = 'void' WHERE id IN ("
    "SELECT b.id FROM serial_custody a JOIN serial_custody b ON a.first_serial = b.first_serial"
    " AND a.last_serial = b.last_serial AND a.id < b.id"
    " WHERE a.valid_to IS NULL AND b.valid_to IS NULL);"
    "ALTER TABLE serial_custody ADD CONSTRAINT bench_open_custody_disjoint EXCLUDE USING gist "
    "(int8range(first_serial, last_serial, '[]') WITH &&) WHERE (valid_to IS NULL)"
)


def _outcome(results: list[object]) -> str:
    return " + ".join(type(r).__name__ if isinstance(r, BaseException) else "ok"
                      for r in results)


async def probe(trials: int) -> int:
    import asyncpg

    from blanko_tracker.db import stock
    from blanko_tracker.db.engine import connected
    from blanko_tracker.db.transaction import write_transaction
    from blanko_tracker.domain.access import Actor, Role
    from blanko_tracker.schemas import (
        CreateShipment,
        CreateUser,
        ReceiveShipment,
        RecordProcurement,
    )
    from blanko_tracker.services.auth import use_fast_hashing
    from blanko_tracker.services.shipments import create_shipment, receive_shipment
    from blanko_tracker.services.stock import record_procurement
    from blanko_tracker.services.users import create_user

    use_fast_hashing()
    async with connected(URL):
        actors = {}
        for name, role in (("officer", Role.MINISTRY_OFFICER), ("admin", Role.ADMIN)):
            user = await create_user(CreateUser(username=name, password="load-test-pw-2468",
                                                role=role, region="00"), actor=None)
            actors[name] = Actor(id=user.id, username=user.username, role=user.role,
                                 region=user.region)
        officer, admin = actors["officer"], actors["admin"]
        day = date(2025, 1, 2)
        tallies: dict[str, dict[str, int]] = {"procurement": {},
                                              "dispatch of raced serials": {},
                                              "dispatch race": {}, "receipt race": {},
                                              "procurement, lock first": {},
                                              "procurement, EXCLUDE": {}}

        def tally(kind: str, results: list[object]) -> None:
            key = _outcome(results)
            tallies[kind][key] = tallies[kind].get(key, 0) + 1

        for t in range(trials):
            raced = 1_000_000 + t * 10_000  # procured twice at once
            clean = 50_000_000 + t * 10_000  # procured once, then shipped twice at once
            cmd = RecordProcurement(quantity=1_000, serial_ranges=[(raced, raced + 999)],
                                    on=day)
            tally("procurement", await asyncio.gather(
                *[record_procurement(cmd, actor=officer) for _ in range(2)],
                return_exceptions=True))
            # Afterwards: can the ministry still ship 100 of those serials?
            try:
                await create_shipment(CreateShipment(
                    destination="34", quantity=100, serial_ranges=[(raced, raced + 99)],
                    status="dispatched", dispatched_on=day), actor=officer)
                tally("dispatch of raced serials", ["ok"])
            except Exception as error:  # the outcome is what is reported
                tally("dispatch of raced serials", [error])
                if t == 0:
                    print(f"  trial 0: {type(error).__name__}: {error}")
            await record_procurement(RecordProcurement(
                quantity=1_000, serial_ranges=[(clean, clean + 999)], on=day), actor=officer)
            ships = [CreateShipment(destination=d, quantity=100,
                                    serial_ranges=[(clean, clean + 99)], status="dispatched",
                                    dispatched_on=day) for d in ("31", "32")]
            tally("dispatch race", await asyncio.gather(
                *[create_shipment(c, actor=officer) for c in ships], return_exceptions=True))
            row = await create_shipment(
                CreateShipment(destination="33", quantity=100,
                               serial_ranges=[(clean + 500, clean + 599)], status="dispatched",
                               dispatched_on=day), actor=officer)
            receipt = ReceiveShipment(received=100, received_on=day)
            tally("receipt race", await asyncio.gather(
                *[receive_shipment(row.id, receipt, actor=admin) for _ in range(2)],
                return_exceptions=True))
        conn = await asyncpg.connect(URL)
        try:
            overlaps_before_fixes = await conn.fetchval(OVERLAPS)
            rows = await conn.fetch(
                "SELECT first_serial, last_serial FROM serial_custody "
                "WHERE region = '00' AND status = 'in_stock' AND valid_to IS NULL")
            on_hand = await conn.fetchval(
                "SELECT on_hand FROM stock_balance WHERE region = '00'")
        finally:
            await conn.close()

        async def lock_first(cmd: RecordProcurement) -> dict:
            async with write_transaction():  # the service's own transaction joins this one
                await stock.lock_balance("00")
                return await record_procurement(cmd, actor=officer)

        for t in range(trials):
            base = 100_000_000 + t * 10_000
            cmd = RecordProcurement(quantity=1_000, serial_ranges=[(base, base + 999)], on=day)
            tally("procurement, lock first", await asyncio.gather(
                *[lock_first(cmd) for _ in range(2)], return_exceptions=True))
        conn = await asyncpg.connect(URL)
        try:
            await conn.execute(EXCLUDE)
        finally:
            await conn.close()
        for t in range(trials):
            base = 200_000_000 + t * 10_000
            cmd = RecordProcurement(quantity=1_000, serial_ranges=[(base, base + 999)], on=day)
            tally("procurement, EXCLUDE", await asyncio.gather(
                *[record_procurement(cmd, actor=officer) for _ in range(2)],
                return_exceptions=True))
        # Every custody write path still works with the constraint in place: a dispatch of
        # 100 ranges (101 pieces left behind), a receipt naming damaged serials, a transfer.
        base = 300_000_000
        await record_procurement(RecordProcurement(
            quantity=2_000, serial_ranges=[(base, base + 1_999)], on=day), actor=officer)
        ranges = [(base + 20 * i, base + 20 * i + 9) for i in range(100)]
        row = await create_shipment(CreateShipment(
            destination="31", quantity=1_000, serial_ranges=ranges, status="dispatched",
            dispatched_on=day), actor=officer)
        await receive_shipment(row.id, ReceiveShipment(
            received=990, damaged=10, damaged_ranges=[ranges[5]], received_on=day),
            actor=admin)
        row = await create_shipment(CreateShipment(
            source="31", destination="31.71", quantity=500, serial_ranges=ranges[10:60],
            status="dispatched", dispatched_on=day), actor=admin)
        await receive_shipment(row.id, ReceiveShipment(received=500, received_on=day),
                               actor=admin)
        print("with the EXCLUDE constraint: 100-range dispatch, receipt with damage and a "
              "province transfer all succeeded")
        conn = await asyncpg.connect(URL)
        try:
            overlaps = await conn.fetchval(OVERLAPS)
        finally:
            await conn.close()
    from blanko_tracker.domain.serials import merge, size

    ranges = [(r["first_serial"], r["last_serial"]) for r in rows]
    held, distinct = size(ranges), size(merge(ranges))
    for kind, outcomes in tallies.items():
        print(f"{kind:<26} " + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())))
    print(f"overlapping open custody rows: {overlaps_before_fixes} after the unfixed races, "
          f"{overlaps} at the end")
    print(f"after the unfixed races, 00 has a stock balance of {on_hand:,}; its open in-stock "
          f"custody rows cover {held:,} serials, of which {distinct:,} distinct")
    return 1 if overlaps_before_fixes else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    args = parser.parse_args()
    benchlib.leave_nothing_behind()
    benchlib.migrate(benchlib.fresh_postgres(DB))
    return asyncio.run(probe(args.trials))


if __name__ == "__main__":
    sys.exit(main())
