"""Balancing a province (issue 23 item 2): loans between its regencies that even out their
days of cover (on hand ÷ the blanks a working day's printing uses), leaving no lender under
`keep_days`.

The even level is the province's total on hand over its total daily use; a regency above it
lends what it holds beyond that level (but never below `keep_days` of its own use), one below
borrows up to it; the biggest lender serves the biggest gap first. A regency that prints
nothing (no use) has no days of cover to even and takes no part.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Holding:
    region: str
    on_hand: int
    daily_use: float  # blanks a working day's printing uses


@dataclass(frozen=True, slots=True)
class Move:
    lender: str
    borrower: str
    quantity: int


def days_of_cover(on_hand: int, daily_use: float) -> float | None:
    return round(on_hand / daily_use, 1) if daily_use > 0 else None


def plan(holdings: list[Holding], keep_days: float) -> list[Move]:
    active = [h for h in holdings if h.daily_use > 0]
    if len(active) < 2:
        return []
    level = sum(h.on_hand for h in active) / sum(h.daily_use for h in active)
    spare = {h.region: max(0, math.floor(min(h.on_hand - level * h.daily_use,
                                             h.on_hand - keep_days * h.daily_use)))
             for h in active}
    short = {h.region: max(0, math.floor(level * h.daily_use - h.on_hand)) for h in active}
    moves: list[Move] = []
    lenders = sorted((r for r in spare if spare[r] > 0), key=lambda r: (-spare[r], r))
    borrowers = sorted((r for r in short if short[r] > 0), key=lambda r: (-short[r], r))
    for lender in lenders:
        for borrower in borrowers:
            quantity = min(spare[lender], short[borrower])
            if quantity <= 0:
                continue
            moves.append(Move(lender, borrower, quantity))
            spare[lender] -= quantity
            short[borrower] -= quantity
            if spare[lender] == 0:
                break
    return moves


def after(holdings: list[Holding], moves: list[Move]) -> dict[str, int]:
    on_hand = {h.region: h.on_hand for h in holdings}
    for move in moves:
        on_hand[move.lender] -= move.quantity
        on_hand[move.borrower] += move.quantity
    return on_hand
