"""Surrendered cards and destruction minutes (*berita acara pemusnahan*): what awaits
destruction at a regency, the minutes written, and each as JSON or as its PDF."""

from __future__ import annotations

from typing import Literal

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Response

from blanko_tracker.api.guards import readable
from blanko_tracker.api.openapi import JsonOrPdf
from blanko_tracker.api.params import CurrentActor, Limit, Offset, OptionalRegionQuery
from blanko_tracker.api.problems import responses
from blanko_tracker.db import destructions, regions
from blanko_tracker.documents import destruction as document
from blanko_tracker.domain.access import Action, may_at_all
from blanko_tracker.domain.errors import NotFound, NotPermitted
from blanko_tracker.schemas import (
    AwaitingOut,
    DestructionOut,
    DestructionPage,
    RecordDestruction,
    RecordSurrender,
    SurrenderOut,
)
from blanko_tracker.services import destructions as actions
from blanko_tracker.services.wire import destruction_out


class SurrenderController(Controller):
    path = "/api/v1/surrenders"
    tags = ["destructions"]

    @post("/", operation_id="record_surrender", responses=responses(400, 401, 403))
    async def record_surrender(self, data: JSONBody[RecordSurrender], actor: CurrentActor
                               ) -> SurrenderOut:
        """Old cards residents surrendered at a regency on a day; they await destruction."""
        row = await actions.record_surrender(data, actor=actor)
        return SurrenderOut(id=row.id, region=row.region, date=row.day, count=row.count)


class DestructionController(Controller):
    path = "/api/v1/destructions"
    tags = ["destructions"]

    @post("/", operation_id="record_destruction", responses=responses(400, 401, 403, 422))
    async def record_destruction(self, data: JSONBody[RecordDestruction],
                                 actor: CurrentActor) -> DestructionOut:
        """A destruction minute: at least two witnesses; more than awaits → 422
        `destruction_over_awaiting`. Numbered `BA-PMS/{region}/{year}/{seq}`."""
        return destruction_out(await actions.record_destruction(data, actor=actor))

    @get("/awaiting/{code:str}", operation_id="get_awaiting_destruction",
         responses=responses(400, 401, 403, 404))
    async def awaiting(self, code: FromPath[str], actor: CurrentActor) -> AwaitingOut:
        """Spoiled and surrendered cards awaiting destruction at a regency."""
        readable(actor, code)
        await regions.known(code)
        held = await actions.awaiting_at(code)
        return AwaitingOut(region=code, spoiled=held.spoiled, surrendered=held.surrendered,
                           oldest_on=held.oldest_on, spoiled_by_reason=held.spoiled_by_reason)

    @get("/{destruction_id:int}", operation_id="get_destruction",
         responses=responses(400, 401, 403, 404), operation_class=JsonOrPdf)
    async def get_destruction(
        self, destruction_id: FromPath[int], actor: CurrentActor,
        format: FromQuery[Literal["json", "pdf"]] = "json",  # the contract's name
    ) -> Response[DestructionOut]:
        """A minute as JSON, or its PDF (A4, Bahasa Indonesia) that goes up the chain."""
        if not may_at_all(actor, Action.READ):
            raise NotPermitted(actor.role.value, Action.READ.value)
        minute = await destructions.get(destruction_id)
        if minute is None:
            raise NotFound("destruction", destruction_id)
        readable(actor, minute.region)
        if format == "pdf":
            pdf = await document.to_pdf(minute, await regions.known(minute.region))
            filename = minute.number.replace("/", "-")
            return Response(pdf, media_type="application/pdf", headers={
                "Content-Disposition": f'attachment; filename="{filename}.pdf"'})
        return Response(destruction_out(minute))

    @get("/", operation_id="list_destructions", responses=responses(400, 401, 403, 404))
    async def list_destructions(self, actor: CurrentActor, region: OptionalRegionQuery = None,
                                limit: Limit = 100, offset: Offset = 0) -> DestructionPage:
        """The minutes at or under `region` (the caller's own when omitted), newest first."""
        scope = region or actor.region
        readable(actor, scope)
        await regions.known(scope)
        rows, total = await destructions.listing(scope, limit=limit, offset=offset)
        return DestructionPage(items=[destruction_out(row) for row in rows], total=total)
