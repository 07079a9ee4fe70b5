"""Forecasts people can plan on: what was observed for a region read from the database, the
engine run on it. Reads only: nothing here writes.

A regency is simulated on its own figures. A province or the nation pools its subtree: every
regency under it is simulated on its own figures and the pool is the sum of their paths
(`domain.forecast.forecast_pool`). Blanks held above the regencies are forwarded to them by
need; what a forecast starts from and how a scenario changes it are the domain's
(`domain/forecast/observations.py`, `domain/forecast/scenarios.py`).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from blanko_tracker.db import observations, print_debt, printers, regions
from blanko_tracker.domain import calendar
from blanko_tracker.domain import forecast as engine
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.forecast import ForecastInputs
from blanko_tracker.domain.forecast.answers import why_not_repaid
from blanko_tracker.domain.forecast.observations import (
    WINDOW_DAYS,
    Expected,
    Observed,
    Subtree,
    days_blanks_ran_out,
    days_without_blanks,
    observe_regency,
    subtree,
)
from blanko_tracker.domain.forecast.scenarios import (
    Overrides,
    forwarding_note,
    inputs_for,
    pool_inputs,
)
from blanko_tracker.domain.regions import Level

REGENCY_PATHS = 500  # one regency: the engine's default
STOCKOUT_WINDOW_DAYS = 14
# A stock-out alert runs a forecast for every regency in scope and names one P50 day:
# fewer paths, same seed.
STOCKOUT_PATHS = 100
AS_OBSERVED = Overrides()  # the forecast with nothing overridden
SHOWN_AFTER_REPAID = 30  # days a searched-further chart runs on past the P90 repayment


async def observations_of(code: str, as_of: date) -> Subtree:
    """Everything the forecast of `code` starts from, as of the end of `as_of`: each
    regency's own, and above regency level the subtree's figures added up (`total`, what a
    pool's forecast shows)."""
    region = await regions.known(code)
    if region.level == Level.DISTRICT:
        raise InvalidInput("code", "forecasts are per regency or above; districts print with "
                           "their regency's stock", rule="forecast_of_district")
    pooled = region.level != Level.REGENCY
    codes = await regions.subtree(code, ("regency",)) if pooled else [code]
    observed, stock = await _observe_regencies(code, codes, as_of)
    return subtree(code, as_of, observed, stock=stock,
                   expected=await observations.arrivals(code, as_of))


async def _observe_regencies(root: str, codes: list[str], as_of: date
                             ) -> tuple[dict[str, Observed], dict[str, int]]:
    """Each regency's own figures, and the blanks on hand at the end of `as_of` in every
    region at or under `root`, the region they all lie under."""
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    working = calendar.working_days(start, as_of)
    days = [start + timedelta(days=i) for i in range(WINDOW_DAYS)]
    printing = await observations.daily_printing(root, start, as_of)
    inflow = await observations.daily_inflow(root, start, as_of)
    cards = await observations.stock_days(root, start, as_of)
    debts = {code: debt.pending for code, debt in
             (await print_debt.pending_of_regencies(root, as_of)).items()}
    rated = await printers.capacity_of(root)
    never = observations.StockWindow(0, {})  # a regency that never held a blank

    def observe(code: str) -> Observed:
        card = cards.get(code, never)  # print runs use the regency's own stock
        return observe_regency(
            debt=debts.get(code, 0), runs=printing.get(code, []),
            recorded=inflow.get(code, {}), working=working, printers=rated.get(code),
            without_blanks=days_without_blanks(card.opening, card.moved, days),
            ran_out=days_blanks_ran_out(card.opening, card.moved, days))

    observed = {code: observe(code) for code in codes}
    return observed, {region: card.closing for region, card in cards.items()}


async def forecast_region(code: str, as_of: date, horizon_days: int,
                          what_if: Overrides = AS_OBSERVED, *, paths: int | None = None
                          ) -> dict[str, Any]:
    """The forecast of a regency, or of a province or the nation as the sum of its
    regencies' paths (module docstring). `paths`: Monte Carlo paths (default 500 for a
    regency, 1,000 for a pool). `inputs` are the region's own or the pool's totals."""
    observed = await observations_of(code, as_of)
    inputs = inputs_for(observed.total, as_of, horizon_days, what_if)
    if list(observed.regencies) in ([code], []):  # a regency (or a pool with none under it)
        result = engine.forecast(inputs, n_paths=paths or REGENCY_PATHS)
        return {"inputs": inputs, "result": result, "notes": observed.total.notes,
                "facts": [(f"note_default_{name}", {}) for name in observed.total.defaulted]}
    members, kept = pool_inputs(observed, as_of, horizon_days, what_if)
    # Hundreds of regencies take most of a second: off the event loop.
    result = await asyncio.to_thread(engine.forecast_pool, members, held=kept,
                                     n_paths=paths or engine.POOL_PATHS)
    notes = list(observed.total.notes)
    facts: list[tuple[str, dict[str, int]]] = []
    if defaulted := sum(1 for o in observed.regencies.values() if o.defaulted):
        facts.append(("note_regencies_defaulted",
                      {"count": defaulted, "total": len(observed.regencies)}))
    if note := forwarding_note(observed, what_if, kept):
        notes.append(note)
        forwarded = (sum(lot.quantity for lot in observed.held(
            ignore_planned=what_if.ignore_planned))
            + sum(a.quantity for a in what_if.extra_shipments))
        facts.append(("note_forwarded", {"forwarded": forwarded,
                                         "stays": sum(a.quantity for a in kept)}))
    return {"inputs": inputs, "result": result, "notes": notes, "facts": facts}


async def answer_region(code: str, as_of: date, horizon_days: int,
                        what_if: Overrides = AS_OBSERVED, *, paths: int | None = None
                        ) -> dict[str, Any]:
    """The forecast a page shows: `forecast_region`, searched further when the debt is not
    repaid (P90) within `horizon_days` — as far as the longest horizon (two years) — so the
    answer is a date range, or "not at this pace" with its reason (`unrepaid`, a catalogue
    key of `why_not_repaid`). A longer search is cut back to a month past the P90
    repayment, so the chart shows the repayment rather than two years of zeros."""
    answer = await forecast_region(code, as_of, horizon_days, what_if, paths=paths)
    inputs, result = answer["inputs"], answer["result"]
    if (inputs.print_debt > 0 and result.repaid_on["p90"] is None
            and horizon_days < engine.MAX_HORIZON_DAYS):
        answer = await forecast_region(code, as_of, engine.MAX_HORIZON_DAYS, what_if,
                                       paths=paths)
        inputs, result = answer["inputs"], answer["result"]
        last = result.repaid_on["p90"]
        if last is not None:
            shown = min(engine.MAX_HORIZON_DAYS,
                        max(horizon_days, (last - as_of).days + SHOWN_AFTER_REPAID))
            answer["inputs"] = replace(inputs, horizon_days=shown)
            answer["result"] = replace(result, series=result.series[:shown],
                                       band=result.band[:shown])
    answer["unrepaid"] = None
    if inputs.print_debt > 0 and result.repaid_on["p50"] is None:
        answer["unrepaid"] = why_not_repaid(inputs, stockout_on=result.stockout_on)
    return answer


async def regency_inputs(parent: str, as_of: date, horizon_days: int, *,
                         dispatched_only: bool = False) -> dict[str, ForecastInputs]:
    """Forecast inputs for every regency under `parent`, each on its own stock and the
    shipments to it (nothing forwarded from above), from a handful of bulk queries.
    `dispatched_only`: count only shipments already on the road by `as_of` — a plan is a
    promise, not blanks, and may slip or be cancelled."""
    codes = await regions.subtree(parent, ("regency",))
    observed, stock = await _observe_regencies(parent, codes, as_of)
    incoming: dict[str, list[Expected]] = {}
    for shipment in await observations.arrivals(parent, as_of):
        if dispatched_only and (shipment.dispatched_on is None
                                or shipment.dispatched_on > as_of):
            continue
        incoming.setdefault(shipment.destination, []).append(shipment)
    for code in codes:
        observed[code].on_hand = stock.get(code, 0)
        observed[code].arrivals = [s.arrival() for s in incoming.get(code, [])]
    return {code: inputs_for(seen, as_of, horizon_days, AS_OBSERVED)
            for code, seen in observed.items()}


async def stockouts_soon(code: str, as_of: date) -> list[tuple[str, date, int]]:
    """(regency, P50 stock-out day, debt) where stock runs out within two weeks while debt
    remains, for the regencies at or under `code`.

    Only stock on hand and shipments already dispatched count: a shipment that is only
    planned must not silence the alert, since until it leaves the warehouse it may never
    come (the alert's reader is the one who should make sure it does)."""
    found = []
    for region, inputs in (await regency_inputs(code, as_of, STOCKOUT_WINDOW_DAYS,
                                                dispatched_only=True)).items():
        if inputs.print_debt == 0:
            continue
        stockout = engine.forecast(inputs, n_paths=STOCKOUT_PATHS).stockout_on
        if stockout is not None:
            found.append((region, stockout, inputs.print_debt))
    return found
