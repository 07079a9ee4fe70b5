"""The monthly report's identity over random ledgers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from blanko_tracker.domain.reports import COLUMN_OF_KIND, MonthlyRow

movement = st.tuples(st.sampled_from(sorted(COLUMN_OF_KIND)), st.integers(-500, 500),
                     st.sampled_from([None, "encode_failure", "print_failure"]))


@given(st.integers(0, 10_000), st.lists(movement, max_size=40))
def test_opening_plus_flows_is_the_closing_and_the_stock_card_agrees(opening, movements):
    row = MonthlyRow(region="75.05", name="Gorontalo Utara", opening=opening)
    for kind, quantity, reason in movements:
        row.add(kind, quantity, reason)
    row.close()

    assert row.closing == (row.opening + row.received - row.transferred_out - row.printed
                           - row.spoiled - row.kits + row.adjusted)
    assert row.closing == opening + sum(quantity for _, quantity, _ in movements)
    assert sum(row.spoiled_by_reason.values()) == row.spoiled

