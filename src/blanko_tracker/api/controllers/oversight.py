"""The audit trail and the alerts of the day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from blanko_tracker.api.guards import readable
from blanko_tracker.api.params import CurrentActor, Limit, Offset, OptionalRegionQuery
from blanko_tracker.api.problems import responses
from blanko_tracker.db import alerts, audit
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import Alert, AlertList, AuditEntryOut, AuditPage
from blanko_tracker.services import forecasting
from blanko_tracker.services.common import utcnow

OVERDUE_AFTER = timedelta(days=3)  # dispatched, not received, this long past expected_on
WAITING_AFTER = timedelta(days=7)  # submitted and undecided this long


class OversightController(Controller):
    path = "/api/v1"
    tags = ["oversight"]

    @get("/audit", operation_id="list_audit", responses=responses(400, 401, 403))
    async def list_audit(
        self, actor: CurrentActor, region: OptionalRegionQuery = None,
        by: Annotated[str | None, QueryParameter(name="actor")] = None,
        start: Annotated[datetime | None, QueryParameter(name="from")] = None,
        end: Annotated[datetime | None, QueryParameter(name="to")] = None,
        limit: Limit = 100, offset: Offset = 0,
    ) -> AuditPage:
        """Every write within your scope, newest first (`from` inclusive, `to` exclusive)."""
        readable(actor, region or actor.region)
        if start is not None and end is not None and start >= end:
            raise InvalidInput("from", "must be before to")
        rows, total = await audit.listing(scope=actor.region, region=region, actor=by,
                                          start=start, end=end, limit=limit, offset=offset)
        return AuditPage(items=[AuditEntryOut(at=r["at"], actor=r["actor"], action=r["action"],
                                              target=r["target"], region=r["region"],
                                              detail=r["detail"]) for r in rows],
                         total=total)

    @get("/alerts", operation_id="list_alerts", responses=responses(400, 401, 403))
    async def list_alerts(self, actor: CurrentActor, region: OptionalRegionQuery = None
                          ) -> AlertList:
        """What needs acting on today: stock-outs within two weeks while debt remains,
        shipments more than 3 days overdue, requests waiting more than 7 days."""
        code = region or actor.region
        readable(actor, code)
        now = utcnow()
        today = local_date(code, now)
        items = [
            Alert(region=r, kind="stockout_soon", since=today,
                  detail=f"stock runs out around {day.isoformat()} with {debt:,} cards owed")
            for r, day, debt in await forecasting.stockouts_soon(code, today)
        ]
        items += [
            Alert(region=s["destination"], kind="shipment_overdue",
                  since=s["expected_on"] + OVERDUE_AFTER,
                  detail=f"shipment {s['id']} of {s['quantity']:,} blanks from {s['source']} "
                         f"was expected on {s['expected_on'].isoformat()}")
            for s in await alerts.overdue_shipments(code, today - OVERDUE_AFTER)
        ]
        items += [
            Alert(region=r["region"], kind="request_waiting",
                  since=_day(r["created_at"]) + WAITING_AFTER,
                  detail=f"request {r['id']} for {r['quantity']:,} blanks to {r['supplier']} "
                         f"submitted on {_day(r['created_at']).isoformat()}")
            for r in await alerts.waiting_requests(code, now - WAITING_AFTER)
        ]
        return AlertList(items=items)


def _day(moment: datetime) -> date:
    return moment.date()
