"""Spreadsheet imports: all or nothing, bad rows named (the first 100) and counted, XLSX and
CSV, API and CLI, within 100,000 rows and 50 columns."""

from __future__ import annotations

import io
from datetime import date

import pytest
import xlsxwriter

from blanko_tracker.db.tables import (
    AuditEntry,
    IdempotencyRecord,
    IndicatorReport,
    PrintDebtEntry,
)
from blanko_tracker.domain.access import Role
from tests.builders import as_user, problem
from tests.conftest import run_cli

GOOD_INDICATORS = (
    "region,date,wajib_ktp,recorded,printed,ikd_activated,suket_outstanding\n"
    "75.05,2021-09-30,90060,88491,,,\n"
    "17.06,2023-03-31,136500,132784,130000,34000,2784\n"
    "33.28,2023-04-12,1200000,1176000,,5971,\n"
)
BAD_INDICATORS = (
    "region,date,wajib_ktp,recorded,printed,ikd_activated,suket_outstanding\n"
    "75.05,2021-09-30,90060,88491,,,\n"
    "7505,2021-09-30,90060,88491,,,\n"          # row 3: a BPS-style code
    "75.05,30/09/2021,90060,88491,,,\n"         # row 4: not an ISO date
    "75.05,2021-10-31,90060,95000,,,\n"         # row 5: recorded > wajib KTP
    "31.71,2023-01-02,-5,0,,,\n"                # row 6: negative count
    "75,2023-01-02,10,5,,,\n"                   # row 7: a province, not a regency
)


def upload(name: str, content: bytes) -> dict:
    return {"file": (name, content, "application/octet-stream")}


def xlsx(rows: list[list]) -> bytes:
    """A workbook as a spreadsheet program writes one: strings shared, days as date cells."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, day)
            else:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def debt_rows(count: int, *, pending: str = "5") -> bytes:
    return b"region,date,pending\n" + f"31.71,2023-01-02,{pending}\n".encode() * count


async def test_a_good_csv_of_indicators_is_imported(client):
    admin = await as_user(client, Role.ADMIN, "00")

    result = await client.post("/api/v1/imports/indicators", headers=admin,
                               files=upload("indikator.csv", GOOD_INDICATORS.encode()))

    assert result.status_code == 200, result.text
    assert result.json() == {"kind": "indicators", "rows": 3, "imported": 3, "dry_run": False}
    tegal = (await client.get("/api/v1/indicators/33.28", headers=admin)).json()
    assert tegal["ikd_activated"] == 5_971 and tegal["recorded"] == 1_176_000
    assert await AuditEntry.count().where(AuditEntry.action == "import_indicators") == 1


async def test_a_dry_run_checks_everything_and_writes_nothing(client):
    admin = await as_user(client, Role.ADMIN, "00")

    result = await client.post("/api/v1/imports/indicators?dry_run=true", headers=admin,
                               files=upload("indikator.csv", GOOD_INDICATORS.encode()))

    assert result.json() == {"kind": "indicators", "rows": 3, "imported": 0, "dry_run": True}
    assert await IndicatorReport.count() == 0


async def test_a_file_with_bad_rows_names_every_one_and_writes_nothing(client):
    admin = await as_user(client, Role.ADMIN, "00")

    refused = await client.post("/api/v1/imports/indicators", headers=admin,
                                files=upload("indikator.csv", BAD_INDICATORS.encode()))

    body = problem(refused, 422, "invalid_rows")
    named = {(e["row"], e["column"]) for e in body["errors"]}
    assert named == {(3, "region"), (4, "date"), (5, "recorded"), (6, "wajib_ktp"),
                     (7, "region")}
    assert all(e["message"] for e in body["errors"])
    assert await IndicatorReport.count() == 0


async def test_rows_outside_the_callers_scope_are_bad_rows(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")

    refused = await client.post("/api/v1/imports/indicators", headers=operator,
                                files=upload("indikator.csv", GOOD_INDICATORS.encode()))

    body = problem(refused, 422, "invalid_rows")
    assert {e["row"] for e in body["errors"]} == {3, 4}
    assert "outside your scope" in body["errors"][0]["message"]
    assert await IndicatorReport.count() == 0


async def test_an_xlsx_of_print_debt_snapshots_reconciles_each_count(client):
    admin = await as_user(client, Role.ADMIN, "00")
    await client.post("/api/v1/print-debt/31.71/recordings", headers=admin,
                      json={"date": "2023-01-02", "count": 8_000})
    workbook = xlsx([["region", "date", "pending"], ["31.71", "2023-01-03", 9_000],
                     ["31.72", "2023-01-03", 15_000], ["31.71", "2023-01-10", 8_500]])

    result = await client.post("/api/v1/imports/print_debt", headers=admin,
                               files=upload("hutang.xlsx", workbook))

    assert result.status_code == 200, result.text
    assert result.json()["imported"] == 3
    entries = await PrintDebtEntry.select().where(
        PrintDebtEntry.kind == "snapshot").order_by(PrintDebtEntry.occurred_on)
    assert [(str(e["region"]), e["reconciliation"]) for e in entries] == [
        ("31.71", 1_000), ("31.72", 15_000), ("31.71", -500)]
    debt = (await client.get("/api/v1/print-debt/31", headers=admin)).json()
    assert debt["pending"] == 8_500 + 15_000


async def test_files_that_are_not_spreadsheets_are_refused(client):
    admin = await as_user(client, Role.ADMIN, "00")
    problem(await client.post("/api/v1/imports/indicators", headers=admin,
                              files=upload("notes.txt", b"hello")), 400, "invalid_input")
    problem(await client.post("/api/v1/imports/indicators", headers=admin,
                              files=upload("broken.xlsx", b"PK not really")), 400,
            "invalid_input")
    missing = await client.post("/api/v1/imports/print_debt", headers=admin,
                                files=upload("x.csv", b"region,date\n75.05,2023-01-02\n"))
    assert problem(missing, 422, "invalid_rows")["errors"] == [
        {"row": 1, "column": "pending", "message": "this column is missing from the header row"}]


async def test_the_import_command_lists_bad_rows_and_imports_good_files(database, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD_INDICATORS)
    bad.write_text(BAD_INDICATORS)

    dry = run_cli("import", "indicators", str(good), "--dry-run", database_url=database.url)
    refused = run_cli("import", "indicators", str(bad), database_url=database.url, check=False)
    done = run_cli("import", "indicators", str(good), database_url=database.url)

    assert "3 rows checked, nothing written" in dry.stdout
    assert refused.returncode == 1 and "row 5, recorded" in refused.stderr
    assert "3 rows imported" in done.stdout
    assert await IndicatorReport.count() == 3


async def test_an_xlsx_of_indicators_with_date_cells_is_imported(client):
    admin = await as_user(client, Role.ADMIN, "00")
    workbook = xlsx([
        ["Region", "Date", "wajib_ktp", "recorded", "printed", "ikd_activated",
         "suket_outstanding"],
        ["75.05", date(2021, 9, 30), 90_060, 88_491, None, None, None],
        [],  # a blank row between is no row at all
        ["33.28", "2023-04-12", 1_200_000, 1_176_000, None, 5_971, None],
    ])

    checked = await client.post("/api/v1/imports/indicators?dry_run=true", headers=admin,
                                files=upload("indikator.xlsx", workbook))
    result = await client.post("/api/v1/imports/indicators", headers=admin,
                               files=upload("indikator.xlsx", workbook))

    assert checked.json() == {"kind": "indicators", "rows": 2, "imported": 0, "dry_run": True}
    assert result.status_code == 200, result.text
    assert result.json()["imported"] == 2
    gorontalo = (await client.get("/api/v1/indicators/75.05", headers=admin)).json()
    assert gorontalo["date"] == "2021-09-30" and gorontalo["recorded"] == 88_491


async def test_150_bad_rows_name_the_first_100_errors_and_count_them_all(client):
    admin = await as_user(client, Role.ADMIN, "00")
    content = debt_rows(10) + b"31.71,2023-01-02,-1\n" * 150

    refused = await client.post("/api/v1/imports/print_debt", headers=admin,
                                files=upload("hutang.csv", content))

    body = problem(refused, 422, "invalid_rows")
    assert len(body["errors"]) == 100
    assert body["errors"][0] == {"row": 12, "column": "pending",
                                 "message": "'-1' is not a whole number of people ≥ 0"}
    assert body["errors"][-1]["row"] == 111
    assert body["error_count"] == 150 and body["bad_rows"] == 150
    assert "150 of 160 rows" in body["detail"] and "first 100 of 150" in body["detail"]
    assert await PrintDebtEntry.count() == 0


async def test_a_file_of_bad_rows_is_refused_in_a_few_kilobytes_and_kept_so(client):
    """The most rows an import takes, each bad: the refusal lists 100 and counts the rest,
    small enough to be kept as the answer of its Idempotency-Key."""
    admin = await as_user(client, Role.ADMIN, "00")
    # The same bytes twice (httpx would pick a new multipart boundary each time)
    keyed = {**admin, "Idempotency-Key": "hutang-maret",
             "Content-Type": "multipart/form-data; boundary=hutang"}
    content = (b'--hutang\r\nContent-Disposition: form-data; name="file"; '
               b'filename="hutang.csv"\r\nContent-Type: text/csv\r\n\r\n'
               + debt_rows(100_000, pending="banyak") + b"\r\n--hutang--\r\n")

    refused = await client.post("/api/v1/imports/print_debt", headers=keyed, content=content)
    again = await client.post("/api/v1/imports/print_debt", headers=keyed, content=content)

    body = problem(refused, 422, "invalid_rows")
    assert body["error_count"] == 100_000 and len(body["errors"]) == 100
    assert len(refused.content) < 16 * 1024
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.content == refused.content
    stored = await IdempotencyRecord.select(IdempotencyRecord.body)
    assert [len(row["body"]) for row in stored] == [len(refused.content)]


WIDE_HEADER = ["region", "date", "pending", *(f"note_{n}" for n in range(4, 51))]  # A … AX


@pytest.mark.parametrize("shape", ["rows", "columns"])
@pytest.mark.parametrize("name", ["hutang.csv", "hutang.xlsx"])
async def test_a_sheet_past_100000_rows_or_50_columns_is_refused_naming_the_limit(
        client, name, shape):
    admin = await as_user(client, Role.ADMIN, "00")
    if shape == "rows":  # 100,001 rows under the header
        table = [["region", "date", "pending"], *[["31.71", "2023-01-02", 5]] * 100_001]
    else:  # a 51st column, AY
        table = [WIDE_HEADER, ["31.71", "2023-01-02", 5, *[""] * 47, "x"]]
    if name.endswith(".csv"):
        content = "".join(",".join(map(str, row)) + "\n" for row in table).encode()
    else:
        content = xlsx(table)

    refused = await client.post("/api/v1/imports/print_debt", headers=admin,
                                files=upload(name, content))

    body = problem(refused, 422, "spreadsheet_too_large")
    assert "at most 100,000 rows" in body["detail"] and "50 columns" in body["detail"]
    assert body["max_rows"] == 100_000 and body["max_columns"] == 50
    assert (body["rows"], body["columns"]) == ((100_002, 3) if shape == "rows" else (2, 51))
    assert await PrintDebtEntry.count() == 0


async def test_a_sheet_of_exactly_50_columns_is_read(client):
    admin = await as_user(client, Role.ADMIN, "00")
    table = [WIDE_HEADER, ["31.71", "2023-01-02", 5, *[""] * 46, "x"]]

    checked = await client.post("/api/v1/imports/print_debt?dry_run=true", headers=admin,
                                files=upload("hutang.xlsx", xlsx(table)))

    assert checked.status_code == 200, checked.text
    assert checked.json()["rows"] == 1


async def test_the_import_command_counts_the_bad_rows_it_does_not_list(database, tmp_path):
    bad = tmp_path / "hutang.csv"
    bad.write_bytes(debt_rows(2) + b"31.71,2023-01-02,-1\n" * 150)

    refused = run_cli("import", "print_debt", str(bad), database_url=database.url,
                      check=False)

    assert refused.returncode == 1
    assert "150 of 152 rows are not valid" in refused.stderr
    assert refused.stderr.count("pending: '-1'") == 50 and "… and 100 more" in refused.stderr
