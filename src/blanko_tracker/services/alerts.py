"""Alerts: what needs acting on today in a region's subtree — a stock-out soon while print
debt remains, a shipment overdue, a request waiting for a decision, suket issued while blanks
were on hand (the Dirjen forbids it), suket about to expire, spoiled cards awaiting
destruction more than 30 days.

Reads own no transaction and write nothing; who may read what is checked by the caller
(`authorize(actor, Action.READ, code)`) before any of these run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from blanko_tracker.db import alerts, loans, stock, suket
from blanko_tracker.domain import destruction as destruction_rules
from blanko_tracker.domain import suket as suket_rules
from blanko_tracker.domain.regions import local_date
from blanko_tracker.services import daily_reports, destructions, forecasting

OVERDUE_AFTER = timedelta(days=3)  # dispatched, not received, this long past expected_on
WAITING_AFTER = timedelta(days=7)  # submitted and undecided this long
SUKET_LOOKBACK = timedelta(days=29)  # suket issued in stock: the 30 days ending today


@dataclass(frozen=True, slots=True)
class AlertFacts:
    """One thing to act on today, as facts; the API words it in English (`english`), the
    pages in the reader's language."""

    region: str
    # stockout_soon | shipment_overdue | request_waiting | suket_while_in_stock |
    # suket_expiring | daily_report_missing | loan_overdue | destruction_overdue
    kind: str
    since: date
    # the stock-out day, the day a shipment was expected, the day a request came; the last
    # day suket were issued with blanks on hand; the last valid day of the first to expire;
    # the last day a silent regency reported
    on: date
    # cards owed; blanks shipped; blanks requested; suket issued in stock; suket expiring
    quantity: int
    subject_id: int | None = None  # the shipment or request
    other: str = ""  # the shipment's source; the request's supplier

    def english(self) -> str:
        if self.kind == "stockout_soon":
            return f"stock runs out around {self.on.isoformat()} with {self.quantity:,} cards owed"
        if self.kind == "shipment_overdue":
            return (f"shipment {self.subject_id} of {self.quantity:,} blanks from {self.other} "
                    f"was expected on {self.on.isoformat()}")
        if self.kind == "suket_while_in_stock":
            return (f"{self.quantity:,} suket issued on days that began with blanks on hand, "
                    f"the last on {self.on.isoformat()}")
        if self.kind == "daily_report_missing":
            return (f"no daily report since {self.on.isoformat()} (silent two working days "
                    f"from {self.since.isoformat()})")
        if self.kind == "loan_overdue":
            return (f"loan {self.subject_id}: {self.quantity:,} blanks still owed to "
                    f"{self.other}, due on {self.on.isoformat()}")
        if self.kind == "suket_expiring":
            return (f"{self.quantity:,} suket expire within 30 days, the first valid through "
                    f"{self.on.isoformat()}")
        if self.kind == "destruction_overdue":
            return (f"{self.quantity:,} spoiled cards await destruction, the oldest since "
                    f"{self.on.isoformat()}")
        return (f"request {self.subject_id} for {self.quantity:,} blanks to {self.other} "
                f"submitted on {self.on.isoformat()}")


async def alerts_of(code: str, today: date, now: datetime) -> list[AlertFacts]:
    """What needs acting on today: stock-outs within two weeks while debt remains,
    shipments more than 3 days overdue, requests waiting more than 7 days, suket issued in
    the last 30 days on days that began with blanks on hand, suket expiring within 30
    days, regencies that reported their day before but not on the last two working days,
    loans open past their due day, spoiled cards awaiting destruction more than 30 days."""
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
    items += await _suket_while_in_stock(code, today)
    items += [
        AlertFacts(region=region, kind="suket_expiring", since=today,
                   on=summary.first_expiry, quantity=summary.expiring_30d)
        for region, entries in (await suket.histories_under(code)).items()
        for summary in [suket_rules.summarise(entries, today, region=region)]
        if summary.expiring_30d and summary.first_expiry is not None
    ]
    items += [
        AlertFacts(region=region, kind="daily_report_missing", since=since, on=last,
                   quantity=0)
        for region, since, last in await daily_reports.silent_regencies(code, today)
    ]
    items += [
        AlertFacts(region=loan.borrower, kind="loan_overdue",
                   since=loan.due_on + timedelta(days=1), on=loan.due_on,
                   quantity=loan.outstanding, subject_id=loan.id, other=loan.lender)
        for loan in await loans.touching(code, stored="open") if loan.due_on < today
    ]
    items += [
        AlertFacts(region=region, kind="destruction_overdue",
                   since=held.oldest_on + timedelta(days=destruction_rules.OVERDUE_AFTER_DAYS
                                                    + 1),
                   on=held.oldest_on, quantity=held.spoiled)
        for region, held in (await destructions.awaiting_under(code)).items()
        if held.oldest_on is not None and destruction_rules.overdue(held, today)
    ]
    return items


async def _suket_while_in_stock(code: str, today: date) -> list[AlertFacts]:
    """A regency that issued suket on a day it began with blanks on hand (on-hand at the
    start of the day > 0), in the 30 days ending today: one alert per regency, from the
    first such day to the last, counting the suket issued on them."""
    start = today - SUKET_LOOKBACK
    issued = await suket.issued_days(code, start, today)
    opening = await stock.on_hand_at_start(sorted({r for r, _, _ in issued}), start, today)
    days: dict[str, list[tuple[date, int]]] = {}
    for region, day, count in issued:
        if opening[region][day] > 0:
            days.setdefault(region, []).append((day, count))
    return [AlertFacts(region=region, kind="suket_while_in_stock", since=found[0][0],
                       on=found[-1][0], quantity=sum(count for _, count in found))
            for region, found in days.items()]
