"""Print debt (*hutang cetak*): residents recorded and print-ready, still waiting for a card.

Rules held here:
- the debt grows with recordings (`new`, `replacement`, `change`) and shrinks with printed
  cards; it never shows below zero (cards printed beyond the recorded debt repay nothing more);
- a snapshot sets it to the authoritative count from the national system; the difference
  from what the system had is kept as a visible reconciliation;
- entries are applied in the order of the day they happened, then of recording, so a
  back-dated entry lands on its own day;
- a debt, or a day's recorded or printed count, stays within MAX_COUNT (the 32-bit columns
  they are kept in; the whole nation owes a few million cards).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from blanko_tracker.domain.errors import InvalidInput, InvalidState, RuleViolated

MAX_COUNT = 2_000_000_000


class EntryKind(StrEnum):
    RECORDING = "recording"
    PRINTED = "printed"
    SNAPSHOT = "snapshot"


class RecordingKind(StrEnum):
    NEW = "new"
    REPLACEMENT = "replacement"
    CHANGE = "change"


@dataclass(frozen=True, slots=True)
class Entry:
    on: date
    kind: EntryKind
    count: int  # recording/printed: how many; snapshot: the pending count itself


@dataclass(frozen=True, slots=True)
class DebtDay:
    day: date
    recorded: int
    printed: int
    pending: int  # at the end of the day


def apply(pending: int, entry: Entry) -> int:
    if entry.kind == EntryKind.SNAPSHOT:
        return entry.count
    if entry.kind == EntryKind.RECORDING:
        # A reversed recording is a negative one: it takes its count off, never below zero.
        return max(0, _bounded(pending + entry.count, f"the print debt on {entry.on}"))
    return max(0, pending - entry.count)


def _bounded(count: int, what: str) -> int:
    if count > MAX_COUNT:
        raise RuleViolated(f"{what} would be {count:,}; it is at most {MAX_COUNT:,}.",
                           rule="over_most_debt", values={"count": count, "limit": MAX_COUNT})
    return count


def replay(pending: int, entries: Iterable[Entry]) -> list[DebtDay]:
    """Day-by-day figures from `pending` on, for entries already in (day, recording) order."""
    days: list[DebtDay] = []
    current: date | None = None
    recorded = printed = 0
    for entry in entries:
        if entry.on != current:
            if current is not None:
                days.append(DebtDay(current, recorded, printed, pending))
            current, recorded, printed = entry.on, 0, 0
        pending = apply(pending, entry)
        if entry.kind == EntryKind.RECORDING:
            recorded = _bounded(recorded + entry.count, f"the records of {entry.on}")
        elif entry.kind == EntryKind.PRINTED:
            printed = _bounded(printed + entry.count, f"the cards printed on {entry.on}")
    if current is not None:
        days.append(DebtDay(current, recorded, printed, pending))
    return days


def extend(day: DebtDay | None, pending_before_day: int, entry: Entry) -> DebtDay:
    """`entry`'s day with `entry` appended as its latest entry: the same figures as replaying
    the whole day, from the day's current figures (`day`, None when it has none yet)."""
    if day is None:
        return replay(pending_before_day, [entry])[0]
    added = replay(day.pending, [entry])[0]
    return DebtDay(entry.on, _bounded(day.recorded + added.recorded, f"the records of {entry.on}"),
                   _bounded(day.printed + added.printed, f"the cards printed on {entry.on}"),
                   added.pending)


def extend_latest(latest: DebtDay | None, entry: Entry) -> DebtDay | None:
    """The figures of `entry`'s day once `entry` joins a regency whose latest day is `latest`;
    None when the entry is back-dated (every day after it changes: replay from its day)."""
    if latest is not None and latest.day > entry.on:
        return None
    if latest is not None and latest.day == entry.on:
        return extend(latest, 0, entry)
    return extend(None, latest.pending if latest else 0, entry)


def pending_before(pending: int, same_day_entries: Iterable[Entry]) -> int:
    """What the system had on a day just before a new entry of that day."""
    for entry in same_day_entries:
        pending = apply(pending, entry)
    return pending


def roll_up(rows: Iterable[tuple[str, date, int, int, int]], start: date | None,
            before: dict[str, int] | None = None) -> list[DebtDay]:
    """Regencies' day figures `(region, day, recorded, printed, pending)`, oldest first, summed
    per day: a regency's pending carries forward over days it has no entry, starting from
    `before` (each regency's pending before the first row)."""
    pending: dict[str, int] = dict(before or {})
    days: list[DebtDay] = []
    current: date | None = None
    recorded = printed = 0

    def close() -> None:
        if current is not None and (start is None or current >= start):
            days.append(DebtDay(current, recorded, printed, sum(pending.values())))

    for region, day, day_recorded, day_printed, day_pending in rows:
        if day != current:
            close()
            current, recorded, printed = day, 0, 0
        recorded += day_recorded
        printed += day_printed
        pending[region] = day_pending
    close()
    return days


def check_print_run(printed: int, spoiled: int, spoiled_reason: str | None) -> None:
    """A print run prints or spoils at least one blank; a cause goes only with spoiled ones."""
    if printed + spoiled == 0:
        raise InvalidInput("printed", "a print run prints or spoils at least one blank",
                           rule="empty_print_run")
    if spoiled and spoiled_reason is None:
        # The ministry asks every spoiled blank to be logged with its cause.
        raise InvalidInput("spoiled_reason", "spoiled blanks need their cause",
                           rule="spoiled_without_reason")
    if spoiled_reason is not None and spoiled == 0:
        raise InvalidInput("spoiled_reason", "no blanks were spoiled",
                           rule="reason_without_spoiled")


REVERSAL_PREFIX = "reversal:"


def reversal_reference(reference: str) -> str:
    """How the entry that undoes `reference` ("print_run:4", "print_debt_entry:9") names it."""
    return REVERSAL_PREFIX + reference


def check_reversible(what: str, *, already_reversed: bool, is_reversal: bool = False) -> None:
    """An entry made by mistake is undone once, by an entry that cancels it; an undoing
    entry is not itself undone (enter the figure again instead)."""
    if is_reversal:
        raise InvalidState(f"{what} is itself an undo; enter the figure again instead.",
                           rule="reversal_of_reversal")
    if already_reversed:
        raise InvalidState(f"{what} has already been undone.", rule="already_reversed")


def check_recording_reversible(entry_id: int, kind: EntryKind) -> None:
    """Only recordings are undone as debt entries: printed cards belong to their print run
    (undo the run), and a snapshot is mended by a newer snapshot."""
    if kind is not EntryKind.RECORDING:
        raise InvalidState(f"Print debt entry {entry_id} ({kind.value}) is not a recording; "
                           "undo its print run or take a new snapshot.", rule="not_a_recording")
