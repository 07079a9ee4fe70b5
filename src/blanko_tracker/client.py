"""An httpx client for scripts and other systems, speaking the structs of `schemas.py`.

    async with BlankoClient("http://127.0.0.1:8000") as client:
        await client.sign_in("gudang.jakarta", "…")
        level = await client.stock("31")

A refusal raises `ProblemError` carrying the RFC 9457 problem (`status`, `code`, `detail`,
per-field `errors`). Writes accept an `idempotency_key`, so a retry after a dropped
connection has its effect once.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, TypeVar

import httpx
import msgspec

from blanko_tracker import schemas

T = TypeVar("T")


class ProblemError(Exception):
    """The service refused: the problem document it answered with."""

    def __init__(self, problem: dict[str, Any]) -> None:
        super().__init__(f"{problem.get('status')} {problem.get('code')}: {problem.get('detail')}")
        self.problem = problem
        self.status: int = problem.get("status", 0)
        self.code: str = problem.get("code", "")
        self.detail: str = problem.get("detail", "")
        self.errors: list[dict[str, str]] = problem.get("errors") or []


class BlankoClient:
    def __init__(self, base_url: str, *, transport: httpx.AsyncBaseTransport | None = None,
                 timeout: float = 30.0) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, transport=transport, timeout=timeout)

    async def __aenter__(self) -> BlankoClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()

    # ---- plumbing ---------------------------------------------------------------------------

    async def _call(self, method: str, path: str, into: type[T], *, body: Any = None,
                    params: dict[str, Any] | None = None, idempotency_key: str | None = None
                    ) -> T:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        content = msgspec.json.encode(body) if body is not None else None
        if content is not None:
            headers["Content-Type"] = "application/json"
        query = {k: v for k, v in (params or {}).items() if v is not None}
        response = await self._http.request(method, path, content=content, params=query,
                                            headers=headers)
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {"status": response.status_code, "code": "http_error",
                           "detail": response.text}
            raise ProblemError(problem)
        return msgspec.json.decode(response.content, type=into)

    async def _write(self, path: str, into: type[T], body: Any = None, *, method: str = "POST",
                     idempotency_key: str | None = None) -> T:
        """Writes always carry a key (a fresh one unless given), so retries are safe."""
        return await self._call(method, path, into, body=body,
                                idempotency_key=idempotency_key or str(uuid.uuid4()))

    # ---- auth -------------------------------------------------------------------------------

    async def sign_in(self, username: str, password: str) -> schemas.Token:
        token = await self._call("POST", "/api/v1/auth/token", schemas.Token,
                                 body=schemas.TokenRequest(username=username, password=password))
        self._http.headers["Authorization"] = f"Bearer {token.access_token}"
        return token

    async def me(self) -> schemas.UserOut:
        return await self._call("GET", "/api/v1/me", schemas.UserOut)

    async def create_user(self, cmd: schemas.CreateUser, **kw: Any) -> schemas.UserOut:
        return await self._write("/api/v1/users", schemas.UserOut, cmd, **kw)

    # ---- regions and stock ------------------------------------------------------------------

    async def region(self, code: str) -> schemas.RegionOut:
        return await self._call("GET", f"/api/v1/regions/{code}", schemas.RegionOut)

    async def regions(self, parent: str = "00", *, limit: int = 100, offset: int = 0
                      ) -> schemas.RegionPage:
        return await self._call("GET", "/api/v1/regions", schemas.RegionPage,
                                params={"parent": parent, "limit": limit, "offset": offset})

    async def stock(self, code: str) -> schemas.StockLevel:
        return await self._call("GET", f"/api/v1/stock/{code}", schemas.StockLevel)

    async def movements(self, code: str, *, start: date | None = None, end: date | None = None,
                        limit: int = 100, offset: int = 0) -> schemas.MovementPage:
        params = {"from": start, "to": end, "limit": limit, "offset": offset}
        return await self._call("GET", f"/api/v1/stock/{code}/movements", schemas.MovementPage,
                                params=params)

    async def record_procurement(self, cmd: schemas.RecordProcurement, **kw: Any
                                 ) -> schemas.MovementOut:
        return await self._write("/api/v1/procurements", schemas.MovementOut, cmd, **kw)

    async def adjust_stock(self, cmd: schemas.AdjustStock, **kw: Any) -> schemas.MovementOut:
        return await self._write("/api/v1/adjustments", schemas.MovementOut, cmd, **kw)

    async def reverse_movement(self, movement_id: int, note: str, **kw: Any
                               ) -> schemas.MovementOut:
        return await self._write(f"/api/v1/movements/{movement_id}/reverse",
                                 schemas.MovementOut, schemas.ReverseMovement(note=note), **kw)

    # ---- supply -----------------------------------------------------------------------------

    async def raise_request(self, cmd: schemas.RaiseRequest, **kw: Any
                            ) -> schemas.StockRequestOut:
        return await self._write("/api/v1/requests", schemas.StockRequestOut, cmd, **kw)

    async def approve_request(self, request_id: int, approved_quantity: int, **kw: Any
                              ) -> schemas.StockRequestOut:
        return await self._write(f"/api/v1/requests/{request_id}/approve",
                                 schemas.StockRequestOut,
                                 schemas.ApproveRequest(approved_quantity=approved_quantity), **kw)

    async def create_shipment(self, cmd: schemas.CreateShipment, **kw: Any
                              ) -> schemas.ShipmentOut:
        return await self._write("/api/v1/shipments", schemas.ShipmentOut, cmd, **kw)

    async def dispatch_shipment(self, shipment_id: int, **kw: Any) -> schemas.ShipmentOut:
        return await self._write(f"/api/v1/shipments/{shipment_id}/dispatch",
                                 schemas.ShipmentOut, **kw)

    async def receive_shipment(self, shipment_id: int, cmd: schemas.ReceiveShipment, **kw: Any
                               ) -> schemas.ShipmentOut:
        return await self._write(f"/api/v1/shipments/{shipment_id}/receive",
                                 schemas.ShipmentOut, cmd, **kw)

    # ---- printing ---------------------------------------------------------------------------

    async def record_print_run(self, cmd: schemas.RecordPrintRun, **kw: Any
                               ) -> schemas.PrintRunOut:
        return await self._write("/api/v1/print-runs", schemas.PrintRunOut, cmd, **kw)

    async def print_debt(self, code: str) -> schemas.PrintDebtOut:
        return await self._call("GET", f"/api/v1/print-debt/{code}", schemas.PrintDebtOut)

    async def record_suket(self, code: str, cmd: schemas.RecordSuket, **kw: Any
                           ) -> schemas.SuketEntryOut:
        return await self._write(f"/api/v1/suket/{code}", schemas.SuketEntryOut, cmd, **kw)

    async def suket(self, code: str, day: date | None = None) -> schemas.SuketOut:
        return await self._call("GET", f"/api/v1/suket/{code}", schemas.SuketOut,
                                params={"date": day})

    async def indicators(self, code: str, day: date | None = None) -> schemas.IndicatorsOut:
        return await self._call("GET", f"/api/v1/indicators/{code}", schemas.IndicatorsOut,
                                params={"date": day})
