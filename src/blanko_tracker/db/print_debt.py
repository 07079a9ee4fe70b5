"""Print debt: the entry ledger, its day-by-day figures, and each regency's current debt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from piccolo.query.functions.aggregate import Sum

from blanko_tracker.db.engine import is_sqlite
from blanko_tracker.db.rows import as_date, under
from blanko_tracker.db.tables import MAX_ID, PrintDebt, PrintDebtDay, PrintDebtEntry, Region
from blanko_tracker.domain import print_debt
from blanko_tracker.domain.print_debt import NO_CLASSES, Classes, Entry, EntryKind

# The debt's classes as columns, in priority order (domain.print_debt.PRIORITY).
CLASS_COLUMNS = ("class_new", "class_disaster", "class_replacement", "class_change",
                 "class_moved")
CLASS_LIST = ", ".join(CLASS_COLUMNS)


def classes_of(row: dict[str, Any]) -> Classes:
    return tuple(row[column] for column in CLASS_COLUMNS)


@dataclass(frozen=True, slots=True)
class DebtEntryRow:
    """A line of a regency's print debt as stored: recordings add, printed cards repay, a
    snapshot sets the count (`quantity` is then the pending count itself)."""

    id: int
    region: str
    occurred_on: date
    kind: EntryKind
    quantity: int
    recording_kind: str | None  # recordings: their class
    reconciliation: int | None  # snapshots: the count − what the system had just before
    reference: str  # "print_run:412", "import"
    actor: str
    recorded_at: datetime
    split: Classes  # `quantity` by class

    @classmethod
    def of(cls, row: dict[str, Any]) -> DebtEntryRow:
        return cls(id=row["id"], region=row["region"], occurred_on=as_date(row["occurred_on"]),
                   kind=EntryKind(row["kind"]), quantity=row["quantity"],
                   recording_kind=row["recording_kind"], reconciliation=row["reconciliation"],
                   reference=row["reference"], actor=row["actor"],
                   recorded_at=row["recorded_at"], split=classes_of(row))


@dataclass(frozen=True, slots=True)
class DebtDayRow:
    """A regency's print debt at the end of a day with entries, and that day's flows."""

    region: str
    day: date
    recorded: int
    printed: int
    pending: int

    @classmethod
    def of(cls, row: dict[str, Any]) -> DebtDayRow:
        return cls(region=row["region"], day=as_date(row["day"]), recorded=row["recorded"],
                   printed=row["printed"], pending=row["pending"])


@dataclass(frozen=True, slots=True)
class DebtMismatch:
    """A regency whose current debt (`print_debt`) is not its latest day row."""

    region: str
    as_of: date | None  # the current debt's day; None before its first entry
    pending: int
    day: date | None  # the latest day row's day; None: no day rows
    day_pending: int | None


async def lock(region: str) -> print_debt.DebtDay | None:
    """Serialise writers of one regency's debt until the transaction ends; its latest day.

    Writers that lock both a regency's debt and its balance (print runs) take the debt
    first, so two of them queue rather than deadlock. As `stock.lock_balance`: PostgreSQL
    locks an existing row without writing it; the first entry's upsert creates it."""
    if not is_sqlite():
        rows = await PrintDebt.raw(
            f"SELECT as_of, recorded, printed, {CLASS_LIST} FROM print_debt WHERE region = {{}} "
            "FOR UPDATE", region)
        if rows:
            return latest_of(rows[0])
    rows = await PrintDebt.raw(
        "INSERT INTO print_debt (region, pending, as_of, recorded, printed) "
        "VALUES ({}, 0, NULL, 0, 0) "
        "ON CONFLICT (region) DO UPDATE SET pending = print_debt.pending "
        f"RETURNING as_of, recorded, printed, {CLASS_LIST}", region)
    return latest_of(rows[0])


def latest_of(row: dict[str, Any]) -> print_debt.DebtDay | None:
    """The latest day kept on a `print_debt` row (None before its first entry)."""
    if row["as_of"] is None:
        return None
    return print_debt.DebtDay(as_date(row["as_of"]), row["recorded"], row["printed"],
                              classes_of(row))


def _entry(row: dict[str, Any]) -> Entry:
    return Entry(on=row["occurred_on"], kind=EntryKind(row["kind"]), count=row["quantity"],
                 split=classes_of(row))


async def classes_on(region: str, day: date) -> Classes:
    """The debt per class at the end of `day` (none before any entry)."""
    row = await PrintDebtDay.select(*(getattr(PrintDebtDay, c) for c in CLASS_COLUMNS)).where(
        (PrintDebtDay.region == region) & (PrintDebtDay.day <= day)
    ).order_by(PrintDebtDay.day, ascending=False).first()
    return classes_of(row) if row else NO_CLASSES


async def pending_on(region: str, day: date) -> int:
    """The debt at the end of `day` (0 before any entry)."""
    return sum(await classes_on(region, day))


async def classes_just_before_new_entry(region: str, day: date) -> Classes:
    """What the system had on `day` once that day's existing entries are applied."""
    start = await classes_on(region, day - timedelta(days=1))
    same_day = await PrintDebtEntry.select().where(
        (PrintDebtEntry.region == region) & (PrintDebtEntry.occurred_on == day)
    ).order_by(PrintDebtEntry.id)
    return print_debt.classes_before(start, [_entry(row) for row in same_day])


# Every print run, recording and snapshot writes these: their SQL is written once here.
INSERT_ENTRY = f"""
INSERT INTO print_debt_entry (region, occurred_on, kind, quantity, recording_kind,
                              reconciliation, reference, actor, recorded_at, {CLASS_LIST})
VALUES ({{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}})
RETURNING id
"""
SET_LATEST = """
UPDATE print_debt SET as_of = {}, recorded = {}, printed = {}, pending = {},
    class_new = {}, class_disaster = {}, class_replacement = {}, class_change = {},
    class_moved = {}
WHERE region = {}
"""


async def add(
    region: str, on: date, kind: EntryKind, count: int, split: Classes, *,
    latest: print_debt.DebtDay | None, actor: str, recording_kind: str | None = None,
    reconciliation: int | None = None, reference: str = "",
) -> DebtEntryRow:
    """Append an entry (`count` by class: `split`) and bring the day figures up to date; the
    caller holds `lock`, which gave `latest`."""
    at = datetime.now(UTC)
    rows = await PrintDebtEntry.raw(INSERT_ENTRY, region, on, kind.value, count,
                                    recording_kind, reconciliation, reference, actor, at,
                                    *split)
    entry = DebtEntryRow(rows[0]["id"], region, on, kind, count, recording_kind,
                         reconciliation, reference, actor, at, split)
    day = print_debt.extend_latest(latest, Entry(on=on, kind=kind, count=count, split=split))
    if day is None:
        await rebuild_from(region, on)  # back-dated: every later day changes
    else:
        await write_day(region, day)
    return entry


async def write_day(region: str, day: print_debt.DebtDay) -> None:
    """Store `day`, the regency's latest, as its day row and its current debt: in O(1), not
    by replaying every entry of the day (hundreds on a busy one)."""
    await PrintDebtDay.raw(
        f"INSERT INTO print_debt_day (region, day, recorded, printed, pending, {CLASS_LIST}) "
        "VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}) ON CONFLICT (region, day) DO UPDATE "
        "SET recorded = excluded.recorded, printed = excluded.printed, "
        "pending = excluded.pending, "
        + ", ".join(f"{c} = excluded.{c}" for c in CLASS_COLUMNS),
        region, day.day, day.recorded, day.printed, day.pending, *day.classes)
    await _set_latest(region, day)


async def _set_latest(region: str, day: print_debt.DebtDay) -> None:
    await PrintDebt.raw(SET_LATEST, day.day, day.recorded, day.printed, day.pending,
                        *day.classes, region)


def _day_row(region: str, day: print_debt.DebtDay) -> PrintDebtDay:
    return PrintDebtDay(region=region, day=day.day, recorded=day.recorded, printed=day.printed,
                        pending=day.pending, **dict(zip(CLASS_COLUMNS, day.classes, strict=True)))


async def rebuild_from(region: str, day: date) -> None:
    """Replay the entries from `day` on into day rows and the current debt."""
    start = await classes_on(region, day - timedelta(days=1))
    entries = await PrintDebtEntry.select().where(
        (PrintDebtEntry.region == region) & (PrintDebtEntry.occurred_on >= day)
    ).order_by(PrintDebtEntry.occurred_on).order_by(PrintDebtEntry.id)
    days = print_debt.replay(start, [_entry(row) for row in entries])
    await PrintDebtDay.delete().where((PrintDebtDay.region == region) & (PrintDebtDay.day >= day))
    if days:
        await PrintDebtDay.insert(*[_day_row(region, d) for d in days])
    last = await PrintDebtDay.select().where(PrintDebtDay.region == region).order_by(
        PrintDebtDay.day, ascending=False
    ).first()
    await _set_latest(region, print_debt.DebtDay(as_date(last["day"]), last["recorded"],
                                                 last["printed"], classes_of(last)))


# The latest day row on or before a day, per regency under a code: one index probe each.
LATEST_SQL = f"""
SELECT g.code AS region, d.day AS day, d.pending AS pending,
       {", ".join(f"d.{c}" for c in CLASS_COLUMNS)}
FROM region g
JOIN print_debt_day d ON d.id = (
    SELECT y.id FROM print_debt_day y
    WHERE y.region = g.code AND y.day <= {{}}
    ORDER BY y.day DESC LIMIT 1
)
WHERE g.level = 'regency' AND (g.code = {{}} OR g.code LIKE {{}})
"""


class RegencyDebt(NamedTuple):
    """A regency's debt at the end of a day: its latest day row on or before it."""

    pending: int
    as_of: date
    classes: Classes


async def pending_of_regencies(code: str, day: date) -> dict[str, RegencyDebt]:
    """The debt at the end of `day` of every regency at or under `code` with a debt."""
    pattern = "%" if code == "00" else f"{code}.%"
    rows = await Region.raw(LATEST_SQL, day, code, pattern)
    return {row["region"]: RegencyDebt(row["pending"], as_date(row["day"]), classes_of(row))
            for row in rows}


async def flows_of_regencies(code: str, start: date, end: date) -> dict[str, tuple[int, int]]:
    """(recorded, printed) per regency at or under `code` over start..end inclusive."""
    query = PrintDebtDay.select(
        PrintDebtDay.region, Sum(PrintDebtDay.recorded, alias="recorded"),
        Sum(PrintDebtDay.printed, alias="printed"),
    ).where((PrintDebtDay.day >= start) & (PrintDebtDay.day <= end))
    query = _under(query, code).group_by(PrintDebtDay.region)
    return {row["region"]: (row["recorded"] or 0, row["printed"] or 0) for row in await query}


async def days_of(code: str, start: date | None, end: date | None) -> list[DebtDayRow]:
    """Day rows of every regency at or under `code` in start..end, oldest first."""
    query = _under(PrintDebtDay.select(), code)
    if start is not None:
        query = query.where(PrintDebtDay.day >= start)
    if end is not None:
        query = query.where(PrintDebtDay.day <= end)
    return [DebtDayRow.of(row) for row in await query.order_by(PrintDebtDay.day)]


def _under(query: Any, code: str) -> Any:
    condition = under(PrintDebtDay.region, code)
    return query if condition is None else query.where(condition)



async def add_snapshots(region: str, snapshots: list[tuple[date, int]], *, actor: str) -> None:
    """Many authoritative counts for one regency (an import), each with its reconciliation
    against what the system had just before it; day figures rebuilt once. Caller holds `lock`."""
    first = snapshots[0][0]
    classes = await classes_on(region, first - timedelta(days=1))
    existing = await PrintDebtEntry.select().where(
        (PrintDebtEntry.region == region) & (PrintDebtEntry.occurred_on >= first)
    ).order_by(PrintDebtEntry.occurred_on).order_by(PrintDebtEntry.id)
    # On a day, what was already recorded comes first, then the imported counts in file order.
    timeline = sorted(
        [(row["occurred_on"], 0, index, _entry(row), None) for index, row in enumerate(existing)]
        + [(day, 1, index, Entry(day, EntryKind.SNAPSHOT, count), count)
           for index, (day, count) in enumerate(snapshots)],
        key=lambda item: item[:3],
    )
    now = datetime.now(UTC)
    new_entries = []
    for day, is_new, _, entry, count in timeline:
        if is_new:
            # The national system's count without classes: today's classes scaled to it.
            entry = Entry(day, EntryKind.SNAPSHOT, count, print_debt.scaled(classes, count))
            new_entries.append(PrintDebtEntry(
                region=region, occurred_on=day, kind=EntryKind.SNAPSHOT.value, quantity=count,
                reconciliation=count - sum(classes), reference="import", actor=actor,
                recorded_at=now, **dict(zip(CLASS_COLUMNS, entry.split, strict=True))))
        classes = print_debt.apply(classes, entry)
    for start in range(0, len(new_entries), 1000):
        await PrintDebtEntry.insert(*new_entries[start : start + 1000])
    await rebuild_from(region, first)


LATEST_CHECK_SQL = """
SELECT p.region AS region, p.as_of AS as_of, p.pending AS pending, d.day AS day,
       d.pending AS day_pending
FROM print_debt p
LEFT JOIN print_debt_day d ON d.region = p.region AND d.day = (
    SELECT MAX(x.day) FROM print_debt_day x WHERE x.region = p.region)
WHERE (p.as_of IS NULL) <> (d.day IS NULL) OR p.as_of <> d.day OR p.pending <> d.pending
   OR p.recorded <> d.recorded OR p.printed <> d.printed
   OR p.pending <> p.class_new + p.class_disaster + p.class_replacement + p.class_change
                   + p.class_moved
   OR d.pending <> d.class_new + d.class_disaster + d.class_replacement + d.class_change
                   + d.class_moved
ORDER BY p.region
"""


async def latest_mismatches() -> list[DebtMismatch]:
    """Every regency whose `print_debt` row disagrees with its latest day row, or whose
    classes do not add up to its debt."""
    return [DebtMismatch(region=row["region"],
                         as_of=None if row["as_of"] is None else as_date(row["as_of"]),
                         pending=row["pending"],
                         day=None if row["day"] is None else as_date(row["day"]),
                         day_pending=row["day_pending"])
            for row in await PrintDebt.raw(LATEST_CHECK_SQL)]


async def regency_count() -> int:
    return await PrintDebt.count()


async def get_entry(entry_id: int) -> DebtEntryRow | None:
    if not 0 < entry_id <= MAX_ID:
        return None
    row = await PrintDebtEntry.select().where(PrintDebtEntry.id == entry_id).first()
    return DebtEntryRow.of(row) if row is not None else None


async def entry_by_reference(reference: str) -> DebtEntryRow | None:
    """The entry written for `reference` (a print run's repayment: "print_run:412")."""
    row = await PrintDebtEntry.select().where(PrintDebtEntry.reference == reference).first()
    return DebtEntryRow.of(row) if row is not None else None


async def has_reference(reference: str) -> bool:
    """Whether an entry names `reference` (an undo names what it undoes, `reversal:…`)."""
    return await PrintDebtEntry.exists().where(PrintDebtEntry.reference == reference)


async def recent_recordings(region: str, *, limit: int) -> list[tuple[DebtEntryRow, bool]]:
    """A regency's latest recordings (undoing entries left out), newest first, each with
    whether it has been undone: the recordings page lists them to undo a mistake."""
    rows = await PrintDebtEntry.select().where(
        (PrintDebtEntry.region == region) & (PrintDebtEntry.kind == EntryKind.RECORDING.value)
        & (PrintDebtEntry.quantity > 0)
    ).order_by(PrintDebtEntry.id, ascending=False).limit(limit)
    entries = [DebtEntryRow.of(row) for row in rows]
    undone = {row["reference"] for row in await PrintDebtEntry.select(
        PrintDebtEntry.reference).where(PrintDebtEntry.reference.is_in(
            [print_debt.reversal_reference(f"print_debt_entry:{e.id}") for e in entries]
            or [""]))}
    return [(e, print_debt.reversal_reference(f"print_debt_entry:{e.id}") in undone)
            for e in entries]
