"""A forecast as the API and the pages show it: the inputs it started from, the P10/P50/P90
repayment, the stock-out day, what to ask for, and the daily series with its band."""

from __future__ import annotations

from typing import Any

from blanko_tracker.schemas import ForecastOut, IncomingOut, RepaidOn, SeriesPoint


def forecast_view(code: str, answer: dict[str, Any]) -> ForecastOut:
    """`answer` as `services.forecasting.forecast_region` gives it."""
    inputs, result = answer["inputs"], answer["result"]
    return ForecastOut(
        region=code, as_of=inputs.as_of, horizon_days=inputs.horizon_days,
        print_debt=inputs.print_debt, on_hand=inputs.on_hand,
        incoming=[IncomingOut(date=a.on, quantity=a.quantity, shipment_id=a.shipment_id)
                  for a in sorted(inputs.arrivals, key=lambda a: a.on)],
        daily_capacity=round(inputs.daily_capacity, 1),
        daily_inflow=round(inputs.daily_inflow, 1),
        spoilage_rate=round(inputs.spoilage_rate, 4),
        repaid_on=RepaidOn(**result.repaid_on), stockout_on=result.stockout_on,
        shortfall=result.shortfall, recommended_request=result.recommended_request,
        series=[SeriesPoint(date=day, print_debt=debt, on_hand=stock, print_debt_p10=low,
                            print_debt_p90=high)
                for (day, debt, stock), (low, high) in zip(result.series, result.band,
                                                           strict=True)],
        notes=answer["notes"],
    )
