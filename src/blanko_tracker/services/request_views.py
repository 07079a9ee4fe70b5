"""Requests (*permintaan blanko*) as the API and the pages show them: each with what its
shipments delivered — received, still owed by the supplier, on its way.

Reads own no transaction and write nothing; who may read what is checked by the caller.
"""

from __future__ import annotations

from typing import Any

from blanko_tracker.db import stock_requests
from blanko_tracker.domain import stock_requests as request_rules
from blanko_tracker.domain.stock_requests import RequestStatus
from blanko_tracker.schemas import StockRequestOut


async def request_views(rows: list[dict[str, Any]]) -> list[StockRequestOut]:
    """Rows with what their shipments delivered: received, owed, on its way."""
    totals = await stock_requests.fulfilment([row["id"] for row in rows])
    return [
        StockRequestOut(
            id=row["id"], region=row["region"], supplier=row["supplier"],
            quantity=row["quantity"], approved_quantity=row["approved_quantity"],
            status=row["status"], received_quantity=totals[row["id"]]["received"],
            owed=request_rules.owed(row["approved_quantity"], totals[row["id"]]["received"])
            if row["status"] in (RequestStatus.APPROVED, RequestStatus.FULFILLED) else 0,
            in_flight=totals[row["id"]]["in_flight"], needed_by=row["needed_by"],
            note=row["note"], decision_note=row["decision_note"], created_at=row["created_at"],
            created_by=row["created_by"],
        )
        for row in rows
    ]


async def request_view(row: dict[str, Any]) -> StockRequestOut:
    return (await request_views([row]))[0]
