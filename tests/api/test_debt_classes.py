"""The debt's classes over HTTP, on both databases: recordings by class, print runs repaying
in the ministry's priority order or by the classes they name, snapshots with or without
classes, undo, and the sums above regency level."""

from __future__ import annotations

import asyncio
import io
import subprocess

from python_calamine import CalamineWorkbook

from blanko_tracker.db import stock
from blanko_tracker.db.tables import PrintDebtEntry, PrintRun
from blanko_tracker.domain.access import Role
from tests.api.test_printing import print_run, record
from tests.builders import as_user, given_stock, problem

NONE = {"new": 0, "disaster": 0, "replacement": 0, "change": 0, "moved": 0}


def classes(**given: int) -> dict[str, int]:
    return {**NONE, **given}


async def debt(client, headers, code):
    return (await client.get(f"/api/v1/print-debt/{code}", headers=headers)).json()


async def test_a_run_repays_first_cards_and_disaster_victims_before_replacements(client):
    await given_stock("75.05", 1_000)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    await record(client, operator, "75.05", "2023-03-01", 30, "replacement")
    await record(client, operator, "75.05", "2023-03-01", 20, "new")
    await record(client, operator, "75.05", "2023-03-01", 10, "disaster")
    await record(client, operator, "75.05", "2023-03-01", 5, "moved")

    assert (await print_run(client, operator, "75.05", "2023-03-02", 40)).status_code == 201

    owed = await debt(client, operator, "75.05")
    assert owed["pending"] == 25
    assert owed["by_class"] == classes(replacement=20, moved=5)


async def test_a_run_may_name_the_classes_it_repaid(client):
    await given_stock("75.05", 1_000)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    await record(client, operator, "75.05", "2023-03-01", 30, "replacement")
    await record(client, operator, "75.05", "2023-03-01", 20, "new")

    response = await client.post("/api/v1/print-runs", headers=operator, json={
        "region": "75.05", "date": "2023-03-02", "printed": 12,
        "printed_by_class": {"replacement": 12}})

    assert response.status_code == 201, response.text
    assert (await debt(client, operator, "75.05"))["by_class"] == classes(new=20,
                                                                          replacement=18)


async def test_classes_that_do_not_add_up_are_refused_and_nothing_is_written(client):
    await given_stock("75.05", 1_000)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    await record(client, operator, "75.05", "2023-03-01", 30)

    short = await client.post("/api/v1/print-runs", headers=operator, json={
        "region": "75.05", "date": "2023-03-02", "printed": 12,
        "printed_by_class": {"new": 10}})
    unknown = await client.post("/api/v1/print-runs", headers=operator, json={
        "region": "75.05", "date": "2023-03-02", "printed": 12,
        "printed_by_class": {"new": 10, "orphans": 2}})
    negative = await client.post("/api/v1/print-runs", headers=operator, json={
        "region": "75.05", "date": "2023-03-02", "printed": 12,
        "printed_by_class": {"new": 14, "change": -2}})

    body = problem(short, 400, "invalid_input")
    assert body["errors"][0]["field"] == "printed_by_class"
    problem(unknown, 400, "invalid_input")
    problem(negative, 400, "invalid_input")
    assert await PrintRun.count() == 0
    assert await stock.on_hand("75.05") == 1_000
    assert (await debt(client, operator, "75.05"))["pending"] == 30


async def test_a_snapshot_sets_classes_or_keeps_their_proportions(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    await record(client, operator, "75.05", "2023-03-01", 60, "new")
    await record(client, operator, "75.05", "2023-03-01", 40, "change")

    scaled = await client.post("/api/v1/print-debt/75.05/snapshots", headers=operator,
                               json={"date": "2023-03-02", "pending": 50})
    assert scaled.status_code == 201, scaled.text
    assert scaled.json()["by_class"] == classes(new=30, change=20)
    assert (await debt(client, operator, "75.05"))["by_class"] == classes(new=30, change=20)

    named = await client.post("/api/v1/print-debt/75.05/snapshots", headers=operator, json={
        "date": "2023-03-03", "pending": 70, "by_class": {"disaster": 50, "moved": 20}})
    assert named.status_code == 201, named.text
    assert (await debt(client, operator, "75.05"))["by_class"] == classes(disaster=50,
                                                                          moved=20)

    wrong = await client.post("/api/v1/print-debt/75.05/snapshots", headers=operator, json={
        "date": "2023-03-03", "pending": 70, "by_class": {"disaster": 50}})
    assert problem(wrong, 400, "invalid_input")["errors"][0]["field"] == "by_class"
    assert await PrintDebtEntry.count() == 4


async def test_undoing_a_run_gives_the_classes_it_repaid_back(client):
    await given_stock("75.05", 1_000)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    await record(client, operator, "75.05", "2023-03-01", 10, "new")
    await record(client, operator, "75.05", "2023-03-01", 10, "disaster")
    await record(client, operator, "75.05", "2023-03-01", 10, "change")
    run = (await print_run(client, operator, "75.05", "2023-03-02", 15)).json()
    assert (await debt(client, operator, "75.05"))["by_class"] == classes(disaster=5,
                                                                          change=10)

    undone = await client.post(f"/api/v1/print-runs/{run['id']}/reverse", headers=operator,
                               json={"reason": "entered twice"})

    assert undone.status_code == 201, undone.text
    assert (await debt(client, operator, "75.05"))["by_class"] == classes(
        new=10, disaster=10, change=10)


async def test_a_province_and_the_nation_show_the_sums_of_their_regencies(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    other = await as_user(client, Role.PRINT_OPERATOR, "75.01")
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    await record(client, operator, "75.05", "2023-03-01", 7, "disaster")
    await record(client, other, "75.01", "2023-03-01", 3, "disaster")
    await record(client, other, "75.01", "2023-03-01", 4, "moved")

    province = await debt(client, head, "75")

    assert province["pending"] == 14
    assert province["by_class"] == classes(disaster=10, moved=4)
    by_child = {child["region"]: child["by_class"] for child in province["children"]}
    assert by_child["75.01"] == classes(disaster=3, moved=4)
    assert by_child["75.05"] == classes(disaster=7)


async def test_the_monthly_report_and_its_workbook_and_pdf_show_the_classes(client, tmp_path):
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    await record(client, operator, "75.05", "2023-02-03", 70, "new")
    await record(client, operator, "75.05", "2023-02-03", 30, "disaster")

    report = (await client.get("/api/v1/reports/monthly/75?month=2023-02",
                               headers=head)).json()
    gorut = next(row for row in report["rows"] if row["region"] == "75.05")
    assert gorut["print_debt_closing_by_class"] == classes(new=70, disaster=30)
    assert report["rows"][0]["print_debt_closing_by_class"] == classes(new=70, disaster=30)

    book = await client.get("/api/v1/reports/monthly/75?month=2023-02&format=xlsx",
                            headers=head)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(book.content)).get_sheet_by_index(
        0).to_python()
    header = rows[5]
    line = next(row for row in rows if row[0] == "75.05")
    assert line[header.index("Hutang: Korban bencana")] == 30
    assert line[header.index("Hutang: Perekaman baru")] == 70

    pdf = await client.get("/api/v1/reports/monthly/75.05?month=2023-02&format=pdf",
                           headers=head)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.content)
    text = (await asyncio.to_thread(subprocess.run, ["pdftotext", "-layout", str(path), "-"],
                                    capture_output=True, text=True, check=True)).stdout
    assert "Korban bencana: 30" in text and "Perekaman baru: 70" in text
