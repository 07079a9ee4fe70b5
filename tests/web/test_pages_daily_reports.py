"""The daily report on the pages, on both databases: the office sees its day as the ledger
holds it, confirms it with a note and gets the WhatsApp text with its share link; the
province sees who reported and who did not; another regency's day is not theirs to see."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from blanko_tracker.db.tables import DailyReport
from blanko_tracker.domain.access import Role
from tests.builders import given_stock, given_user
from tests.web.pages import another_browser, signed_in

REGENCY, PROVINCE = "75.05", "75"


async def test_the_office_confirms_its_day_and_gets_the_text_to_share(client):
    await given_stock(REGENCY, 2_500)
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, REGENCY))

    dashboard = await client.get("/")
    form = await client.get(f"/regions/{REGENCY}/daily-report")
    sent = await client.post(f"/regions/{REGENCY}/daily-report", data={
        "csrf_token": token, "note": "Printer 2 rusak"}, follow_redirects=True)

    assert f'href="/regions/{REGENCY}/daily-report"' in dashboard.text
    assert form.status_code == 200 and 'data-figure="on_hand">2.500<' in form.text
    assert "Konfirmasi laporan hari ini" in form.text and "daily-text" not in form.text
    assert sent.status_code == 200, sent.text
    assert "Laporan harian terkirim." in sent.text and "Laporkan ulang hari ini" in sent.text
    text = html.unescape(re.search(r'<textarea id="daily-text"[^>]*>(.*?)</textarea>',
                                   sent.text, re.S).group(1))
    assert "Stok blanko: 2.500 keping" in text and "Catatan: Printer 2 rusak" in text
    share = html.unescape(re.search(r'href="(https://wa\.me/\?text=[^"]+)"', sent.text).group(1))
    assert unquote(share.split("=", 1)[1]) == text
    assert await DailyReport.count() == 1


async def test_the_province_sees_who_reported(client, database):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    token = await signed_in(client, operator)
    await client.post(f"/regions/{REGENCY}/daily-report", data={"csrf_token": token})
    async with another_browser(database) as head:
        await signed_in(head, await given_user(Role.PROVINCIAL_HEAD, PROVINCE))
        province = await head.get(f"/regions/{PROVINCE}")
        call = await head.get(f"/regions/{PROVINCE}/daily-reports")
        theirs = await head.get(f"/regions/{REGENCY}/daily-report")

    assert f'href="/regions/{PROVINCE}/daily-reports"' in province.text
    assert call.status_code == 200
    assert "1 dari 6 kabupaten/kota sudah melapor." in call.text
    reported = call.text.split('id="reported"')[1]
    missing = call.text.split('id="missing"')[1].split('id="reported"')[0]
    assert "Gorontalo Utara" in reported and "Gorontalo Utara" not in missing
    assert "Kabupaten Boalemo" in missing
    assert theirs.status_code == 403  # a head reads reports, the office sends its own


async def test_another_regencys_day_is_refused_before_anything_is_read(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, REGENCY))
    seen = await client.get("/regions/75.01/daily-report")
    sent = await client.post("/regions/75.01/daily-report", data={"csrf_token": token})
    assert seen.status_code == 403 and sent.status_code == 403
    assert await DailyReport.count() == 0
