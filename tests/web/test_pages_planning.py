"""Installment planning on the page: the split as a table, committed with one click (all or
none), and only by roles that may ship."""

from __future__ import annotations

import re
from datetime import timedelta

from blanko_tracker.db.tables import Shipment
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import TakeDebtSnapshot
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.printing import take_debt_snapshot
from tests.builders import given_admin, given_stock, given_user
from tests.web.pages import signed_in

PLAN = "/planning?quantity=2000&parent=75&policy=proportional"


async def given_debt_in_gorontalo() -> None:
    """3,000 owed in 75.05 and 1,000 in 75.01: 2,000 blanks split 1,500 / 500, out of the
    national warehouse's 10,000 (a plan never commits more than its source holds)."""
    admin = await given_admin()
    await given_stock("00", 10_000)
    yesterday = local_date("75", utcnow()) - timedelta(days=1)
    for code, pending in [("75.05", 3_000), ("75.01", 1_000)]:
        await take_debt_snapshot(code, TakeDebtSnapshot(date=yesterday, pending=pending),
                                 actor=admin)


def commit_form(token: str, **changes: str) -> dict[str, str]:
    return {"csrf_token": token, "quantity": "2000", "parent": "75",
            "policy": "proportional", "item_75.05": "1500", "item_75.01": "500",
            "expected_on": "2026-12-15", "installment": "3", **changes}


async def test_the_ministry_plans_a_tranche_and_commits_it_in_one_click(client):
    await given_debt_in_gorontalo()
    token = await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))

    empty = await client.get("/planning")
    plan = await client.get(PLAN)
    assert empty.status_code == 200 and '<html lang="id">' in empty.text
    assert plan.status_code == 200 and 'id="split"' in plan.text
    assert 'data-figure="allocated">2.000<' in plan.text
    assert "<strong>1.500</strong>" in plan.text and "<strong>500</strong>" in plan.text
    assert 'name="item_75.05" value="1500"' in plan.text
    assert await Shipment.count() == 0  # planning writes nothing

    committed = await client.post("/planning/commit", data=commit_form(token))

    assert committed.status_code == 303
    assert committed.headers["location"] == "/shipments?status=planned&committed=2"
    rows = await Shipment.select().order_by(Shipment.destination)
    assert [(r["source"], r["destination"], r["quantity"], r["status"], r["installment"])
            for r in rows] == [("00", "75.01", 500, "planned", 3),
                               ("00", "75.05", 1500, "planned", 3)]
    listing = await client.get(committed.headers["location"])
    assert "Rencana ditetapkan" in listing.text


async def test_a_refused_line_refuses_the_whole_plan_and_keeps_the_typing(client):
    await given_debt_in_gorontalo()
    token = await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))

    refused = await client.post("/planning/commit",
                                data=commit_form(token, **{"item_75.05.01": "10"}))
    undated = await client.post("/planning/commit", data=commit_form(token, expected_on=""))

    assert refused.status_code in (400, 404, 422), refused.text
    assert 'class="problem"' in refused.text and 'id="split"' in refused.text
    assert 'value="3"' in refused.text and 'value="2026-12-15"' in refused.text
    assert undated.status_code == 400 and "expected_on" in undated.text
    assert await Shipment.count() == 0


async def test_a_head_plans_for_its_province_but_may_not_commit(client):
    await given_debt_in_gorontalo()
    token = await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "75"))

    plan = await client.get(PLAN)
    other = await client.get("/planning?quantity=2000&parent=31")
    committed = await client.post("/planning/commit", data=commit_form(token))

    assert plan.status_code == 200 and 'id="split"' in plan.text
    assert "/planning/commit" not in plan.text
    assert other.status_code == 403 and "Di luar wilayah Anda" in other.text
    assert committed.status_code == 403 and await Shipment.count() == 0


async def test_roles_without_scenarios_get_a_403_page(client):
    await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "75"))
    answer = await client.get(PLAN)
    assert answer.status_code == 403 and "Peran Anda tidak berhak" in answer.text


async def test_a_commit_without_the_csrf_token_writes_nothing(client):
    await given_debt_in_gorontalo()
    await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))
    answer = await client.post("/planning/commit", data=commit_form("forged"))
    assert answer.status_code == 403 and await Shipment.count() == 0


async def test_the_split_is_asked_under_a_province_typed_by_its_name(client):
    """"Gorontalo" is the province's whole name, so it is the province, not the three
    regencies whose names contain it."""
    await given_debt_in_gorontalo()
    await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))

    plan = await client.get("/planning", params={"quantity": "2.000", "parent": "gorontalo"})

    assert plan.status_code == 200, plan.text
    assert 'name="item_75.05" value="1500"' in plan.text
    assert 'name="item_75.01" value="500"' in plan.text


async def test_each_line_says_when_it_is_repaid_with_its_share_or_why_not(client):
    """With no blanks the debt is never repaid, and the table says why; a share that covers
    the debt gives a date, searched beyond the plan's horizon if need be."""
    await given_debt_in_gorontalo()
    await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))

    plan = await client.get("/planning", params={"quantity": "10.000", "parent": "75"})

    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", plan.text)
    assert len(rows) == 2
    for row in rows:
        before, after = re.findall(r"<td>(.*?)</td>", row)[-2:]
        assert "Tidak akan lunas pada laju ini" in before
        assert "blanko habis dan tidak ada kiriman yang cukup" in before
        assert re.fullmatch(r"[0-9]{1,2} [A-Z][a-z]+ 20[0-9]{2}", after), after
    assert "Belum lunas dalam horizon" not in plan.text
