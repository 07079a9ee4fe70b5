"""A day's figures extended entry by entry equal the replay of the whole day, classes and all."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from blanko_tracker.domain.print_debt import PRIORITY, Entry, EntryKind, extend, replay

DAY = date(2023, 1, 9)
classes = st.tuples(*[st.integers(0, 20_000)] * len(PRIORITY))
entries = st.lists(st.builds(Entry, on=st.just(DAY), kind=st.sampled_from(list(EntryKind)),
                             count=st.integers(0, 10_000),
                             split=st.none() | classes), min_size=1, max_size=30)


@given(start=classes, day_entries=entries)
def test_extending_the_last_day_equals_replaying_it(start, day_entries):
    figures = None
    for entry in day_entries:
        figures = extend(figures, start, entry)
    assert figures == replay(start, day_entries)[0]
