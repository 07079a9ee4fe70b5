"""KTP-el indicators against their targets.

Rules held here:
- counts are consistent: recorded ≤ wajib KTP; printed and IKD activations ≤ recorded;
- rates are computed from counts, never typed (Gorontalo Utara, 30 Sep 2021: 88,491 of 90,060
  is 0.9826, not the article's 98.18 %);
- a gap is people: ceil(target × base) − achieved, at least 0 (to 99.4 %: 1,029 still to
  record there);
- a province's or the nation's figures are the sums of its regencies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from decimal import Decimal

from blanko_tracker.domain.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Figures:
    wajib_ktp: int
    recorded: int
    printed: int | None = None
    ikd_activated: int | None = None
    suket_outstanding: int | None = None


def check_figures(figures: Figures) -> None:
    if figures.recorded > figures.wajib_ktp:
        raise InvalidInput("recorded", f"{figures.recorded} recorded is more than the "
                           f"{figures.wajib_ktp} wajib KTP", rule="recorded_over_eligible",
                           values={"recorded": figures.recorded, "eligible": figures.wajib_ktp})
    for name in ("printed", "ikd_activated"):
        value = getattr(figures, name)
        if value is not None and value > figures.recorded:
            raise InvalidInput(name, f"{value} is more than the {figures.recorded} recorded",
                               rule="over_recorded",
                               values={"value": value, "recorded": figures.recorded})


def total(many: list[Figures]) -> Figures:
    """The sum of regencies' figures; an optional figure is summed over those that gave it."""
    sums: dict[str, int | None] = {}
    for field in fields(Figures):
        values = [getattr(f, field.name) for f in many if getattr(f, field.name) is not None]
        sums[field.name] = sum(values) if values else None
    sums["wajib_ktp"] = sums["wajib_ktp"] or 0
    sums["recorded"] = sums["recorded"] or 0
    return Figures(**sums)  # type: ignore[arg-type]


def rate(part: int | None, whole: int) -> float | None:
    """A fraction in 0..1, rounded to 4 places (0.9826), from counts."""
    if part is None or whole == 0:
        return None
    return round(part / whole, 4)


def gap(target: float | None, base: int, achieved: int | None) -> int | None:
    """People still needed to reach `target` of `base`: ceil(target × base) − achieved, ≥ 0."""
    if target is None:
        return None
    needed = math.ceil(Decimal(str(target)) * base)
    return max(0, needed - (achieved or 0))
