"""The public stock on a phone (issue 24 item 2): a resident with no account opens /publik
at 360 px, finds their regency by name, and asks when their queue number is likely printed;
the answer is in Bahasa Indonesia, the page fits the phone, nothing leaves the server, and a
signed-in officer opening the same page sees no menu of theirs."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import PHONE, UI

pytestmark = [pytest.mark.browser]

REGENCY = "75.05"  # Kabupaten Gorontalo Utara, in the demo data
ANSWER = re.compile(r"kemungkinan dicetak antara .+ dan .+ \(paling mungkin .+\)"
                    r"|hanya .+ rekaman yang menunggu|belum cukup untuk mencetak")


def test_a_resident_finds_their_regency_and_asks_the_queue_on_a_phone(ui: UI):
    ui.page.set_viewport_size(PHONE)
    ui.goto("/publik")
    assert ui.page.locator("html").get_attribute("lang") == "id"
    assert ui.page.locator("#public-provinces tbody tr").count() > 0
    ui.snap("public-nation")

    ui.page.set_viewport_size(PHONE)
    ui.page.get_by_label("Cari kabupaten/kota atau provinsi Anda").fill("Gorontalo Utara")
    with ui.page.expect_navigation():
        ui.page.locator("#public-find button[type=submit]").click()
    assert ui.path() == f"/publik/{REGENCY}"
    assert ui.figure("on_hand") >= 0 and ui.figure("print_debt") >= 0

    ui.page.get_by_label("Nomor antrean Anda").fill("25")
    with ui.page.expect_navigation():
        ui.page.locator("#queue-form button[type=submit]").click()
    assert ui.path().startswith(f"/publik/{REGENCY}?position=25")
    answer = ui.page.locator("#queue-answer")
    assert answer.is_visible()
    assert ANSWER.search(answer.inner_text()), answer.inner_text()
    assert ui.page.locator("form[action='/logout']").count() == 0
    ui.snap("public-regency-queue")


def test_a_signed_in_officer_sees_the_public_page_as_anyone(ui: UI):
    ui.sign_in("operator.gorut")
    ui.page.set_viewport_size(PHONE)
    ui.goto(f"/publik/{REGENCY}")

    assert ui.page.locator("form[action='/logout']").count() == 0
    assert "operator.gorut" not in ui.page.content()
    assert ui.page.locator("a[href='/login']").count() == 1
