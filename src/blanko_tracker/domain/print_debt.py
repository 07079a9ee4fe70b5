"""Print debt (*hutang cetak*): residents recorded and print-ready, still waiting for a card.

Rules held here:
- the debt is kept per class (`DebtClass`); it grows with recordings of a class and shrinks
  with printed cards, in the ministry's priority order unless a print run names its classes;
  it never shows below zero (cards printed beyond the recorded debt repay nothing more), and
  the pending debt is always the sum of its classes;
- a snapshot sets it to the authoritative count from the national system, with its classes
  or, without them, the classes scaled to the new count; the difference from what the system
  had is kept as a visible reconciliation;
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


class DebtClass(StrEnum):
    """The classes of the debt, in the ministry's priority order for printing: first cards
    (*rekam baru*), disaster victims, replacements of lost or damaged cards, data changes,
    and residents who moved in."""

    NEW = "new"
    DISASTER = "disaster"
    REPLACEMENT = "replacement"
    CHANGE = "change"
    MOVED = "moved"


PRIORITY: tuple[DebtClass, ...] = tuple(DebtClass)
# Counts per class, in PRIORITY order: a day's pending debt, or what one entry moves.
Classes = tuple[int, ...]
NO_CLASSES: Classes = (0,) * len(PRIORITY)


def by_class(classes: Classes) -> dict[str, int]:
    return {cls.value: count for cls, count in zip(PRIORITY, classes, strict=True)}


def of_class(cls: DebtClass, count: int) -> Classes:
    return tuple(count if c is cls else 0 for c in PRIORITY)


def classes_from(named: dict[DebtClass, int]) -> Classes:
    return tuple(named.get(c, 0) for c in PRIORITY)


def summed(many: Iterable[Classes]) -> Classes:
    """Classes summed over regencies (a province's, the nation's)."""
    total = NO_CLASSES
    for classes in many:
        total = tuple(a + b for a, b in zip(total, classes, strict=True))
    return total


@dataclass(frozen=True, slots=True)
class Entry:
    on: date
    kind: EntryKind
    count: int  # recording/printed: how many; snapshot: the pending count itself
    # By class: a recording's count in its class; the cards a print run repays per class; a
    # snapshot's count per class. None: a recording of first cards, a print run in priority
    # order, a snapshot that keeps the classes' proportions.
    split: Classes | None = None


@dataclass(frozen=True, slots=True)
class DebtDay:
    day: date
    recorded: int
    printed: int
    classes: Classes  # the pending debt per class at the end of the day

    @property
    def pending(self) -> int:
        return sum(self.classes)


@dataclass(frozen=True, slots=True)
class DebtTotal:
    """A day of debt summed over regencies (without classes)."""

    day: date
    recorded: int
    printed: int
    pending: int


def apply(classes: Classes, entry: Entry) -> Classes:
    if entry.kind == EntryKind.SNAPSHOT:
        return entry.split if entry.split is not None else scaled(classes, entry.count)
    split = entry.split if entry.split is not None else of_class(DebtClass.NEW, entry.count)
    delta = split if entry.kind == EntryKind.RECORDING else tuple(-n for n in split)
    after = changed(classes, delta)
    _bounded(sum(after), f"the print debt on {entry.on}")
    return after


def changed(classes: Classes, delta: Classes) -> Classes:
    """`classes` with `delta` added. What comes off a class beyond what it holds comes off
    the others in priority order, and nothing goes below zero: cards printed beyond the debt
    repay nothing more, and a print run or reversed recording named for a class that is
    already repaid still repays the same number of cards."""
    after = [count + max(change, 0) for count, change in zip(classes, delta, strict=True)]
    owed = 0
    for index, change in enumerate(delta):
        if change < 0:
            taken = min(after[index], -change)
            after[index] -= taken
            owed += -change - taken
    for index in range(len(after)):
        taken = min(after[index], owed)
        after[index] -= taken
        owed -= taken
    return tuple(after)


def priority_split(classes: Classes, printed: int) -> Classes:
    """How `printed` cards repay a debt of `classes` in the ministry's priority order; cards
    beyond the debt are counted as first cards (an undo gives them back there)."""
    split, left = [], printed
    for count in classes:
        split.append(min(count, left))
        left -= split[-1]
    split[0] += left
    return tuple(split)


def scaled(classes: Classes, total: int) -> Classes:
    """`classes` scaled to `total` in whole cards (largest remainder); a debt with no classes
    yet becomes first cards."""
    held = sum(classes)
    if held == 0:
        return of_class(DebtClass.NEW, total)
    shares = [count * total for count in classes]
    whole = [share // held for share in shares]
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] % held), i))
    for index in order[: total - sum(whole)]:
        whole[index] += 1
    return tuple(whole)


def checked_split(named: dict[DebtClass, int] | None, total: int, *, field: str
                  ) -> Classes | None:
    """A split named by the caller must add up to the total it splits."""
    if named is None:
        return None
    split = classes_from(named)
    if sum(split) != total:
        raise InvalidInput(field, f"the classes add up to {sum(split)}, not {total}",
                           rule="classes_not_total",
                           values={"sum": sum(split), "total": total})
    return split


def _bounded(count: int, what: str) -> int:
    if count > MAX_COUNT:
        raise RuleViolated(f"{what} would be {count:,}; it is at most {MAX_COUNT:,}.",
                           rule="over_most_debt", values={"count": count, "limit": MAX_COUNT})
    return count


def replay(start: Classes, entries: Iterable[Entry]) -> list[DebtDay]:
    """Day-by-day figures from `start` on, for entries already in (day, recording) order."""
    days: list[DebtDay] = []
    current: date | None = None
    recorded = printed = 0
    classes = start
    for entry in entries:
        if entry.on != current:
            if current is not None:
                days.append(DebtDay(current, recorded, printed, classes))
            current, recorded, printed = entry.on, 0, 0
        classes = apply(classes, entry)
        if entry.kind == EntryKind.RECORDING:
            recorded = _bounded(recorded + entry.count, f"the records of {entry.on}")
        elif entry.kind == EntryKind.PRINTED:
            printed = _bounded(printed + entry.count, f"the cards printed on {entry.on}")
    if current is not None:
        days.append(DebtDay(current, recorded, printed, classes))
    return days


def extend(day: DebtDay | None, before_day: Classes, entry: Entry) -> DebtDay:
    """`entry`'s day with `entry` appended as its latest entry: the same figures as replaying
    the whole day, from the day's current figures (`day`, None when it has none yet)."""
    if day is None:
        return replay(before_day, [entry])[0]
    added = replay(day.classes, [entry])[0]
    return DebtDay(entry.on, _bounded(day.recorded + added.recorded, f"the records of {entry.on}"),
                   _bounded(day.printed + added.printed, f"the cards printed on {entry.on}"),
                   added.classes)


def extend_latest(latest: DebtDay | None, entry: Entry) -> DebtDay | None:
    """The figures of `entry`'s day once `entry` joins a regency whose latest day is `latest`;
    None when the entry is back-dated (every day after it changes: replay from its day)."""
    if latest is not None and latest.day > entry.on:
        return None
    if latest is not None and latest.day == entry.on:
        return extend(latest, NO_CLASSES, entry)
    return extend(None, latest.classes if latest else NO_CLASSES, entry)


def classes_before(classes: Classes, same_day_entries: Iterable[Entry]) -> Classes:
    """What the system had on a day just before a new entry of that day."""
    for entry in same_day_entries:
        classes = apply(classes, entry)
    return classes


def roll_up(rows: Iterable[tuple[str, date, int, int, int]], start: date | None,
            before: dict[str, int] | None = None) -> list[DebtTotal]:
    """Regencies' day figures `(region, day, recorded, printed, pending)`, oldest first, summed
    per day: a regency's pending carries forward over days it has no entry, starting from
    `before` (each regency's pending before the first row)."""
    pending: dict[str, int] = dict(before or {})
    days: list[DebtTotal] = []
    current: date | None = None
    recorded = printed = 0

    def close() -> None:
        if current is not None and (start is None or current >= start):
            days.append(DebtTotal(current, recorded, printed, sum(pending.values())))

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
