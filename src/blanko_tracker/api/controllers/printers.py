"""A regency's printers: registered, marked active, broken or retired, and listed."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from blanko_tracker.api.guards import readable
from blanko_tracker.api.params import CurrentActor, Limit, Offset, OptionalRegionQuery
from blanko_tracker.api.problems import responses
from blanko_tracker.db import printers, regions
from blanko_tracker.schemas import ChangePrinterStatus, PrinterOut, PrinterPage, RegisterPrinter
from blanko_tracker.services import printers as actions
from blanko_tracker.services.wire import printer_out


class PrinterController(Controller):
    path = "/api/v1/printers"
    tags = ["printers"]

    @post("/", operation_id="register_printer", responses=responses(400, 401, 403, 409))
    async def register_printer(self, data: JSONBody[RegisterPrinter], actor: CurrentActor
                               ) -> PrinterOut:
        """A printer of a regency, active from now; its cards a day bound the forecast."""
        return printer_out(await actions.register_printer(data, actor=actor))

    @post("/{printer_id:int}/status", operation_id="change_printer_status", status_code=200,
          responses=responses(400, 401, 403, 404, 409))
    async def change_status(self, printer_id: FromPath[int],
                            data: JSONBody[ChangePrinterStatus], actor: CurrentActor
                            ) -> PrinterOut:
        return printer_out(await actions.change_printer_status(printer_id, data, actor=actor))

    @get("/", operation_id="list_printers", responses=responses(400, 401, 403, 404))
    async def list_printers(self, actor: CurrentActor, region: OptionalRegionQuery = None,
                            limit: Limit = 100, offset: Offset = 0) -> PrinterPage:
        """The printers at or under `region` (the caller's own when omitted)."""
        scope = region or actor.region
        readable(actor, scope)
        await regions.known(scope)
        rows, total = await printers.listing(scope, limit=limit, offset=offset)
        return PrinterPage(items=[printer_out(row) for row in rows], total=total)
