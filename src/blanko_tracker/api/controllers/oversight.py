"""The audit trail and the alerts of the day."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from blanko_tracker.api.guards import readable
from blanko_tracker.api.params import (
    CurrentActor,
    Limit,
    MomentFrom,
    MomentTo,
    Offset,
    OptionalRegionQuery,
    moment,
)
from blanko_tracker.api.problems import responses
from blanko_tracker.db import audit
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import Alert, AlertList, AuditPage
from blanko_tracker.services.alerts import alerts_of
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.wire import audit_entry_out


class OversightController(Controller):
    path = "/api/v1"
    tags = ["oversight"]

    @get("/audit", operation_id="list_audit", responses=responses(400, 401, 403))
    async def list_audit(
        self, actor: CurrentActor, region: OptionalRegionQuery = None,
        by: Annotated[str | None, QueryParameter(name="actor")] = None,
        since: MomentFrom = None, until: MomentTo = None,
        limit: Limit = 100, offset: Offset = 0,
    ) -> AuditPage:
        """Every write within your scope, newest first (`from` inclusive, `to` exclusive)."""
        readable(actor, region or actor.region)
        start, end = moment(since, field="from"), moment(until, field="to")
        if by is not None and "\x00" in by:  # PostgreSQL refuses NUL in text
            raise InvalidInput("actor", "a username has no NUL character")
        if start is not None and end is not None and start >= end:
            raise InvalidInput("from", "must be before to")
        rows, total = await audit.listing(scope=actor.region, region=region, actor=by,
                                          start=start, end=end, limit=limit, offset=offset)
        return AuditPage(items=[audit_entry_out(row) for row in rows], total=total)

    @get("/alerts", operation_id="list_alerts", responses=responses(400, 401, 403))
    async def list_alerts(self, actor: CurrentActor, region: OptionalRegionQuery = None
                          ) -> AlertList:
        """What needs acting on today: stock-outs within two weeks while debt remains,
        shipments more than 3 days overdue, requests waiting more than 7 days."""
        code = region or actor.region
        readable(actor, code)
        now = utcnow()
        return AlertList(items=[
            Alert(region=a.region, kind=a.kind, since=a.since, detail=a.english())
            for a in await alerts_of(code, local_date(code, now), now)])

