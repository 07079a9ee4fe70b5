"""Installment planning: splitting a tranche among regencies, no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blanko_tracker.domain.allocation import Need, earliest_repayment, proportional
from blanko_tracker.domain.errors import InvalidInput

needs_strategy = st.lists(
    st.builds(
        Need, st.sampled_from([f"31.{n:02d}" for n in range(1, 30)]), st.integers(0, 100_000)
    ),
    max_size=12,
    unique_by=lambda n: n.region,
)


def test_proportional_splits_by_need_giving_leftovers_to_the_largest_remainders():
    needs = [Need("31.71", 5_000), Need("31.72", 3_000), Need("31.73", 2_000)]
    # Exact shares of 7 per 10: 3.5, 2.1, 1.4 — floors 3, 2, 1 and the one left to 3.5.
    assert proportional(7, needs) == {"31.71": 4, "31.72": 2, "31.73": 1}


def test_proportional_breaks_ties_by_region_code():
    needs = [Need("31.73", 10), Need("31.71", 10), Need("31.72", 10)]
    assert proportional(2, needs) == {"31.71": 1, "31.72": 1, "31.73": 0}


def test_a_tranche_above_the_total_need_fills_every_need_and_no_more():
    needs = [Need("31.71", 50), Need("31.72", 0), Need("31.73", 20)]
    assert proportional(1_000, needs) == {"31.71": 50, "31.72": 0, "31.73": 20}


@given(st.integers(0, 500_000), needs_strategy)
def test_proportional_allocates_the_tranche_or_the_need_and_nobody_beyond_its_need(quantity, needs):
    plan = proportional(quantity, needs)
    total = sum(n.need for n in needs)

    assert sum(plan.values()) == min(quantity, total)
    assert set(plan) == {n.region for n in needs}
    for n in needs:
        assert 0 <= plan[n.region] <= n.need
        if total > quantity:  # largest remainder: every share is its exact quota rounded
            exact = quantity * n.need / total
            assert plan[n.region] in (int(exact), int(exact) + 1)


@given(st.integers(0, 500_000), needs_strategy, st.randoms())
def test_proportional_does_not_depend_on_the_order_regions_are_listed(quantity, needs, rnd):
    shuffled = list(needs)
    rnd.shuffle(shuffled)
    assert proportional(quantity, shuffled) == proportional(quantity, needs)


def days_to_repay(needs: list[Need]):
    """A fake forecast: each region repays its remaining need at 1,000 a day, never past 60."""
    base = date(2023, 1, 2)
    need = {n.region: n.need for n in needs}
    calls = []

    def repaid_after(region: str, given: int) -> date | None:
        calls.append((region, given))
        days = -(-(need[region] - given) // 1_000)
        return None if days > 60 else base + timedelta(days=days)

    return repaid_after, calls


def test_earliest_repayment_serves_the_region_that_would_never_repay_first():
    needs = [Need("31.71", 5_000), Need("31.72", 90_000)]  # 31.72 needs 90 days: never
    repaid_after, _ = days_to_repay(needs)
    assert earliest_repayment(30_000, needs, repaid_after, step=1_000) == {
        "31.71": 0,
        "31.72": 30_000,
    }


def test_earliest_repayment_evens_out_the_latest_dates():
    needs = [Need("31.71", 20_000), Need("31.72", 10_000), Need("31.73", 0)]
    repaid_after, calls = days_to_repay(needs)
    plan = earliest_repayment(12_000, needs, repaid_after, step=1_000)

    # 20 days vs 10: the first 10,000 close the gap, then they alternate, lower code first.
    assert plan == {"31.71": 11_000, "31.72": 1_000, "31.73": 0}
    assert ("31.73", 0) not in calls  # a region without need is not forecast
    assert len(calls) == 2 + 12


def test_the_default_chunk_is_a_two_hundredth_of_the_tranche():
    needs = [Need("31.71", 50_000), Need("31.72", 50_000)]
    repaid_after, calls = days_to_repay(needs)
    earliest_repayment(20_000, needs, repaid_after)
    assert {given for _, given in calls} <= set(range(0, 20_001, 100))


@given(st.integers(0, 300_000), needs_strategy, st.none() | st.integers(1, 500))
def test_earliest_repayment_allocates_the_tranche_or_the_need_and_nobody_beyond_its_need(
    quantity, needs, chunks
):
    step = None if chunks is None else max(1, -(-quantity // chunks))  # at most 500 chunks
    repaid_after, _ = days_to_repay(needs)
    plan = earliest_repayment(quantity, needs, repaid_after, step=step)

    assert sum(plan.values()) == min(quantity, sum(n.need for n in needs))
    assert all(0 <= plan[n.region] <= n.need for n in needs)


@pytest.mark.parametrize(
    ("quantity", "needs", "field"),
    [
        (-1, [Need("31.71", 5)], "quantity"),
        (5, [Need("31.71", -5)], "need"),
        (5, [Need("31.71", 5), Need("31.71", 3)], "region"),
    ],
)
def test_a_plan_with_impossible_figures_is_refused(quantity, needs, field):
    with pytest.raises(InvalidInput) as err:
        proportional(quantity, needs)
    assert err.value.field == field


def test_a_chunk_must_hold_at_least_one_blank():
    with pytest.raises(InvalidInput):
        earliest_repayment(10, [Need("31.71", 10)], lambda region, given: None, step=0)
