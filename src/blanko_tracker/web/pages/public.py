"""The public pages (*stok blanko publik*): what every office announces daily, for residents
on a phone, with no sign-in — the nation's provinces, a province's regencies, and a
regency's figures with its print queue estimate.

These pages never read the session: a signed-in officer who opens them gets the same page as
anyone (no menu, no name), so browsers and proxies may keep them (`Cache-Control: public`),
and they link to nothing behind a sign-in but the sign-in page itself."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.datastructures import CacheControlHeader, ResponseHeader
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.db import regions
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.regions import NATIONAL, Level, is_code, local_date, regency_of
from blanko_tracker.schemas import AskQueue
from blanko_tracker.services import public_queue
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.public_stock import public_stock
from blanko_tracker.services.standings import standings
from blanko_tracker.web.forms import command, region_code
from blanko_tracker.web.render import language_of, page, problem_of

# As the public API: kept by browsers and proxies for five minutes. The language comes from
# a cookie, so a shared cache keeps one copy per cookie rather than serve the wrong language.
PUBLIC_PAGE = CacheControlHeader(public=True, max_age=300)
VARY = [ResponseHeader(name="Vary", value="Cookie")]


async def _trail(code: str) -> list[Any]:
    """Indonesia, then the province, down to `code`'s parent: links between public pages."""
    region = await regions.known(code)
    trail = []
    if region.level is Level.REGENCY and region.parent:
        trail.append(await regions.known(region.parent))
    return trail


class PublicPages(Controller):
    include_in_schema = False

    @get("/publik", cache_control=PUBLIC_PAGE, response_headers=VARY)
    async def nation(self, request: Request[Any, Any, Any],
                     region: FromQuery[str | None] = None) -> Template | Redirect:
        """The provinces with their totals, and a picker to go to one's regency."""
        problem = None
        if region:
            try:
                code = await region_code(region[:200], field="region")
                if await regions.get(code) is not None:
                    return Redirect(f"/publik/{code}", status_code=303)
                raise InvalidInput("region", f"no region {code}", rule="region_unknown",
                                   values={"typed": code})
            except InvalidInput as error:
                problem = problem_of(error)
        today = local_date(NATIONAL, utcnow())
        own, children = await standings(NATIONAL, today, forecast_own=False,
                                        forecast_children=False)
        provinces = sorted((s for s in children if s.level == Level.PROVINCE),
                           key=lambda s: s.code)
        holders = await regions.stock_holders()
        picks = [row for row in holders.values() if row.level is not Level.NATIONAL]
        return page(request, "public.html", session=None, status=400 if problem else 200,
                    own=own, provinces=provinces, today=today, picks=picks,
                    typed={"region": region or ""}, problem=problem)

    @get("/publik/{code:str}", cache_control=PUBLIC_PAGE, response_headers=VARY)
    async def region(self, request: Request[Any, Any, Any], code: FromPath[str],
                     position: FromQuery[str | None] = None) -> Template | Redirect:
        """A province's regencies, or a regency's figures and its queue estimate."""
        if not is_code(code):
            raise NotFoundException()
        region = await regions.known(code)
        if region.level is Level.NATIONAL:
            return Redirect("/publik", status_code=303)
        if region.level is Level.DISTRICT:  # a district prints with its regency's blanks
            return Redirect(f"/publik/{regency_of(code)}", status_code=303)
        now = utcnow()
        found = await public_stock(code, now)
        context: dict[str, Any] = {
            "region": region, "trail": await _trail(code), "today": found.as_of,
            "regencies": found.regencies, "problem": None, "estimate": None,
            "typed": {"position": (position or "")[:40]},
        }
        if region.level is Level.PROVINCE:
            own, _ = await standings(code, found.as_of, forecast_own=False,
                                     forecast_children=False)
            return page(request, "public_region.html", session=None, own=own, **context)
        context["own"] = found.regencies[0]
        if position is not None and position.strip():
            try:
                asked = command(AskQueue, {"position": position.strip()[:40]},
                                lang=language_of(request))
                context["estimate"] = await public_queue.queue_estimate(code, asked.position,
                                                                       now)
            except InvalidInput as error:
                context["problem"] = problem_of(error)
        return page(request, "public_region.html", session=None,
                    status=400 if context["problem"] else 200, **context)
