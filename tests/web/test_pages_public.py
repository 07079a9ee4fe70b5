"""The public pages (issue 24 item 2), on both databases: /publik and /publik/{code} open
with no sign-in, in Bahasa Indonesia with Indonesian numbers and dates, cacheable
(`Cache-Control: public`); a regency's page answers a resident's queue number in words; a
signed-in officer's cookie changes nothing on them (no menu, no name, still public); and
they link to no signed-in page but the sign-in page."""

from __future__ import annotations

import re

import pytest

from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.formats import long_date
from blanko_tracker.services.common import utcnow
from tests.builders import given_printing_history, given_stock, given_user
from tests.web.pages import another_browser, signed_in

REGENCY = "75.05"  # Kabupaten Gorontalo Utara
PUBLIC_PAGES = ("/publik", "/publik/75", f"/publik/{REGENCY}")
_LINK = re.compile(r'(?:href|action)="([^"]*)"')


@pytest.fixture
async def printing_regency(client) -> str:
    admin = await given_printing_history(REGENCY)
    await given_stock("31.71", 12_345)
    return admin.username


def links(html: str) -> set[str]:
    return set(_LINK.findall(html))


def assert_public(answer) -> None:
    assert answer.status_code == 200, answer.text[:500]
    cache = answer.headers["cache-control"]
    assert "public" in cache and "no-store" not in cache and "private" not in cache
    assert "set-cookie" not in answer.headers


async def test_anyone_sees_the_nation_a_province_and_a_regency_in_indonesian(
        client, printing_regency):
    nation, province, regency = [await client.get(path) for path in PUBLIC_PAGES]

    for answer in (nation, province, regency):
        assert_public(answer)
        assert '<html lang="id">' in answer.text
        assert "Stok Blanko KTP-el" in answer.text
    today = long_date(local_date(REGENCY, utcnow()), "id")
    assert today in regency.text
    assert 'href="/publik/75"' in nation.text and 'href="/publik/31"' in nation.text
    assert 'name="region"' in nation.text and 'list="region-picks"' in nation.text
    assert f'href="/publik/{REGENCY}"' in province.text and "Gorontalo Utara" in province.text
    assert 'data-figure="on_hand">600<' in regency.text
    assert 'data-figure="print_debt">1.000<' in regency.text
    assert "12.345" in nation.text  # 31.71's stock in its province's total, written as id
    assert "Nomor antrean Anda" in regency.text and 'name="position"' in regency.text


async def test_a_resident_asks_when_their_queue_number_is_printed(client, printing_regency):
    soon = await client.get(f"/publik/{REGENCY}", params={"position": "120"})
    short = await client.get(f"/publik/{REGENCY}", params={"position": "800"})
    past = await client.get(f"/publik/{REGENCY}", params={"position": "1.500"})
    bad = await client.get(f"/publik/{REGENCY}", params={"position": "nol"})
    zero = await client.get(f"/publik/{REGENCY}", params={"position": "0"})

    assert_public(soon)
    assert re.search(r"kemungkinan dicetak antara \d+ \w+ \d{4} dan \d+ \w+ \d{4} "
                     r"\(paling mungkin \d+ \w+ \d{4}\)", soon.text), soon.text
    assert 'data-reason="not_enough_blanks"' in short.text
    assert "belum cukup untuk mencetak sampai nomor 800" in short.text
    assert 'data-reason="beyond_queue"' in past.text
    assert "hanya 1.000 rekaman yang menunggu" in past.text
    for refused in (bad, zero):
        assert refused.status_code == 400 and 'class="problem"' in refused.text
        assert 'aria-invalid="true"' in refused.text
    assert "Isi dengan bilangan bulat." in bad.text or "bilangan" in bad.text


async def test_english_is_a_switch_away(client, printing_regency):
    switched = await client.get("/lang/en", params={"next": f"/publik/{REGENCY}"})
    answer = await client.get(switched.headers["location"])

    assert answer.status_code == 200 and '<html lang="en">' in answer.text
    assert "KTP-el blank stock" in answer.text and "Your queue number" in answer.text
    assert answer.headers.get("vary", "").lower().count("cookie") == 1


async def test_a_signed_in_officers_cookie_changes_nothing_on_the_public_pages(
        client, database, printing_regency):
    admin = await given_user(Role.ADMIN, "00", username="public.admin")
    await signed_in(client, admin)
    async with another_browser(database) as stranger:
        for path in PUBLIC_PAGES:
            anonymous = await stranger.get(path)
            officer = await client.get(path)

            assert_public(officer)
            assert officer.text == anonymous.text
            for text in ("public.admin", printing_regency, "/logout", "csrf_token", "Keluar",
                         "/password"):
                assert text not in officer.text, (path, text)


async def test_the_public_pages_link_to_nothing_behind_a_sign_in_but_the_sign_in(
        client, printing_regency):
    answers = [await client.get(path) for path in PUBLIC_PAGES]
    answers.append(await client.get(f"/publik/{REGENCY}", params={"position": "5"}))

    for answer in answers:
        for link in links(answer.text):
            path = link.split("?")[0].split("#")[0]
            assert (path.startswith(("/publik", "/static/", "/lang/", "#"))
                    or path in ("/login", "")), link


async def test_the_picker_goes_to_the_named_region_and_a_bad_name_is_said_so(
        client, printing_regency):
    by_name = await client.get("/publik", params={"region": "Gorontalo Utara"})
    by_code = await client.get("/publik", params={"region": "Kota Jakarta Timur (31.71)"})
    district = await client.get("/publik/75.05.01")
    unknown = await client.get("/publik", params={"region": "Atlantis"})
    missing = await client.get("/publik/75.99")
    junk = await client.get("/publik/robots.txt")

    assert by_name.status_code == 303 and by_name.headers["location"] == f"/publik/{REGENCY}"
    assert by_code.status_code == 303 and by_code.headers["location"] == "/publik/31.71"
    assert district.status_code in (303, 404)
    if district.status_code == 303:
        assert district.headers["location"] == f"/publik/{REGENCY}"
    assert unknown.status_code == 400 and 'class="problem"' in unknown.text
    for answer in (missing, junk):
        assert answer.status_code == 404
        assert "public" not in answer.headers.get("cache-control", "")
        assert 'href="/publik"' in answer.text and 'href="/"' not in answer.text


async def test_the_sign_in_page_shows_residents_the_way_to_the_public_pages(client):
    login = await client.get("/login")

    assert 'href="/publik"' in login.text
