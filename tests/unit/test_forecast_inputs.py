"""What a forecast starts from and how a scenario changes it, no database
(domain/forecast/observations.py and scenarios.py)."""

from __future__ import annotations

import math
import statistics
from dataclasses import replace
from datetime import date, timedelta

import pytest

from blanko_tracker.domain.calendar import working_days
from blanko_tracker.domain.forecast import Arrival, ForecastInputs
from blanko_tracker.domain.forecast.observations import (
    DEFAULT_CAPACITY,
    DEFAULT_SPOILAGE,
    MIN_DAYS,
    WINDOW_DAYS,
    Expected,
    Observed,
    at_most,
    censored_normal,
    days_blanks_ran_out,
    days_without_blanks,
    observe_regency,
    subtree,
)
from blanko_tracker.domain.forecast.scenarios import (
    Overrides,
    forwarding_note,
    inputs_for,
    need,
    pool_inputs,
    split,
    working_days_ahead,
)

AS_OF = date(2024, 3, 28)  # a Thursday
WINDOW = working_days(AS_OF - timedelta(days=WINDOW_DAYS - 1), AS_OF)


def seen(**figures) -> Observed:
    return Observed(**{"capacity": 100.0, "capacity_sd": 20.0, "capacity_se": 4.0,
                       "inflow": 10.0, "inflow_sd": 5.0, "inflow_se": 1.0} | figures)


def test_capacity_is_the_mean_of_the_days_with_a_print_run_and_inflow_counts_quiet_days_as_zero():
    runs = [(day, printed, 2) for day, printed in zip(WINDOW, (90, 100, 110, 95, 105),
                                                       strict=False)]
    recorded = {day: 30 for day in WINDOW[:MIN_DAYS]}

    found = observe_regency(debt=1_000, runs=runs, recorded=recorded, working=WINDOW)

    assert found.capacity == 100
    assert found.capacity_sd == statistics.pstdev([90, 100, 110, 95, 105])
    assert found.capacity_se == pytest.approx(found.capacity_sd / math.sqrt(5))
    assert found.inflow == pytest.approx(30 * MIN_DAYS / len(WINDOW))
    assert found.spoilage == 10 / 510
    assert found.notes == []


def test_a_day_that_began_without_blanks_or_ran_out_of_them_is_a_day_without_blanks():
    days = [AS_OF + timedelta(days=i) for i in range(6)]
    moved = {days[1]: -30, days[2]: 500, days[3]: -200, days[5]: -300}

    short = days_without_blanks(30, moved, days)

    # 30 → 30 → 0 (ran out) → 500 (began with none) → 300 → 300 → 0 (ran out)
    assert short == {days[1], days[2], days[5]}
    assert days_without_blanks(0, {}, days[:2]) == set(days[:2])


def test_days_without_blanks_do_not_count_toward_capacity_but_do_toward_spoilage():
    runs = [(day, 100, 2) for day in WINDOW[:6]] + [(WINDOW[6], 10, 1)]

    found = observe_regency(debt=1_000, runs=runs, recorded={}, working=WINDOW,
                            without_blanks={WINDOW[6], WINDOW[7]})

    assert (found.capacity, found.capacity_sd) == (100, 0)
    assert (found.printed, found.spoiled) == (610, 13)
    assert not any("capacity" in note for note in found.notes)


def test_a_day_whose_blanks_ran_out_counts_as_at_least_what_it_printed():
    days = [AS_OF + timedelta(days=i) for i in range(3)]
    assert days_blanks_ran_out(30, {days[0]: -30, days[1]: 500}, days) == {days[0]}
    full = [90.0, 100.0, 110.0, 95.0, 105.0]

    mean, sd = censored_normal(full, [104.0, 108.0])

    # Left out, the two days would leave 100; read as "at least", they pull the mean up.
    assert mean > 100 and sd > 0
    assert censored_normal(full, []) == (100, statistics.pstdev(full))
    assert censored_normal(full, [1.0])[0] == pytest.approx(100, abs=0.5)  # says little


def test_capacity_from_days_that_all_ran_out_is_a_lower_bound_and_says_so():
    runs = [(day, 40, 0) for day in WINDOW[:MIN_DAYS]]

    found = observe_regency(debt=1_000, runs=runs, recorded={}, working=WINDOW,
                            without_blanks=set(WINDOW))

    assert found.capacity == 40 and "capacity" not in found.defaulted
    assert any("capacity is at least" in note for note in found.notes)


def test_inflow_counts_the_recordings_of_days_without_blanks():
    recorded = {day: 30 for day in WINDOW}

    found = observe_regency(debt=1_000, runs=[], recorded=recorded, working=WINDOW,
                            without_blanks=set(WINDOW))

    assert (found.inflow, found.inflow_sd) == (30, 0)


def test_printers_clip_each_days_printing_at_their_rating():
    far_above, near, far_below = (at_most(100, 500, 50, 8), at_most(500, 500, 50, 8),
                                  at_most(1_000, 500, 50, 8))

    assert far_above[0] == pytest.approx(100) and far_above[1:] == (0, 0)
    # at the ceiling: the mean of min(X, μ) is μ − σ/√(2π), and half the days set the pace
    assert near[0] == pytest.approx(500 - 50 / math.sqrt(2 * math.pi))
    assert 0 < near[1] < 50 and near[2] == pytest.approx(4)
    assert far_below == pytest.approx((500, 50, 8))
    assert at_most(0, 100, 20, 4)[0] == 0  # every printer broken


def test_too_little_history_uses_the_stated_defaults_and_says_so():
    runs = [(WINDOW[0], 400, 40)]

    found = observe_regency(debt=1_000, runs=runs, recorded={}, working=WINDOW)

    assert (found.capacity, found.inflow) == (DEFAULT_CAPACITY, 0.0)
    assert found.spoilage == DEFAULT_SPOILAGE  # one day's spoilage is not taken as the rate
    assert len(found.notes) == 2


def test_an_overridden_mean_keeps_the_observed_relative_variability():
    inputs = inputs_for(seen(), AS_OF, 30, Overrides(daily_capacity=50, daily_inflow=0))

    assert (inputs.daily_capacity, inputs.capacity_sd, inputs.capacity_se) == (50, 10, 2)
    assert (inputs.daily_inflow, inputs.inflow_sd, inputs.inflow_se) == (0, 0, 0)


def test_ignoring_planned_shipments_keeps_the_what_if_ones():
    planned = Arrival(AS_OF + timedelta(days=3), 500, shipment_id=7)
    extra = Arrival(AS_OF + timedelta(days=5), 200)

    inputs = inputs_for(seen(arrivals=[planned]), AS_OF, 30,
                        Overrides(ignore_planned=True, extra_shipments=(extra,)))

    assert inputs.arrivals == (extra,)


def test_a_pool_total_is_split_as_observed_or_evenly_when_nothing_was():
    assert split(90, {"a": 20, "b": 10}) == {"a": 60, "b": 30}
    assert split(90, {"a": 0, "b": 0}) == {"a": 45, "b": 45}
    assert split(None, {"a": 20, "b": 10}) == {"a": None, "b": None}


def test_need_is_debt_and_inflow_less_on_hand_and_incoming_never_below_zero():
    inputs = ForecastInputs(as_of=AS_OF, horizon_days=30, print_debt=1_000, on_hand=300,
                            arrivals=(Arrival(AS_OF + timedelta(days=2), 200),),
                            daily_capacity=100, capacity_sd=0, daily_inflow=10.5,
                            inflow_sd=0, spoilage_rate=0)

    assert need(inputs, 20) == 1_000 + 210 - 300 - 200
    assert need(replace(inputs, on_hand=10_000), 20) == 0


def test_a_regency_is_its_own_stock_and_every_shipment_to_it():
    shipment = Expected(shipment_id=3, source="00", destination="75.05", quantity=500,
                        arrives_on=AS_OF + timedelta(days=4), dispatched_on=AS_OF)

    found = subtree("75.05", AS_OF, {"75.05": seen(debt=800)},
                    stock={"75.05": 40, "75.05.01": 10}, expected=[shipment])

    assert (found.total.debt, found.total.on_hand) == (800, 50)
    assert found.total.arrivals == [Arrival(shipment.arrives_on, 500, 3)]
    assert found.held(ignore_planned=False) == []


def test_a_pool_holds_its_warehouse_stock_less_what_planned_shipments_out_of_it_promised():
    to_regency = Expected(shipment_id=1, source="75", destination="75.05", quantity=300,
                          arrives_on=AS_OF + timedelta(days=2), dispatched_on=None)
    from_ministry = Expected(shipment_id=2, source="00", destination="75", quantity=1_000,
                             arrives_on=AS_OF + timedelta(days=6), dispatched_on=AS_OF)

    found = subtree("75", AS_OF, {"75.05": seen(debt=800), "75.06": seen(debt=0)},
                    stock={"75": 700, "75.05": 40, "75.05.01": 10},
                    expected=[to_regency, from_ministry])

    assert found.total.on_hand == 750
    assert found.total.arrivals == [Arrival(from_ministry.arrives_on, 1_000, 2)]  # from outside
    assert found.regencies["75.05"].on_hand == 50
    assert found.regencies["75.05"].arrivals == [Arrival(to_regency.arrives_on, 300, 1)]
    held = found.held(ignore_planned=False)
    assert [(lot.region, lot.quantity) for lot in held] == [("75", 400), ("75", 1_000)]
    assert [(lot.region, lot.quantity) for lot in found.held(ignore_planned=True)] == [
        ("75", 700)]


def test_blanks_above_the_regencies_go_to_the_regency_that_needs_them():
    pool = subtree("75", AS_OF, {"75.05": seen(debt=800, inflow=0.0, inflow_sd=0.0),
                                 "75.06": seen(debt=0, inflow=0.0, inflow_sd=0.0)},
                   stock={"75": 1_000}, expected=[])

    members, kept = pool_inputs(pool, AS_OF, 30, Overrides())

    # 800 cards at 2% spoilage use 817 blanks (800 / 0.98, rounded up)
    assert members["75.05"].arrivals == (Arrival(AS_OF, 817),)
    assert members["75.06"].arrivals == ()
    assert kept == (Arrival(AS_OF, 183),)
    assert forwarding_note(pool, Overrides(), kept) == (
        "1,000 blanks held or arriving above the regencies are forwarded to them in proportion "
        "to need on the day they are on hand; 183 are needed by none and stay at the warehouse")


def test_the_horizon_counts_only_working_days_after_as_of():
    assert working_days_ahead(date(2024, 3, 29), 3) == 1  # Sat, Sun, then Monday 1 April
