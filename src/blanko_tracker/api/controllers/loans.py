"""Loans between regions (*pinjam blanko*): lent at once, returned in shipments back."""

from __future__ import annotations

from typing import Literal

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from blanko_tracker.api.guards import readable
from blanko_tracker.api.params import CurrentActor, OptionalRegionQuery
from blanko_tracker.api.problems import responses
from blanko_tracker.db import regions
from blanko_tracker.schemas import CreateLoan, LoanOut, LoanPage, ReturnLoan, ShipmentOut
from blanko_tracker.services import loans as actions
from blanko_tracker.services.shipment_views import shipment_view


class LoanController(Controller):
    path = "/api/v1/loans"
    tags = ["loans"]

    @post("/", operation_id="create_loan", responses=responses(400, 401, 403, 409, 422))
    async def create_loan(self, data: JSONBody[CreateLoan], actor: CurrentActor) -> LoanOut:
        """Lend blanks: they leave the lender at once in a dispatched shipment the borrower
        receives like any other (409 `insufficient_stock` beyond the lender's stock). Your
        scope must hold both regions."""
        loan, _ = await actions.create_loan(data, actor=actor)
        return actions.loan_out(loan)

    @post("/{loan_id:int}/returns", operation_id="return_loan",
          responses=responses(400, 401, 403, 404, 409, 422))
    async def return_loan(self, loan_id: FromPath[int], data: JSONBody[ReturnLoan],
                          actor: CurrentActor) -> ShipmentOut:
        """A dispatched shipment from the borrower back to the lender naming the loan; more
        than is outstanding → 422 `return_exceeds_outstanding`."""
        return await shipment_view(await actions.return_loan(loan_id, data, actor=actor))

    @get("/", operation_id="list_loans", responses=responses(400, 401, 403, 404))
    async def list_loans(
        self, actor: CurrentActor, region: OptionalRegionQuery = None,
        status: FromQuery[Literal["open", "returned", "overdue"] | None] = None,
    ) -> LoanPage:
        """Loans lent or borrowed at or under `region` (your scope when omitted), newest
        first; `overdue`: open past `due_on`."""
        if region is not None:
            readable(actor, region)
            await regions.known(region)
        items = await actions.loan_views(actor.region, region=region, status=status)
        return LoanPage(items=items, total=len(items))
