"""What a forecast starts from: a regency's recent printing, spoilage and inflow, and what a
province or the nation (a pool) holds above its regencies.

Rules held here:
- the window is the WINDOW_DAYS calendar days ending on `as_of`;
- capacity is the mean and population sd of the cards printed on the window's days with a
  print run on which the regency had blanks all day (`days_without_blanks`: a day it began
  with none on hand, or whose blanks ran out, shows how many blanks it had, not how many it
  could print); a day its blanks ran out counts as "at least what it printed" (a censored
  normal, `censored_normal`); spoilage is spoiled ÷ (printed + spoiled) over every day
  with a print run;
- inflow is the mean and population sd of new print-ready records over the window's working
  days, a working day without a recording counting as 0: it comes from the recordings
  alone, so a stock-out, which stops printing, does not stop the demand;
- fewer than MIN_DAYS days of print runs (or of recordings): the stated default instead, and
  a note saying so; fewer than MIN_DAYS of them with blanks all day: the mean over every day
  with a print run, a lower bound, and a note saying so; the standard error of a mean is
  sd ÷ √(days it was taken over);
- where printers are on record, a day prints at most the active ones' rated cards: the
  capacity is that of min(Normal(capacity, sd), rating) (`at_most`), never above the rating
  and 0 when every printer is broken;
- a pool's figures are its regencies' added up (means and counts summed, sds and standard
  errors in quadrature: regencies vary independently); its arrivals are the shipments from
  outside it;
- inside a pool, a regency's stock is its own and its districts', its arrivals the shipments
  to them; stock at a province's or the national warehouse, less what planned shipments out
  of it have promised, and shipments arriving there are held above the regencies.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from blanko_tracker.domain.allocation import Held
from blanko_tracker.domain.forecast.model import Arrival
from blanko_tracker.domain.regions import regency_of, within

WINDOW_DAYS = 60  # how far back printing, spoilage and inflow are observed
MIN_DAYS = 5  # fewer observed days than this: use the stated defaults
DEFAULT_CAPACITY = 100.0  # cards a working day: one printer's low end (DESIGN.md)
DEFAULT_SPOILAGE = 0.02
DEFAULT_INFLOW = 0.0


@dataclass
class Observed:
    """One region's (or pool's) observed parameters and what was assumed instead."""

    debt: int = 0
    on_hand: int = 0
    arrivals: list[Arrival] = field(default_factory=list)
    capacity: float = 0.0
    capacity_sd: float = 0.0
    inflow: float = 0.0
    inflow_sd: float = 0.0
    printed: int = 0
    spoiled: int = 0
    capacity_se: float = 0.0  # standard errors of the two means (σ/√days observed)
    inflow_se: float = 0.0
    notes: list[str] = field(default_factory=list)
    # Which inputs are stated defaults rather than observed ("capacity", "inflow"): the
    # pages word the notes in the reader's language from these, not from the English.
    defaulted: list[str] = field(default_factory=list)
    printers: int | None = None  # the active printers' rated cards a day; None: none on record

    @property
    def spoilage(self) -> float:
        used = self.printed + self.spoiled
        return self.spoiled / used if used else DEFAULT_SPOILAGE


def days_without_blanks(opening: int, moved: Mapping[date, int],
                        days: Sequence[date]) -> set[date]:
    """The days of `days` (consecutive, oldest first) on which a regency had no blanks to
    print with all day, from its stock card: it began the day with none on hand, or ended it
    with none (they ran out). `opening`: on hand at the end of the day before `days[0]`;
    `moved`: the card's net change on each day that has movements."""
    short: set[date] = set()
    on_hand = opening
    for day in days:
        began, on_hand = on_hand, on_hand + moved.get(day, 0)
        if began <= 0 or on_hand <= 0:
            short.add(day)
    return short


def days_blanks_ran_out(opening: int, moved: Mapping[date, int],
                        days: Sequence[date]) -> set[date]:
    """Of `days_without_blanks`, those the regency began with blanks and ended without: it
    printed until they ran out, so what it printed is a floor on what it could print."""
    out: set[date] = set()
    on_hand = opening
    for day in days:
        began, on_hand = on_hand, on_hand + moved.get(day, 0)
        if began > 0 >= on_hand:
            out.add(day)
    return out


def censored_normal(seen: Sequence[float], at_least: Sequence[float], *, rounds: int = 50
                    ) -> tuple[float, float]:
    """Mean and sd of a normal from values `seen` and values known only to be `at_least`
    (right-censored), by expectation-maximisation from the seen values' own mean and sd.

    Leaving the censored days out would bias the mean low: a day whose blanks ran out is
    more often a day the printer would have printed much.
    """
    mean, sd = statistics.fmean(seen), statistics.pstdev(seen)
    if sd <= 0 or not at_least:
        return mean, sd
    n = len(seen) + len(at_least)
    total, squares = sum(seen), sum(x * x for x in seen)
    for _ in range(rounds):
        first, second = total, squares
        for floor in at_least:
            a = (floor - mean) / sd
            tail = 0.5 * math.erfc(a / math.sqrt(2))  # P(X > floor)
            ratio = (math.exp(-a * a / 2) / math.sqrt(2 * math.pi) / tail
                     if tail > 1e-300 else a)  # E[(X − μ)/σ | X > floor]
            first += mean + sd * ratio
            second += mean * mean + sd * sd + sd * (floor + mean) * ratio
        mean = first / n
        sd = math.sqrt(max(0.0, second / n - mean * mean))
        if sd <= 0:
            break
    return mean, sd


def observe_regency(*, debt: int, runs: Sequence[tuple[date, int, int]],
                    recorded: Mapping[date, int], working: Sequence[date],
                    printers: int | None = None,
                    without_blanks: Collection[date] = frozenset(),
                    ran_out: Collection[date] = frozenset()) -> Observed:
    """A regency's figures from its window: `runs` are (day, printed, spoiled) for each day
    with a print run, `recorded` the new print-ready records by day, `working` the window's
    working days, `printers` the active printers' rated cards a day where any printer is on
    record (a day prints at most their rating, `at_most`: 0 when all are broken),
    `without_blanks` the days it had no blanks all day (`days_without_blanks`): their
    printing is no measure of its capacity, though on those of them in `ran_out`
    (`days_blanks_ran_out`) it could print at least as much as it did. Stock and arrivals are
    the caller's to add."""
    seen = Observed(debt=debt, printed=sum(r[1] for r in runs), spoiled=sum(r[2] for r in runs))
    full = [r[1] for r in runs if r[0] not in without_blanks]
    if len(runs) >= MIN_DAYS:
        counts = full if len(full) >= MIN_DAYS else [r[1] for r in runs]
        if counts is not full:
            seen.notes.append(f"blanks ran out on most days with print runs in the last "
                              f"{WINDOW_DAYS} days: capacity is at least what they printed")
        cut = [r[1] for r in runs if r[0] in ran_out and r[1] > 0] if counts is full else []
        seen.capacity, seen.capacity_sd = censored_normal(counts, cut)
        seen.capacity_se = seen.capacity_sd / math.sqrt(len(counts))
    else:
        seen.capacity, seen.capacity_sd = DEFAULT_CAPACITY, DEFAULT_CAPACITY * 0.2
        seen.defaulted.append("capacity")
        seen.notes.append(f"fewer than {MIN_DAYS} days of print runs in the last "
                          f"{WINDOW_DAYS} days: capacity assumed {DEFAULT_CAPACITY:g} cards "
                          f"a working day, spoilage {DEFAULT_SPOILAGE:.0%}")
        # A handful of days says little about spoilage either: the default stands for it.
        seen.printed = seen.spoiled = 0
    if len(recorded) >= MIN_DAYS:
        series = [recorded.get(day, 0) for day in working] or [0]
        seen.inflow, seen.inflow_sd = statistics.fmean(series), statistics.pstdev(series)
        seen.inflow_se = seen.inflow_sd / math.sqrt(len(series))
    else:
        seen.inflow = seen.inflow_sd = DEFAULT_INFLOW
        seen.defaulted.append("inflow")
        seen.notes.append(f"fewer than {MIN_DAYS} days of recordings in the last "
                          f"{WINDOW_DAYS} days: inflow assumed {DEFAULT_INFLOW:g}")
    seen.printers = printers
    if printers is not None:
        if seen.capacity > printers:
            seen.notes.append(f"capacity bounded by the active printers: {printers:,} cards "
                              "a working day")
        seen.capacity, seen.capacity_sd, seen.capacity_se = at_most(
            printers, seen.capacity, seen.capacity_sd, seen.capacity_se)
    return seen


def at_most(ceiling: float, mean: float, sd: float, se: float) -> tuple[float, float, float]:
    """Mean, sd and standard error of a day's printing when the printers print at most
    `ceiling` a day and the staff would print ~ Normal(mean, sd): min(that, ceiling).

    The ceiling clips the days above it, so the mean falls a little below it and the spread
    shrinks; how uncertain the staff's own rate is matters only as often as it is the lower
    of the two (the mean's slope, Φ(u)). Without spread, simply the lower of the two.
    """
    if sd <= 0:
        return min(mean, ceiling), 0.0, se if mean <= ceiling else 0.0
    u = (ceiling - mean) / sd
    if abs(u) >= 6:  # one of the two always sets the pace (and the moments below cancel out)
        return (max(0.0, float(ceiling)), 0.0, 0.0) if u < 0 else (mean, sd, se)
    below = 0.5 * math.erfc(-u / math.sqrt(2))  # Φ(u): the share of days under the ceiling
    density = math.exp(-u * u / 2) / math.sqrt(2 * math.pi)  # φ(u)
    first = mean * below - sd * density + ceiling * (1 - below)
    second = ((mean ** 2 + sd ** 2) * below - sd * (mean + ceiling) * density
              + ceiling ** 2 * (1 - below))
    return (max(0.0, min(first, ceiling)), math.sqrt(max(0.0, second - first ** 2)),
            se * below)


@dataclass(frozen=True, slots=True)
class Expected:
    """A shipment still to arrive somewhere in a region after `as_of`: planned, dispatched,
    or received later than `as_of`."""

    shipment_id: int
    source: str
    destination: str
    arrives_on: date  # the day it is expected (or was received)
    quantity: int
    dispatched_on: date | None  # None: not dispatched yet

    def arrival(self) -> Arrival:
        return Arrival(on=self.arrives_on, quantity=self.quantity, shipment_id=self.shipment_id)


@dataclass
class Subtree:
    """A region's observations: the pool's totals, each regency's own, and the blanks held
    above the regencies (warehouse stock free to forward, shipments arriving there)."""

    code: str
    as_of: date
    total: Observed
    regencies: dict[str, Observed]
    incoming: list[Held]  # shipments to a warehouse in the pool
    stock: dict[str, int]  # on hand at each warehouse in the pool
    promised: dict[str, int]  # of which held back for shipments not yet dispatched

    def held(self, *, ignore_planned: bool) -> list[Held]:
        """The blanks above the regencies: free warehouse stock today, and (unless a
        scenario ignores shipments — then the blanks promised to them are free) what
        arrives at a warehouse."""
        promised = {} if ignore_planned else self.promised
        lots = [Held(self.as_of, code, quantity - promised.get(code, 0))
                for code, quantity in sorted(self.stock.items())
                if quantity - promised.get(code, 0) > 0]
        return lots + ([] if ignore_planned else list(self.incoming))


def subtree(code: str, as_of: date, regencies: Mapping[str, Observed], *,
            stock: Mapping[str, int], expected: Sequence[Expected]) -> Subtree:
    """What the forecast of `code` starts from. `regencies`: each regency's own figures
    (`observe_regency`), just `code`'s for a regency; `stock`: on hand at the end of `as_of`
    in every region at or under `code`; `expected`: the shipments still to arrive there."""
    pooled = regency_of(code) is None
    per_regency = {c: replace(o, arrivals=list(o.arrivals), notes=list(o.notes),
                              defaulted=list(o.defaulted))
                   for c, o in regencies.items()}
    seen = list(per_regency.values())
    total = Observed(
        debt=sum(o.debt for o in seen),
        on_hand=sum(stock.values()),
        capacity=sum(o.capacity for o in seen),
        capacity_sd=math.sqrt(sum(o.capacity_sd ** 2 for o in seen)),
        inflow=sum(o.inflow for o in seen),
        inflow_sd=math.sqrt(sum(o.inflow_sd ** 2 for o in seen)),
        capacity_se=math.sqrt(sum(o.capacity_se ** 2 for o in seen)),
        inflow_se=math.sqrt(sum(o.inflow_se ** 2 for o in seen)),
        printed=sum(o.printed for o in seen),
        spoiled=sum(o.spoiled for o in seen),
    )
    # Moves inside a pool are not arrivals to it.
    total.arrivals = [s.arrival() for s in expected if not (pooled and within(code, s.source))]
    defaults = sorted({note for o in seen for note in o.notes})
    if not pooled:
        total.notes = defaults
        total.defaulted = sorted({name for o in seen for name in o.defaulted})
        return Subtree(code=code, as_of=as_of, total=total, regencies={code: total},
                       incoming=[], stock={}, promised={})
    if defaults:
        total.notes = [f"{sum(1 for o in seen if o.notes)} of {len(seen)} regencies have too "
                       "little history; stated defaults used for them"]
    incoming: list[Held] = []
    promised: dict[str, int] = {}
    for shipment in expected:
        destination = regency_of(shipment.destination)
        if destination in per_regency:
            per_regency[destination].arrivals.append(shipment.arrival())
        else:
            incoming.append(Held(shipment.arrives_on, shipment.destination, shipment.quantity))
        # A shipment not yet dispatched out of a warehouse in the pool still sits in its
        # stock: those blanks are promised to the shipment, not free to forward.
        if (within(code, shipment.source) and regency_of(shipment.source) is None
                and (shipment.dispatched_on is None or shipment.dispatched_on > as_of)):
            promised[shipment.source] = promised.get(shipment.source, 0) + shipment.quantity
    warehouses: dict[str, int] = {}
    for region, quantity in stock.items():
        regency = regency_of(region)
        if regency in per_regency:
            per_regency[regency].on_hand += quantity
        elif regency is None:
            warehouses[region] = quantity
    return Subtree(code=code, as_of=as_of, total=total, regencies=per_regency,
                   incoming=incoming, stock=warehouses, promised=promised)
