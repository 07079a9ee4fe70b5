"""The Kemendagri region hierarchy."""

from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromPath

from blanko_tracker.api.params import Limit, Offset, RegionQuery
from blanko_tracker.api.problems import responses
from blanko_tracker.db import regions
from blanko_tracker.domain.regions import NATIONAL
from blanko_tracker.schemas import RegionOut, RegionPage
from blanko_tracker.services.wire import region_out


class RegionController(Controller):
    path = "/api/v1/regions"
    tags = ["regions"]

    @get("/", operation_id="list_regions", responses=responses(400, 401, 404))
    async def list_regions(
        self, parent: RegionQuery = NATIONAL,
        limit: Limit = 100, offset: Offset = 0,
    ) -> RegionPage:
        """The children of `parent` (the provinces when omitted)."""
        await regions.known(parent)
        rows, total = await regions.children(parent, limit=limit, offset=offset)
        return RegionPage(items=[region_out(row) for row in rows], total=total)

    @get("/{code:str}", operation_id="get_region", responses=responses(401, 404))
    async def get_region(self, code: FromPath[str]) -> RegionOut:
        return region_out(await regions.known(code))
