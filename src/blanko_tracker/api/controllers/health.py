"""`GET /health`: is the service up and can it reach its database."""

from __future__ import annotations

from litestar import get
from litestar.openapi.datastructures import ResponseSpec
from litestar.response import Response

from blanko_tracker.db.tables import Region
from blanko_tracker.domain.regions import NATIONAL
from blanko_tracker.schemas import Health


# `security=[{}]`: no token needed (the app's default is a bearer token everywhere).
@get("/health", operation_id="health", tags=["health"], security=[{}], responses={
    503: ResponseSpec(Health, description="The database is unreachable or not migrated")})
async def health() -> Response[Health]:
    """Healthy means the database answers *and* is migrated (the national region is there)."""
    try:
        migrated = await Region.exists().where(Region.code == NATIONAL)
    except Exception:  # any failure to reach the database is what this endpoint reports
        return Response(Health(status="degraded", database="unavailable"), status_code=503)
    if not migrated:
        return Response(Health(status="degraded", database="not_migrated"), status_code=503)
    return Response(Health(status="ok", database="ok"))
