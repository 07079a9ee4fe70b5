"""The pages in a real browser (Debian's Chromium, Playwright), per role, by clicks and typing,
on the demo served by `blanko-tracker serve` over SQLite and over PostgreSQL.

Every test fails on a request that leaves the server, on a console error (CSP violations
included), on an uncaught script error and on an error status it did not provoke on purpose
(tests/web/conftest.py). Each page visited is kept as a screenshot at phone (360×740) and
desktop (1280×900) size under tests/web/screenshots/<engine>/<test>/ (or
$BLANKO_SCREENSHOTS_DIR), and must not be wider than the phone.

Run: .venv/bin/pytest tests/web -q -m browser
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from blanko_tracker.domain.regions import local_date
from tests.web.conftest import UI

pytestmark = [pytest.mark.browser]


def today_in(code: str) -> str:
    """The day as the app sees it in `code` (WIB for Jakarta and the ministry), not this
    machine's: from 17:00 UTC it is already tomorrow in Jakarta, and a shipment dispatched
    "today" there cannot be received on the machine's today."""
    return local_date(code, datetime.now(UTC)).isoformat()

OPERATOR, REGENCY = "operator.jakpus", "31.71"  # Kota Administrasi Jakarta Pusat
JAKARTA = "31"


def api_on_hand(ui: UI, code: str, username: str = "kemendagri") -> int:
    headers = ui.served.api_token(username)
    answer = ui.served.api("GET", f"/api/v1/stock/{code}", headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["on_hand"]


def submit(ui: UI, form: str) -> None:
    """Clicks the form's submit button and waits for the answer page."""
    with ui.page.expect_navigation():
        ui.page.locator(form).locator("button[type=submit]").click()


# --- signing in and out ---------------------------------------------------------------------

def test_a_wrong_password_says_so_without_saying_which_part(ui: UI):
    ui.goto("/login")
    assert ui.page.locator("html").get_attribute("lang") == "id"
    ui.snap("login")
    ui.expect_status(401)
    ui.page.get_by_label("Nama pengguna").fill(OPERATOR)
    ui.page.get_by_label("Kata sandi").fill("not-the-password")
    submit(ui, "form[action='/login']")
    message = ui.page.get_by_role("alert")
    assert message.inner_text().strip() == "Nama pengguna atau kata sandi salah."
    assert ui.path() == "/login"
    # The typed name stays, the password does not.
    assert ui.page.get_by_label("Nama pengguna").input_value() == OPERATOR
    assert ui.page.get_by_label("Kata sandi").input_value() == ""
    ui.snap("login-refused")
    # An unknown user gets word for word the same answer.
    ui.page.get_by_label("Nama pengguna").fill("nobody.at.all")
    ui.page.get_by_label("Kata sandi").fill("not-the-password")
    submit(ui, "form[action='/login']")
    assert ui.page.get_by_role("alert").inner_text().strip() == (
        "Nama pengguna atau kata sandi salah.")


def test_sign_in_then_sign_out_by_the_menu(ui: UI):
    ui.sign_in("kadis.jakarta", by_form=True)
    ui.snap("dashboard")
    ui.sign_out()
    # The session is gone: a page sends back to the sign-in form.
    ui.page.goto(ui.url(f"/regions/{JAKARTA}"))
    assert ui.path().startswith("/login")


def test_the_keyboard_alone_signs_in(ui: UI):
    ui.goto("/login")
    ui.page.keyboard.type("kadis.gorontalo")  # the username field has the focus
    ui.page.keyboard.press("Tab")
    ui.page.keyboard.type("blanko-demo")
    with ui.page.expect_navigation():
        ui.page.keyboard.press("Enter")
    assert ui.path() == "/"
    assert "Gorontalo" in ui.page.locator("h1").inner_text()
    # The first Tab reaches the skip link, which jumps past the menu.
    ui.page.keyboard.press("Tab")
    assert ui.page.evaluate("() => document.activeElement.className") == "skip"
    ui.page.keyboard.press("Enter")
    assert ui.page.url.endswith("/#content")


# --- language ---------------------------------------------------------------------------------

def test_the_language_switches_to_english_and_back(ui: UI):
    ui.sign_in("kadis.jakarta")
    assert ui.page.locator("html").get_attribute("lang") == "id"
    assert ui.page.get_by_text("Stok di tangan").first.is_visible()
    indonesian = ui.page.locator('[data-figure="on_hand"]').first.inner_text()
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", indonesian), indonesian  # 75.810
    with ui.page.expect_navigation():
        ui.page.get_by_role("link", name="English").click()
    assert ui.path() == "/"
    assert ui.page.locator("html").get_attribute("lang") == "en"
    assert ui.page.get_by_role("button", name=re.compile("Sign out")).is_visible()
    english = ui.page.locator('[data-figure="on_hand"]').first.inner_text()
    assert english == indonesian.replace(".", ","), english  # 75,810
    ui.snap("dashboard-english")
    # The choice sticks across pages, and the numbers follow the language.
    ui.goto(f"/regions/{JAKARTA}")
    assert ui.page.locator("html").get_attribute("lang") == "en"
    with ui.page.expect_navigation():
        ui.page.get_by_role("link", name="Bahasa Indonesia").click()
    assert ui.path() == f"/regions/{JAKARTA}"
    assert ui.page.locator("html").get_attribute("lang") == "id"
    assert ui.page.get_by_role("button", name=re.compile("Keluar")).is_visible()


# --- print operator ---------------------------------------------------------------------------

def test_an_operator_records_a_print_run_and_sees_the_stock_fall(ui: UI):
    ui.sign_in(OPERATOR)
    ui.snap("operator-dashboard")
    with ui.page.expect_navigation():
        ui.page.get_by_role("link", name="Catat hasil cetak").first.click()
    assert ui.path() == f"/regions/{REGENCY}/print-runs/new"
    before = ui.figure("on_hand")
    assert before == api_on_hand(ui, REGENCY)
    ui.snap("print-run-form")
    ui.page.get_by_label("Tanggal").fill(today_in(REGENCY))
    ui.page.get_by_label(re.compile("^Dicetak")).fill("7")
    ui.page.get_by_label(re.compile("^Rusak")).fill("2")
    ui.page.get_by_label("Alasan rusak").select_option(label="Gagal cetak")
    submit(ui, f"form[action='/regions/{REGENCY}/print-runs/new']")
    assert ui.path().startswith(f"/regions/{REGENCY}/print-runs/new?saved=")
    assert ui.page.get_by_role("status").is_visible()
    assert ui.figure("on_hand") == before - 9
    assert api_on_hand(ui, REGENCY) == before - 9
    ui.snap("print-run-saved")


def test_a_refused_print_run_shows_the_detail_keeps_the_typing_and_writes_nothing(ui: UI):
    ui.sign_in(OPERATOR)
    ui.goto(f"/regions/{REGENCY}/print-runs/new")
    before = ui.figure("on_hand")
    too_many = before + 1
    ui.page.get_by_label(re.compile("^Dicetak")).fill(str(too_many))
    ui.page.get_by_label(re.compile("^Rusak")).fill("0")
    ui.expect_status(409, 422, 400)
    submit(ui, f"form[action='/regions/{REGENCY}/print-runs/new']")
    problem = ui.page.locator("#problem")
    assert problem.is_visible()
    detail = problem.locator(".detail").inner_text()
    assert detail.strip(), "the refusal has no detail"
    # Next to the form, with what was typed still in it.
    form = ui.page.locator(f"form[action='/regions/{REGENCY}/print-runs/new']")
    assert form.is_visible()
    # shown back as the server read it (1.234 when a thousand or more)
    assert ui.page.get_by_label(re.compile("^Dicetak")).input_value().replace(".", "") == str(
        too_many)
    ui.snap("print-run-refused")
    # Nothing written: the page and the API agree the stock is untouched.
    assert ui.figure("on_hand") == before
    assert api_on_hand(ui, REGENCY) == before


# --- warehouse staff --------------------------------------------------------------------------

def test_warehouse_staff_receive_a_dispatched_shipment(ui: UI):
    ministry = ui.served.api_token("kemendagri")
    created = ui.served.api("POST", "/api/v1/shipments", ministry, json={
        "source": "00", "destination": JAKARTA, "quantity": 120, "status": "dispatched",
        "expected_on": (date.today() + timedelta(days=3)).isoformat(),
        "note": "browser test"})
    assert created.status_code == 201, created.text
    shipment = created.json()["id"]
    before = api_on_hand(ui, JAKARTA)

    ui.sign_in("gudang.jakarta")
    ui.snap("warehouse-dashboard")
    # The dashboard lists it among the shipments to receive.
    with ui.page.expect_navigation():
        ui.page.locator(f"a[href='/shipments/{shipment}']").first.click()
    assert ui.path() == f"/shipments/{shipment}"
    ui.snap("shipment-dispatched")
    ui.page.get_by_label(re.compile("^Diterima")).first.fill("115")
    ui.page.get_by_label(re.compile("^Rusak")).fill("3")
    ui.page.get_by_label("Tanggal diterima").fill(today_in(JAKARTA))
    submit(ui, f"form[action='/shipments/{shipment}/receive']")
    assert ui.path().startswith(f"/shipments/{shipment}?saved")
    assert ui.page.get_by_role("status").is_visible()
    assert ui.figure("received") == 115
    assert ui.page.locator(f"form[action='/shipments/{shipment}/receive']").count() == 0
    ui.snap("shipment-received")
    assert api_on_hand(ui, JAKARTA) == before + 115


# --- heads and the ministry -------------------------------------------------------------------

@pytest.mark.parametrize("username, own, child", [
    ("kadis.jakarta", "31", "31.71"),
    ("kemendagri", "00", "31"),
])
def test_a_head_sees_every_child_region_and_a_drawn_forecast(ui: UI, username, own, child):
    ui.sign_in(username)
    rows = ui.page.locator("#children tbody tr")
    assert rows.count() >= 1
    link = ui.page.locator(f"#children a[href='/regions/{child}']")
    assert link.count() == 1
    ui.snap("dashboard")
    with ui.page.expect_navigation():
        link.click()
    assert ui.path() == f"/regions/{child}"
    chart = ui.page.locator("#forecast-chart[data-drawn='true']")
    chart.wait_for(state="attached")
    assert chart.locator("canvas").count() >= 1
    legend = chart.locator(".u-legend").inner_text()
    assert "Tanggal" in legend and "Hutang cetak saat ini (P50)" in legend
    assert "Time" not in legend  # uPlot's own word for the x axis
    assert ui.page.locator("#stock-card").is_visible()
    ui.snap("region")


def test_the_breadcrumb_runs_down_from_the_callers_own_region(ui: UI):
    ui.sign_in("kadis.jakarta")
    ui.goto(f"/regions/{REGENCY}")
    trail = ui.page.locator("nav[aria-label='breadcrumb'] li")
    texts = [trail.nth(i).inner_text().strip() for i in range(trail.count())]
    assert texts == ["Daerah Khusus Ibukota Jakarta", "Kota Administrasi Jakarta Pusat"]
    assert ui.page.locator(f"nav[aria-label='breadcrumb'] a[href='/regions/{JAKARTA}']"
                           ).count() == 1


def test_a_region_outside_the_scope_is_a_403_page(ui: UI):
    ui.sign_in("kadis.gorontalo")
    ui.goto(f"/regions/{REGENCY}", status=403)
    heading = ui.page.locator("h1").inner_text()
    assert heading.startswith("403")
    assert "di luar peran atau wilayah Anda" in ui.page.locator("main").inner_text()
    ui.snap("forbidden")
    # Nor a page outside the role (users admin), nor print runs for another regency.
    ui.goto("/users", status=403)
    assert ui.page.locator("h1").inner_text().startswith("403")
    ui.goto(f"/regions/{REGENCY}/print-runs/new", status=403)
    with ui.page.expect_navigation():
        ui.page.locator("main a[href='/']").click()
    assert ui.path() == "/"


# --- requests: raised by a warehouse, approved by the ministry ---------------------------------

def test_a_warehouse_raises_a_request_and_the_ministry_approves_it(ui: UI):
    ui.sign_in("gudang.jakarta")
    with ui.page.expect_navigation():
        ui.page.get_by_role("link", name="Permintaan blanko").click()
    assert ui.path() == "/requests"
    ui.page.locator("#raise summary").click()
    raise_form = ui.page.locator("form[action='/requests']")
    assert (raise_form.get_by_label("Wilayah (nama atau kode)").input_value()
            == f"Daerah Khusus Ibukota Jakarta ({JAKARTA})")
    raise_form.get_by_label("Jumlah").fill("1500")
    raise_form.get_by_label("Catatan").fill("stok habis sebelum tahap berikut")
    ui.snap("request-form")
    submit(ui, "form[action='/requests']")
    saved = re.fullmatch(r"/requests\?saved=raised-(\d+)", ui.path())
    assert saved, ui.path()
    number = int(saved.group(1))
    assert ui.page.get_by_role("status").is_visible()

    ui.sign_out()
    ui.sign_in("kemendagri")
    ui.goto("/requests")
    pending = ui.page.locator(f"#request-{number}")
    assert pending.is_visible()
    ui.snap("requests-to-decide")
    pending.get_by_label("Jumlah disetujui").fill("1200")
    submit(ui, f"form[action='/requests/{number}/approve']")
    assert ui.path() == f"/requests?saved=approved-{number}"
    assert ui.page.locator(f"#request-{number}").count() == 0  # decided: no more forms
    ui.snap("request-approved")
    answer = ui.served.api("GET", f"/api/v1/requests/{number}",
                           ui.served.api_token("kemendagri"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "approved"
    assert answer.json()["approved_quantity"] == 1200


# --- installment planning ----------------------------------------------------------------------

def planned_shipments(ui: UI, headers: dict[str, str]) -> int:
    answer = ui.served.api("GET", "/api/v1/shipments?status=planned&limit=500", headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return body["total"] if isinstance(body, dict) and "total" in body else len(
        body["items"] if isinstance(body, dict) else body)


def test_the_ministry_commits_an_installment_plan_with_one_click(ui: UI):
    ministry = ui.served.api_token("kemendagri")
    before = planned_shipments(ui, ministry)
    ui.sign_in("kemendagri")
    with ui.page.expect_navigation():
        ui.page.get_by_role("link", name="Perencanaan tahap").click()
    assert ui.path() == "/planning"
    ui.page.get_by_label("Jumlah blanko tahap ini").fill("2000")
    ui.page.get_by_label("Dibagi di bawah wilayah").fill("00")
    submit(ui, "#plan-form")
    assert ui.path().startswith("/planning?")
    split = ui.page.locator("#split tbody tr")
    assert split.count() >= 1
    allocated = ui.figure("allocated")
    assert 0 < allocated <= 2000
    ui.snap("plan")
    lines = ui.page.locator("#commit-form input[name^='item_']").count()
    assert lines >= 1
    ui.page.get_by_label("Tahap ke-").fill("7")
    submit(ui, "#commit-form")  # the one click
    assert ui.path().startswith("/shipments?status=planned")
    ui.snap("plan-committed")
    assert planned_shipments(ui, ministry) == before + lines


# --- monthly report ----------------------------------------------------------------------------

def test_a_head_downloads_the_monthly_report_as_xlsx_and_pdf(ui: UI):
    ui.sign_in("kadis.jakarta")
    with ui.page.expect_navigation():
        ui.page.get_by_role("link", name="Laporan bulanan").click()
    assert ui.path() == "/reports"
    ui.page.get_by_label("Wilayah (nama atau kode)").fill("daerah khusus ibukota jakarta")
    ui.page.get_by_label("Bulan").fill("2023-02")
    submit(ui, "#report-form")
    assert ui.page.locator("#report-rows tbody tr").count() >= 1
    ui.snap("report")
    for link, magic, suffix in (("Unduh XLSX", b"PK", ".xlsx"), ("Unduh PDF", b"%PDF", ".pdf")):
        with ui.page.expect_download() as download:
            ui.page.get_by_role("button", name=link).or_(
                ui.page.get_by_role("link", name=link)).click()
        got = download.value
        assert got.suggested_filename == f"laporan-blanko-{JAKARTA}-2023-02{suffix}"
        with open(got.path(), "rb") as file:
            assert file.read(4).startswith(magic)


# --- imports -----------------------------------------------------------------------------------

IMPORT_DAY = "2026-01-15"


def test_an_import_with_bad_rows_lists_them_and_writes_nothing(ui: UI):
    operator = ui.served.api_token("operator.gorut")
    before = ui.served.api("GET", f"/api/v1/indicators/75.05?date={IMPORT_DAY}", operator)
    csv = ("region,date,wajib_ktp,recorded,printed,ikd_activated,suket_outstanding\n"
           f"75.05,{IMPORT_DAY},91000,89999,88000,6000,10\n"  # good
           f"75.05,not-a-date,91000,89999,88000,6000,10\n"  # bad date
           f"75.05,{IMPORT_DAY},91000,-5,88000,6000,10\n").encode()  # negative count
    ui.sign_in("operator.gorut")
    with ui.page.expect_navigation():
        ui.page.get_by_role("link", name="Unggah data").click()
    assert ui.path() == "/imports"
    ui.page.get_by_label("Jenis data").select_option(label="Indikator KTP-el")
    ui.page.get_by_label("Berkas").set_input_files(
        {"name": "indikator.csv", "mimeType": "text/csv", "buffer": csv})
    ui.expect_status(400, 409, 422)
    submit(ui, "#import-form")
    assert ui.page.locator("#problem").is_visible()
    errors = ui.page.locator("#row-errors tbody tr")
    assert errors.count() >= 2
    rows = {int(errors.nth(i).locator("td").first.inner_text()) for i in range(errors.count())}
    assert rows == {3, 4}  # the two bad rows, numbered as a spreadsheet does (header = 1)
    ui.snap("import-refused")
    after = ui.served.api("GET", f"/api/v1/indicators/75.05?date={IMPORT_DAY}", operator)
    assert after.status_code == before.status_code
    assert after.text == before.text  # the good row was not written either


# --- users admin -------------------------------------------------------------------------------

def test_the_admin_creates_a_user_who_can_then_sign_in(ui: UI):
    name = f"operator.tes{ui.served.engine}"
    ui.sign_in("admin")
    with ui.page.expect_navigation():
        ui.page.get_by_role("link", name="Pengguna").click()
    assert ui.path() == "/users"
    ui.snap("users")
    form = ui.page.locator("form[action='/users']")
    form.get_by_label("Nama pengguna").fill(name)
    form.get_by_label("Kata sandi").fill("kata-sandi-baru-123")
    form.get_by_label("Peran").select_option("print_operator")
    form.get_by_label("Wilayah (nama atau kode)").fill("Kabupaten Tegal (33.28)")
    submit(ui, "form[action='/users']")
    assert ui.path() == f"/users?saved={name}"
    assert ui.page.locator("#users").get_by_text(name, exact=True).is_visible()
    ui.snap("user-created")
    ui.sign_out()
    ui.sign_in(name, "kata-sandi-baru-123")
    assert "Tegal" in ui.page.locator("h1").inner_text()


# --- what-if -----------------------------------------------------------------------------------

def test_a_what_if_scenario_redraws_the_chart(ui: UI):
    ui.sign_in("kadis.jakarta")
    ui.goto(f"/regions/{JAKARTA}/scenario")
    ui.page.locator("#forecast-chart[data-drawn='true']").wait_for(state="attached")
    ui.page.get_by_label("Kapasitas cetak per hari").fill("2000")
    submit(ui, "#scenario-form")
    assert "daily_capacity=2000" in ui.path()
    ui.page.locator("#forecast-chart[data-drawn='true']").wait_for(state="attached")
    assert ui.page.locator("#forecast-chart canvas").count() >= 1
    # the answer, and the comparison table's scenario column when it is repaid: one date
    repaid = ui.page.locator("[data-figure='repaid_p50']")
    assert repaid.first.is_visible()
    assert len({text.strip() for text in repaid.all_inner_texts()}) == 1
    ui.snap("scenario")


# --- shipments: planned then dispatched, and a transfer dispatched at once -----------------------

def test_the_national_warehouse_plans_then_dispatches_and_a_province_transfers(ui: UI):
    nation_before = api_on_hand(ui, "00")
    ui.sign_in("gudang.pusat")
    with ui.page.expect_navigation():
        ui.page.get_by_role("link", name="Kiriman", exact=True).click()
    with ui.page.expect_navigation():
        ui.page.get_by_role("button", name="Rencanakan kiriman").click()
    assert ui.path() == "/shipments/new"
    ui.page.get_by_label("Dari", exact=True).fill("00")
    ui.page.get_by_label("Ke", exact=True).fill(JAKARTA)
    ui.page.get_by_label("Jumlah", exact=True).fill("40")
    ui.page.get_by_label("Rencanakan saja").check()
    ui.snap("shipment-form")
    submit(ui, "form[action='/shipments/new']")
    planned = re.fullmatch(r"/shipments/(\d+)\?saved=planned", ui.path())
    assert planned, ui.path()
    number = int(planned.group(1))
    assert ui.page.locator(".badge").first.inner_text() == "Direncanakan"
    assert api_on_hand(ui, "00") == nation_before  # planned: nothing has left yet
    ui.snap("shipment-planned")
    ui.page.get_by_label("Dikirim").fill(today_in("00"))
    submit(ui, f"form[action='/shipments/{number}/dispatch']")
    assert ui.path() == f"/shipments/{number}?saved=dispatched"
    assert ui.page.locator(".badge").first.inner_text() == "Dalam perjalanan"
    assert api_on_hand(ui, "00") == nation_before - 40
    ui.snap("shipment-dispatched")

    # A province passes blanks on to a regency: dispatched at once.
    province_before = api_on_hand(ui, JAKARTA)
    ui.sign_out()
    ui.sign_in("gudang.jakarta")
    ui.goto("/shipments/new")
    ui.page.get_by_label("Dari", exact=True).fill(JAKARTA)
    ui.page.get_by_label("Ke", exact=True).fill(REGENCY)
    ui.page.get_by_label("Jumlah", exact=True).fill("5")
    ui.page.get_by_label("Kirim sekarang").check()
    submit(ui, "form[action='/shipments/new']")
    assert re.fullmatch(r"/shipments/\d+\?saved=dispatched", ui.path()), ui.path()
    assert api_on_hand(ui, JAKARTA) == province_before - 5


# --- print-ready records -----------------------------------------------------------------------

def test_an_operator_records_print_ready_records_and_the_debt_grows(ui: UI):
    ui.sign_in("operator.gorut")
    with ui.page.expect_navigation():
        ui.page.get_by_role("link", name="Catat data siap cetak").first.click()
    assert ui.path() == "/regions/75.05/recordings/new"
    before = ui.figure("print_debt")
    ui.page.get_by_label("Jumlah data siap cetak").fill("12")
    ui.snap("recordings-form")
    submit(ui, "form[action='/regions/75.05/recordings/new']")
    assert ui.path() == "/regions/75.05/recordings/new?saved=true"
    assert ui.page.get_by_role("status").is_visible()
    assert ui.figure("print_debt") == before + 12


# --- the watch itself ----------------------------------------------------------------------------

def test_the_watch_catches_a_request_leaving_the_server_a_csp_violation_and_a_script_error(
        ui: UI):
    """The guards every other test relies on do fire (then are cleared, so this one passes)."""
    ui.goto("/login")
    ui.page.evaluate("""() => {
        const img = document.createElement("img");
        img.src = "https://cdn.example.com/pixel.png";
        document.body.appendChild(img);
        const inline = document.createElement("script");
        inline.textContent = "window.inlineRan = true";
        document.body.appendChild(inline);
        setTimeout(() => { throw new Error("boom from a page script"); }, 0);
    }""")
    ui.page.wait_for_timeout(300)
    problems = "\n".join(ui.problems())
    assert "request left the server: https://cdn.example.com/pixel.png" in problems
    assert "Content Security Policy" in problems  # the inline script was refused
    assert ui.page.evaluate("() => window.inlineRan === undefined")
    assert "boom from a page script" in problems
    ui.requests.clear()
    ui.console_errors.clear()
