"""The dashboard of the caller's scope and the page of any region in it."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from blanko_tracker import formats
from blanko_tracker.db import print_runs, printers, regions, shipments, stock
from blanko_tracker.domain.access import Action, Role, authorize, may_at_all
from blanko_tracker.domain.print_debt import PRIORITY
from blanko_tracker.domain.regions import STOCK_LEVELS, Level, ancestors, local_date, within
from blanko_tracker.services import forecasting
from blanko_tracker.services.alerts import alerts_of
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.forecast_view import forecast_view
from blanko_tracker.services.indicator_view import indicator_view
from blanko_tracker.services.standings import standings
from blanko_tracker.services.suket import suket_of
from blanko_tracker.web.i18n import translate
from blanko_tracker.web.render import language_of, page
from blanko_tracker.web.session import CurrentSession, provide_session

STOCK_CARD_PAGE = 20
FORECAST_HORIZON_DAYS = 180


def today_in(code: str) -> date:
    return local_date(code, utcnow())


async def breadcrumbs(code: str, actor_region: str) -> list[dict[str, Any]]:
    """The way down from the caller's own region to `code` (never above the caller)."""
    trail = []
    for up in reversed(ancestors(code)):  # ancestors() is nearest first, `code` included
        if within(actor_region, up) and (row := await regions.get(up)) is not None:
            trail.append(row)
    return trail


def chart_data(forecast: Any, lang: str, baseline: Any = None) -> str:
    """What static/chart.js draws: the P50 line, the P10–P90 band, expected deliveries, the
    legend and axis words in `lang`; with `baseline` (a what-if), the current forecast's P50
    on the same days beside the scenario's."""
    points = forecast.series
    data: dict[str, Any] = {
        "lang": lang,
        "dates": [p.date.isoformat() for p in points],
        "p50": [p.print_debt for p in points],
        "p10": [getattr(p, "print_debt_p10", p.print_debt) for p in points],
        "p90": [getattr(p, "print_debt_p90", p.print_debt) for p in points],
        "on_hand": [p.on_hand for p in points],
        "deliveries": [{"date": i.date.isoformat(), "quantity": i.quantity}
                       for i in forecast.incoming],
        "labels": {key: translate(lang, f"chart_{key}") for key in
                   ("date", "debt_axis", "baseline", "scenario", "on_hand", "deliveries")},
    }
    if baseline is not None:
        base = {p.date: p.print_debt for p in baseline.series}
        data["baseline"] = [base.get(p.date) for p in points]
    return msgspec.json.encode(data).decode()


def answer_words(answer: dict[str, Any], forecast: Any, lang: str) -> dict[str, Any]:
    """What a forecast section says beside its dates: why it is not repaid (a catalogue
    key), the debt at the end, its mean daily change, and the notes in `lang`'s words."""
    end = forecast.series[-1].print_debt if forecast.series else forecast.print_debt
    notes = []
    for key, values in answer.get("facts", []):
        worded = {name: formats.number(value, lang) for name, value in values.items()}
        text = translate(lang, key).format(**worded)
        if key == "note_forwarded" and values.get("stays"):
            text += "; " + translate(lang, "note_forwarded_stays").format(**worded)
        notes.append(text)
    return {"unrepaid": answer.get("unrepaid"), "end_debt": end,
            "end_on": forecast.series[-1].date if forecast.series else forecast.as_of,
            "trend": (end - forecast.print_debt) / max(1, len(forecast.series)),
            "notes": notes}


class RegionPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/")
    async def dashboard(self, request: Request[Any, Any, Any], session: CurrentSession
                        ) -> Template:
        actor = session.actor
        code = actor.region
        today = today_in(code)
        context: dict[str, Any] = {"region": await regions.known(code), "today": today}
        if actor.role in (Role.PRINT_OPERATOR,):
            own, _ = await standings(code, today, forecast_own=True,
                                     forecast_children=False,
                                     horizon_days=FORECAST_HORIZON_DAYS)
            runs, _ = await print_runs.listing(code=code, start=None, end=None, limit=10,
                                               offset=0)
            context |= {"own": own, "runs": runs, "suket": await suket_of(code, today)}
            return page(request, "dashboard_operator.html", session=session, **context)
        if actor.role is Role.WAREHOUSE_STAFF:
            own, _ = await standings(code, today, forecast_own=False,
                                     forecast_children=False)
            inbound, _ = await shipments.listing(scope=code, source=None, destination=code,
                                                 status="dispatched", limit=50, offset=0)
            outbound, _ = await shipments.listing(scope=code, source=code, destination=None,
                                                  status="planned", limit=50, offset=0)
            context |= {"own": own, "inbound": inbound, "outbound": outbound}
            return page(request, "dashboard_warehouse.html", session=session, **context)
        own, children = await standings(code, today, forecast_own=True,
                                        forecast_children=True,
                                        horizon_days=FORECAST_HORIZON_DAYS)
        alerts = await alerts_of(code, today, utcnow())
        context |= {"own": own, "children": children, "alerts": alerts}
        return page(request, "dashboard.html", session=session, **context)

    @get("/regions/{code:str}")
    async def region(self, request: Request[Any, Any, Any], session: CurrentSession,
                     code: FromPath[str], before: FromQuery[int | None] = None) -> Template:
        authorize(session.actor, Action.READ, code)
        region = await regions.known(code)
        today = today_in(code)
        # The region's own forecast is the chart's (full path count), computed once below.
        own, children = await standings(code, today, forecast_own=False,
                                        forecast_children=True,
                                        horizon_days=FORECAST_HORIZON_DAYS)
        forecast, words = None, None
        lang = language_of(request)
        if region.level is not Level.DISTRICT:
            answer = await forecasting.answer_region(code, today, FORECAST_HORIZON_DAYS)
            forecast = forecast_view(code, answer)
            words = answer_words(answer, forecast, lang)
        card = await stock.latest_movements(code, limit=STOCK_CARD_PAGE + 1, before_id=before)
        return page(
            request, "region.html", session=session, region=region, own=own,
            children=children, today=today, classes=PRIORITY,
            trail=await breadcrumbs(code, session.actor.region),
            indicators=await indicator_view(code, today),
            forecast=forecast, chart=chart_data(forecast, lang) if forecast else None,
            words=words,
            card=card[:STOCK_CARD_PAGE],
            older=card[STOCK_CARD_PAGE - 1].id if len(card) > STOCK_CARD_PAGE else None,
            may_print=may_at_all(session.actor, Action.PRINT)
            and region.level is Level.REGENCY,
            may_adjust=may_at_all(session.actor, Action.ADJUST)
            and region.level in STOCK_LEVELS,
            may_manage_printers=may_at_all(session.actor, Action.MANAGE_PRINTERS)
            and region.level is Level.REGENCY,
            may_report_day=may_at_all(session.actor, Action.REPORT_DAY)
            and region.level is Level.REGENCY,
            machines=(await printers.listing(code, limit=100, offset=0))[0]
            if region.level is Level.REGENCY else [],
        )
