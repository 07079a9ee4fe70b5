"""Importing the offices' spreadsheets (indicators, print-debt snapshots, the suket register),
all or nothing.

The file is read and every row checked in a worker thread, a row at a time (documents/
spreadsheets.py): a 100,000-row sheet is seconds of CPU, which on the event loop would
stall every other request of the process, /health included. What is kept is one compact
record per good row, and none once a row is bad (nothing will be written then).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date, datetime
from functools import partial
from typing import IO, Any

import anyio.to_thread

from blanko_tracker.db import indicators, print_debt, regions, suket
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.documents.spreadsheets import Row, column_names, read_sheet
from blanko_tracker.domain import indicators as indicator_rules
from blanko_tracker.domain import suket as suket_rules
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.errors import BlankoError, InvalidInput
from blanko_tracker.domain.imports import (
    COLUMNS,
    REQUIRED,
    InvalidRows,
    RowErrors,
    count_cell,
    date_cell,
    region_cell,
)
from blanko_tracker.domain.indicators import Figures
from blanko_tracker.domain.regions import NATIONAL, local_date, within
from blanko_tracker.domain.suket import DayEntry, SuketOverOutstanding
from blanko_tracker.services.common import EARLIEST_DAY, SYSTEM, audit_write, utcnow

Progress = Callable[[int], None]
IndicatorRecord = tuple[str, date, Figures]
SnapshotRecord = tuple[str, date, int]
SuketRecord = tuple[str, DayEntry, int]  # the regency, its day, the row number in the file
Record = IndicatorRecord | SnapshotRecord | SuketRecord
# Files read at once in this process; more uploads wait their turn in their threads, so
# parallel imports do not each hold their file's records at the same time.
READERS = threading.BoundedSemaphore(2)


async def import_file(kind: str, filename: str, file: IO[bytes], *, actor: Actor | None,
                      dry_run: bool, progress: Progress | None = None) -> dict[str, Any]:
    """Check every row of `file`; write them all (unless `dry_run`) or, with any bad row,
    none. The caller keeps `file` open until this returns, and closes it."""
    if kind not in COLUMNS:
        raise InvalidInput("kind", f"one of {', '.join(COLUMNS)}", rule="choice")
    if "\x00" in filename:  # it goes into the audit trail: PostgreSQL refuses NUL in text
        raise InvalidInput("file", "a file name has no NUL character", rule="file_name")
    scope = actor.region if actor else NATIONAL
    if actor is not None:
        authorize(actor, Action.RECORD, scope)
    regencies = frozenset(await regions.subtree(NATIONAL, ("regency",)))
    today = local_date(NATIONAL, utcnow())
    rows, records = await anyio.to_thread.run_sync(partial(
        _read_checked, kind, filename, file, regencies=regencies, scope=scope, today=today,
        progress=progress))
    if not dry_run:
        now = utcnow()
        async with write_transaction():
            if kind == "indicators":
                await _write_indicators(records, actor=actor.username if actor else SYSTEM,
                                        progress=progress)
            elif kind == "suket":
                await _write_suket(records, rows=rows, reference=f"import:{filename}"[:64],
                                   actor=actor.username if actor else SYSTEM, now=now,
                                   progress=progress)
            else:
                await _write_snapshots(records, actor=actor.username if actor else SYSTEM,
                                       progress=progress)
            await audit_write(actor, f"import_{kind}", target=f"import:{filename}",
                              region=scope, detail={"rows": len(records), "file": filename},
                              now=now)
    return {"kind": kind, "rows": rows, "imported": 0 if dry_run else len(records),
            "dry_run": dry_run}


def _read_checked(kind: str, filename: str, file: IO[bytes], *, regencies: frozenset[str],
                  scope: str, today: date, progress: Progress | None
                  ) -> tuple[int, list[Any]]:
    """In a worker thread: the number of data rows and a record per row, or InvalidRows."""
    with READERS, closing(read_sheet(filename, file)) as rows:
        return _checked(kind, rows, regencies=regencies, scope=scope, today=today,
                        progress=progress)


def _checked(kind: str, rows: Iterator[Row], *, regencies: frozenset[str], scope: str,
             today: date, progress: Progress | None) -> tuple[int, list[Any]]:
    header_row = next(rows, None)
    if header_row is None:
        raise InvalidInput("file", "the file is empty: a header row is expected",
                           rule="empty_file")
    header = column_names(header_row)
    if missing := sorted(REQUIRED[kind] - set(header)):
        raise InvalidRows.missing_columns(header_row.number, missing)
    problems = RowErrors()
    records: list[Any] = []
    count = 0
    for row in rows:
        count += 1
        values = dict(zip(header, row.cells, strict=False))
        record = _check_row(kind, values, row.number, problems, regencies=regencies,
                            scope=scope, today=today)
        if record is not None and not problems.count:
            records.append(record)
        if progress and count % 1000 == 0:
            progress(1000)
    if problems.count:
        raise problems.refusal(count)
    return count, records


def _check_row(kind: str, values: dict[str, Any], number: int, problems: RowErrors, *,
               regencies: frozenset[str], scope: str, today: date) -> Record | None:
    """The row's record, or None with its bad cells added to `problems`."""
    before = problems.count
    region = region_cell(values.get("region"))
    if region is None:
        problems.add(number, "region", "not a Kemendagri code such as 75.05 (keep it as text)")
    elif region not in regencies:
        problems.add(number, "region", f"{region} is not a regency (kabupaten/kota)")
    elif not within(scope, region):
        problems.add(number, "region", f"{region} is outside your scope ({scope})")
    day = date_cell(values.get("date"))
    if day is None:
        problems.add(number, "date", "not a date such as 2023-02-28")
    elif day > today:
        problems.add(number, "date", f"{day} is in the future")
    elif day < EARLIEST_DAY:
        problems.add(number, "date", f"{day} is before {EARLIEST_DAY}")
    counts: dict[str, int | None] = {}
    for column in COLUMNS[kind][2:]:
        raw = values.get(column)
        if raw is None or str(raw).strip() == "":
            if column in REQUIRED[kind]:
                problems.add(number, column, "a count is required")
            counts[column] = None
            continue
        counts[column] = count_cell(raw)
        if counts[column] is None:
            problems.add(number, column, f"{raw!r} is not a whole number of people ≥ 0")
        elif kind == "suket" and (counts[column] or 0) > suket_rules.MAX_PER_DAY:
            problems.add(number, column, f"{raw!r} is more than a regency's suket of a day "
                         f"(at most {suket_rules.MAX_PER_DAY:,})")
    if problems.count > before or region is None or day is None:
        return None
    if kind == "indicators":
        figures = Figures(**counts)  # type: ignore[arg-type]
        try:
            indicator_rules.check_figures(figures)
        except BlankoError as refused:
            problems.add(number, getattr(refused, "field", "row"),
                         getattr(refused, "message", refused.detail))
            return None
        return (region, day, figures)
    if kind == "suket":  # required counts: never None here; a row of zeros adds nothing
        return (region, DayEntry(day, counts["issued"] or 0, counts["redeemed"] or 0,
                                 counts["renewed"] or 0), number)
    return (region, day, counts["pending"] or 0)  # a required count: never None here


async def _write_indicators(records: list[IndicatorRecord], *, actor: str,
                            progress: Progress | None) -> None:
    await indicators.upsert_many(records, actor=actor)
    if progress:
        progress(len(records))


async def _write_snapshots(records: list[SnapshotRecord], *, actor: str,
                           progress: Progress | None) -> None:
    by_region: dict[str, list[tuple[date, int]]] = {}
    for region, day, pending in records:
        by_region.setdefault(region, []).append((day, pending))
    for region, snapshots in by_region.items():
        await print_debt.lock(region)
        await print_debt.add_snapshots(region, sorted(snapshots), actor=actor)
        if progress:
            progress(len(snapshots))


async def _write_suket(records: list[SuketRecord], *, rows: int, reference: str, actor: str,
                       now: datetime, progress: Progress | None) -> None:
    """Each regency's imported days replayed with its history, as one entry by the API is:
    a day redeeming or renewing more than are outstanding refuses the whole file, naming
    the rows of that regency and day (InvalidRows)."""
    by_region: dict[str, list[SuketRecord]] = {}
    for record in records:
        if record[1].issued or record[1].redeemed or record[1].renewed:
            by_region.setdefault(record[0], []).append(record)
    for region in sorted(by_region):  # one order of locks for every writer
        await suket.lock(region)
        mine = by_region[region]
        try:
            suket_rules.replay(suket_rules.merged(
                [*await suket.history(region), *(entry for _, entry, _ in mine)]),
                region=region)
        except SuketOverOutstanding as short:
            # the rows of the day that went short; when that day is already on record (a
            # back-dated row left a later day short), the rows up to it
            named = ([r for r in mine if r[1].on == short.day]
                     or [r for r in mine if r[1].on <= short.day])
            problems = RowErrors()
            for _, _, number in sorted(named, key=lambda r: r[2]):
                problems.add(number, short.what, short.detail)
            raise problems.refusal(rows) from None
    await suket.insert_many([(region, entry) for found in by_region.values()
                             for region, entry, _ in found],
                            reference=reference, actor=actor, now=now)
    if progress:
        progress(len(records))
