"""The working-day calendar the forecast prints on, no database."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from blanko_tracker.domain.calendar import is_working_day, working_days


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2023, 1, 7))  # Saturday
    assert not is_working_day(date(2023, 1, 8))  # Sunday
    assert is_working_day(date(2023, 1, 9))  # Monday


def test_the_cuti_bersama_after_imlek_2023_is_not_a_working_day():
    # 22 January 2023 (Imlek) was a Sunday; Monday the 23rd was the decreed joint leave day.
    assert not is_working_day(date(2023, 1, 23))
    assert is_working_day(date(2023, 1, 24))


def test_idul_fitri_2023_and_its_cuti_bersama_close_the_offices_from_19_to_25_april():
    lebaran = [date(2023, 4, 19) + timedelta(days=i) for i in range(7)]
    assert not any(is_working_day(day) for day in lebaran)
    assert is_working_day(date(2023, 4, 18))
    assert is_working_day(date(2023, 4, 26))


def test_nyepi_and_idul_fitri_2025_leave_no_working_day_from_28_march_to_7_april():
    assert working_days(date(2025, 3, 28), date(2025, 4, 7)) == []
    assert is_working_day(date(2025, 3, 27))
    assert is_working_day(date(2025, 4, 8))


def test_public_holidays_on_weekdays_are_not_working_days():
    assert not is_working_day(date(2023, 4, 7))  # Good Friday
    assert not is_working_day(date(2023, 8, 17))  # Independence Day, a Thursday


def test_working_days_counts_both_ends_and_leaves_out_every_day_off():
    assert len(working_days(date(2023, 1, 2), date(2023, 1, 31))) == 22 - 1  # 23 January
    # April 2023: 20 weekdays less Good Friday and the five Lebaran weekdays.
    assert len(working_days(date(2023, 4, 1), date(2023, 4, 30))) == 20 - 6
    assert working_days(date(2023, 1, 9), date(2023, 1, 9)) == [date(2023, 1, 9)]


def test_working_days_of_an_empty_range_is_empty():
    assert working_days(date(2023, 1, 10), date(2023, 1, 9)) == []


@given(st.dates(date(2019, 1, 1), date(2027, 12, 31)), st.integers(0, 60))
def test_working_days_are_exactly_the_working_days_in_order(start, length):
    end = start + timedelta(days=length)
    days = working_days(start, end)
    every = [start + timedelta(days=i) for i in range(length + 1)]
    assert days == [day for day in every if is_working_day(day)]
    assert all(day.weekday() < 5 for day in days)
