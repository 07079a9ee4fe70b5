"""Mobile-service kits (*jemput bola*): signed out to an officer, reconciled on return."""

from __future__ import annotations

from litestar import Controller, post
from litestar.params import FromPath, JSONBody

from blanko_tracker.api.params import CurrentActor
from blanko_tracker.api.problems import responses
from blanko_tracker.db.kits import KitRow
from blanko_tracker.schemas import KitOut, ReturnKit, SignOutKit
from blanko_tracker.services import kits as actions


def kit_out(row: KitRow) -> KitOut:
    return KitOut(id=row.id, region=row.region, officer=row.officer, quantity=row.quantity,
                  date=row.out_on, status=row.status,  # type: ignore[arg-type]
                  returned_on=row.returned_on, printed=row.printed, spoiled=row.spoiled,
                  spoiled_reason=row.spoiled_reason, returned=row.returned,
                  missing=row.missing, missing_reason=row.missing_reason)


class KitController(Controller):
    path = "/api/v1/kits"
    tags = ["kits"]

    @post("/", operation_id="sign_out_kit", responses=responses(400, 401, 403, 409, 422))
    async def sign_out_kit(self, data: JSONBody[SignOutKit], actor: CurrentActor) -> KitOut:
        """Blanks leave on-hand with a named officer (`kit_out`); an officer with a kit out
        → 409 `kit_open`."""
        return kit_out(await actions.sign_out_kit(data, actor=actor))

    @post("/{kit_id:int}/return", operation_id="return_kit", status_code=200,
          responses=responses(400, 401, 403, 404, 409, 422))
    async def return_kit(self, kit_id: FromPath[int], data: JSONBody[ReturnKit],
                         actor: CurrentActor) -> KitOut:
        """printed repays the debt as a print run does, spoiled awaits destruction by cause,
        returned comes back on hand (`kit_return`); missing = quantity − the rest needs a
        `missing_reason` (negative → 422). Once (409 `invalid_state`)."""
        return kit_out(await actions.return_kit(kit_id, data, actor=actor))
