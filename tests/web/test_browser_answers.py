"""What the pages answer (issue 21), in a real browser (Debian's Chromium), at phone and
desktop size, each answer cross-checked against the API: an office's day is its own time
zone's (WIB, WITA, WIT), not UTC's; a forecast answers with dates in Indonesian, or says the
debt will not be repaid at this pace and why; a planned shipment is "Direncanakan", not
"Dalam perjalanan", until it is dispatched; a plan larger than the national warehouse's free
stock is refused in Bahasa Indonesia and writes nothing.

Run: .venv/bin/pytest tests/web/test_browser_answers.py -q -m browser
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from blanko_tracker.domain.regions import local_date
from tests.web.conftest import DESKTOP, PHONE, UI

pytestmark = [pytest.mark.browser]

SIZES = {"phone": PHONE, "desktop": DESKTOP}
# Written out here, not taken from the app's formatter: what a reader in Indonesia expects.
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
LONG_DATE = re.compile(r"\d{1,2} (?:" + "|".join(MONTHS) + r") \d{4}")
NOT_REPAID = "Tidak akan lunas pada laju ini"
OLD_NON_ANSWER = "Belum lunas dalam horizon"  # what the pages said before issue 21
REASONS = {  # domain why_not_repaid's keys as the page words them
    "printers_idle": "tidak ada pencetakan yang teramati",
    "inflow_outpaces": "rekaman baru siap cetak bertambah secepat atau lebih cepat dari "
                       "pencetakan",
    "no_blanks": "blanko habis dan tidak ada kiriman yang cukup",
    "too_slow": "pencetakan terlalu lambat untuk melunasi dalam dua tahun",
}
ZONES = {"31.71": "WIB", "75.05": "WITA", "94.01": "WIT"}

REPAID = "17.06"  # Kabupaten Mukomuko: given enough blanks here, repaid within weeks
UNREPAID = "31.72"  # Kota Administrasi Jakarta Utara: 15.000 owed, no blanks (demo)
PLANNED_TO = "18"  # Lampung: a province no other browser test ships to
HELD_FOR = "19"  # Kepulauan Bangka Belitung: where the free stock is held while refusing


def at(ui: UI, size: str) -> None:
    """The test's screen size (a snapshot leaves the page at desktop width)."""
    ui.page.set_viewport_size(SIZES[size])


def submit(ui: UI, form: str) -> None:
    """Clicks the form's submit button and waits for the answer page."""
    with ui.page.expect_navigation():
        ui.page.locator(form).locator("button[type=submit]").click()


def written(day: date) -> str:
    """2027-01-08 → "8 Januari 2027"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def thousands(value: int) -> str:
    """80500 → "80.500", as the Indonesian pages write numbers."""
    return f"{value:,}".replace(",", ".")


def as_number(text: str) -> int:
    digits = re.sub(r"[.,\s\u00a0]", "", text)
    assert re.fullmatch(r"-?\d+", digits), f"not a number: {text!r}"
    return int(digits)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def days_around(ui: UI, code: str, path: str) -> set[date]:
    """Opens `path`; `code`'s own day just before and just after (two days only when its
    midnight passed meanwhile)."""
    before = local_date(code, datetime.now(UTC))
    ui.goto(path)
    return {before, local_date(code, datetime.now(UTC))}


def api_json(ui: UI, path: str, username: str = "admin") -> dict:
    answer = ui.served.api("GET", path, ui.served.api_token(username))
    assert answer.status_code == 200, f"GET {path}: {answer.status_code} {answer.text}"
    return answer.json()


def planned_out_of(ui: UI, source: str) -> tuple[int, int]:
    """(planned shipments in the ministry's scope, blanks they promise out of `source`)."""
    page = api_json(ui, "/api/v1/shipments?status=planned&limit=1000", "kemendagri")
    assert page["total"] == len(page["items"]), "more planned shipments than one page"
    return page["total"], sum(s["quantity"] for s in page["items"] if s["source"] == source)


# --- 1. an office's day is its own time zone's ---------------------------------------------
# These bite when the days differ: a UTC day is wrong for every office from 17:00 UTC (WIB),
# 16:00 (WITA) or 15:00 (WIT) to midnight UTC; WIB's day is wrong for WITA and WIT offices
# from 15:00 or 16:00 to 17:00 UTC. The rest of the day every answer is the same date.

@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("username, code", [
    pytest.param("operator.jakpus", "31.71", id="wib-jakarta-pusat"),
    pytest.param("operator.gorut", "75.05", id="wita-gorontalo-utara"),
    # No demo user works in WIT (Maluku, Papua): the admin opens a Papua Tengah regency's form.
    pytest.param("admin", "94.01", id="wit-nabire"),
])
def test_the_print_run_form_is_dated_with_the_offices_own_day(ui: UI, size: str,
                                                              username: str, code: str):
    at(ui, size)
    ui.sign_in(username)
    days = days_around(ui, code, f"/regions/{code}/print-runs/new")
    field = ui.page.get_by_label("Tanggal")
    prefilled = date.fromisoformat(field.input_value())
    utc_day = datetime.now(UTC).date()
    assert prefilled in days, (
        f"{code} ({ZONES[code]}): the form says {prefilled}, the office's day is "
        f"{sorted(days)} (UTC's is {utc_day})")
    # No day after the office's today can be picked, and that limit is the same day.
    assert date.fromisoformat(field.get_attribute("max")) == prefilled
    # The API's own "today" for the region (a forecast's as_of) is the same day.
    as_of = api_json(ui, f"/api/v1/forecast/{code}?horizon_days=1", username)["as_of"]
    assert date.fromisoformat(as_of) == prefilled, (as_of, prefilled)
    # The page does not name a zone; if it ever does, it must be the office's.
    named = set(re.findall(r"\bWI(?:B|TA|T)\b", ui.page.locator("main").inner_text()))
    assert named <= {ZONES[code]}, f"{code} is in {ZONES[code]}, the page says {named}"
    ui.snap(f"print-run-form-{ZONES[code]}")


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("code", [pytest.param("31.71", id="wib"),
                                  pytest.param("75.05", id="wita"),
                                  pytest.param("94.01", id="wit")])
def test_a_region_page_is_dated_with_the_regions_own_day(ui: UI, size: str, code: str):
    at(ui, size)
    ui.sign_in("admin")
    days = days_around(ui, code, f"/regions/{code}")
    heading = words(ui.page.locator("main hgroup p").first.inner_text())
    assert heading in {f"{code} · {written(day)}" for day in days}, (
        f"{code} ({ZONES[code]}): the page says {heading!r}, the region's day is "
        f"{sorted(days)} (UTC's is {datetime.now(UTC).date()})")
    as_of = date.fromisoformat(
        api_json(ui, f"/api/v1/forecast/{code}?horizon_days=1")["as_of"])
    assert heading == f"{code} · {written(as_of)}", (heading, as_of)
    ui.snap(f"region-dated-{ZONES[code]}")


# --- 2. the repayment answer: dates, or "not at this pace" and why --------------------------

def give_blanks(ui: UI, code: str, at_least: int) -> None:
    """Tops `code`'s stock up to `at_least` by an admin's count (once per database)."""
    on_hand = api_json(ui, f"/api/v1/stock/{code}")["on_hand"]
    if on_hand >= at_least:
        return
    answer = ui.served.api("POST", "/api/v1/adjustments", ui.served.api_token("admin"), json={
        "region": code, "quantity": at_least - on_hand, "reason": "found",
        "note": "browser test: enough blanks to repay the debt"})
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_regency_with_blanks_enough_is_answered_with_a_date_range(ui: UI, size: str):
    at(ui, size)
    debt = api_json(ui, f"/api/v1/forecast/{REPAID}?horizon_days=1")["print_debt"]
    assert debt > 0, f"the demo gives {REPAID} a print debt"
    give_blanks(ui, REPAID, at_least=4_000 + 4 * debt)
    # The page's forecast: 180 days, the regency's 500 paths, so the API's very same dates.
    forecast = api_json(ui, f"/api/v1/forecast/{REPAID}?horizon_days=180")
    repaid = {key: date.fromisoformat(day) for key, day in forecast["repaid_on"].items()
              if day is not None}
    assert set(repaid) == {"p10", "p50", "p90"}, forecast["repaid_on"]

    ui.sign_in("operator.mukomuko")
    ui.goto(f"/regions/{REPAID}")
    answer = words(ui.page.locator("#repayment-answer").inner_text())
    expected = (f"Lunas antara {written(repaid['p10'])} dan {written(repaid['p90'])} "
                f"(P50 {written(repaid['p50'])})")
    assert answer.startswith(expected), f"the page says {answer!r}, the API {expected!r}"
    assert ui.page.locator("[data-figure='repaid_p50']").inner_text() == written(
        repaid["p50"])
    assert NOT_REPAID not in answer and OLD_NON_ANSWER not in answer
    ui.snap("region-repaid-between")

    # The office's dashboard answers with a date too (its own, fewer paths: a day or two off).
    at(ui, size)
    ui.goto("/")
    line = words(ui.page.locator("[data-figure='repaid']").inner_text())
    assert re.fullmatch(rf"{LONG_DATE.pattern} \({LONG_DATE.pattern} – {LONG_DATE.pattern}\)",
                        line), line
    ui.snap("operator-dashboard-repaid")


def expected_reason(forecast: dict) -> str:
    """The API's forecast inputs read as domain why_not_repaid reads them."""
    if forecast["daily_capacity"] <= 0:
        return "printers_idle"
    if forecast["daily_inflow"] >= forecast["daily_capacity"]:
        return "inflow_outpaces"
    return "no_blanks" if forecast["stockout_on"] is not None else "too_slow"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_regency_that_will_not_repay_says_so_and_why(ui: UI, size: str):
    at(ui, size)
    # Searched as far as the page searches (two years): no median repayment at all.
    forecast = api_json(ui, f"/api/v1/forecast/{UNREPAID}?horizon_days=730", "kadis.jakarta")
    assert forecast["print_debt"] > 0 and forecast["repaid_on"]["p50"] is None, forecast
    reason = REASONS[expected_reason(forecast)]

    ui.sign_in("kadis.jakarta")
    ui.goto(f"/regions/{UNREPAID}")
    answer = words(ui.page.locator("#repayment-answer").inner_text())
    assert answer.startswith(f"{NOT_REPAID}: {reason}"), answer
    assert OLD_NON_ANSWER not in answer and "Lunas antara" not in answer
    assert ui.page.locator("[data-figure='not_repaid']").is_visible()
    ui.snap("region-not-repaid")

    # The province's dashboard says the same on the regency's line.
    at(ui, size)
    ui.goto("/")
    row = ui.page.locator("#children tbody tr",
                          has=ui.page.locator(f"a[href='/regions/{UNREPAID}']"))
    assert row.count() == 1
    said = words(row.locator("[data-col='repaid']").inner_text())
    assert said == f"{NOT_REPAID} ({reason})", said
    ui.snap("province-dashboard-not-repaid")


# --- 3. planned is not in transit ----------------------------------------------------------

def province_figures(ui: UI, code: str) -> dict[str, int]:
    """What the ministry's pages show for `code`: the region page's figures (each under its
    label) and the national dashboard's line."""
    ui.goto(f"/regions/{code}")
    shown = {}
    for key, label in (("incoming", "Dalam perjalanan"), ("planned", "Direncanakan")):
        card = ui.page.locator("section.figures article",
                               has=ui.page.locator(f"[data-figure='{key}']"))
        assert words(card.locator("small").first.inner_text()) == label
        shown[key] = ui.figure(key)
    ui.snap(f"region-{code}-incoming-planned")
    ui.goto("/")
    row = ui.page.locator("#children tbody tr", has=ui.page.locator(f"a[href='/regions/{code}']"))
    assert row.count() == 1
    for key in ("incoming", "planned"):
        shown[f"line_{key}"] = as_number(row.locator(f"[data-col='{key}']").inner_text())
    return shown


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_planned_shipment_is_planned_not_in_transit_until_dispatched(ui: UI, size: str):
    at(ui, size)
    ministry = ui.served.api_token("kemendagri")
    quantity = 321
    stock = api_json(ui, f"/api/v1/stock/{PLANNED_TO}", "kemendagri")
    ui.sign_in("kemendagri")
    before = province_figures(ui, PLANNED_TO)
    at(ui, size)
    assert before == {"incoming": stock["incoming_dispatched"],
                      "planned": stock["incoming_planned"],
                      "line_incoming": stock["incoming_dispatched"],
                      "line_planned": stock["incoming_planned"]}, (before, stock)

    created = ui.served.api("POST", "/api/v1/shipments", ministry, json={
        "source": "00", "destination": PLANNED_TO, "quantity": quantity,
        "note": "browser test: planned, not yet on the road"})
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "planned"
    planned = province_figures(ui, PLANNED_TO)
    at(ui, size)
    stock = api_json(ui, f"/api/v1/stock/{PLANNED_TO}", "kemendagri")
    assert stock["incoming_planned"] == before["planned"] + quantity
    assert stock["incoming_dispatched"] == before["incoming"]
    assert planned == {"incoming": before["incoming"],  # not on the road: not in transit
                       "planned": before["planned"] + quantity,
                       "line_incoming": before["incoming"],
                       "line_planned": before["planned"] + quantity}, planned

    dispatched = ui.served.api(
        "POST", f"/api/v1/shipments/{created.json()['id']}/dispatch", ministry,
        json={"dispatched_on": local_date("00", datetime.now(UTC)).isoformat()})
    assert dispatched.status_code == 200, dispatched.text
    moved = province_figures(ui, PLANNED_TO)
    stock = api_json(ui, f"/api/v1/stock/{PLANNED_TO}", "kemendagri")
    assert stock["incoming_dispatched"] == before["incoming"] + quantity
    assert stock["incoming_planned"] == before["planned"]
    assert moved == {"incoming": before["incoming"] + quantity,
                     "planned": before["planned"],
                     "line_incoming": before["incoming"] + quantity,
                     "line_planned": before["planned"]}, moved


# --- 4. a plan beyond the free stock is refused ----------------------------------------------

FREE_LEFT = 500  # what the national warehouse is left free to plan while this test runs
TRANCHE = 2_000  # more than that; every demo regency's need together is far more


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_plan_beyond_the_warehouses_free_stock_is_refused_and_writes_nothing(
        ui: UI, size: str):
    at(ui, size)
    ministry = ui.served.api_token("kemendagri")
    on_hand = api_json(ui, "/api/v1/stock/00", "kemendagri")["on_hand"]
    _, planned_out = planned_out_of(ui, "00")
    # Whatever earlier tests committed, leave exactly FREE_LEFT free: the rest is promised to
    # a planned shipment (the ministry's own right), cancelled at the end.
    held = on_hand - planned_out - FREE_LEFT
    assert held > 0, f"00 has {on_hand} on hand and {planned_out} planned out"
    holding = ui.served.api("POST", "/api/v1/shipments", ministry, json={
        "source": "00", "destination": HELD_FOR, "quantity": held,
        "note": "browser test: holds the free stock while a larger plan is refused"})
    assert holding.status_code == 201, holding.text
    try:
        count_before, planned_out = planned_out_of(ui, "00")
        assert on_hand - planned_out == FREE_LEFT

        ui.sign_in("kemendagri")
        ui.goto("/planning")
        ui.page.get_by_label("Jumlah blanko tahap ini").fill(str(TRANCHE))
        ui.page.get_by_label("Dibagi di bawah wilayah").fill("00")
        submit(ui, "#plan-form")
        allocated = ui.figure("allocated")
        assert allocated > FREE_LEFT, f"the plan allocates only {allocated}"
        # The page says what is free, as the API counts it, and warns before the click.
        assert ui.figure("source_on_hand") == on_hand
        assert ui.figure("source_planned_out") == planned_out
        assert ui.figure("source_free") == FREE_LEFT
        assert "melebihi stok yang bebas direncanakan" in ui.page.locator(
            "#overcommit").inner_text()
        ui.snap("plan-beyond-free-stock")
        at(ui, size)

        ui.page.get_by_label("Tahap ke-").fill("9")
        ui.expect_status(409)
        submit(ui, "#commit-form")
        problem = ui.page.locator("#problem")
        assert problem.is_visible()
        title = words(problem.locator("strong").first.inner_text())
        assert title == "Ditolak — tidak ada yang disimpan: Stok tidak cukup", title
        detail = words(problem.locator(".detail").inner_text())
        assert (f"tinggal {thousands(FREE_LEFT)} blanko" in detail
                and f"yang diminta {thousands(allocated)}" in detail), detail
        assert "insufficient" not in detail and "{" not in detail
        # The plan is still there to cut down, with what was typed.
        assert ui.page.locator("#commit-form").is_visible()
        assert ui.page.get_by_label("Tahap ke-").input_value() == "9"
        ui.snap("plan-refused")

        count_after, planned_out_after = planned_out_of(ui, "00")
        assert (count_after, planned_out_after) == (count_before, planned_out)
        assert api_json(ui, "/api/v1/stock/00", "kemendagri")["on_hand"] == on_hand
    finally:
        cancelled = ui.served.api(
            "POST", f"/api/v1/shipments/{holding.json()['id']}/cancel", ministry)
        assert cancelled.status_code == 200, cancelled.text
