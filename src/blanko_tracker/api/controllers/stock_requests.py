"""Requests for blanks (*permintaan blanko*)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from blanko_tracker.api.guards import readable
from blanko_tracker.api.params import (
    CurrentActor,
    Limit,
    Offset,
    OptionalRegionQuery,
)
from blanko_tracker.api.problems import responses
from blanko_tracker.db import stock_requests
from blanko_tracker.domain.errors import NotFound
from blanko_tracker.domain.stock_requests import RequestStatus
from blanko_tracker.schemas import (
    ApproveRequest,
    RaiseRequest,
    RejectRequest,
    StockRequestOut,
    StockRequestPage,
)
from blanko_tracker.services import stock_requests as actions
from blanko_tracker.services.request_views import request_view, request_views


class StockRequestController(Controller):
    path = "/api/v1/requests"
    tags = ["requests"]

    @post("/", operation_id="raise_request", responses=responses(400, 401, 403))
    async def raise_request(self, data: JSONBody[RaiseRequest], actor: CurrentActor
                            ) -> StockRequestOut:
        return await request_view(await actions.raise_request(data, actor=actor))

    @post("/{request_id:int}/approve", operation_id="approve_request", status_code=200,
          responses=responses(400, 401, 403, 404, 409))
    async def approve_request(self, request_id: FromPath[int], data: JSONBody[ApproveRequest],
                              actor: CurrentActor) -> StockRequestOut:
        return await request_view(await actions.approve_request(request_id, data, actor=actor))

    @post("/{request_id:int}/reject", operation_id="reject_request", status_code=200,
          responses=responses(400, 401, 403, 404, 409))
    async def reject_request(self, request_id: FromPath[int], data: JSONBody[RejectRequest],
                             actor: CurrentActor) -> StockRequestOut:
        return await request_view(await actions.reject_request(request_id, data, actor=actor))

    @post("/{request_id:int}/cancel", operation_id="cancel_request", status_code=200,
          responses=responses(401, 403, 404, 409))
    async def cancel_request(self, request_id: FromPath[int], actor: CurrentActor
                             ) -> StockRequestOut:
        return await request_view(await actions.cancel_request(request_id, actor=actor))

    @get("/", operation_id="list_requests", responses=responses(400, 401, 403))
    async def list_requests(
        self, actor: CurrentActor, region: OptionalRegionQuery = None,
        status: FromQuery[RequestStatus | None] = None, limit: Limit = 100, offset: Offset = 0,
    ) -> StockRequestPage:
        """Requests of `region` and the regions under it (default: your scope), newest first."""
        readable(actor, region or actor.region)
        rows, total = await stock_requests.listing(
            scope=actor.region, region=region, status=status.value if status else None,
            limit=limit, offset=offset,
        )
        return StockRequestPage(items=await request_views(rows), total=total)

    @get("/{request_id:int}", operation_id="get_request", responses=responses(401, 403, 404))
    async def get_request(self, request_id: FromPath[int], actor: CurrentActor
                          ) -> StockRequestOut:
        row = await stock_requests.get(request_id)
        if row is None:
            raise NotFound("request", request_id)
        readable(actor, row.region)
        return await request_view(row)
