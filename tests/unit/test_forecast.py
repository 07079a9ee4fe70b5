"""The forecast simulation and its answers, no database."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blanko_tracker.domain.allocation import Held, forward_by_need
from blanko_tracker.domain.calendar import is_working_day, working_days
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.forecast import (
    Arrival,
    ForecastInputs,
    Paths,
    forecast,
    forecast_pool,
    pool,
    pools,
    regency,
    simulate,
    simulate_pool,
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
    solve = regency._solve

    def off(inputs, world):
        return None if miss is None else max(0, solve(inputs, world) + miss)

    monkeypatch.setattr(regency, "_solve", off)
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


# --- pools as the sum of their regencies' paths (forecast_pool) -------------------------


def noisy(**changes) -> ForecastInputs:
    base = jakarta(print_debt=20_000, on_hand=5_000, daily_capacity=900, capacity_sd=250,
                   capacity_se=40, daily_inflow=150, inflow_sd=60, inflow_se=10,
                   spoilage_rate=0.02, horizon_days=150,
                   arrivals=(Arrival(date(2023, 1, 20), 15_000), Arrival(date(2023, 3, 1), 10_000)))
    return replace(base, **changes)


TWO = {
    "75.01": noisy(on_hand=20_000),
    "75.05": noisy(print_debt=35_000, on_hand=40_000, daily_capacity=700, capacity_sd=300),
}


def test_a_pools_paths_are_the_sum_of_its_regencies_paths_on_the_same_seed():
    together = simulate_pool(TWO, seed=9, n_paths=PATHS)
    alone = [simulate_pool({code: inputs}, seed=9, n_paths=PATHS) for code, inputs in TWO.items()]

    # Whole cards of the sum against the sum of whole cards: at most one apart by rounding.
    assert together.days == alone[0].days
    assert np.abs(together.debt - (alone[0].debt + alone[1].debt)).max() <= 1
    assert np.abs(together.on_hand - (alone[0].on_hand + alone[1].on_hand)).max() <= 1
    assert (together.debt >= 0).all() and (together.on_hand >= 0).all()


def test_a_province_is_repaid_no_earlier_than_its_latest_regency():
    province = forecast_pool(TWO, n_paths=PATHS).repaid_on
    for code, inputs in TWO.items():
        alone = forecast_pool({code: inputs}, n_paths=PATHS).repaid_on
        assert all(order(province[p]) >= order(alone[p]) for p in ("p10", "p50", "p90"))
    assert province["p50"] is not None  # the example repays: the comparison means something


def test_a_pools_shortfall_and_request_are_its_regencies_sums():
    short = {"31.71": jakarta(), "31.72": jakarta(print_debt=90_000, on_hand=2_000,
                                                  daily_inflow=50, inflow_sd=10)}
    together = forecast_pool(short, n_paths=PATHS)
    alone = [forecast_pool({code: inputs}, n_paths=PATHS) for code, inputs in short.items()]

    assert alone[0].shortfall == 3_000 and alone[1].shortfall > 8_000
    assert together.shortfall == sum(f.shortfall for f in alone)
    assert together.recommended_request == sum(f.recommended_request for f in alone)


def test_a_pool_of_one_answers_the_jakarta_story_like_the_regency_engine():
    for changes in ({}, {"on_hand": 3_000}, {"spoilage_rate": 0.05},
                    {"daily_capacity": 1_000, "daily_inflow": 100}):
        alone = forecast(jakarta(**changes), n_paths=PATHS)
        pooled = forecast_pool({"31.71": jakarta(**changes)}, n_paths=PATHS)
        assert pooled == alone, changes  # no noise: the same world, draws aside


def test_a_pooled_forecast_is_reproducible_whatever_the_threads(monkeypatch):
    many = {f"75.{i:02d}": noisy(print_debt=10_000 + 1_000 * i, daily_capacity=500 + 30 * i)
            for i in range(1, 8)}
    monkeypatch.setattr(pools, "POOL_CHUNK", 2)  # four chunks over two threads
    first = forecast_pool(many, seed=3, n_paths=PATHS, threads=2)

    assert forecast_pool(many, seed=3, n_paths=PATHS, threads=2) == first
    assert forecast_pool(many, seed=3, n_paths=PATHS, threads=1) == first
    assert forecast_pool(many, seed=4, n_paths=PATHS) != first
    # Other chunks group the float32 sums otherwise: the same paths to within a card.
    monkeypatch.setattr(pools, "POOL_CHUNK", 32)
    one_chunk = forecast_pool(many, seed=3, n_paths=PATHS)
    assert one_chunk.repaid_on == first.repaid_on and one_chunk.shortfall == first.shortfall
    assert all(abs(a[1] - b[1]) <= 1 for a, b in zip(one_chunk.series, first.series, strict=True))


def test_a_pools_uniform_noise_keeps_the_regency_engines_band():
    inputs = noisy(horizon_days=365, arrivals=(Arrival(date(2023, 2, 1), 40_000),))
    alone = forecast(inputs, n_paths=1_000).repaid_on
    pooled = forecast_pool({"75.05": inputs}, n_paths=1_000).repaid_on
    for p in ("p10", "p50", "p90"):
        assert abs((pooled[p] - alone[p]).days) <= 3, (p, pooled, alone)


def test_blanks_kept_above_the_regencies_count_as_the_pools_stock():
    held = (Arrival(date(2023, 1, 2), 1_000), Arrival(date(2023, 1, 15), 500))
    bare = simulate_pool(TWO, n_paths=PATHS)
    kept = simulate_pool(TWO, held=held, n_paths=PATHS)

    assert np.array_equal(kept.debt, bare.debt)  # nobody prints from the warehouse
    added = np.array([1_000 + 500 * (day >= date(2023, 1, 15)) for day in kept.days])
    assert np.allclose(kept.on_hand - bare.on_hand, added, atol=1)


def test_a_pool_needs_regencies_over_the_same_days():
    with pytest.raises(ValueError):
        forecast_pool({})
    with pytest.raises(ValueError):
        forecast_pool({"75.01": noisy(), "75.05": noisy(horizon_days=30)})


@settings(max_examples=25, deadline=None)
@given(st.lists(any_inputs(max_horizon=60), min_size=1, max_size=3), st.integers(0, 2**32))
def test_the_band_is_ordered_whole_and_never_negative_on_every_day(many, seed):
    as_of, horizon = many[0].as_of, many[0].horizon_days
    regencies = {f"75.{i + 1:02d}": replace(x, as_of=as_of, horizon_days=horizon)
                 for i, x in enumerate(many)}
    for result in (forecast(regencies["75.01"], seed=seed, n_paths=100),
                   forecast_pool(regencies, seed=seed, n_paths=100)):
        assert len(result.band) == len(result.series) == horizon
        for (_, p50, on_hand), (p10, p90) in zip(result.series, result.band, strict=True):
            assert 0 <= p10 <= p50 <= p90 and on_hand >= 0
            assert type(p10) is int and type(p90) is int


# --- forwarding stock held above the regencies ------------------------------------------


def test_warehouse_stock_goes_to_the_regencies_by_need_and_the_rest_stays():
    needs = {"75.01": 500, "75.05": 1_300, "76.01": 900}
    received, kept = forward_by_need(
        [Held(date(2023, 1, 2), "75", 800), Held(date(2023, 1, 20), "75", 2_000)], needs)

    # 800 by need 500 : 1,300 (largest remainder), then what is still needed; 76 gets none.
    assert received == {"75.01": [(date(2023, 1, 2), 222), (date(2023, 1, 20), 278)],
                        "75.05": [(date(2023, 1, 2), 578), (date(2023, 1, 20), 722)]}
    assert kept == [(date(2023, 1, 20), 1_000)]


def test_the_national_warehouse_forwards_to_every_regency_by_need():
    received, kept = forward_by_need([Held(date(2023, 1, 2), "00", 300)],
                                     {"75.01": 100, "31.71": 200, "31.72": 0})
    assert received == {"31.71": [(date(2023, 1, 2), 200)], "75.01": [(date(2023, 1, 2), 100)]}
    assert kept == []


@settings(max_examples=20, deadline=None)
@given(st.lists(any_inputs(max_horizon=60), min_size=1, max_size=3), st.integers(0, 50_000),
       st.floats(0, 1), st.integers(0, 2**32))
def test_a_pool_never_repays_later_with_more_blanks_or_sooner_with_less_capacity(
    many, extra, fraction, seed
):
    as_of, horizon = many[0].as_of, many[0].horizon_days
    regencies = {f"75.{i + 1:02d}": replace(x, as_of=as_of, horizon_days=horizon)
                 for i, x in enumerate(many)}
    richer = {**regencies, "75.01": replace(regencies["75.01"],
                                            on_hand=regencies["75.01"].on_hand + extra)}
    slower = {code: replace(x, daily_capacity=x.daily_capacity * fraction)
              for code, x in regencies.items()}

    base = forecast_pool(regencies, seed=seed, n_paths=100)
    more = forecast_pool(richer, seed=seed, n_paths=100)
    slow = forecast_pool(slower, seed=seed, n_paths=100)

    for p in ("p10", "p50", "p90"):
        assert order(more.repaid_on[p]) <= order(base.repaid_on[p])
        assert order(slow.repaid_on[p]) >= order(base.repaid_on[p])
    assert more.shortfall <= base.shortfall
