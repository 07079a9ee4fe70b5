"""The debt's classes (new, disaster, replacement, change, moved): printing repays them in
the ministry's priority order unless a run names its classes, and the total is always what
it was before classes were kept."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.print_debt import (
    PRIORITY,
    DebtClass,
    Entry,
    EntryKind,
    apply,
    checked_split,
    priority_split,
    scaled,
)

DAY = date(2026, 3, 2)
NEW, DISASTER, REPLACEMENT, CHANGE, MOVED = PRIORITY


def printed(count: int, split: tuple[int, ...] | None = None) -> Entry:
    return Entry(DAY, EntryKind.PRINTED, count, split)


def test_a_run_repays_first_cards_then_disaster_victims_then_replacements():
    debt = (10, 5, 20, 0, 7)
    assert priority_split(debt, 12) == (10, 2, 0, 0, 0)
    assert apply(debt, printed(12, priority_split(debt, 12))) == (0, 3, 20, 0, 7)


def test_a_run_without_a_split_follows_the_priority_order_too():
    assert apply((10, 5, 20, 0, 7), printed(40)) == (0, 0, 0, 0, 2)


def test_cards_beyond_the_debt_repay_nothing_more_and_count_as_first_cards():
    assert priority_split((3, 0, 1, 0, 0), 10) == (9, 0, 1, 0, 0)
    assert apply((3, 0, 1, 0, 0), printed(10, (9, 0, 1, 0, 0))) == (0, 0, 0, 0, 0)


def test_a_named_class_beyond_what_it_owes_passes_the_rest_on_in_priority_order():
    # 8 replacements named, 5 owed: the other 3 repay first cards.
    assert apply((10, 0, 5, 4, 0), printed(8, (0, 0, 8, 0, 0))) == (7, 0, 0, 4, 0)


def test_undoing_a_run_gives_its_classes_back():
    debt = (10, 5, 20, 0, 7)
    split = priority_split(debt, 12)
    after = apply(debt, printed(12, split))
    assert apply(after, printed(-12, tuple(-n for n in split))) == debt


def test_a_recording_adds_to_its_own_class():
    entry = Entry(DAY, EntryKind.RECORDING, 4, (0, 4, 0, 0, 0))
    assert apply((1, 1, 1, 1, 1), entry) == (1, 5, 1, 1, 1)


def test_a_snapshot_without_classes_keeps_their_proportions_in_whole_cards():
    assert scaled((100, 0, 50, 50, 0), 10) == (5, 0, 3, 2, 0)
    assert sum(scaled((1, 1, 1, 0, 0), 100)) == 100
    assert scaled((0, 0, 0, 0, 0), 42) == (42, 0, 0, 0, 0)
    assert apply((100, 0, 50, 50, 0), Entry(DAY, EntryKind.SNAPSHOT, 10)) == (5, 0, 3, 2, 0)


def test_a_named_split_must_add_up_to_its_total():
    assert checked_split({DebtClass.DISASTER: 3, DebtClass.NEW: 2}, 5, field="x") == (
        2, 3, 0, 0, 0)
    with pytest.raises(InvalidInput) as refused:
        checked_split({DebtClass.DISASTER: 3}, 5, field="printed_by_class")
    assert refused.value.rule == "classes_not_total"


debts = st.tuples(*[st.integers(0, 10_000)] * len(PRIORITY))


@given(debt=debts, count=st.integers(0, 30_000), named=st.none() | debts,
       kind=st.sampled_from([EntryKind.PRINTED, EntryKind.RECORDING]),
       sign=st.sampled_from([1, -1]))
def test_the_total_follows_the_rule_it_followed_before_classes(debt, count, named, kind, sign):
    split = tuple(sign * n for n in named) if named else None
    count = sum(named) * sign if named else count * sign
    after = apply(debt, Entry(DAY, kind, count, split))
    change = count if kind is EntryKind.RECORDING else -count
    assert sum(after) == max(0, sum(debt) + change)
    assert min(after) >= 0


@given(debt=debts, total=st.integers(0, 50_000))
def test_scaling_always_adds_up(debt, total):
    assert sum(scaled(debt, total)) == total
