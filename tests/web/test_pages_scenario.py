"""The what-if page: the region's forecast redrawn with changed inputs; it writes nothing."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from blanko_tracker.db.tables import AuditEntry, Shipment
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import TakeDebtSnapshot
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.printing import take_debt_snapshot
from tests.builders import given_admin, given_stock, given_user
from tests.web.pages import signed_in

SCENARIO = "/regions/75.05/scenario"


async def given_debt(pending: int = 3_000, on_hand: int = 1_000) -> None:
    admin = await given_admin()
    yesterday = local_date("75.05", utcnow()) - timedelta(days=1)
    await take_debt_snapshot("75.05", TakeDebtSnapshot(date=yesterday, pending=pending),
                             actor=admin)
    await given_stock("75.05", on_hand)


def chart_of(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="forecast-data">(.*?)</script>',
                      html, re.S)
    assert found, "no chart data on the page"
    return json.loads(found.group(1))


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert found, f"no {name} figure"
    return found.group(1)


async def test_a_head_runs_a_scenario_and_sees_the_chart_redrawn(client):
    await given_debt()
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "75"))
    writes = await AuditEntry.count()

    plain = await client.get(SCENARIO)
    extra_day = (local_date("75.05", utcnow()) + timedelta(days=10)).isoformat()
    what_if = await client.get(SCENARIO, params={
        "daily_capacity": "200", "daily_inflow": "0", "spoilage_rate": "0",
        "extra_date": extra_day, "extra_quantity": "2000"})

    assert plain.status_code == 200 and '<html lang="id">' in plain.text
    assert what_if.status_code == 200, what_if.text
    for name in ("daily_capacity", "daily_inflow", "spoilage_rate", "extra_date",
                 "extra_quantity", "ignore_planned"):
        assert f'name="{name}"' in what_if.text
    assert figure(what_if.text, "shortfall") == "0"
    assert figure(what_if.text, "repaid_p50") != "Belum lunas dalam horizon"
    chart = chart_of(what_if.text)
    assert {"date": extra_day, "quantity": 2000} in chart["deliveries"]
    assert chart["p50"][-1] == 0 and chart_of(plain.text)["deliveries"] == []
    assert 'value="2000"' in what_if.text  # the form keeps what was asked
    assert await AuditEntry.count() == writes and await Shipment.count() == 0


async def test_without_the_extra_blanks_the_shortfall_shows(client):
    await given_debt()
    await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))
    answer = await client.get(SCENARIO, params={"daily_capacity": "500", "daily_inflow": "0",
                                                "spoilage_rate": "0"})
    assert answer.status_code == 200 and figure(answer.text, "shortfall") == "2.000"


async def test_bad_scenario_input_is_shown_with_what_was_typed(client):
    await given_debt()
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "75"))

    too_spoiled = await client.get(SCENARIO, params={"spoilage_rate": "1.5"})
    half_extra = await client.get(SCENARIO, params={"extra_quantity": "300"})

    assert too_spoiled.status_code == 400 and 'class="problem"' in too_spoiled.text
    assert re.search(r'id="f-spoilage_rate"[^>]*value="1.5"[^>]*aria-invalid="true"',
                     too_spoiled.text)
    assert half_extra.status_code == 400 and 'value="300"' in half_extra.text
    assert re.search(r'id="f-extra_date"[^>]*aria-invalid="true"', half_extra.text)


async def test_roles_and_regions_outside_scenarios_get_a_403_page(client):
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "75"))
    outside = await client.get("/regions/31/scenario")
    assert outside.status_code == 403 and "Di luar wilayah Anda" in outside.text

    await signed_in(client, await given_user(Role.PRINT_OPERATOR, "75.05"))
    operator = await client.get(SCENARIO)
    assert operator.status_code == 403 and "Peran Anda tidak berhak" in operator.text
