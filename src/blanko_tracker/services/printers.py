"""A regency's printers, registered and kept up to date by its warehouse staff and print
operators: how many cards each can print a day, and whether it works today."""

from __future__ import annotations

from blanko_tracker.db import printers
from blanko_tracker.db.printers import PrinterRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.errors import InvalidInput, NotFound
from blanko_tracker.domain.regions import Level
from blanko_tracker.schemas import ChangePrinterStatus, RegisterPrinter
from blanko_tracker.services.common import audit_write, require_region, utcnow


async def register_printer(cmd: RegisterPrinter, *, actor: Actor) -> PrinterRow:
    """A printer of a regency (cards are printed there, not above or in a district)."""
    authorize(actor, Action.MANAGE_PRINTERS, cmd.region)
    now = utcnow()
    async with write_transaction():
        region = await require_region(cmd.region)
        if region.level is not Level.REGENCY:
            raise InvalidInput("region", f"{cmd.region} is not a regency; printers belong to "
                               "a regency (kabupaten/kota)", rule="printer_needs_regency",
                               values={"code": cmd.region})
        printer = await printers.insert(region=cmd.region, name=cmd.name,
                                        cards_per_day=cmd.cards_per_day, now=now,
                                        by=actor.username)
        await audit_write(actor, "register_printer", target=f"printer:{printer.id}",
                          region=cmd.region, detail={"name": cmd.name,
                                                     "cards_per_day": cmd.cards_per_day},
                          now=now)
    return printer


async def change_printer_status(printer_id: int, cmd: ChangePrinterStatus, *, actor: Actor
                                ) -> PrinterRow:
    """Working again, broken, or retired for good."""
    now = utcnow()
    async with write_transaction():
        printer = await printers.get(printer_id, lock=True)
        if printer is None:
            raise NotFound("printer", printer_id)
        authorize(actor, Action.MANAGE_PRINTERS, printer.region)
        changed = await printers.set_status(printer_id, cmd.status, now=now,
                                            by=actor.username)
        await audit_write(actor, "change_printer_status", target=f"printer:{printer_id}",
                          region=printer.region,
                          detail={"from": printer.status, "to": cmd.status}, now=now)
    return changed
