"""The forecast simulation and its answers, no database."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blanko_tracker.domain import forecast as forecast_module
from blanko_tracker.domain.calendar import is_working_day, working_days
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.forecast import (
    Arrival,
    ForecastInputs,
    Paths,
    forecast,
    pool,
    simulate,
    summarise,
    summarise_pooled,
)

PATHS = 200
NEVER = date.max  # orders "not within the horizon" after every date


def jakarta(**changes) -> ForecastInputs:
    """83,000 waiting, nothing on hand, 30,000 + 50,000 planned, 5,000 a day, no inflow."""
    inputs = ForecastInputs(
        as_of=date(2023, 1, 2),
        horizon_days=60,
        print_debt=83_000,
        on_hand=0,
        arrivals=(Arrival(date(2023, 1, 10), 30_000, 1), Arrival(date(2023, 1, 24), 50_000, 2)),
        daily_capacity=5_000,
        capacity_sd=0,
        daily_inflow=0,
        inflow_sd=0,
        spoilage_rate=0,
    )
    return replace(inputs, **changes)


@st.composite
def any_inputs(draw, max_horizon: int = 90) -> ForecastInputs:
    as_of = draw(st.dates(date(2022, 6, 1), date(2025, 6, 1)))
    horizon = draw(st.integers(1, max_horizon))
    when = st.dates(as_of - timedelta(days=5), as_of + timedelta(days=horizon + 5))
    arrivals = draw(st.lists(st.builds(Arrival, when, st.integers(0, 20_000)), max_size=4))
    amount = st.floats(0, 3_000, allow_subnormal=False)
    return ForecastInputs(
        as_of=as_of,
        horizon_days=horizon,
        print_debt=draw(st.integers(0, 40_000)),
        on_hand=draw(st.integers(0, 20_000)),
        arrivals=tuple(arrivals),
        daily_capacity=draw(amount),
        capacity_sd=draw(st.floats(0, 800, allow_subnormal=False)),
        daily_inflow=draw(st.floats(0, 800, allow_subnormal=False)),
        inflow_sd=draw(st.floats(0, 300, allow_subnormal=False)),
        spoilage_rate=draw(st.floats(0, 0.3, allow_subnormal=False)),
        lead_time_days=draw(st.integers(0, 30)),
    )


def order(day: date | None) -> date:
    return NEVER if day is None else day


# --- the Jakarta story ------------------------------------------------------------------


def test_jakarta_is_3000_blanks_short_never_repays_and_runs_out_of_stock():
    result = forecast(jakarta(), n_paths=PATHS)

    assert result.shortfall == 3_000
    assert result.repaid_on == {"p10": None, "p50": None, "p90": None}
    assert result.stockout_on == date(2023, 1, 3)  # nothing on hand until the 10th
    assert result.series[-1] == (date(2023, 3, 3), 3_000, 0)
    assert result.recommended_request == 3_000  # no inflow to cover over the lead time


def test_jakarta_with_3000_more_on_1_february_repays_but_not_before_it_arrives():
    more = (*jakarta().arrivals, Arrival(date(2023, 2, 1), 3_000))
    result = forecast(jakarta(arrivals=more), n_paths=PATHS)

    assert result.repaid_on["p50"] is not None
    assert result.repaid_on["p50"] >= date(2023, 2, 1)
    # 50,000 from the 24th print over 10 working days to 6 Feb; the last 3,000 on the 7th.
    assert result.repaid_on == dict.fromkeys(("p10", "p50", "p90"), date(2023, 2, 7))
    assert result.shortfall == 0


def test_jakarta_with_the_shortfall_on_hand_today_repays_within_the_horizon():
    result = forecast(jakarta(on_hand=3_000), n_paths=PATHS)
    assert result.repaid_on["p50"] == date(2023, 2, 6)
    assert forecast(jakarta(on_hand=2_999), n_paths=PATHS).repaid_on["p50"] is None


def test_spoilage_raises_jakartas_shortfall():
    spoiling = forecast(jakarta(spoilage_rate=0.05), n_paths=PATHS)
    # 87,368 blanks make 82,999.6 cards: within half a card of 83,000, which counts as repaid.
    assert spoiling.shortfall == 87_368 - 80_000
    assert spoiling.shortfall > 3_000


def test_too_little_capacity_gives_the_blanks_to_cover_debt_and_inflow_as_the_shortfall():
    # 1,000 a day over the 43 working days can print 43,000: no stock repays 83,000 in time.
    slow = jakarta(daily_capacity=1_000, daily_inflow=100)
    result = forecast(slow, n_paths=PATHS)

    assert result.repaid_on["p50"] is None
    assert result.shortfall == 83_000 + 100 * 43 - 80_000
    assert result.recommended_request == result.shortfall + 100 * 10  # 10 working days


def test_the_recommended_request_covers_the_inflow_over_the_lead_time_with_spoilage():
    # 3 to 16 January 2023 holds 10 working days; stock is ample so the shortfall is 0.
    calm = jakarta(print_debt=0, on_hand=10**6, daily_inflow=100, spoilage_rate=0.2)
    result = forecast(calm, n_paths=PATHS)

    assert result.shortfall == 0
    assert result.recommended_request == 1_250


# --- properties -------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    debt=st.integers(0, 10**6),
    on_hand=st.integers(0, 10**6),
    as_of=st.dates(date(2022, 1, 1), date(2026, 12, 31)),
    horizon=st.integers(1, 200),
    offsets=st.lists(st.tuples(st.integers(-10, 210), st.integers(0, 10**5)), max_size=5),
)
def test_with_ample_capacity_and_no_inflow_or_spoilage_the_shortfall_is_debt_less_stock(
    debt, on_hand, as_of, horizon, offsets
):
    arrivals = tuple(Arrival(as_of + timedelta(days=d), q) for d, q in offsets)
    inputs = ForecastInputs(
        as_of=as_of,
        horizon_days=horizon,
        print_debt=debt,
        on_hand=on_hand,
        arrivals=arrivals,
        daily_capacity=10**7,
        capacity_sd=0,
        daily_inflow=0,
        inflow_sd=0,
        spoilage_rate=0,
    )
    # Blanks arriving after the horizon's last working day cannot be printed within it. With
    # no working day at all (Lebaran 2025 closes eleven days), nothing can: the shortfall is
    # then the plain difference, by the rule for when capacity is what stops repayment.
    days = working_days(as_of + timedelta(days=1), as_of + timedelta(days=horizon))
    counted_until = days[-1] if days else as_of + timedelta(days=horizon)
    incoming = sum(a.quantity for a in arrivals if a.on <= counted_until)

    assert forecast(inputs, n_paths=PATHS).shortfall == max(0, debt - on_hand - incoming)


@settings(max_examples=40, deadline=None)
@given(any_inputs(), st.floats(0, 1), st.integers(0, 2**32))
def test_less_capacity_never_repays_sooner(inputs, fraction, seed):
    slower = replace(inputs, daily_capacity=inputs.daily_capacity * fraction)
    fast = forecast(inputs, seed=seed, n_paths=100).repaid_on
    slow = forecast(slower, seed=seed, n_paths=100).repaid_on
    assert all(order(slow[p]) >= order(fast[p]) for p in ("p10", "p50", "p90"))


@settings(max_examples=40, deadline=None)
@given(any_inputs(), st.integers(0, 50_000), st.integers(0, 2**32))
def test_more_blanks_never_repay_later(inputs, extra, seed):
    more = replace(inputs, on_hand=inputs.on_hand + extra)
    few = forecast(inputs, seed=seed, n_paths=100).repaid_on
    many = forecast(more, seed=seed, n_paths=100).repaid_on
    assert all(order(many[p]) <= order(few[p]) for p in ("p10", "p50", "p90"))


@settings(max_examples=40, deadline=None)
@given(any_inputs(), st.floats(0, 0.5), st.integers(0, 2**32))
def test_spoilage_never_lowers_the_shortfall(inputs, more_spoilage, seed):
    worse = replace(inputs, spoilage_rate=min(0.99, inputs.spoilage_rate + more_spoilage))
    assert (
        forecast(worse, seed=seed, n_paths=100).shortfall
        >= forecast(inputs, seed=seed, n_paths=100).shortfall
    )


@settings(max_examples=40, deadline=None)
@given(any_inputs(), st.integers(0, 2**32))
def test_the_shortfall_is_the_fewest_blanks_that_repay_on_the_p50_path(inputs, seed):
    shortfall = forecast(inputs, seed=seed, n_paths=100).shortfall

    def repaid_with(extra: int) -> bool:
        more = replace(inputs, on_hand=inputs.on_hand + extra)
        return forecast(more, seed=seed, n_paths=100).repaid_on["p50"] is not None

    if repaid_with(shortfall):
        assert shortfall == 0 or not repaid_with(shortfall - 1)
    else:  # capacity, not blanks, is what stops it: no stock at all would do
        assert not repaid_with(10**8)
        horizon = working_days(
            inputs.as_of + timedelta(days=1), inputs.as_of + timedelta(days=inputs.horizon_days)
        )
        end = inputs.as_of + timedelta(days=inputs.horizon_days)
        incoming = sum(a.quantity for a in inputs.arrivals if a.on <= end)
        needed = (inputs.print_debt + inputs.daily_inflow * len(horizon)) / (
            1 - inputs.spoilage_rate
        )
        assert shortfall == max(0, math.ceil(needed - 1e-6) - inputs.on_hand - incoming)


@settings(max_examples=40, deadline=None)
@given(any_inputs(), st.integers(0, 2**32))
def test_the_series_is_whole_and_never_negative_and_covers_every_day(inputs, seed):
    result = forecast(inputs, seed=seed, n_paths=100)
    assert [day for day, _, _ in result.series] == [
        inputs.as_of + timedelta(days=i) for i in range(1, inputs.horizon_days + 1)
    ]
    assert all(type(d) is int and d >= 0 and type(s) is int and s >= 0 for _, d, s in result.series)
    assert result.shortfall >= 0
    assert result.recommended_request >= result.shortfall


@settings(max_examples=25, deadline=None)
@given(any_inputs(max_horizon=40), st.integers(0, 2**32))
def test_the_vectorised_paths_follow_the_day_by_day_rule(inputs, seed):
    n = 20
    paths = simulate(inputs, np.random.default_rng(seed), n_paths=n)
    debt, on_hand = day_by_day(inputs, np.random.default_rng(seed), n)
    assert np.allclose(paths.debt, debt, rtol=1e-9, atol=1e-6)
    assert np.allclose(paths.on_hand, on_hand, rtol=1e-9, atol=1e-6)
    assert (paths.debt >= 0).all() and (paths.on_hand >= 0).all()


def day_by_day(inputs: ForecastInputs, rng: np.random.Generator, n: int):
    """The simulation rule written out literally, one day at a time, on the same draws."""
    days = [inputs.as_of + timedelta(days=i) for i in range(1, inputs.horizon_days + 1)]
    n_working = sum(is_working_day(day) for day in days)
    z_capacity = rng.standard_normal((n_working, n))
    z_inflow = rng.standard_normal((n_working, n))
    keep = 1 - inputs.spoilage_rate
    debt = np.full(n, float(inputs.print_debt))
    stock = np.full(n, float(inputs.on_hand))
    debts, stocks, w = [], [], 0
    for i, day in enumerate(days):
        stock += sum(
            a.quantity for a in inputs.arrivals if a.on == day or (i == 0 and a.on <= inputs.as_of)
        )
        if is_working_day(day):
            debt += np.maximum(0, inputs.daily_inflow + inputs.inflow_sd * z_inflow[w])
            capacity = np.maximum(0, inputs.daily_capacity + inputs.capacity_sd * z_capacity[w])
            printed = np.minimum(np.minimum(capacity, debt), stock * keep)
            debt = np.maximum(0, debt - printed)
            stock = np.maximum(0, stock - printed / keep)
            w += 1
        debts.append(debt.copy())
        stocks.append(stock.copy())
    return np.stack(debts, axis=1), np.stack(stocks, axis=1)


def test_the_same_seed_gives_the_same_forecast():
    noisy = jakarta(capacity_sd=1_500, daily_inflow=300, inflow_sd=100, spoilage_rate=0.02)
    assert forecast(noisy, seed=7, n_paths=PATHS) == forecast(noisy, seed=7, n_paths=PATHS)
    first = simulate(noisy, np.random.default_rng(7), n_paths=PATHS)
    again = simulate(noisy, np.random.default_rng(7), n_paths=PATHS)
    assert np.array_equal(first.debt, again.debt) and np.array_equal(first.on_hand, again.on_hand)


def test_summarising_simulated_paths_gives_the_forecast():
    noisy = jakarta(capacity_sd=1_500, daily_inflow=300, inflow_sd=100, spoilage_rate=0.02)
    paths = simulate(noisy, np.random.default_rng(11), n_paths=PATHS)
    assert summarise(noisy, paths, 11, n_paths=PATHS) == forecast(noisy, seed=11, n_paths=PATHS)


@pytest.mark.parametrize("miss", [None, -1, 1, -700, 700])
def test_the_shortfall_search_recovers_when_the_solved_answer_is_off(monkeypatch, miss):
    noisy = jakarta(capacity_sd=1_500, daily_inflow=300, inflow_sd=100, spoilage_rate=0.02)
    right = forecast(noisy, n_paths=PATHS).shortfall
    solve = forecast_module._solve

    def off(inputs, world):
        return None if miss is None else max(0, solve(inputs, world) + miss)

    monkeypatch.setattr(forecast_module, "_solve", off)
    assert forecast(noisy, n_paths=PATHS).shortfall == right > 0


def test_variability_spreads_the_repayment_dates_in_order():
    noisy = jakarta(on_hand=20_000, capacity_sd=2_000, daily_inflow=500, inflow_sd=300)
    repaid = forecast(noisy, n_paths=PATHS).repaid_on
    assert order(repaid["p10"]) <= order(repaid["p50"]) <= order(repaid["p90"])
    assert repaid["p10"] is not None and repaid["p10"] < order(repaid["p90"])


def test_summarise_must_be_given_the_path_count_the_paths_have():
    paths = simulate(jakarta(), np.random.default_rng(1), n_paths=50)
    with pytest.raises(ValueError, match="50 paths"):
        summarise(jakarta(), paths, 1, n_paths=500)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"horizon_days": 0}, "horizon_days"),
        ({"horizon_days": 731}, "horizon_days"),
        ({"spoilage_rate": 1.0}, "spoilage_rate"),
        ({"print_debt": -1}, "print_debt"),
        ({"daily_capacity": math.nan}, "daily_capacity"),
        ({"arrivals": (Arrival(date(2023, 1, 5), -3),)}, "arrivals"),
    ],
)
def test_inputs_that_break_a_rule_are_refused_naming_the_field(change, field):
    with pytest.raises(InvalidInput) as err:
        jakarta(**change)
    assert err.value.field == field


# --- pooling ----------------------------------------------------------------------------


def regency_paths(seed: int, **changes) -> Paths:
    return simulate(jakarta(**changes), np.random.default_rng(seed), n_paths=PATHS)


def test_pooled_paths_are_the_element_wise_sum_of_the_regencies():
    a = regency_paths(1, capacity_sd=1_000)
    b = regency_paths(2, print_debt=10_000, on_hand=5_000, daily_inflow=200, inflow_sd=50)
    pooled = pool([a, b])
    assert pooled.days == a.days
    assert np.array_equal(pooled.debt, a.debt + b.debt)
    assert np.array_equal(pooled.on_hand, a.on_hand + b.on_hand)
    assert np.array_equal(a.debt, regency_paths(1, capacity_sd=1_000).debt)  # untouched


def test_a_pool_of_one_regency_summarises_like_the_regency():
    inputs = jakarta(on_hand=10_000, capacity_sd=1_500, daily_inflow=300, inflow_sd=100)
    alone = forecast(inputs, seed=5, n_paths=PATHS)
    pooled = summarise_pooled(
        pool(
            [regency_paths(5, on_hand=10_000, capacity_sd=1_500, daily_inflow=300, inflow_sd=100)]
        ),
        as_of=inputs.as_of,
    )
    assert pooled == {
        "repaid_on": alone.repaid_on,
        "stockout_on": alone.stockout_on,
        "series": alone.series,
    }


def test_a_province_is_not_repaid_before_any_of_its_regencies():
    regencies = [
        regency_paths(
            seed, on_hand=5_000 * seed, capacity_sd=1_000, daily_inflow=100 * seed, inflow_sd=50
        )
        for seed in range(1, 5)
    ]
    province = summarise_pooled(pool(regencies), as_of=date(2023, 1, 2))["repaid_on"]
    for paths in regencies:
        alone = summarise_pooled(paths, as_of=date(2023, 1, 2))["repaid_on"]
        assert all(order(province[p]) >= order(alone[p]) for p in ("p10", "p50", "p90"))


def test_paths_over_different_days_cannot_be_pooled():
    with pytest.raises(ValueError):
        pool([regency_paths(1), regency_paths(1, horizon_days=30)])
    with pytest.raises(ValueError):
        pool([])


def test_uncertain_means_widen_the_band_and_certain_ones_change_nothing():
    from blanko_tracker.domain.forecast import ForecastInputs, forecast

    base = ForecastInputs(as_of=date(2023, 3, 1), horizon_days=365, print_debt=6_000,
                          on_hand=20_000, arrivals=(), daily_capacity=100, capacity_sd=20,
                          daily_inflow=40, inflow_sd=10, spoilage_rate=0.02)
    unsure = replace(base, capacity_se=8, inflow_se=4)

    certain, wide = forecast(base), forecast(unsure)

    assert forecast(replace(base, capacity_se=0, inflow_se=0)) == certain
    span = (certain.repaid_on["p90"] - certain.repaid_on["p10"]).days
    assert (wide.repaid_on["p90"] - wide.repaid_on["p10"]).days > span
