"""Why a debt is not repaid at this pace (domain.forecast.answers.why_not_repaid), and a
forecast long enough to date a repayment more than a year away."""

from __future__ import annotations

from datetime import date

from blanko_tracker.domain.forecast import ForecastInputs, forecast
from blanko_tracker.domain.forecast.answers import why_not_repaid

AS_OF = date(2026, 12, 4)


def inputs(**changes: float | int) -> ForecastInputs:
    base: dict = {"as_of": AS_OF, "horizon_days": 730, "print_debt": 3_000, "on_hand": 10_000,
                  "arrivals": (), "daily_capacity": 100.0, "capacity_sd": 0.0,
                  "daily_inflow": 0.0, "inflow_sd": 0.0, "spoilage_rate": 0.0}
    return ForecastInputs(**(base | changes))


def test_idle_printers_are_the_reason_before_anything_else():
    assert why_not_repaid(inputs(daily_capacity=0.0), stockout_on=None) == "printers_idle"


def test_records_coming_in_as_fast_as_printing_never_shrink_the_queue():
    assert why_not_repaid(inputs(daily_inflow=100.0), stockout_on=None) == "inflow_outpaces"


def test_printing_that_could_keep_up_runs_out_of_blanks():
    assert why_not_repaid(inputs(on_hand=0), stockout_on=AS_OF) == "no_blanks"


def test_a_debt_of_over_a_year_is_dated_within_the_longest_horizon():
    # 30,000 cards at 100 a working day: about 300 working days, beyond 180 calendar days.
    short = forecast(inputs(print_debt=30_000, on_hand=40_000, horizon_days=180))
    long = forecast(inputs(print_debt=30_000, on_hand=40_000))
    assert short.repaid_on["p50"] is None
    repaid = long.repaid_on["p50"]
    assert repaid is not None and date(2027, 6, 1) < repaid < date(2028, 12, 4)
