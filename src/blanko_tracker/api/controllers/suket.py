"""The suket register (*surat keterangan*): a regency's day in, the register on a day out."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from blanko_tracker.api.guards import readable
from blanko_tracker.api.params import CurrentActor
from blanko_tracker.api.problems import responses
from blanko_tracker.db import regions
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import RecordSuket, SuketEntryOut, SuketOut
from blanko_tracker.services import suket as actions
from blanko_tracker.services.common import check_day, utcnow


class SuketController(Controller):
    path = "/api/v1/suket"
    tags = ["suket"]

    @post("/{code:str}", operation_id="record_suket", responses=responses(400, 401, 403, 422))
    async def record_suket(self, code: FromPath[str], data: JSONBody[RecordSuket],
                           actor: CurrentActor) -> SuketEntryOut:
        """A regency's suket of a day: issued, redeemed (oldest first) and renewed (oldest
        first, valid 6 months again). More redeemed or renewed than outstanding → 422."""
        recorded = await actions.record_suket(code, data, actor=actor)
        row = recorded.entry
        return SuketEntryOut(id=row.id, region=row.region, date=row.day, issued=row.issued,
                             redeemed=row.redeemed, renewed=row.renewed,
                             outstanding=recorded.outstanding)

    @get("/{code:str}", operation_id="get_suket", responses=responses(400, 401, 403, 404))
    async def get_suket(self, code: FromPath[str], actor: CurrentActor,
                        day: Annotated[date | None, QueryParameter(name="date")] = None
                        ) -> SuketOut:
        """The register on `date` (today in the region's time zone when omitted); above
        regency level the sums of its regencies."""
        readable(actor, code)
        await regions.known(code)
        as_of = check_day(day, field="date") if day else local_date(code, utcnow())
        summary = await actions.suket_of(code, as_of)
        return SuketOut(region=code, as_of=as_of, outstanding=summary.outstanding,
                        valid=summary.valid, expired=summary.expired,
                        expiring_30d=summary.expiring_30d, issued_30d=summary.issued_30d,
                        redeemed_30d=summary.redeemed_30d)
