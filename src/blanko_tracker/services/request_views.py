"""Requests (*permintaan blanko*) as the API and the pages show them: each with what its
shipments delivered — received, still owed by the supplier, on its way.

Reads own no transaction and write nothing; who may read what is checked by the caller.
"""

from __future__ import annotations

from blanko_tracker.db import stock_requests
from blanko_tracker.db.stock_requests import StockRequestRow
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import StockRequestOut
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.vetting import vetting_of
from blanko_tracker.services.wire import request_out


async def request_views(rows: list[StockRequestRow]) -> list[StockRequestOut]:
    """Rows with what their shipments delivered (received, owed, on its way) and their
    vetting (services/vetting.py)."""
    delivered = await stock_requests.fulfilment([row.id for row in rows])
    now = utcnow()
    views = []
    for row in rows:
        view = request_out(row, delivered[row.id])
        view.vetting = await vetting_of(row.region, row.quantity,
                                        local_date(row.region, now), now)
        views.append(view)
    return views


async def request_view(row: StockRequestRow) -> StockRequestOut:
    return (await request_views([row]))[0]
