"""The suket register over HTTP, on both databases: a regency's print operator records the
suket of a day; redemptions and renewals take the oldest first; too many redeemed is 422 and
writes nothing; a province reads the sums of its regencies; the alerts name suket issued
while blanks were on hand and suket about to expire."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx

from blanko_tracker.api.app import create_app
from blanko_tracker.client import BlankoClient
from blanko_tracker.db import stock
from blanko_tracker.db.tables import AuditEntry, SuketEntry
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.ledger import Movement, MovementKind
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import RecordSuket
from blanko_tracker.services.common import utcnow
from tests.builders import PASSWORD, as_user, given_user, problem

REGENCY, SIBLING = "75.05", "75.01"  # Gorontalo Utara, Boalemo
TODAY = local_date(REGENCY, utcnow())


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


async def record(client, headers, code=REGENCY, **body):
    return await client.post(f"/api/v1/suket/{code}", headers=headers, json=body)


async def register(client, headers, code=REGENCY, on: str | None = None) -> dict:
    answer = await client.get(f"/api/v1/suket/{code}", headers=headers,
                              params={"date": on} if on else None)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_an_operator_records_suket_and_redemptions_take_the_oldest_first(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)

    first = await record(client, operator, date=ago(200), issued=10)
    second = await record(client, operator, date=ago(20), issued=6)
    redeemed = await record(client, operator, date=ago(1), redeemed=12)
    today = await register(client, operator)

    assert first.status_code == 201, first.text
    assert first.json() | {"id": 0} == {"id": 0, "region": REGENCY, "date": ago(200),
                                        "issued": 10, "redeemed": 0, "renewed": 0,
                                        "outstanding": 10}
    assert second.json()["outstanding"] == 16
    assert redeemed.status_code == 201 and redeemed.json()["outstanding"] == 4
    # the ten of 200 days ago (expired by now) went first, then two of the six
    assert today == {"region": REGENCY, "as_of": TODAY.isoformat(), "outstanding": 4,
                     "valid": 4, "expired": 0, "expiring_30d": 0, "issued_30d": 6,
                     "redeemed_30d": 12}
    audited = await AuditEntry.select(AuditEntry.action, AuditEntry.detail).where(
        AuditEntry.action == "record_suket").order_by(AuditEntry.id)
    assert len(audited) == 3


async def test_a_renewal_keeps_the_oldest_suket_valid_six_months_more(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    await record(client, operator, date=ago(300), issued=5)
    before = await register(client, operator)

    renewed = await record(client, operator, date=ago(10), renewed=3)
    after = await register(client, operator)
    on_renewal_day = await register(client, operator, on=ago(10))

    assert renewed.status_code == 201, renewed.text
    assert (before["valid"], before["expired"]) == (0, 5)
    assert (after["outstanding"], after["valid"], after["expired"]) == (5, 3, 2)
    assert on_renewal_day["valid"] == 3
    assert after["expiring_30d"] == 0


async def test_expiry_across_a_renewal_is_six_months_from_the_renewal(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    issued_on = TODAY - timedelta(days=400)
    await record(client, operator, date=issued_on.isoformat(), issued=4)
    renewed_on = TODAY - timedelta(days=170)
    await record(client, operator, date=renewed_on.isoformat(), renewed=4)

    now = await register(client, operator)

    # renewed 170 days ago: valid through 6 calendar months on (181–184 days), so it
    # expires within the coming 30 days
    assert (now["valid"], now["expired"], now["expiring_30d"]) == (4, 0, 4)


async def test_redeeming_more_than_are_outstanding_is_refused_and_writes_nothing(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    await record(client, operator, date=ago(10), issued=5)
    await record(client, operator, date=ago(2), redeemed=4)
    rows_before = await SuketEntry.count()

    too_many = await record(client, operator, date=ago(1), redeemed=2)
    renew_too_many = await record(client, operator, date=ago(1), renewed=6)
    # back-dated: leaves the redemption of 2 days ago short (1 left on that day, 4 asked)
    back_dated = await record(client, operator, date=ago(5), redeemed=4)

    body = problem(too_many, 422, "suket_over_outstanding")
    assert (body["asked"], body["outstanding"], body["what"]) == (2, 1, "redeemed")
    problem(renew_too_many, 422, "suket_over_outstanding")
    late = problem(back_dated, 422, "suket_over_outstanding")
    assert late["day"] == ago(2)
    assert await SuketEntry.count() == rows_before == 2
    assert await AuditEntry.count().where(AuditEntry.action == "record_suket") == 2


async def test_bad_suket_input_is_400_with_field_errors_and_writes_nothing(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")

    negative = await record(client, operator, date=ago(1), issued=-1)
    wrong_type = await record(client, operator, date=ago(1), issued="ten")
    nothing = await record(client, operator, date=ago(1), issued=0, redeemed=0)
    no_date = await record(client, operator, issued=3)
    future = await record(client, operator, date=(TODAY + timedelta(days=2)).isoformat(),
                          issued=3)
    huge = await record(client, operator, date=ago(1), issued=10**9)
    at_a_province = await record(client, await as_user(client, Role.ADMIN, "00"), code="75",
                                 date=ago(1), issued=3)
    elsewhere = await record(client, operator, code="31.71", date=ago(1), issued=3)
    by_a_head = await record(client, head, date=ago(1), issued=3)

    assert problem(negative, 400, "invalid_input")["errors"][0]["field"] == "issued"
    assert problem(wrong_type, 400, "invalid_input")["errors"][0]["field"] == "issued"
    assert problem(nothing, 400, "invalid_input")["errors"][0]["field"] == "issued"
    assert problem(no_date, 400, "invalid_input")["errors"][0]["field"] == "date"
    assert problem(future, 400, "invalid_input")["errors"][0]["field"] == "date"
    problem(huge, 400, "invalid_input")
    assert problem(at_a_province, 400, "invalid_input")["errors"][0]["field"] == "region"
    problem(elsewhere, 403, "out_of_scope")
    problem(by_a_head, 403, "not_permitted")
    assert await SuketEntry.count() == 0


async def test_a_province_reads_the_sums_of_its_regencies(client):
    admin = await as_user(client, Role.ADMIN, "00")
    await record(client, admin, date=ago(3), issued=7)
    await record(client, admin, code=SIBLING, date=ago(250), issued=5)
    await record(client, admin, code="31.71", date=ago(3), issued=100)
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")

    province = await register(client, head, code="75")
    nation = await register(client, admin, code="00")
    foreign = await client.get("/api/v1/suket/31.71", headers=head)
    unknown = await client.get("/api/v1/suket/75.99", headers=head)

    assert {k: province[k] for k in ("region", "outstanding", "valid", "expired",
                                     "issued_30d")} == {
        "region": "75", "outstanding": 12, "valid": 7, "expired": 5, "issued_30d": 7}
    assert nation["outstanding"] == 112
    problem(foreign, 403, "out_of_scope")
    problem(unknown, 404, "not_found")


async def test_reading_the_register_needs_a_token(client):
    answer = await client.get(f"/api/v1/suket/{REGENCY}")
    written = await client.post(f"/api/v1/suket/{REGENCY}", json={"date": ago(1), "issued": 1})

    assert answer.status_code == 401 and written.status_code == 401
    assert await SuketEntry.count() == 0


async def test_alerts_name_suket_issued_while_blanks_were_on_hand_and_suket_expiring(client):
    admin = await as_user(client, Role.ADMIN, "00")
    # 300 blanks on hand from 5 days ago; suket issued 3 days ago anyway, and 10 days ago
    # (when there were none: no alert for that day)
    await stock.post(Movement(REGENCY, MovementKind.ADJUSTMENT, 300, TODAY - timedelta(days=5),
                              "test"), actor="test", reason="count_correction")
    await record(client, admin, date=ago(10), issued=4)
    await record(client, admin, date=ago(3), issued=6)
    # and in the sibling, suket issued 170 days ago: they expire within 30 days
    await record(client, admin, code=SIBLING, date=ago(170), issued=9)

    answer = await client.get("/api/v1/alerts", headers=admin, params={"region": "75"})

    assert answer.status_code == 200, answer.text
    suket = sorted((a for a in answer.json()["items"] if a["kind"].startswith("suket")),
                   key=lambda a: a["kind"])
    assert [(a["region"], a["kind"]) for a in suket] == [
        (SIBLING, "suket_expiring"), (REGENCY, "suket_while_in_stock")]
    assert "9 suket" in suket[0]["detail"]
    assert "6 suket" in suket[1]["detail"] and ago(3) in suket[1]["detail"]


def upload(text: str) -> dict:
    return {"file": ("suket.csv", text.encode(), "text/csv")}


async def test_an_import_of_suket_days_is_all_or_nothing(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    good = (f"region,date,issued,redeemed,renewed\n"
            f"{REGENCY},{ago(40)},12,0,0\n"
            f"{REGENCY},{ago(20)},0,5,0\n"
            f"{REGENCY},{ago(19)},0,0,0\n"  # a day of nothing adds nothing
            f"{REGENCY},{ago(2)},3,0,4\n")
    bad = (f"region,date,issued,redeemed,renewed\n"
           f"{REGENCY},{ago(1)},2,x,0\n"
           f"31.71,{ago(1)},1,0,0\n"
           f"{REGENCY},{ago(1)},,0,0\n")
    short = (f"region,date,issued,redeemed,renewed\n"
             f"{REGENCY},{ago(1)},0,0,0\n"
             f"{REGENCY},{ago(1)},0,100,0\n")

    imported = await client.post("/api/v1/imports/suket", headers=operator,
                                 files=upload(good))
    register_now = await register(client, operator)
    refused = await client.post("/api/v1/imports/suket", headers=operator, files=upload(bad))
    too_many = await client.post("/api/v1/imports/suket", headers=operator,
                                 files=upload(short))

    assert imported.status_code == 200, imported.text
    assert imported.json()["rows"] == 4
    assert (register_now["outstanding"], register_now["issued_30d"],
            register_now["redeemed_30d"]) == (10, 3, 5)
    errors = problem(refused, 422, "invalid_rows")["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (2, "redeemed"), (3, "region"), (4, "issued")]
    short_errors = problem(too_many, 422, "invalid_rows")["errors"]
    assert [(e["row"], e["column"]) for e in short_errors] == [(3, "redeemed")]
    assert await SuketEntry.count() == 3
    assert await AuditEntry.count().where(AuditEntry.action == "import_suket") == 1


async def test_a_script_records_suket_once_however_often_it_retries(database):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    app = create_app(database.settings(), engine=database.engine)
    async with BlankoClient("http://testserver",
                            transport=httpx.ASGITransport(app=app)) as blanko:
        await blanko.sign_in(operator.username, PASSWORD)
        cmd = RecordSuket(date=TODAY - timedelta(days=1), issued=8)
        first = await blanko.record_suket(REGENCY, cmd, idempotency_key="suket-1")
        again = await blanko.record_suket(REGENCY, cmd, idempotency_key="suket-1")
        now = await blanko.suket(REGENCY)

    assert first == again and first.outstanding == 8
    assert now.outstanding == 8 and await SuketEntry.count() == 1


async def test_racing_redemptions_never_take_more_than_are_outstanding(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    await record(client, operator, date=ago(3), issued=10)

    answers = await asyncio.gather(*[
        record(client, operator, date=ago(1), redeemed=3) for _ in range(8)])

    codes = [(a.status_code, a.json().get("code")) for a in answers]
    assert codes.count((201, None)) == 3
    assert codes.count((422, "suket_over_outstanding")) == 5
    assert (await register(client, operator))["outstanding"] == 1
