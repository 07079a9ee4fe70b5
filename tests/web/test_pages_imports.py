"""Uploading a spreadsheet on the page: all or nothing, the bad rows shown as a table."""

from __future__ import annotations

import io
import re
from datetime import date

import xlsxwriter

from blanko_tracker.db.tables import IndicatorReport, PrintDebtEntry
from blanko_tracker.domain.access import Role
from tests.builders import given_user
from tests.web.pages import signed_in

HEADER = "region,date,wajib_ktp,recorded,printed,ikd_activated,suket_outstanding\n"
GOOD = HEADER + "75.05,2021-09-30,90060,88491,,,\n75.05,2021-10-31,90100,88600,,,\n"
BAD = HEADER + (
    "75.05,2021-09-30,90060,88491,,,\n"   # row 2: fine, and still not written
    "75.05,30/09/2021,90060,88491,,,\n"   # row 3: not an ISO date
    "31.71,2023-01-02,10,5,,,\n"          # row 4: outside the operator's regency
)


def csv(content: str, name: str = "indikator.csv") -> dict:
    return {"file": (name, content.encode(), "text/csv")}


async def test_an_operator_imports_indicators_and_sees_the_counts(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, "75.05"))

    form = await client.get("/imports")
    imported = await client.post("/imports", data={"csrf_token": token, "kind": "indicators"},
                                 files=csv(GOOD))

    assert form.status_code == 200 and '<html lang="id">' in form.text
    assert 'enctype="multipart/form-data"' in form.text and 'type="file"' in form.text
    assert imported.status_code == 200, imported.text
    assert 'data-figure="rows">2<' in imported.text
    assert 'data-figure="imported">2<' in imported.text
    assert await IndicatorReport.count() == 2


async def test_a_dry_run_checks_and_writes_nothing(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, "75.05"))
    checked = await client.post("/imports", files=csv(GOOD), data={
        "csrf_token": token, "kind": "indicators", "dry_run": "true"})
    assert checked.status_code == 200 and "tidak ada yang disimpan" in checked.text
    assert 'data-figure="imported">0<' in checked.text
    assert 'id="f-dry_run" name="dry_run" value="true" checked' in checked.text
    assert await IndicatorReport.count() == 0


async def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_written(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, "75.05"))

    refused = await client.post("/imports", data={"csrf_token": token, "kind": "indicators"},
                                files=csv(BAD))

    assert refused.status_code == 422 and 'class="problem"' in refused.text
    assert "Baris tidak valid" in refused.text and 'id="row-errors"' in refused.text
    table = refused.text.split('id="row-errors"')[1].split("</table>")[0]
    rows = re.findall(r'<tr><td class="num">(\d+)</td><td><code>(\w+)</code></td>', table)
    assert ("3", "date") in rows and ("4", "region") in rows
    assert not any(row == "2" for row, _ in rows)
    assert await IndicatorReport.count() == 0


async def test_a_missing_file_or_unknown_kind_is_refused(client):
    token = await signed_in(client, await given_user(Role.ADMIN, "00"))
    no_file = await client.post("/imports", data={"csrf_token": token, "kind": "print_debt"},
                                files={"file": ("", b"", "application/octet-stream")})
    unknown = await client.post("/imports", data={"csrf_token": token, "kind": "people"},
                                files=csv(GOOD))
    assert no_file.status_code == 400 and 'class="problem"' in no_file.text
    assert '<option value="print_debt" selected>' in no_file.text
    assert unknown.status_code == 400
    assert await PrintDebtEntry.count() == 0 and await IndicatorReport.count() == 0


async def test_roles_that_record_nothing_get_a_403_page(client):
    await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "75"))
    answer = await client.get("/imports")
    assert answer.status_code == 403 and "Peran Anda tidak berhak" in answer.text


async def test_an_upload_without_the_csrf_token_writes_nothing(client):
    await signed_in(client, await given_user(Role.PRINT_OPERATOR, "75.05"))
    answer = await client.post("/imports", data={"kind": "indicators"}, files=csv(GOOD))
    assert answer.status_code == 403 and await IndicatorReport.count() == 0


async def test_an_xlsx_is_imported_on_the_page(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, "75.05"))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER.strip().split(","))
    sheet.write_string(1, 0, "75.05")
    sheet.write_datetime(1, 1, date(2021, 9, 30), book.add_format({"num_format": "d mmm yyyy"}))
    sheet.write_row(1, 2, [90_060, 88_491])
    book.close()

    imported = await client.post("/imports", data={"csrf_token": token, "kind": "indicators"},
                                 files={"file": ("indikator.xlsx", buffer.getvalue(),
                                                 "application/octet-stream")})

    assert imported.status_code == 200, imported.text
    assert 'data-figure="imported">1<' in imported.text
    assert await IndicatorReport.count() == 1


async def test_150_bad_rows_show_the_first_100_and_how_many_in_all(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, "75.05"))
    bad = HEADER + "75.05,30/09/2021,90060,88491,,,\n" * 150

    refused = await client.post("/imports", data={"csrf_token": token, "kind": "indicators"},
                                files=csv(bad))

    assert refused.status_code == 422
    table = refused.text.split('id="row-errors"')[1].split("</table>")[0]
    assert len(re.findall(r'<tr><td class="num">\d+</td>', table)) == 100
    assert 'data-figure="listed">100<' in table and 'data-figure="error-count">150<' in table
    assert await IndicatorReport.count() == 0


async def test_a_sheet_past_the_limits_is_refused_on_the_page(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, "75.05"))
    wide = HEADER.strip() + "," * 44 + "\n"  # 7 + 44 = 51 columns

    refused = await client.post("/imports", data={"csrf_token": token, "kind": "indicators"},
                                files=csv(wide))

    assert refused.status_code == 422 and 'class="problem"' in refused.text
    assert "100.000 baris" in refused.text and "50 kolom" in refused.text
