"""What if (*simulasi*): a region's forecast with its inputs changed — capacity, inflow,
spoilage, one extra shipment, planned shipments ignored — drawn like the region page's.
A read: it writes nothing, so it is a GET whose query is the form."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.params import FromPath
from litestar.response import Template

from blanko_tracker.db import regions
from blanko_tracker.domain.access import Action, authorize
from blanko_tracker.domain.errors import BlankoError, InvalidInput
from blanko_tracker.domain.forecast import Arrival
from blanko_tracker.domain.forecast.scenarios import Overrides
from blanko_tracker.domain.regions import Level
from blanko_tracker.schemas import ExtraShipment, ForecastOut, Scenario
from blanko_tracker.services import forecasting
from blanko_tracker.services.forecast_view import forecast_view
from blanko_tracker.web.forms import command
from blanko_tracker.web.pages.regions import (
    FORECAST_HORIZON_DAYS,
    answer_words,
    chart_data,
    today_in,
)
from blanko_tracker.web.render import language_of, page, problem_of
from blanko_tracker.web.session import CurrentSession, provide_session

FIELDS = ("as_of", "horizon_days", "daily_capacity", "daily_inflow", "spoilage_rate",
          "extra_date", "extra_quantity", "ignore_planned")


def scenario_of(typed: dict[str, str], lang: str) -> Scenario:
    """The form's flat fields, numbers as `lang` writes them → the API's Scenario (one extra
    shipment at most)."""
    fields: dict[str, Any] = {key: value for key, value in typed.items()
                              if key not in ("extra_date", "extra_quantity")}
    fields.setdefault("horizon_days", str(FORECAST_HORIZON_DAYS))
    if "extra_date" in typed or "extra_quantity" in typed:
        try:
            extra = command(ExtraShipment, {"date": typed.get("extra_date"),
                                            "quantity": typed.get("extra_quantity")},
                            lang=lang)
        except InvalidInput as error:  # named by the form's field, not the struct's
            raise InvalidInput(f"extra_{error.field}", error.message, rule=error.rule,
                               values=error.values) from None
        fields["extra_shipments"] = [{"date": extra.date, "quantity": extra.quantity}]
    return command(Scenario, fields, lang=lang)


class ScenarioPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/regions/{code:str}/scenario")
    async def scenario(self, request: Request[Any, Any, Any], session: CurrentSession,
                       code: FromPath[str]) -> Template:
        authorize(session.actor, Action.RUN_SCENARIOS, code)
        region = await regions.known(code)
        if region.level is Level.DISTRICT:
            raise InvalidInput("region", "a forecast is made for a regency or above",
                               rule="forecast_of_district")
        query = request.query_params
        typed = {key: str(query.get(key)).strip() for key in FIELDS
                 if query.get(key) is not None and str(query.get(key)).strip()}
        today = today_in(code)
        lang = language_of(request)
        base_answer = await forecasting.answer_region(code, today, FORECAST_HORIZON_DAYS)
        base = forecast_view(code, base_answer)
        words = answer_words(base_answer, base, lang)
        forecast, problem, base_words = None, None, words
        if typed:
            try:
                cmd = scenario_of(typed, language_of(request))
                what_if = Overrides(
                    daily_capacity=cmd.daily_capacity, daily_inflow=cmd.daily_inflow,
                    spoilage_rate=cmd.spoilage_rate, ignore_planned=cmd.ignore_planned,
                    extra_shipments=tuple(Arrival(on=x.date, quantity=x.quantity)
                                          for x in cmd.extra_shipments))
                answer = await forecasting.answer_region(code, cmd.as_of or today,
                                                         cmd.horizon_days, what_if)
                forecast = forecast_view(code, answer)
                words = answer_words(answer, forecast, lang)
            except BlankoError as error:
                problem = problem_of(error)
        shown = forecast or base
        return page(
            request, "scenario.html", session=session,
            status=problem["status"] if problem else 200, region=region, today=today,
            typed=typed, problem=problem, base=base, forecast=shown,
            is_scenario=forecast is not None, words=words, base_words=base_words,
            chart=chart_data(shown, lang, baseline=base if forecast is not None else None),
            base_days=days_of_stock(base), days=days_of_stock(shown),
        )


def days_of_stock(forecast: ForecastOut) -> int | None:
    """Days until the P50 stock runs out while debt remains; None: it lasts the horizon."""
    if forecast.print_debt > 0 and forecast.on_hand < 1:
        return 0
    return (forecast.stockout_on - forecast.as_of).days if forecast.stockout_on else None
