"""Entry that cannot go wrong, in a real browser (Debian's Chromium), at phone and desktop
size: "1.000" typed the Indonesian way records a thousand cards, shown back as 1.000; the
operator undoes the run from its page with a reason; a refusal reads in Bahasa Indonesia.

Run: .venv/bin/pytest tests/web/test_browser_entry.py -q -m browser
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from blanko_tracker.domain.regions import local_date
from tests.web.conftest import DESKTOP, PHONE, UI

pytestmark = [pytest.mark.browser]

OPERATOR, REGENCY = "operator.jakpus", "31.71"  # Kota Administrasi Jakarta Pusat
FORM = f"form[action='/regions/{REGENCY}/print-runs/new']"


def api_on_hand(ui: UI) -> int:
    answer = ui.served.api("GET", f"/api/v1/stock/{REGENCY}", ui.served.api_token("admin"))
    assert answer.status_code == 200, answer.text
    return answer.json()["on_hand"]


def top_up(ui: UI, quantity: int) -> None:
    """Enough blanks for the test whatever the earlier tests used (an admin's count)."""
    answer = ui.served.api("POST", "/api/v1/adjustments", ui.served.api_token("admin"), json={
        "region": REGENCY, "quantity": quantity, "reason": "found", "note": "browser test"})
    assert answer.status_code == 201, answer.text


def submit(ui: UI, form: str) -> None:
    with ui.page.expect_navigation():
        ui.page.locator(form).locator("button[type=submit]").click()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_thousand_typed_as_1_000_is_recorded_and_undone_from_its_page(ui: UI, size: str):
    ui.page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    top_up(ui, 1_000)
    ui.sign_in(OPERATOR)
    ui.goto(f"/regions/{REGENCY}/print-runs/new")
    before = api_on_hand(ui)
    assert ui.figure("on_hand") == before
    printed = ui.page.get_by_label(re.compile("^Dicetak"))
    assert printed.get_attribute("type") == "text"
    assert printed.get_attribute("inputmode") == "numeric"
    ui.page.get_by_label("Tanggal").fill(local_date(REGENCY, datetime.now(UTC)).isoformat())
    printed.fill("1.000")
    ui.page.get_by_label(re.compile("^Rusak")).fill("0")
    submit(ui, FORM)

    assert ui.path().startswith(f"/regions/{REGENCY}/print-runs/new?saved=")
    assert "Dicetak 1.000, rusak 0." in ui.page.get_by_role("status").first.inner_text()
    assert api_on_hand(ui) == before - 1_000  # a thousand, not one
    assert ui.figure("on_hand") == before - 1_000
    assert ui.page.locator("#print-runs td.num", has_text="1.000").first.is_visible()
    ui.snap("print-run-1000-saved")

    with ui.page.expect_navigation():
        ui.page.locator("#print-runs a[data-undo]").first.click()
    assert re.fullmatch(rf"/regions/{re.escape(REGENCY)}/print-runs/\d+/undo", ui.path())
    assert "1.000" in ui.page.locator("#undo-what").inner_text()
    ui.snap("print-run-undo-form")
    ui.page.get_by_label("Alasan pembatalan").fill("salah ketik jumlah")
    submit(ui, "form.entry")
    assert ui.path() == f"/regions/{REGENCY}/print-runs/new?undone=" + ui.path().split("=")[-1]
    assert api_on_hand(ui) == before
    assert ui.page.locator("#print-runs", has_text="Dibatalkan").is_visible()
    ui.snap("print-run-undone")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_refusal_reads_in_indonesian_with_formatted_numbers(ui: UI, size: str):
    ui.page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    ui.sign_in(OPERATOR)
    ui.goto(f"/regions/{REGENCY}/print-runs/new")
    too_many = api_on_hand(ui) + 1_000
    ui.page.get_by_label(re.compile("^Dicetak")).fill(str(too_many))
    ui.page.get_by_label(re.compile("^Rusak")).fill("0")
    ui.expect_status(409)
    submit(ui, FORM)
    detail = ui.page.locator("#problem .detail").inner_text()
    written = f"{too_many:,}".replace(",", ".")
    assert written in detail and "Stok" in detail, detail
    assert "$." not in detail and "^" not in detail
    assert ui.page.get_by_label(re.compile("^Dicetak")).input_value() == written
    ui.snap("print-run-refused-indonesian")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_warehouse_writes_off_lost_blanks_and_undoes_it_from_its_page(ui: UI, size: str):
    """Koreksi stok from the province's page: "1.000" lost takes a thousand off, and the
    one who entered it undoes it with a reason."""
    ui.page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    province = "31"
    staff = ui.served.api_token("gudang.jakarta")
    on_hand = lambda: ui.served.api("GET", f"/api/v1/stock/{province}", staff).json()["on_hand"]  # noqa: E731
    before = on_hand()
    ui.sign_in("gudang.jakarta")
    ui.goto(f"/regions/{province}")
    with ui.page.expect_navigation():
        ui.page.get_by_role("button", name="Koreksi stok").click()
    assert ui.path() == f"/regions/{province}/adjustments/new"
    ui.page.get_by_label(re.compile("^Alasan")).select_option("lost")
    ui.page.get_by_label("Mengurangi stok").check()
    ui.page.get_by_label("Jumlah blanko").fill("1.000")
    ui.page.get_by_label("Keterangan").fill("dus hilang saat pindah gudang")
    ui.snap("adjustment-form")
    submit(ui, f"form[action='/regions/{province}/adjustments/new']")

    assert ui.path().startswith(f"/regions/{province}/adjustments/new?saved=")
    assert on_hand() == before - 1_000 and ui.figure("on_hand") == before - 1_000
    assert ui.page.locator("#adjustments td.num", has_text="-1.000").first.is_visible()
    ui.snap("adjustment-saved")

    with ui.page.expect_navigation():
        ui.page.locator("#adjustments a[data-undo]").first.click()
    assert "-1.000" in ui.page.locator("#undo-what").inner_text()
    ui.page.get_by_label("Alasan pembatalan").fill("dusnya ketemu")
    submit(ui, "form.entry")
    assert ui.path().startswith(f"/regions/{province}/adjustments/new?undone=")
    assert on_hand() == before
    assert ui.page.locator("#adjustments", has_text="Dibatalkan").is_visible()
    ui.snap("adjustment-undone")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_operator_enters_the_days_suket_from_the_dashboard(ui: UI, size: str):
    """Suket hari ini: "1.250" issued typed the Indonesian way are 1.250 more outstanding;
    redeeming more than are outstanding is refused in Bahasa Indonesia."""
    ui.page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    operator = ui.served.api_token(OPERATOR)
    outstanding = lambda: ui.served.api(  # noqa: E731
        "GET", f"/api/v1/suket/{REGENCY}", operator).json()["outstanding"]
    before = outstanding()
    ui.sign_in(OPERATOR)
    ui.goto("/")
    assert ui.figure("suket_outstanding") == before
    form = "#suket-form"
    ui.page.locator(form).get_by_label("Terbit").fill("1.250")
    submit(ui, form)

    assert ui.path() == f"/regions/{REGENCY}/suket?saved=true"
    assert outstanding() == before + 1_250 and ui.figure("suket_outstanding") == before + 1_250
    ui.snap("suket-saved")

    ui.page.locator(form).get_by_label(re.compile("^Ditebus")).fill(str(before + 2_000))
    ui.expect_status(422)
    submit(ui, form)
    detail = ui.page.locator("#problem .detail").inner_text()
    assert "tinggal" in detail and f"{before + 1_250:,}".replace(",", ".") in detail, detail
    assert outstanding() == before + 1_250
    ui.snap("suket-refused-indonesian")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_operator_prints_for_disaster_victims_by_class(ui: UI, size: str):
    """Dicetak per kelas: 300 cards named for disaster victims repay those, not the first
    cards ahead of them in the ministry's order; the form shows the debt by class."""
    ui.page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    top_up(ui, 300)
    operator = ui.served.api_token(OPERATOR)
    today = local_date(REGENCY, datetime.now(UTC)).isoformat()
    recorded = ui.served.api("POST", f"/api/v1/print-debt/{REGENCY}/recordings", operator,
                             json={"date": today, "count": 500, "kind": "disaster"})
    assert recorded.status_code == 201, recorded.text
    owed = lambda: ui.served.api(  # noqa: E731
        "GET", f"/api/v1/print-debt/{REGENCY}", operator).json()["by_class"]
    before = owed()
    ui.sign_in(OPERATOR)
    ui.goto(f"/regions/{REGENCY}/print-runs/new")
    shown = ui.page.locator("[data-figure=debt_by_class] [data-class=disaster]")
    assert shown.inner_text() == f"{before['disaster']:,}".replace(",", ".")
    ui.page.get_by_label(re.compile("^Dicetak")).fill("300")
    ui.page.get_by_label(re.compile("^Rusak")).fill("0")
    ui.page.locator("summary", has_text="Dicetak per kelas").click()
    ui.page.get_by_label("Korban bencana").fill("300")
    ui.snap("print-run-by-class")
    submit(ui, FORM)

    assert ui.path().startswith(f"/regions/{REGENCY}/print-runs/new?saved=")
    after = owed()
    assert after["disaster"] == before["disaster"] - 300
    assert after["new"] == before["new"]
    assert shown.inner_text() == f"{after['disaster']:,}".replace(",", ".")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_office_confirms_its_day_and_shares_it_as_text(ui: UI, size: str):
    """Laporan harian: the day's figures as the ledger holds them, confirmed with a note;
    the text to paste into the province's WhatsApp group is copied with one tap, and the
    share link carries the same text."""
    ui.page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    on_hand = api_on_hand(ui)
    ui.sign_in(OPERATOR)
    ui.goto("/")
    with ui.page.expect_navigation():
        ui.page.locator("main a[href$='/daily-report']").first.click()
    assert ui.path() == f"/regions/{REGENCY}/daily-report"
    assert ui.figure("on_hand") == on_hand
    ui.page.get_by_label("Catatan (opsional)").fill("Printer 2 menunggu teknisi")
    submit(ui, "#confirm-day")

    assert ui.path().startswith(f"/regions/{REGENCY}/daily-report?day=")
    text = ui.page.locator("#daily-text").input_value()
    assert f"Stok blanko: {on_hand:,} keping".replace(",", ".") in text
    assert "Catatan: Printer 2 menunggu teknisi" in text and len(text) <= 1_000
    share = ui.page.locator("#share-whatsapp").get_attribute("href")
    assert share.startswith("https://wa.me/?text=")
    copy = ui.page.get_by_role("button", name="Salin teks")
    copy.click()
    ui.page.get_by_role("button", name="Tersalin").wait_for()
    ui.snap("daily-report-shared")
