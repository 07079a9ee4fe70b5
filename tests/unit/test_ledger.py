"""Ledger rules, no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blanko_tracker.domain import ledger
from blanko_tracker.domain.errors import InsufficientStock, InvalidInput, InvalidState
from blanko_tracker.domain.ledger import AdjustmentReason, MovementKind


def test_taking_more_than_on_hand_is_refused():
    with pytest.raises(InsufficientStock) as err:
        ledger.take(3, 5, region="75.05")
    assert err.value.context() == {"region": "75.05", "requested": 5, "available": 3}


def test_taking_exactly_what_is_on_hand_leaves_zero():
    assert ledger.take(5, 5, region="31") == 0


@given(st.lists(st.integers(min_value=-1_000, max_value=1_000), max_size=60))
def test_any_sequence_of_movements_keeps_balance_equal_to_the_sum_and_never_negative(deltas):
    on_hand, accepted = 0, []
    for delta in deltas:
        try:
            on_hand = ledger.apply(on_hand, delta, region="31")
        except InsufficientStock:
            assert on_hand + delta < 0  # refused only when it would go below zero
            continue
        accepted.append(delta)
        assert on_hand >= 0
    assert on_hand == sum(accepted)  # the balance is the sum of its movements


@pytest.mark.parametrize(
    ("quantity", "reason"),
    [(0, AdjustmentReason.COUNT_CORRECTION), (5, AdjustmentReason.LOST),
     (5, AdjustmentReason.DAMAGED_IN_STORAGE), (-5, AdjustmentReason.FOUND)],
)
def test_an_adjustment_must_move_stock_the_way_its_reason_says(quantity, reason):
    with pytest.raises(InvalidInput) as err:
        ledger.check_adjustment(quantity, reason)
    assert err.value.field == "quantity"


@pytest.mark.parametrize("quantity", [-7, 7])
def test_a_count_correction_may_go_either_way(quantity):
    ledger.check_adjustment(quantity, AdjustmentReason.COUNT_CORRECTION)


def test_a_reversal_is_the_opposite_of_what_it_reverses():
    assert ledger.reversal_of(4, MovementKind.ADJUSTMENT, -30, already_reversed=False) == 30


@pytest.mark.parametrize(
    ("kind", "reversed_before"),
    [(MovementKind.REVERSAL, False), (MovementKind.PRINT_USE, False),
     (MovementKind.RECEIPT, False), (MovementKind.ADJUSTMENT, True)],
)
def test_what_cannot_be_reversed_on_the_card_alone(kind, reversed_before):
    with pytest.raises(InvalidState):
        ledger.reversal_of(4, kind, 10, already_reversed=reversed_before)
