"""The stock ledger: an append-only card of signed movements per region.

Rules held here:
- a region's balance is the sum of its movements and is never below zero;
- a movement is never edited or deleted; a mistake is mended by a `reversal` that names the
  movement it reverses, and a movement is reversed at most once;
- movements that belong to a document (a shipment, a print run) are mended through that
  document, not reversed on the card alone, so the two never disagree;
- an adjustment has a reason, and the reason fixes its sign where it has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from blanko_tracker.domain.errors import (
    InsufficientStock,
    InvalidInput,
    InvalidState,
    RuleViolated,
)


class MovementKind(StrEnum):
    PROCUREMENT = "procurement"
    RECEIPT = "receipt"
    TRANSFER_OUT = "transfer_out"
    PRINT_USE = "print_use"
    SPOILED = "spoiled"
    ADJUSTMENT = "adjustment"
    REVERSAL = "reversal"
    # A mobile-service kit (*jemput bola*): its blanks leave on-hand with the officer, and
    # what comes back at its return (printed and spoiled ones are then taken as a print run
    # takes them, so on-hand rises by the unused blanks alone; missing ones stay out).
    KIT_OUT = "kit_out"
    KIT_RETURN = "kit_return"


class AdjustmentReason(StrEnum):
    COUNT_CORRECTION = "count_correction"
    LOST = "lost"
    DAMAGED_IN_STORAGE = "damaged_in_storage"
    FOUND = "found"


class SpoiledReason(StrEnum):
    """Why a blank was spoiled, as the ministry asks spoiled cards to be logged."""

    ENCODE_FAILURE = "encode_failure"
    PRINT_FAILURE = "print_failure"
    PHYSICAL_DAMAGE = "physical_damage"
    DATA_CHANGE = "data_change"


# Kinds that stand alone on the card and may be reversed there.
REVERSIBLE = frozenset({MovementKind.PROCUREMENT, MovementKind.ADJUSTMENT})

_SIGN_OF_REASON = {
    AdjustmentReason.LOST: -1,
    AdjustmentReason.DAMAGED_IN_STORAGE: -1,
    AdjustmentReason.FOUND: +1,
}


@dataclass(frozen=True, slots=True)
class Movement:
    """One signed line of a region's stock card; balances are sums of these."""

    region: str
    kind: MovementKind
    quantity: int  # signed: + into the region, - out of it
    on: date  # the day it happened; when it was recorded is the database's concern
    reference: str = ""  # "procurement", "shipment:88", "print_run:412"
    reverses: int | None = None
    note: str = ""


def take(on_hand: int, quantity: int, *, region: str) -> int:
    """What is left after taking `quantity` blanks out of `region`.

    Raises InsufficientStock rather than let a balance go below zero, ever.
    """
    if quantity > on_hand:
        raise InsufficientStock(region=region, requested=quantity, available=on_hand)
    return on_hand - quantity


# Balances are 32-bit columns; the whole nation uses ~25 million blanks a year. Past this a
# PostgreSQL write overflowed (a 500), while SQLite stored it.
MAX_ON_HAND = 2_000_000_000


def apply(on_hand: int, quantity: int, *, region: str) -> int:
    """The balance after a signed movement of `quantity`.

    Raises InsufficientStock below zero, RuleViolated above MAX_ON_HAND.
    """
    if quantity < 0:
        return take(on_hand, -quantity, region=region)
    if on_hand + quantity > MAX_ON_HAND:
        raise RuleViolated(f"{region} would hold {on_hand + quantity:,} blanks; no region holds "
                           f"more than {MAX_ON_HAND:,}.", rule="over_most_on_hand",
                           values={"region": region, "count": on_hand + quantity,
                                   "limit": MAX_ON_HAND})
    return on_hand + quantity


def apply_all(on_hand: int, quantities: list[int], *, region: str) -> list[int]:
    """The balance after each of several movements taken together: all of them fit, or
    InsufficientStock names their sum (a print run's printed and spoiled blanks)."""
    apply(on_hand, sum(quantities), region=region)
    balances = []
    for quantity in quantities:
        on_hand = apply(on_hand, quantity, region=region)
        balances.append(on_hand)
    return balances


def check_adjustment(quantity: int, reason: AdjustmentReason) -> None:
    """An adjustment moves stock (never 0) in the direction its reason implies."""
    if quantity == 0:
        raise InvalidInput("quantity", "an adjustment must change the stock: not 0",
                           rule="zero_adjustment")
    sign = _SIGN_OF_REASON.get(reason)
    if sign is not None and (quantity > 0) != (sign > 0):
        direction = "negative" if sign < 0 else "positive"
        raise InvalidInput("quantity", f"a {reason.value} adjustment must be {direction}",
                           rule=f"adjustment_{direction}")


def reversal_of(
    movement_id: int, kind: MovementKind, quantity: int, *, already_reversed: bool
) -> int:
    """The signed quantity of the movement that reverses this one."""
    if kind == MovementKind.REVERSAL:
        raise InvalidState(
            f"Movement {movement_id} is itself a reversal; record a new movement instead.",
            rule="reversal_of_reversal", values={"movement": str(movement_id)})
    if kind not in REVERSIBLE:
        raise InvalidState(
            f"Movement {movement_id} ({kind.value}) belongs to its shipment or print run; "
            "correct it there.", rule="movement_not_reversible",
            values={"movement": str(movement_id)})
    if already_reversed:
        raise InvalidState(f"Movement {movement_id} has already been reversed.",
                           rule="already_reversed", values={"movement": str(movement_id)})
    return -quantity
