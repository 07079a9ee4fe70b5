"""The monthly blank report in JSON, XLSX (read back) and PDF (its text read back)."""

from __future__ import annotations

import asyncio
import io
import re
import subprocess
import threading
import zipfile

from python_calamine import CalamineWorkbook

from blanko_tracker.documents import monthly
from blanko_tracker.domain.access import Role
from tests.builders import as_user, given_procurement, problem


async def given_a_february_in_gorontalo_utara(client) -> dict[str, str]:
    """Receipts, print runs with spoilage by cause, an adjustment and a back-dated entry."""
    await given_procurement(10_000)
    admin = await as_user(client, Role.ADMIN, "00")
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    january = (await client.post("/api/v1/shipments", headers=admin, json={
        "destination": "75.05", "quantity": 1_000, "status": "dispatched",
        "dispatched_on": "2023-01-20"})).json()
    await client.post(f"/api/v1/shipments/{january['id']}/receive", headers=admin,
                      json={"received": 1_000, "received_on": "2023-01-25"})
    february = (await client.post("/api/v1/shipments", headers=admin, json={
        "destination": "75.05", "quantity": 500, "status": "dispatched",
        "dispatched_on": "2023-02-06"})).json()
    await client.post(f"/api/v1/shipments/{february['id']}/receive", headers=admin,
                      json={"received": 490, "damaged": 10, "received_on": "2023-02-08"})
    await client.post("/api/v1/print-debt/75.05/snapshots", headers=admin,
                      json={"date": "2023-01-31", "pending": 2_000})
    for day, printed, spoiled, reason in [("2023-02-09", 300, 4, "encode_failure"),
                                          ("2023-02-10", 250, 2, "print_failure"),
                                          ("2023-01-30", 100, 1, "encode_failure")]:
        run = await client.post("/api/v1/print-runs", headers=operator, json={
            "region": "75.05", "date": day, "printed": printed, "spoiled": spoiled,
            "spoiled_reason": reason})
        assert run.status_code == 201, run.text
    await client.post("/api/v1/print-debt/75.05/recordings", headers=operator,
                      json={"date": "2023-02-15", "count": 120})
    await client.post("/api/v1/adjustments", headers=admin, json={
        "region": "75.05", "quantity": -3, "reason": "damaged_in_storage", "note": "wet box",
        "on": "2023-02-20"})
    # Recorded in March, happened in February: lands in February.
    await client.post("/api/v1/print-runs", headers=operator, json={
        "region": "75.05", "date": "2023-02-27", "printed": 50, "spoiled": 0})
    return await as_user(client, Role.PROVINCIAL_HEAD, "75")


async def test_the_month_adds_up_by_the_day_things_happened(client):
    head = await given_a_february_in_gorontalo_utara(client)

    report = (await client.get("/api/v1/reports/monthly/75.05?month=2023-02",
                               headers=head)).json()

    row = report["rows"][0]
    assert (row["opening"], row["received"], row["printed"], row["spoiled"], row["adjusted"]) == (
        899, 490, 600, 6, -3)
    assert row["spoiled_by_reason"] == {"encode_failure": 4, "print_failure": 2}
    assert row["closing"] == 899 + 490 - 600 - 6 - 3 == 780
    assert (row["print_debt_opening"], row["print_debt_closing"], row["recorded"]) == (
        2_000, 2_000 - 600 + 120, 120)
    card = (await client.get("/api/v1/stock/75.05/movements?to=2023-02-28",
                             headers=head)).json()["items"]
    assert sum(m["quantity"] for m in card) == row["closing"]


async def test_a_province_report_has_a_row_per_regency(client):
    head = await given_a_february_in_gorontalo_utara(client)

    report = (await client.get("/api/v1/reports/monthly/75?month=2023-02", headers=head)).json()

    assert report["rows"][0]["region"] == "75" and len(report["rows"]) == 1 + 6
    gorut = next(r for r in report["rows"] if r["region"] == "75.05")
    assert gorut["closing"] == report["rows"][0]["closing"] == 780


async def test_the_workbook_has_a_title_block_indonesian_headers_and_a_total(client):
    head = await given_a_february_in_gorontalo_utara(client)

    response = await client.get("/api/v1/reports/monthly/75?month=2023-02&format=xlsx",
                                headers=head)

    assert response.status_code == 200
    assert "spreadsheetml" in response.headers["content-type"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["Blanko Februari 2023"]
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][0] == "Laporan Bulanan Blanko KTP-el"
    assert rows[1][0] == "Wilayah: Gorontalo (75)" and rows[2][0] == "Bulan: Februari 2023"
    assert re.match(r"Disiapkan oleh: \S+ \(Kepala Dinas Provinsi\)", rows[3][0])
    assert re.search(r", Gorontalo, \d{1,2} \w+ 20\d\d$", rows[3][0])  # the office's day
    header = rows[5]
    assert header[:3] == ["Kode wilayah", "Wilayah", "Saldo awal"]
    assert not any(re.search(r"[a-z]_[a-z]|/ [A-Z]", str(title)) for title in header)
    regencies, total = rows[6:-1], rows[-1]
    assert len(regencies) == 6 and total[1] == "Jumlah"
    gorut = next(r for r in regencies if r[0] == "75.05")
    closing = header.index("Saldo akhir")
    assert gorut[closing] == 780 and isinstance(gorut[closing], (int, float))
    assert gorut[header.index("Rusak: Gagal tulis chip")] == 4
    assert gorut[header.index("Rusak: Gagal cetak")] == 2
    for column in range(2, len(header)):
        assert total[column] == sum(r[column] for r in regencies), header[column]


async def test_the_workbook_prints_on_a4_landscape_one_page_wide(client):
    head = await given_a_february_in_gorontalo_utara(client)

    response = await client.get("/api/v1/reports/monthly/75?month=2023-02&format=xlsx",
                                headers=head)

    with zipfile.ZipFile(io.BytesIO(response.content)) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    setup = re.search(r"<pageSetup [^>]*/>", sheet)
    assert setup and 'paperSize="9"' in setup[0] and 'orientation="landscape"' in setup[0]
    assert 'fitToHeight="0"' in setup[0] and 'fitToPage="1"' in sheet  # one page wide
    widths = re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', sheet)
    assert len(widths) >= 3 and float(widths[1][2]) > 30  # the region's name is given room


async def test_a_regency_workbook_has_its_one_row_and_no_total(client):
    await given_a_february_in_gorontalo_utara(client)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")

    response = await client.get("/api/v1/reports/monthly/75.05?month=2023-02&format=xlsx",
                                headers=operator)

    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[5][0] == "Kode wilayah" and len(rows) == 7 and rows[6][0] == "75.05"


async def test_the_pdf_is_an_indonesian_a4_report_naming_region_and_month(client, tmp_path):
    head = await given_a_february_in_gorontalo_utara(client)

    response = await client.get("/api/v1/reports/monthly/75.05?month=2023-02&format=pdf",
                                headers=head)

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = (await asyncio.to_thread(
        subprocess.run, ["pdftotext", "-layout", str(path), "-"], capture_output=True,
        text=True, check=True)).stdout
    assert "Laporan Bulanan Blanko KTP-el" in text and "Februari 2023" in text
    assert "Gorontalo Utara" in text and "Kepala Dinas" in text
    assert "780" in text and "2.000" in text
    assert "Gagal tulis chip: 4" in text and "Gagal cetak: 2" in text
    assert "encode_failure" not in text and "Jumlah" not in text  # a regency alone: no total
    # The place and the office's day above the signature, as offices sign.
    assert re.search(r"Gorontalo Utara, \d{1,2} \w+ 20\d\d", text)


async def test_a_province_pdf_ends_its_table_with_jumlah_and_signs_in_its_name(client, tmp_path):
    head = await given_a_february_in_gorontalo_utara(client)

    response = await client.get("/api/v1/reports/monthly/75?month=2023-02&format=pdf",
                                headers=head)

    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = (await asyncio.to_thread(
        subprocess.run, ["pdftotext", "-layout", str(path), "-"], capture_output=True,
        text=True, check=True)).stdout
    total = next(line for line in text.splitlines() if line.strip().startswith("Jumlah"))
    assert "780" in total and "2.000" in total
    assert text.index("Gorontalo Utara") < text.index("Jumlah")
    assert re.search(r"Gorontalo, \d{1,2} \w+ 20\d\d", text)
    assert "Disiapkan oleh:" in text and "(Kepala Dinas Provinsi)" in text


async def test_a_pdf_being_rendered_holds_up_no_other_request(client, monkeypatch):
    """The render is held until /health has answered: rendered on the event loop, it would
    hold /health up instead (and then fail the order below)."""
    head = await given_a_february_in_gorontalo_utara(client)
    answered = threading.Event()
    render = monthly._pdf

    def held(*args: object, **kwargs: object) -> bytes:
        answered.wait(timeout=10)
        return render(*args, **kwargs)

    monkeypatch.setattr(monthly, "_pdf", held)
    order: list[str] = []

    async def pdf() -> None:
        response = await client.get("/api/v1/reports/monthly/75?month=2023-02&format=pdf",
                                    headers=head)
        assert response.content.startswith(b"%PDF")
        order.append("pdf")

    async def health() -> None:
        await asyncio.sleep(0.05)  # the PDF's request goes first
        assert (await client.get("/health")).status_code == 200
        order.append("health")
        answered.set()

    await asyncio.gather(pdf(), health())
    assert order == ["health", "pdf"]


async def test_reports_refuse_a_bad_month_and_other_regions(client):
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    problem(await client.get("/api/v1/reports/monthly/75?month=2023-13", headers=head),
            400, "invalid_input")
    problem(await client.get("/api/v1/reports/monthly/75?month=Feb", headers=head),
            400, "invalid_input")
    problem(await client.get("/api/v1/reports/monthly/31?month=2023-02", headers=head),
            403, "out_of_scope")
