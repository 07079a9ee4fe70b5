"""`GET /health`: is the service up and can it reach its database."""

from __future__ import annotations

from litestar import get
from litestar.response import Response

from blanko_tracker.db.tables import Region
from blanko_tracker.schemas import Health


@get("/health", operation_id="health", tags=["health"])
async def health() -> Response[Health]:
    try:
        await Region.raw("SELECT 1")
    except Exception:  # any failure to reach the database is what this endpoint reports
        return Response(Health(status="degraded", database="unavailable"), status_code=503)
    return Response(Health(status="ok", database="ok"))
