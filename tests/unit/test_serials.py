"""Serial range algebra against a naive set-of-integers model."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blanko_tracker.domain import serials
from blanko_tracker.domain.errors import InvalidInput, QuantityMismatch, SerialConflict

BIG = 2**40  # chip serials exceed 2^31

ranges_strategy = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 30)).map(
        lambda p: (BIG + p[0], BIG + p[0] + p[1])
    ),
    max_size=8,
)


def as_set(ranges):
    return {n for first, last in ranges for n in range(first, last + 1)}


@given(ranges_strategy)
def test_merge_keeps_exactly_the_same_serials_in_disjoint_sorted_ranges(ranges):
    merged = serials.merge(ranges)
    assert as_set(merged) == as_set(ranges)
    for before, after in pairwise(merged):
        assert before[1] + 1 < after[0]  # neither overlapping nor adjacent


@given(ranges_strategy, ranges_strategy)
def test_subtract_matches_set_difference_or_refuses_what_is_not_held(held, taken):
    if as_set(taken) <= as_set(held):
        remaining = serials.subtract(held, taken)
        assert as_set(remaining) == as_set(held) - as_set(taken)
        assert serials.size(remaining) == len(as_set(held)) - len(as_set(taken))
    else:
        with pytest.raises(SerialConflict):
            serials.subtract(held, taken)


@given(st.tuples(st.integers(0, 50), st.integers(0, 50)),
       st.tuples(st.integers(0, 50), st.integers(0, 50)))
def test_overlap_matches_set_intersection(a, b):
    a, b = (min(a), max(a)), (min(b), max(b))
    shared = as_set([a]) & as_set([b])
    found = serials.overlap(a, b)
    assert (as_set([found]) if found else set()) == shared


def test_ranges_must_count_the_quantity():
    with pytest.raises(QuantityMismatch):
        serials.check_ranges([[1, 10]], 9)
    assert serials.check_ranges([[11, 20], [1, 10]], 20) == [(1, 10), (11, 20)]


def test_ranges_given_together_must_not_overlap():
    with pytest.raises(SerialConflict):
        serials.check_ranges([[1, 10], [10, 19]], 20)


def test_a_range_runs_forwards():
    with pytest.raises(InvalidInput) as err:
        serials.check_ranges([[1, 10], [30, 20]], 21)
    assert err.value.field == "serial_ranges[1]"
