"""The suket register's rules: six calendar months of validity, oldest first, renewals."""

from __future__ import annotations

from datetime import date

import pytest

from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.suket import (
    DayEntry,
    SuketOverOutstanding,
    add_months,
    check_counts,
    replay,
    summarise,
    valid_through,
)

REGENCY = "75.05"


@pytest.mark.parametrize(("start", "through"), [
    (date(2026, 1, 31), date(2026, 7, 31)),
    (date(2026, 3, 15), date(2026, 9, 15)),
    (date(2026, 8, 31), date(2027, 2, 28)),
    (date(2027, 8, 31), date(2028, 2, 29)),  # a leap year's February
    (date(2026, 12, 1), date(2027, 6, 1)),
])
def test_a_suket_is_valid_through_the_same_day_six_months_on(start, through):
    assert valid_through(start) == through


def test_month_addition_clamps_to_the_shorter_months_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_an_issued_suket_is_valid_on_its_last_day_and_expired_the_day_after():
    history = [DayEntry(date(2026, 1, 31), issued=10)]

    last_day = summarise(history, date(2026, 7, 31), region=REGENCY)
    after = summarise(history, date(2026, 8, 1), region=REGENCY)

    assert (last_day.valid, last_day.expired, last_day.expiring_30d) == (10, 0, 10)
    assert (after.valid, after.expired, after.outstanding) == (0, 10, 10)


def test_redemptions_take_the_oldest_suket_first():
    history = [DayEntry(date(2026, 1, 5), issued=10), DayEntry(date(2026, 3, 5), issued=20),
               DayEntry(date(2026, 4, 1), redeemed=15)]

    cohorts = replay(history, region=REGENCY)
    summary = summarise(history, date(2026, 8, 1), region=REGENCY)

    assert [(c.count, c.valid_from) for c in cohorts] == [(15, date(2026, 3, 5))]
    assert (summary.outstanding, summary.valid, summary.expired) == (15, 15, 0)


def test_a_renewal_starts_the_oldest_suket_six_months_again():
    history = [DayEntry(date(2026, 1, 10), issued=8), DayEntry(date(2026, 6, 1), issued=5),
               DayEntry(date(2026, 7, 1), renewed=3)]

    # 2026-07-11: the first five of January's eight have expired, the three renewed have not
    summary = summarise(history, date(2026, 7, 11), region=REGENCY)
    later = summarise(history, date(2027, 1, 2), region=REGENCY)

    assert (summary.outstanding, summary.valid, summary.expired) == (13, 8, 5)
    assert later.expired == 13  # June's five (through 2026-12-01) and the renewed three
    assert summarise(history, date(2027, 1, 1), region=REGENCY).valid == 3


def test_expiry_across_a_renewal_counts_from_the_renewal_day():
    history = [DayEntry(date(2026, 1, 31), issued=4), DayEntry(date(2026, 7, 31), renewed=4)]

    before = summarise(history, date(2026, 8, 1), region=REGENCY)
    expiring = summarise(history, date(2027, 1, 15), region=REGENCY)
    gone = summarise(history, date(2027, 2, 1), region=REGENCY)

    assert (before.valid, before.expired) == (4, 0)
    assert (expiring.expiring_30d, expiring.first_expiry) == (4, date(2027, 1, 31))
    assert (gone.valid, gone.expired) == (0, 4)


def test_redeeming_more_than_are_outstanding_is_refused_on_its_day():
    history = [DayEntry(date(2026, 2, 1), issued=5), DayEntry(date(2026, 2, 3), redeemed=4),
               DayEntry(date(2026, 2, 2), redeemed=2)]  # back-dated: leaves 2-3 short

    with pytest.raises(SuketOverOutstanding) as refused:
        replay(history, region=REGENCY)

    assert refused.value.context() == {"region": REGENCY, "day": "2026-02-03", "asked": 4,
                                       "outstanding": 3, "what": "redeemed"}
    assert refused.value.code == "suket_over_outstanding"


def test_a_days_suket_issued_may_be_redeemed_the_same_day():
    cohorts = replay([DayEntry(date(2026, 2, 1), issued=5, redeemed=5)], region=REGENCY)

    assert list(cohorts) == []


def test_the_thirty_day_flows_count_the_thirty_days_ending_on_the_day():
    history = [DayEntry(date(2026, 1, 1), issued=7), DayEntry(date(2026, 1, 2), issued=3),
               DayEntry(date(2026, 1, 31), redeemed=2)]

    summary = summarise(history, date(2026, 1, 31), region=REGENCY)

    assert (summary.issued_30d, summary.redeemed_30d) == (3, 2)


def test_a_day_of_nothing_is_refused():
    with pytest.raises(InvalidInput) as refused:
        check_counts(0, 0, 0)

    assert refused.value.rule == "suket_nothing"
