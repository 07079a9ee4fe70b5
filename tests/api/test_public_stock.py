"""The public stock (issue 24 item 2), on both databases: anyone may read, without signing
in, each regency's blanks on hand, days of cover and print debt under a province or the
nation; the figures are those the signed-in per-regency reads give; a bad or unknown parent
is refused; the answer may be cached and holds no personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest

from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import RecordPrintRun, TakeDebtSnapshot
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.printing import record_print_run, take_debt_snapshot
from tests.builders import as_user, given_admin, given_stock, problem

REGENCY, SIBLING, FOREIGN = "75.05", "75.01", "31.71"
ITEM_KEYS = {"region", "name", "on_hand", "days_of_cover", "print_debt"}
PRIVATE = ("username", "note", "actor", "audit", "password", "token", "user", "email")


@pytest.fixture
async def announced(client) -> str:
    """75.05: 2,000 in stock after printing 50 a day for 10 days, 900 owed; 75.01: 300 in
    stock, printing nothing, no debt reported; 31.71: 70 in stock."""
    admin = await given_admin()
    today = local_date(REGENCY, utcnow())
    start = today - timedelta(days=12)
    await given_stock(REGENCY, 2_500)
    await take_debt_snapshot(REGENCY, TakeDebtSnapshot(date=start, pending=1_400), actor=admin)
    for back in range(10, 0, -1):
        await record_print_run(RecordPrintRun(region=REGENCY, date=today - timedelta(days=back),
                                              printed=50, note="operator's private note"),
                               actor=admin)
    await given_stock(SIBLING, 300)
    await given_stock(FOREIGN, 70)
    return admin.username


async def public_stock(client, parent):
    return await client.get("/api/v1/public/stock", params={"parent": parent})


async def test_anyone_reads_a_provinces_regencies_as_the_signed_in_reads_give_them(
        client, announced):
    answer = await public_stock(client, "75")
    headers = await as_user(client, Role.PROVINCIAL_HEAD, "75")

    assert answer.status_code == 200, answer.text
    assert "public" in answer.headers["cache-control"]
    body = answer.json()
    assert set(body) == {"as_of", "items"}
    assert body["as_of"] == local_date("75", utcnow()).isoformat()
    items = {item["region"]: item for item in body["items"]}
    assert REGENCY in items and SIBLING in items and FOREIGN not in items
    assert [item["region"] for item in body["items"]] == sorted(items)
    assert all(item["region"].startswith("75.") for item in body["items"])
    for code in (REGENCY, SIBLING):
        stock = (await client.get(f"/api/v1/stock/{code}", headers=headers)).json()
        debt = (await client.get(f"/api/v1/print-debt/{code}", headers=headers)).json()
        assert set(items[code]) == ITEM_KEYS
        assert items[code]["on_hand"] == stock["on_hand"]
        assert items[code]["print_debt"] == debt["pending"]
    assert items[REGENCY]["on_hand"] == 2_000 and items[REGENCY]["print_debt"] == 900
    assert items[REGENCY]["days_of_cover"] is not None and items[REGENCY]["days_of_cover"] > 0
    assert items[SIBLING] | {"name": ""} == {"region": SIBLING, "name": "", "on_hand": 300,
                                            "days_of_cover": None, "print_debt": 0}
    assert items[SIBLING]["name"]


async def test_the_nation_lists_every_regency_and_a_regency_itself_alone(client, announced):
    nation = (await public_stock(client, "00")).json()
    province = (await public_stock(client, "75")).json()
    itself = (await public_stock(client, REGENCY)).json()

    regions = [item["region"] for item in nation["items"]]
    assert FOREIGN in regions and REGENCY in regions
    assert all(code.count(".") == 1 for code in regions)  # regencies only, no province
    assert len(regions) > len(province["items"])
    in_province = [item for item in nation["items"] if item["region"].startswith("75.")]
    assert in_province == province["items"]
    assert [item["region"] for item in itself["items"]] == [REGENCY]
    assert itself["items"][0] == next(i for i in province["items"] if i["region"] == REGENCY)


async def test_the_public_answer_holds_nothing_private(client, announced):
    texts = [(await public_stock(client, parent)).text for parent in ("00", "75", REGENCY)]

    for text in texts:
        lowered = text.lower()
        assert not [word for word in PRIVATE if f'"{word}' in lowered], text[:300]
        assert "private note" not in lowered
        assert announced.lower() not in lowered  # who entered the figures


async def test_a_bad_or_unknown_parent_is_refused_and_not_cached(client, announced):
    bad = [await public_stock(client, text)
           for text in ("7", "75.5", "75.05.01.01", "abc", "75\n", "", "७५")]
    missing = await client.get("/api/v1/public/stock")
    unknown = await public_stock(client, "75.99")
    district = await public_stock(client, "75.05.01")

    for answer in [*bad, missing]:
        problem(answer, 400, "invalid_input")
    problem(unknown, 404, "not_found")
    assert problem(district, 400, "invalid_input")["errors"][0]["field"] == "parent"
    for answer in [*bad, unknown, district]:
        assert "public" not in answer.headers.get("cache-control", "")
