"""The pages over HTTP: sign-in and sessions, CSRF, refusals as pages, the print-run form and
receiving a shipment — on both databases. (Browser-driven tests: test_browser.py.)"""

from __future__ import annotations

import re
from datetime import date, timedelta

import httpx
import msgspec
import pytest

from blanko_tracker.api.app import create_app
from blanko_tracker.db.tables import PrintRun, StockMovement, WebSession
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import CreateShipment, RecordRecordings
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.printing import record_recordings
from blanko_tracker.services.shipments import create_shipment
from tests.builders import given_stock, given_user, sign_in
from tests.web.pages import csrf_of, page_sign_in, signed_in

REGENCY = "31.71"  # Kota Administrasi Jakarta Pusat


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert found, f"no {name} figure on the page"
    return found.group(1)


async def on_hand(client, headers, code: str = REGENCY) -> int:
    return (await client.get(f"/api/v1/stock/{code}", headers=headers)).json()["on_hand"]


# --- signing in and out -------------------------------------------------------------------

async def test_signing_in_sets_a_locked_down_cookie_and_lands_on_the_dashboard(client):
    head = await given_user(Role.PROVINCIAL_HEAD, "31")
    answer = await page_sign_in(client, head)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = next(c for c in answer.headers.get_list("set-cookie")
                  if c.startswith("blanko_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    dashboard = await client.get("/")
    assert dashboard.status_code == 200
    assert '<html lang="id">' in dashboard.text
    assert "Daerah Khusus Ibukota Jakarta" in dashboard.text
    assert 'id="children"' in dashboard.text and "/regions/31.71" in dashboard.text


async def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    wrong = await page_sign_in(client, operator, password="not-the-password")
    form = await client.get("/login")
    unknown = await client.post("/login", data={
        "csrf_token": csrf_of(form), "username": "nobody-at-all", "password": "whatever1234"})
    for answer in (wrong, unknown):
        assert answer.status_code == 401
        assert "Nama pengguna atau kata sandi salah." in answer.text
    assert await WebSession.count() == 0


async def test_failed_page_sign_ins_count_toward_throttling(client):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    for _ in range(10):
        assert (await page_sign_in(client, operator, password="wrong-wrong")).status_code == 401
    throttled = await page_sign_in(client, operator)  # even the right password, for now
    assert throttled.status_code == 429
    assert "Terlalu banyak percobaan" in throttled.text


async def test_a_sign_in_without_the_forms_token_is_refused(client):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    await client.get("/login")
    answer = await client.post("/login", data={"username": operator.username,
                                               "password": "correct-horse-battery"})
    assert answer.status_code == 403
    assert await WebSession.count() == 0


async def test_a_page_without_a_session_sends_you_to_sign_in_and_back(client):
    answer = await client.get("/regions/31.71?before=5")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/regions/31.71%3Fbefore%3D5"
    form = await client.get(answer.headers["location"])
    assert 'name="next" value="/regions/31.71?before=5"' in form.text


async def test_signing_out_ends_the_session_everywhere(client):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    token = await signed_in(client, operator)
    stolen = client.cookies.get("blanko_session")
    assert (await client.post("/logout", data={"csrf_token": token})).status_code == 303
    client.cookies.set("blanko_session", stolen)  # a copy of the old cookie is worthless
    assert (await client.get("/")).status_code == 303
    assert await WebSession.count() == 0


async def test_sign_in_only_follows_paths_on_this_site(client):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    form = await client.get("/login")
    answer = await client.post("/login", data={
        "csrf_token": csrf_of(form), "username": operator.username,
        "password": "correct-horse-battery", "next": "//evil.example/x"})
    assert answer.headers["location"] == "/"


# --- what every page answer carries ------------------------------------------------------

async def test_pages_carry_security_headers_and_ship_their_own_assets(client):
    page = await client.get("/login")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
        assert (await client.get(asset)).status_code == 200, asset
    assert "http://" not in page.text and "https://" not in page.text


async def test_the_language_switch_turns_pages_english_and_back(client):
    switched = await client.get("/lang/en?next=/login")
    assert switched.status_code == 303 and switched.headers["location"] == "/login"
    english = await client.get("/login")
    assert '<html lang="en">' in english.text and "Sign in" in english.text
    await client.get("/lang/id?next=/login")
    assert "Masuk" in (await client.get("/login")).text


# --- scope and role: refusals are pages, not crashes --------------------------------------

async def test_a_region_outside_your_scope_is_a_403_page(client):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    await signed_in(client, operator)
    answer = await client.get("/regions/75.05")
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("text/html")
    assert "di luar peran atau wilayah Anda" in answer.text
    wrong_role = await client.get("/regions/31/print-runs/new")
    assert wrong_role.status_code == 403
    assert (await client.get("/regions/99.99")).status_code == 403  # not even its existence


async def test_an_unknown_region_in_scope_is_a_404_page(client):
    officer = await given_user(Role.MINISTRY_OFFICER, "00")
    await signed_in(client, officer)
    answer = await client.get("/regions/99.99")
    assert answer.status_code == 404 and "Tidak ditemukan" in answer.text


# --- the print operator's day -------------------------------------------------------------

@pytest.fixture
async def operator_with_stock(client):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    await given_stock(REGENCY, 100)
    await record_recordings(REGENCY, RecordRecordings(date=date(2026, 11, 2), count=500),
                            actor=operator)
    return operator


async def test_recording_a_print_run_on_the_page_lowers_the_stock(client, operator_with_stock):
    token = await signed_in(client, operator_with_stock)
    form = await client.get(f"/regions/{REGENCY}/print-runs/new")
    assert form.status_code == 200 and figure(form.text, "on_hand") == "100"
    for name in ("date", "printed", "spoiled", "spoiled_reason"):
        assert f'name="{name}"' in form.text and f'for="f-{name}"' in form.text
    saved = await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": "2026-11-20", "printed": "30", "spoiled": "2",
        "spoiled_reason": "print_failure"}, follow_redirects=True)
    assert saved.status_code == 200
    assert "Hasil cetak tersimpan." in saved.text
    assert figure(saved.text, "on_hand") == "68"
    assert "20 November 2026" in saved.text


async def test_a_refused_print_run_shows_why_keeps_the_typing_and_writes_nothing(
        client, operator_with_stock):
    token = await signed_in(client, operator_with_stock)
    movements = await StockMovement.count()
    refused = await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": "2026-11-20", "printed": "1500", "spoiled": "0"})
    assert refused.status_code == 409
    assert "Stok tidak cukup" in refused.text
    assert f"Stok {REGENCY} tinggal 100 blanko; yang diminta 1.500." in refused.text
    assert 'value="1.500"' in refused.text  # shown back as the server read it
    assert figure(refused.text, "on_hand") == "100"
    assert await PrintRun.count() == 0 and await StockMovement.count() == movements


async def test_bad_input_on_the_form_names_the_field(client, operator_with_stock):
    token = await signed_in(client, operator_with_stock)
    refused = await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": "2026-11-20", "printed": "-3"})
    assert refused.status_code == 400
    assert re.search(r'id="f-printed"[^>]*aria-invalid="true"', refused.text)
    reason_for_nothing = await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": "2026-11-20", "printed": "1", "spoiled": "0",
        "spoiled_reason": "print_failure"})
    assert reason_for_nothing.status_code == 400
    assert re.search(r'id="f-spoiled_reason"[^>]*aria-invalid="true"', reason_for_nothing.text)
    assert await PrintRun.count() == 0


@pytest.mark.parametrize("lang, words", [
    ("id", ["Isi angka 0 atau lebih.", "Alasan rusak hanya diisi jika ada blanko rusak.",
            "belum tiba: hari ini", "Isi dengan bilangan bulat."]),
    ("en", ["Enter a number, 0 or more.", "A spoilage cause goes only with spoiled blanks.",
            "is in the future: today is", "Enter a whole number."]),
])
async def test_a_refused_field_is_explained_in_the_pages_language(
        client, operator_with_stock, lang, words):
    token = await signed_in(client, operator_with_stock)
    client.cookies.set("blanko_lang", lang)
    tomorrow = local_date(REGENCY, utcnow()) + timedelta(days=1)
    for fields, said in zip([
        {"printed": "-3"},
        {"printed": "1", "spoiled": "0", "spoiled_reason": "print_failure"},
        {"printed": "1", "date": tomorrow.isoformat()},
        {"printed": "lots"},
    ], words, strict=True):
        refused = await client.post(f"/regions/{REGENCY}/print-runs/new",
                                    data={"csrf_token": token, "date": "2026-11-20"} | fields)
        assert refused.status_code == 400
        assert said in refused.text, (fields, refused.text[-3000:])
        assert "Expected `" not in refused.text  # msgspec's own words stay in the API
    assert await PrintRun.count() == 0


async def test_counts_are_read_as_people_write_them_in_the_pages_language(client):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    await given_stock(REGENCY, 3_000)
    await record_recordings(REGENCY, RecordRecordings(date=date(2026, 11, 2), count=5_000),
                            actor=operator)
    token = await signed_in(client, operator)

    async def post(printed: str) -> httpx.Response:
        return await client.post(f"/regions/{REGENCY}/print-runs/new", data={
            "csrf_token": token, "date": "2026-11-20", "printed": printed, "spoiled": "0"},
            follow_redirects=True)

    dotted = await post("1.200")  # Indonesian, the default: a dot groups thousands
    half = await post("1,5")
    client.cookies.set("blanko_lang", "en")
    commas = await post("1,000")
    ambiguous = await post("1.000")  # on an English page: one, with decimals — refused

    assert dotted.status_code == 200 and figure(dotted.text, "on_hand") == "1.800"
    assert half.status_code == 400 and "Isi dengan bilangan bulat." in half.text
    assert re.search(r'id="f-printed"[^>]*value="1,5"[^>]*aria-invalid="true"', half.text)
    assert commas.status_code == 200 and figure(commas.text, "on_hand") == "800"
    assert ambiguous.status_code == 400 and "Enter a whole number." in ambiguous.text
    assert await PrintRun.count() == 2


async def test_a_form_posted_without_its_csrf_token_writes_nothing(client, operator_with_stock):
    await signed_in(client, operator_with_stock)
    for token in (None, "forged-token"):
        data = {"date": "2026-11-20", "printed": "5"} | ({"csrf_token": token} if token else {})
        answer = await client.post(f"/regions/{REGENCY}/print-runs/new", data=data)
        assert answer.status_code == 403
    assert await PrintRun.count() == 0


# --- warehouse staff ----------------------------------------------------------------------

async def test_receiving_a_shipment_on_its_page(client):
    await given_stock("31", 1_000)
    province = await given_user(Role.WAREHOUSE_STAFF, "31")
    staff = await given_user(Role.WAREHOUSE_STAFF, REGENCY)
    shipment = await create_shipment(CreateShipment(
        source="31", destination=REGENCY, quantity=400, status="dispatched",
        expected_on=date(2026, 11, 21)), actor=province)
    today = local_date(REGENCY, utcnow()).isoformat()
    token = await signed_in(client, staff)
    dashboard = await client.get("/")
    assert f'href="/shipments/{shipment.id}"' in dashboard.text
    page = await client.get(f"/shipments/{shipment.id}")
    for name in ("received", "damaged", "received_on"):
        assert f'name="{name}"' in page.text
    too_many = await client.post(f"/shipments/{shipment.id}/receive", data={
        "csrf_token": token, "received": "390", "damaged": "20", "received_on": today})
    assert too_many.status_code == 422 and 'value="390"' in too_many.text
    received = await client.post(f"/shipments/{shipment.id}/receive", data={
        "csrf_token": token, "received": "390", "damaged": "10", "received_on": today},
        follow_redirects=True)
    assert received.status_code == 200 and "Kiriman diterima." in received.text
    assert figure(received.text, "received") == "390"
    assert 'action="/shipments/' not in received.text.split("</dl>")[1]  # no second receipt
    assert await on_hand(client, await sign_in(client, staff)) == 390


async def test_recording_print_ready_records_raises_the_debt(client, operator_with_stock):
    token = await signed_in(client, operator_with_stock)
    form = await client.get(f"/regions/{REGENCY}/recordings/new")
    assert form.status_code == 200 and figure(form.text, "print_debt") == "500"
    saved = await client.post(f"/regions/{REGENCY}/recordings/new", data={
        "csrf_token": token, "date": "2026-11-20", "count": "1200", "kind": "replacement"},
        follow_redirects=True)
    assert "Data siap cetak tersimpan." in saved.text
    assert figure(saved.text, "print_debt") == "1.700"
    refused = await client.post(f"/regions/{REGENCY}/recordings/new", data={
        "csrf_token": token, "date": "2026-11-20", "count": "0"})
    assert refused.status_code == 400 and 'value="0"' in refused.text
    head = await given_user(Role.PROVINCIAL_HEAD, "31")
    await signed_in(client, head)
    assert (await client.get(f"/regions/{REGENCY}/recordings/new")).status_code == 403


async def test_the_breadcrumb_runs_from_your_region_down(client):
    head = await given_user(Role.PROVINCIAL_HEAD, "31")
    await signed_in(client, head)
    page = await client.get(f"/regions/{REGENCY}")
    trail = page.text.split('aria-label="breadcrumb"')[1].split("</nav>")[0]
    assert trail.index("Daerah Khusus Ibukota Jakarta") < trail.index("Jakarta Pusat")
    assert "Kementerian" not in trail  # above the head's own region


async def test_the_days_alerts_are_worded_in_the_readers_language(client):
    await given_stock("31", 1_000)
    province = await given_user(Role.WAREHOUSE_STAFF, "31")
    await create_shipment(CreateShipment(
        source="31", destination=REGENCY, quantity=400, status="dispatched",
        expected_on=date(2026, 1, 5)), actor=province)
    head = await given_user(Role.PROVINCIAL_HEAD, "31")
    await signed_in(client, head)
    indonesian = await client.get("/")
    assert "Kiriman terlambat" in indonesian.text
    assert "berisi 400 blanko dari 31 seharusnya tiba 5 Januari 2026" in indonesian.text
    await client.get("/lang/en?next=/")
    english = await client.get("/")
    assert "of 400 blanks from 31 was expected on 5 January 2026" in english.text


async def test_behind_a_tls_proxy_session_cookies_can_be_marked_secure(database):
    settings = msgspec.structs.replace(database.settings(), secure_cookies=True)
    app = create_app(settings, engine=database.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as http:
        form = await http.get("/login")  # plain HTTP, as a TLS-terminating proxy forwards it
    cookie = form.headers["set-cookie"]
    assert cookie.startswith("blanko_login_csrf=") and "Secure" in cookie


async def test_over_plain_http_cookies_are_not_secure_by_default(client):
    cookie = (await client.get("/login")).headers["set-cookie"]
    assert "Secure" not in cookie and "HttpOnly" in cookie
