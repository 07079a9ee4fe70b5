"""Alerts: what needs acting on today in a region's subtree — a stock-out soon while print
debt remains, a shipment overdue, a request waiting for a decision.

Reads own no transaction and write nothing; who may read what is checked by the caller
(`authorize(actor, Action.READ, code)`) before any of these run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from blanko_tracker.db import alerts
from blanko_tracker.domain.regions import local_date
from blanko_tracker.services import forecasting

OVERDUE_AFTER = timedelta(days=3)  # dispatched, not received, this long past expected_on
WAITING_AFTER = timedelta(days=7)  # submitted and undecided this long


@dataclass(frozen=True, slots=True)
class AlertFacts:
    """One thing to act on today, as facts; the API words it in English (`english`), the
    pages in the reader's language."""

    region: str
    kind: str  # stockout_soon | shipment_overdue | request_waiting
    since: date
    on: date  # the stock-out day, the day a shipment was expected, the day a request came
    quantity: int  # cards owed; blanks shipped; blanks requested
    subject_id: int | None = None  # the shipment or request
    other: str = ""  # the shipment's source; the request's supplier

    def english(self) -> str:
        if self.kind == "stockout_soon":
            return f"stock runs out around {self.on.isoformat()} with {self.quantity:,} cards owed"
        if self.kind == "shipment_overdue":
            return (f"shipment {self.subject_id} of {self.quantity:,} blanks from {self.other} "
                    f"was expected on {self.on.isoformat()}")
        return (f"request {self.subject_id} for {self.quantity:,} blanks to {self.other} "
                f"submitted on {self.on.isoformat()}")


async def alerts_of(code: str, today: date, now: datetime) -> list[AlertFacts]:
    """What needs acting on today: stock-outs within two weeks while debt remains,
    shipments more than 3 days overdue, requests waiting more than 7 days."""
    items = [
        AlertFacts(region=r, kind="stockout_soon", since=today, on=day, quantity=debt)
        for r, day, debt in await forecasting.stockouts_soon(code, today)
    ]
    items += [
        AlertFacts(region=s.destination, kind="shipment_overdue",
                   since=s.expected_on + OVERDUE_AFTER, on=s.expected_on,
                   quantity=s.quantity, subject_id=s.id, other=s.source)
        for s in await alerts.overdue_shipments(code, today - OVERDUE_AFTER)
    ]
    items += [
        AlertFacts(region=r.region, kind="request_waiting",
                   since=submitted + WAITING_AFTER, on=submitted,
                   quantity=r.quantity, subject_id=r.id, other=r.supplier)
        for r in await alerts.waiting_requests(code, now - WAITING_AFTER)
        # the day it was raised in the raising office's own time zone, as its staff saw it
        for submitted in [local_date(r.region, r.created_at)]
    ]
    return items
