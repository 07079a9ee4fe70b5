"""The public queue estimate (issue 22 item 5), on both databases: anyone may ask, without
signing in, when the N-th oldest waiting record of a regency is likely printed; later
positions are never earlier; a position past the queue or past what the coming blanks can
print gets no dates and the reason; the answer holds no personal data and may be cached."""

from __future__ import annotations

import pytest

from tests.builders import given_printing_history, problem

REGENCY = "75.05"  # Kabupaten Gorontalo Utara


@pytest.fixture
async def printing_regency(client) -> None:
    """1,000 records waiting at REGENCY, 600 blanks left to print them with."""
    await given_printing_history(REGENCY)


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
