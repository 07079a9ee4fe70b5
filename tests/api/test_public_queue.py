"""The public queue estimate (issue 22 item 5), on both databases: anyone may ask, without
signing in, when the N-th oldest waiting record of a regency is likely printed; later
positions are never earlier; a position past the queue or past what the coming blanks can
print gets no dates and the reason; the answer holds no personal data and may be cached."""

from __future__ import annotations

from datetime import timedelta

import pytest

from blanko_tracker.domain.ledger import AdjustmentReason
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import AdjustStock, RecordPrintRun, TakeDebtSnapshot
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.printing import record_print_run, take_debt_snapshot
from blanko_tracker.services.stock import adjust_stock
from tests.builders import given_admin, problem

REGENCY = "75.05"  # Kabupaten Gorontalo Utara


@pytest.fixture
async def printing_regency(client) -> None:
    """3,000 owed 21 days ago, ~100 printed on each day since: 1,000 still waiting, 600
    blanks left to print them with."""
    admin = await given_admin()
    today = local_date(REGENCY, utcnow())
    start = today - timedelta(days=21)
    await adjust_stock(AdjustStock(region=REGENCY, quantity=2_600, on=start,
                                   reason=AdjustmentReason.COUNT_CORRECTION, note="opening"),
                       actor=admin)
    await take_debt_snapshot(REGENCY, TakeDebtSnapshot(date=start, pending=3_000), actor=admin)
    for back in range(20, 0, -1):
        await record_print_run(RecordPrintRun(region=REGENCY, date=today - timedelta(days=back),
                                              printed=100), actor=admin)


async def estimate(client, position, code=REGENCY):
    return await client.get(f"/api/v1/public/queue/{code}", params={"position": position})


async def test_anyone_may_ask_and_a_later_place_is_never_printed_earlier(client,
                                                                         printing_regency):
    answers = [await estimate(client, n) for n in (1, 100, 300, 500)]

    for answer in answers:
        assert answer.status_code == 200, answer.text
        assert "public" in answer.headers["cache-control"]
        assert "max-age=300" in answer.headers["cache-control"]
        body = answer.json()
        assert set(body) == {"region", "as_of", "position", "waiting", "printed_on", "reason"}
        assert body["waiting"] == 1_000 and body["reason"] is None
        dates = body["printed_on"]
        assert None not in dates.values(), body
        assert dates["p10"] <= dates["p50"] <= dates["p90"]
    p50 = [answer.json()["printed_on"]["p50"] for answer in answers]
    assert p50 == sorted(p50) and p50[0] < p50[-1]
    assert answers[0].json()["as_of"] < p50[0]


async def test_a_place_past_the_coming_blanks_or_past_the_queue_gets_no_date(
        client, printing_regency):
    short = (await estimate(client, 800)).json()
    past = (await estimate(client, 1_500)).json()

    assert short["reason"] == "not_enough_blanks"
    assert past["reason"] == "beyond_queue"
    for body in (short, past):
        assert body["printed_on"] == {"p10": None, "p50": None, "p90": None}


async def test_bad_questions_get_precise_refusals(client, printing_regency):
    problem(await estimate(client, 0), 400, "invalid_input")
    problem(await estimate(client, "sepuluh"), 400, "invalid_input")
    problem(await client.get(f"/api/v1/public/queue/{REGENCY}"), 400, "invalid_input")
    problem(await estimate(client, 1, code="75"), 400, "invalid_input")  # a province
    problem(await estimate(client, 1, code="75.99"), 404, "not_found")
    refused = await estimate(client, 1, code="75.99")
    assert "public" not in refused.headers.get("cache-control", "")
