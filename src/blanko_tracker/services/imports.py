"""Importing the offices' spreadsheets (indicators, print-debt snapshots), all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from blanko_tracker.db import indicators, print_debt, regions
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.documents.spreadsheets import read_rows
from blanko_tracker.domain import indicators as indicator_rules
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
from blanko_tracker.services.common import EARLIEST_DAY, SYSTEM, audit_write, utcnow

Progress = Callable[[int], None]


async def import_file(kind: str, filename: str, content: bytes, *, actor: Actor | None,
                      dry_run: bool, progress: Progress | None = None) -> dict[str, Any]:
    """Check every row; write them all (unless `dry_run`) or, with any bad row, none."""
    if kind not in COLUMNS:
        raise InvalidInput("kind", f"one of {', '.join(COLUMNS)}")
    if "\x00" in filename:  # it goes into the audit trail: PostgreSQL refuses NUL in text
        raise InvalidInput("file", "a file name has no NUL character")
    scope = actor.region if actor else NATIONAL
    if actor is not None:
        authorize(actor, Action.RECORD, scope)
    header, table = read_rows(filename, content)
    records = await _checked(kind, header, table, scope=scope, progress=progress)
    if not dry_run:
        now = utcnow()
        async with write_transaction():
            await (_write_indicators if kind == "indicators" else _write_snapshots)(
                records, actor=actor.username if actor else SYSTEM, progress=progress)
            await audit_write(actor, f"import_{kind}", target=f"import:{filename}",
                              region=scope, detail={"rows": len(records), "file": filename},
                              now=now)
    return {"kind": kind, "rows": len(table), "imported": 0 if dry_run else len(records),
            "dry_run": dry_run}


async def _checked(kind: str, header: list[str], table: list[list[Any]], *, scope: str,
                   progress: Progress | None) -> list[dict[str, Any]]:
    problems = RowErrors([])
    missing = REQUIRED[kind] - set(header)
    for column in sorted(missing):
        problems.add(1, column, "this column is missing from the header row")
    if missing:
        raise InvalidRows(problems.errors, len(table))
    regencies = set(await regions.subtree(NATIONAL, ("regency",)))
    today = local_date(NATIONAL, utcnow())
    records = []
    for number, cells in enumerate(table, start=2):
        values = dict(zip(header, cells, strict=False))
        record = _check_row(kind, values, number, problems, regencies=regencies, scope=scope,
                            today=today)
        if record is not None:
            records.append(record)
        if progress and number % 1000 == 0:
            progress(1000)
    if problems.errors:
        raise InvalidRows(problems.errors, len(table))
    return records


def _check_row(kind: str, values: dict[str, Any], number: int, problems: RowErrors, *,
               regencies: set[str], scope: str, today: date) -> dict[str, Any] | None:
    before = len(problems.errors)
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
    if len(problems.errors) > before:
        return None
    if kind == "indicators":
        figures = Figures(**counts)  # type: ignore[arg-type]
        try:
            indicator_rules.check_figures(figures)
        except BlankoError as refused:
            problems.add(number, getattr(refused, "field", "row"),
                         getattr(refused, "message", refused.detail))
            return None
        return {"region": region, "date": day, "figures": figures}
    return {"region": region, "date": day, "pending": counts["pending"]}


async def _write_indicators(records: list[dict[str, Any]], *, actor: str,
                            progress: Progress | None) -> None:
    await indicators.upsert_many(
        [(r["region"], r["date"], r["figures"]) for r in records], actor=actor)
    if progress:
        progress(len(records))


async def _write_snapshots(records: list[dict[str, Any]], *, actor: str,
                           progress: Progress | None) -> None:
    by_region: dict[str, list[tuple[date, int]]] = {}
    for record in records:
        by_region.setdefault(record["region"], []).append((record["date"], record["pending"]))
    for region, snapshots in by_region.items():
        await print_debt.lock(region)
        await print_debt.add_snapshots(region, sorted(snapshots), actor=actor)
        if progress:
            progress(len(snapshots))
