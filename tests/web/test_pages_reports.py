"""The monthly report page: pick a region and month, see the rows, download XLSX and PDF."""

from __future__ import annotations

import io

from python_calamine import CalamineWorkbook

from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.services.common import utcnow
from tests.builders import given_stock, given_user
from tests.web.pages import signed_in


def this_month() -> str:
    return local_date("31", utcnow()).strftime("%Y-%m")


async def test_a_head_sees_the_months_rows_and_downloads_both_documents(client):
    await given_stock("31.71", 1_200)
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "31"))
    month = this_month()

    empty = await client.get("/reports")
    shown = await client.get("/reports", params={"region": "31", "month": month})
    xlsx = await client.get(f"/reports/monthly/31/download?month={month}&format=xlsx")
    pdf = await client.get(f"/reports/monthly/31/download?month={month}&format=pdf")

    assert empty.status_code == 200 and '<html lang="id">' in empty.text
    assert 'name="region"' in empty.text and 'name="month"' in empty.text
    assert shown.status_code == 200 and 'id="report-rows"' in shown.text
    assert "1.200" in shown.text  # Jakarta Pusat's closing stock, in the province's rows
    assert f'href="/reports/monthly/31/download?month={month}&amp;format=pdf"' in shown.text
    assert xlsx.status_code == 200
    assert xlsx.headers["content-disposition"] == (
        f'attachment; filename="laporan-blanko-31-{month}.xlsx"')
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)
                                           ).get_sheet_by_index(0).to_python()
    header, *rows = sheet[5:]  # under the title block (documents/monthly.py)
    assert "Saldo akhir" in header and len(rows) >= 2 and rows[-1][1] == "Jumlah"
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"].startswith("attachment;")


async def test_a_region_outside_the_scope_is_a_403_page_and_no_document(client):
    await signed_in(client, await given_user(Role.PRINT_OPERATOR, "31.71"))
    month = this_month()

    shown = await client.get("/reports", params={"region": "75", "month": month})
    download = await client.get(f"/reports/monthly/75/download?month={month}&format=xlsx")

    assert shown.status_code == 403 and "Di luar wilayah Anda" in shown.text
    assert 'value="75"' in shown.text and "/download" not in shown.text
    assert download.status_code == 403
    assert download.headers["content-type"].startswith("text/html")


async def test_a_bad_month_is_shown_with_what_was_typed(client):
    await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))
    answer = await client.get("/reports", params={"region": "31", "month": "2023-13"})
    assert answer.status_code == 400 and 'value="2023-13"' in answer.text
    assert 'class="problem"' in answer.text
