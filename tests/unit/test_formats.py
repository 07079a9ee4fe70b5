"""Numbers and dates as people write and type them, in Indonesian and English (Babel)."""

from __future__ import annotations

from datetime import date

import pytest

from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.formats import (
    long_date,
    month_year,
    number,
    parse_count,
    parse_number,
    percent,
)


def test_a_number_reads_with_each_languages_thousands_separator():
    assert number(83_000, "id") == "83.000"
    assert number(83_000, "en") == "83,000"


def test_a_fraction_keeps_as_many_decimals_as_asked_and_a_whole_number_none():
    assert number(12.5, "id") == "12,5" and number(12.5, "en") == "12.5"
    assert number(12.0, "id") == "12"
    assert number(0.994, "id", decimals=3) == "0,994"
    assert number(None, "id") == "–"


def test_a_rate_is_a_percentage_with_one_decimal():
    assert percent(0.987, "id") == "98,7%" and percent(0.987, "en") == "98.7%"
    assert percent(None, "en") == "–"


def test_a_date_is_day_month_name_year_in_each_language():
    assert long_date(date(2023, 2, 2), "id") == "2 Februari 2023"
    assert long_date(date(2023, 2, 2), "en") == "2 February 2023"
    assert long_date("2023-08-17", "id") == "17 Agustus 2023"
    assert long_date(None, "id") == "–"


def test_a_month_is_named_with_its_year():
    assert month_year(date(2023, 2, 1), "id") == "Februari 2023"
    assert month_year("2023-05", "en") == "May 2023"


@pytest.mark.parametrize("typed", ["1.000", "1000", " 1.000 "])
def test_a_thousand_typed_with_or_without_dots_is_a_thousand_in_indonesian(typed):
    assert parse_count(typed, "id", field="quantity") == 1000


@pytest.mark.parametrize("typed", ["1,000", "1000"])
def test_a_thousand_typed_with_or_without_commas_is_a_thousand_in_english(typed):
    assert parse_count(typed, "en", field="quantity") == 1000


@pytest.mark.parametrize(("typed", "rule"), [
    ("1,5", "whole_number"), ("1.2.3", "whole_number"), ("10.00", "whole_number"),
    ("1,0", "whole_number"), ("1e3", "whole_number"), ("NaN", "whole_number"),
    ("abc", "whole_number"), ("-1", "non_negative"), ("", "required"), ("  ", "required"),
])
def test_what_is_not_a_count_is_refused_in_indonesian_naming_the_field(typed, rule):
    with pytest.raises(InvalidInput) as refused:
        parse_count(typed, "id", field="printed")

    assert refused.value.field == "printed" and refused.value.rule == rule


def test_a_dotted_thousand_on_an_english_page_is_refused_rather_than_read_as_one():
    with pytest.raises(InvalidInput) as refused:
        parse_count("1.000", "en", field="quantity")

    assert refused.value.rule == "whole_number"


def test_a_fraction_is_typed_with_each_languages_decimal_mark():
    assert parse_number("0,994", "id", field="spoilage_rate") == 0.994
    assert parse_number("0.994", "en", field="spoilage_rate") == 0.994
    assert parse_number("1.250,5", "id", field="daily_capacity") == 1250.5


@pytest.mark.parametrize("typed", ["0.5", "1.2.3", "abc", "NaN", "Infinity"])
def test_what_is_not_a_number_in_indonesian_is_refused(typed):
    with pytest.raises(InvalidInput) as refused:
        parse_number(typed, "id", field="spoilage_rate")

    assert refused.value.field == "spoilage_rate" and refused.value.rule == "number"
