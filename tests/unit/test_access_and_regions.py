"""The one guard and the region subtree rule."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from blanko_tracker.domain.access import Action, Actor, Role, authorize
from blanko_tracker.domain.errors import NotPermitted, OutOfScope
from blanko_tracker.domain.regions import (
    Level,
    ancestors,
    is_code,
    level_of,
    local_date,
    named,
    parent_of,
    regency_of,
    within,
)


def actor(role: Role, region: str) -> Actor:
    return Actor(id=1, username="u", role=role, region=region)


def test_a_scope_covers_itself_and_everything_under_it_only():
    assert within("75", "75") and within("75", "75.05") and within("75", "75.05.01")
    assert not within("75", "7") and not within("75", "76.01") and not within("7", "75")
    assert within("00", "31.71")


def test_codes_have_levels_and_parents():
    assert [level_of(c) for c in ("00", "31", "31.71", "75.05.01")] == list(Level)
    assert parent_of("75.05.01") == "75.05" and parent_of("75") == "00" and parent_of("00") is None
    assert ancestors("75.05.01") == ["75.05.01", "75.05", "75", "00"]
    assert [regency_of(c) for c in ("00", "75", "75.05", "75.05.01")] == [
        None, None, "75.05", "75.05"]


@pytest.mark.parametrize("code", ["3171", "31.7", "abc", "", "31.71.01.1001", "0"])
def test_only_kemendagri_dotted_codes_are_accepted(code):
    assert not is_code(code)
    assert is_code("31.71") and is_code("75.05.01") and is_code("00")


def test_a_provincial_head_reads_but_never_writes_stock():
    head = actor(Role.PROVINCIAL_HEAD, "75")
    authorize(head, Action.READ, "75.05")
    with pytest.raises(NotPermitted):
        authorize(head, Action.ADJUST, "75.05")


def test_an_admin_holds_every_right_but_only_at_its_scope():
    admin = actor(Role.ADMIN, "31")
    for action in Action:
        authorize(admin, action, "31.71")
    with pytest.raises(OutOfScope):
        authorize(admin, Action.ADJUST, "75")


@pytest.mark.parametrize(
    ("role", "action"),
    [(Role.PRINT_OPERATOR, Action.ADJUST), (Role.WAREHOUSE_STAFF, Action.PROCURE),
     (Role.WAREHOUSE_STAFF, Action.APPROVE), (Role.MINISTRY_OFFICER, Action.PRINT),
     (Role.MINISTRY_OFFICER, Action.MANAGE_USERS), (Role.PRINT_OPERATOR, Action.SHIP)],
)
def test_roles_without_a_right_are_refused(role, action):
    with pytest.raises(NotPermitted):
        authorize(actor(role, "00"), action, "31")


def test_the_day_something_happened_is_the_regions_own_day():
    early_morning_wit = datetime(2023, 1, 9, 23, 30, tzinfo=UTC)  # 08:30 in Papua, 06:30 WIB
    assert local_date("91.01", early_morning_wit) == date(2023, 1, 10)
    assert local_date("75.05", early_morning_wit) == date(2023, 1, 10)
    assert local_date("31.71", datetime(2023, 1, 9, 16, 59, tzinfo=UTC)) == date(2023, 1, 9)
    assert local_date("31.71", datetime(2023, 1, 9, 17, 0, tzinfo=UTC)) == date(2023, 1, 10)


NAMES = {"32": "Jawa Barat", "32.04": "Kabupaten Bandung", "32.17": "Kabupaten Bandung Barat",
         "32.73": "Kota Bandung", "75": "Gorontalo", "75.01": "Kabupaten Gorontalo"}


def test_a_whole_name_picks_its_one_region_before_the_names_that_contain_it():
    assert named("gorontalo", NAMES) == ["75"]
    assert named("  KOTA   bandung ", NAMES) == ["32.73"]


def test_a_part_of_a_name_picks_every_region_it_is_in():
    assert named("bandung", NAMES) == ["32.04", "32.17", "32.73"]
    assert named("bandung barat", NAMES) == ["32.17"]


def test_nothing_or_blank_picks_no_region():
    assert named("atlantis", NAMES) == [] and named("   ", NAMES) == []
