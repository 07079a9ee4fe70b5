"""Serial ranges of blank cards: the algebra custody is built on.

Blanks are security items; each carries a chip serial. Serials are handled as inclusive
ranges `(first, last)`, never one row per card (a national year is ~24 million cards).
Rules held here: a range has first ≤ last and no negative serial; ranges given together do
not overlap; their count matches the quantity they travel with; a part taken out of held
ranges must lie wholly inside them, and what remains splits and merges accordingly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from blanko_tracker.domain.errors import InvalidInput, QuantityMismatch, SerialConflict

Range = tuple[int, int]


def size(ranges: Iterable[Range]) -> int:
    return sum(last - first + 1 for first, last in ranges)


def merge(ranges: Iterable[Range]) -> list[Range]:
    """Sorted, with overlapping and adjacent ranges joined."""
    merged: list[Range] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def overlap(a: Range, b: Range) -> Range | None:
    first, last = max(a[0], b[0]), min(a[1], b[1])
    return (first, last) if first <= last else None


def check_ranges(
    ranges: Sequence[Sequence[int]], quantity: int, *, field: str = "serial_ranges"
) -> list[Range]:
    """The ranges as sorted tuples, once each is well formed, disjoint and they count `quantity`."""
    checked: list[Range] = []
    for index, pair in enumerate(ranges):
        if len(pair) != 2:
            raise InvalidInput(f"{field}[{index}]", "a range is [first, last]",
                               rule="serial_range_shape")
        first, last = pair
        if first < 0 or last < first:
            raise InvalidInput(f"{field}[{index}]", "a range needs 0 ≤ first ≤ last",
                               rule="serial_range_order")
        checked.append((first, last))
    checked.sort()
    for before, after in pairwise(checked):
        if overlap(before, after):
            raise SerialConflict(
                f"Serial ranges {list(before)} and {list(after)} overlap in the same request.",
                rule="serial_ranges_overlap",
                values={"first": str(after[0]), "last": str(before[1])})
    if size(checked) != quantity:
        raise QuantityMismatch(
            f"The serial ranges hold {size(checked)} serials but the quantity is {quantity}.",
            rule="serials_not_quantity", values={"serials": size(checked), "quantity": quantity})
    return checked


def subtract(held: Sequence[Range], taken: Sequence[Range]) -> list[Range]:
    """What is left of `held` once `taken` goes; SerialConflict if any of it is not held."""
    remaining = merge(held)
    for part in merge(taken):
        index = next(
            (i for i, r in enumerate(remaining) if r[0] <= part[0] and part[1] <= r[1]), None
        )
        if index is None:
            raise SerialConflict(f"Serials {part[0]}–{part[1]} are not all held here.",
                                 rule="serials_not_held_here",
                                 values={"first": str(part[0]), "last": str(part[1])})
        first, last = remaining.pop(index)
        pieces = [(first, part[0] - 1), (part[1] + 1, last)]
        remaining[index:index] = [p for p in pieces if p[0] <= p[1]]
    return remaining


def carve(
    held: Sequence[tuple[int, Range]], moving: Sequence[Range], *, holder: str
) -> tuple[list[int], list[tuple[int, Range]]]:
    """Take `moving` out of the held ranges (keyed by custody row).

    Returns the keys of the rows touched and the pieces of them left behind, each with the key
    it came from (so a piece keeps its row's `since`). SerialConflict unless every serial
    moving is held.
    """
    moving = merge(moving)
    touched: list[int] = []
    left: list[tuple[int, Range]] = []
    covered = 0
    for key, row in held:
        parts = [part for m in moving if (part := overlap(row, m))]
        if not parts:
            continue
        touched.append(key)
        covered += size(parts)
        left += [(key, piece) for piece in subtract([row], parts)]
    if covered < size(moving):
        raise SerialConflict(
            f"{size(moving) - covered} of these serials are not in {holder}'s stock.",
            rule="serials_not_in_stock", values={"count": size(moving) - covered,
                                                 "region": holder})
    if covered > size(moving):  # held rows overlap: the record itself is inconsistent
        raise SerialConflict(f"Some of these serials are on record twice in {holder}'s stock.",
                             rule="serials_twice", values={"region": holder})
    return touched, left
