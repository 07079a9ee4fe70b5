"""Bad input a fuzzer or an attacker sends gets a precise 400 and changes nothing: lists in
bodies are bounded, JSON nested past reason is refused (not a 500 with a traceback), and
patterns match whole values of ASCII digits only."""

from __future__ import annotations

import logging

import pytest

from blanko_tracker.domain.access import Role
from tests.builders import as_user, given_admin, given_user, problem, sign_in
from tests.web.pages import signed_in


async def test_a_scenario_takes_at_most_one_extra_shipment_a_day(client):
    headers = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    extra = [{"date": "2026-01-01", "quantity": 1}] * 731

    answer = await client.post("/api/v1/forecast/75.05/scenario", headers=headers,
                               json={"horizon_days": 30, "extra_shipments": extra})

    body = problem(answer, 400, "invalid_input")
    assert any(error["field"] == "extra_shipments" for error in body["errors"]), body


@pytest.mark.parametrize("body", [b"[" * 50_000, b'{"a":' * 10_000, b'{"printed":' * 5_000])
async def test_json_nested_past_reason_is_a_400_not_a_failure(client, body, caplog):
    headers = await sign_in(client, await given_admin())
    caplog.set_level(logging.ERROR, logger="blanko_tracker")
    for path, sent in (("/api/v1/print-runs", headers), ("/api/v1/auth/token", {})):
        answer = await client.post(path, content=body, headers={
            **sent, "content-type": "application/json"})
        refused = problem(answer, 400, "invalid_input")
        assert refused["errors"][0]["field"] == "body"
    assert "unexpected failure" not in caplog.text


@pytest.mark.parametrize("month", ["20２６-11", "2026-11\n", "2026-1", "２０２６-11"])
async def test_a_month_is_four_ascii_digits_a_dash_and_two(client, month):
    headers = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    answer = await client.get("/api/v1/reports/monthly/75", headers=headers,
                              params={"month": month, "format": "xlsx"})
    problem(answer, 400, "invalid_input")
    assert "content-disposition" not in answer.headers


@pytest.mark.parametrize("code", ["３１", "31\n", "31.7１", "31.71\n"])
async def test_a_region_code_is_ascii_digits_and_dots_only(client, code):
    headers = await as_user(client, Role.MINISTRY_OFFICER, "00")
    problem(await client.get("/api/v1/stock", params={"parent": code}, headers=headers),
            400, "invalid_input")
    problem(await client.post("/api/v1/requests", headers=headers,
                              json={"region": code, "quantity": 5}), 400, "invalid_input")


async def test_a_username_with_a_trailing_newline_is_refused(client):
    headers = await sign_in(client, await given_admin())
    answer = await client.post("/api/v1/users", headers=headers, json={
        "username": "budi.santoso\n", "password": "long-enough-pw-1",
        "role": "warehouse_staff", "region": "31"})
    problem(answer, 400, "invalid_input")


async def test_the_reports_page_refuses_a_month_in_other_digits(client):
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "75"))
    answer = await client.get("/reports", params={"region": "75", "month": "20２６-11"})
    assert answer.status_code == 400
    assert 'id="report"' not in answer.text
