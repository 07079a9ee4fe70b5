"""Issue 20, item 3: a refused form must not show the region it names.

A print operator of 31.71 posting to 75.05's print-run or recordings form — a bad form or a
good one — used to get 75.05's form back, with its stock, last print runs and print debt.
Every page POST now authorizes before it reads the form, and a refusal is the generic error
page: nothing of the region but its code in the sentence that refuses.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from blanko_tracker.db import regions
from blanko_tracker.domain.access import Role
from blanko_tracker.schemas import RecordPrintRun, RecordRecordings
from blanko_tracker.services.printing import record_print_run, record_recordings
from tests.builders import given_stock, given_user
from tests.web.pages import signed_in

VICTIM, ATTACKER_HOME = "75.05", "31.71"
ON_HAND, PRINTED, OWED = 48_173, 2_741, 6_389  # figures no other page element carries
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()  # never in the future anywhere


@pytest.fixture
async def foreign_figures(client) -> list[str]:
    """75.05 with a distinctive stock, last print run and print debt; what they look like."""
    yesterday = date.fromisoformat(YESTERDAY)
    operator = await given_user(Role.PRINT_OPERATOR, VICTIM)
    await given_stock(VICTIM, ON_HAND + PRINTED)
    await record_recordings(VICTIM, RecordRecordings(date=yesterday, count=OWED + PRINTED),
                            actor=operator)
    await record_print_run(RecordPrintRun(region=VICTIM, date=yesterday, printed=PRINTED),
                           actor=operator)
    shown = [f"{n:,}".replace(",", sep) for n in (ON_HAND, PRINTED, OWED) for sep in ".,"]
    return [*shown, (await regions.known(VICTIM)).name]


@pytest.mark.parametrize(("path", "form"), [
    ("print-runs/new", {"date": "kemarin", "printed": "-1"}),  # a bad form
    ("print-runs/new", {"date": YESTERDAY, "printed": "1"}),  # a good one
    ("recordings/new", {"count": "banyak"}),
    ("recordings/new", {"date": YESTERDAY, "count": "1", "kind": "new"}),
])
async def test_a_refused_form_shows_nothing_of_the_foreign_region(client, foreign_figures,
                                                                  path, form):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, ATTACKER_HOME))

    answer = await client.post(f"/regions/{VICTIM}/{path}",
                               data={"csrf_token": token, **form})

    assert answer.status_code == 403
    assert "Di luar wilayah Anda" in answer.text
    assert [shown for shown in foreign_figures if shown in answer.text] == []
    assert "<form" not in answer.text  # the generic error page, not the form


async def test_a_refused_form_without_its_token_shows_nothing_either(client, foreign_figures):
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "75"))

    answer = await client.post(f"/regions/{VICTIM}/print-runs/new", data={"printed": "1"})

    assert answer.status_code == 403
    assert [shown for shown in foreign_figures if shown in answer.text] == []
