"""Spreadsheets made to hurt the server: each is refused with a problem, and the server lives.

A 1.6 KB .xlsx whose one cell sits at XFD1048576 made the old reader (python-calamine)
build the whole grid out to it, ~550 GB: the process aborted (SIGABRT), which no `except`
catches. So these files are never read in the test process: they go to the real
`blanko-tracker import` command (a process of its own, which may die without taking the
tests with it) or to a real server, and a dead process is what the test then reports.
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from blanko_tracker.services import imports
from tests.builders import given_admin, sign_in
from tests.conftest import SECRET, run_cli, serving
from tests.web.pages import csrf_of

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>region</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>date</t></is></c>'
              '<c r="C1" t="inlineStr"><is><t>pending</t></is></c></row>')
FAR_CELL = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
ADMIN_PASSWORD = "Sandi-Impor-7431"
MAX_ROWS, MAX_COLUMNS = 100_000, 50  # API.md: at most 100,000 rows and 50 columns


def workbook(sheet_data: str | Iterator[bytes], *, dimension: str | None = None,
             shared_strings: str | None = None) -> bytes:
    """A minimal .xlsx, written by hand so that it can be hostile: one sheet, whose
    `<sheetData>` is `sheet_data` (or streamed from an iterator of XML bytes, for members
    that unpack to hundreds of megabytes), with an optional `<dimension>` and shared
    strings."""
    overrides = '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.' \
        'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' \
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.' \
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    relations = (f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" '
                 'Target="worksheets/sheet1.xml"/>')
    if shared_strings is not None:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        relations += (f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" '
                      'Target="sharedStrings.xml"/>')
    members = {
        "[Content_Types].xml": f'<Types xmlns="{PACKAGE}/content-types"><Default Extension='
        '"rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>',
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE}/relationships"><Relationship '
        f'Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE}/relationships">'
        f'{relations}</Relationships>',
    }
    if shared_strings is not None:
        members["xl/sharedStrings.xml"] = shared_strings
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}">'
            + (f'<dimension ref="{dimension}"/>' if dimension else "") + "<sheetData>")
    buffer = io.BytesIO()
    streamed = not isinstance(sheet_data, str)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, text in members.items():
            package.writestr(name, text)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=streamed) as sheet:
            sheet.write(head.encode())
            for part in [sheet_data.encode()] if isinstance(sheet_data, str) else sheet_data:
                sheet.write(part)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def repeated(piece: bytes, total: int) -> Iterator[bytes]:
    """`piece` over and over, `total` bytes of it, a megabyte at a time."""
    chunk = piece * (1024 * 1024 // len(piece))
    for _ in range(total // len(chunk) + 1):
        yield chunk


THE_BOMB = workbook(HEADER_ROW + FAR_CELL, dimension="A1:XFD1048576")


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "blanko.sqlite"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def imported_by_command(content: bytes, folder: Path, database_url: str,
                        name: str = "hostile.xlsx") -> subprocess.CompletedProcess:
    """`blanko-tracker import print_debt FILE --dry-run` in a process of its own."""
    path = folder / name
    path.write_bytes(content)
    return run_cli("import", "print_debt", str(path), "--dry-run", database_url=database_url,
                   check=False)


def assert_refused(answer: subprocess.CompletedProcess, code: str, *words: str) -> None:
    """Refused with a message and exit status 1, not killed by a signal (a negative status)."""
    assert answer.returncode == 1, (
        f"exit status {answer.returncode} (a negative one is the signal that killed it)\n"
        f"{answer.stderr[-2000:]}")
    assert f"refused ({code})" in answer.stderr, answer.stderr[-2000:]
    for word in words:
        assert word in answer.stderr, answer.stderr[-2000:]


def test_the_bomb_is_a_tiny_file():
    assert len(THE_BOMB) < 2048


def test_a_cell_at_xfd1048576_is_refused_by_the_command_not_fatal(tmp_path, sqlite_url):
    answer = imported_by_command(THE_BOMB, tmp_path, sqlite_url)

    assert_refused(answer, "spreadsheet_too_large", f"{MAX_ROWS:,} rows",
                   f"{MAX_COLUMNS} columns", "XFD1048576")


@pytest.mark.parametrize("dimension", [None, "A1:C2"], ids=["no-dimension", "lying-dimension"])
def test_the_far_cell_is_found_where_the_dimension_does_not_say_so(tmp_path, sqlite_url,
                                                                    dimension):
    answer = imported_by_command(workbook(HEADER_ROW + FAR_CELL, dimension=dimension),
                                 tmp_path, sqlite_url)

    assert_refused(answer, "spreadsheet_too_large", f"{MAX_ROWS:,} rows")


def test_a_row_far_below_the_limit_is_refused_before_it_is_reached(tmp_path, sqlite_url):
    far_row = '<row r="900000"><c r="A900000"><v>1</v></c></row>'
    answer = imported_by_command(workbook(HEADER_ROW + far_row), tmp_path, sqlite_url)

    assert_refused(answer, "spreadsheet_too_large", "row 900,000")


def test_a_row_of_a_million_cells_is_refused_at_the_51st(tmp_path, sqlite_url):
    """Cells without an `r` follow each other: the million of them are one row, 3 MB of
    XML in a few kilobytes of zip."""
    wide = b''.join([b'<row r="2">', *repeated(b"<c/>", 4_000_000), b"</row>"])
    answer = imported_by_command(workbook(iter([HEADER_ROW.encode(), wide])), tmp_path,
                                 sqlite_url)

    assert_refused(answer, "spreadsheet_too_large", f"{MAX_COLUMNS} columns")


def test_a_sheet_that_unpacks_to_gigabytes_is_refused_by_its_size(tmp_path, sqlite_url):
    """Blanks between the rows compress a thousandfold: 300 MB of them in a few hundred KB."""
    padding = repeated(b" " * 1024, 300 * 1024 * 1024)
    content = workbook(iter([HEADER_ROW.encode(), *padding]))
    assert len(content) < 1024 * 1024

    answer = imported_by_command(content, tmp_path, sqlite_url)

    assert_refused(answer, "spreadsheet_too_large", "unpacks to more than")


def test_shared_strings_that_unpack_past_their_limit_are_refused(tmp_path, sqlite_url):
    strings = b"".join([f'<sst xmlns="{MAIN}">'.encode(),
                        *repeated(b"<si><t>x</t></si>", 80 * 1024 * 1024), b"</sst>"])
    content = workbook(HEADER_ROW, shared_strings=strings.decode())

    answer = imported_by_command(content, tmp_path, sqlite_url)

    assert_refused(answer, "spreadsheet_too_large", "unpacks to more than")


def test_entities_in_a_sheet_are_refused_unexpanded(tmp_path, sqlite_url):
    """A billion laughs: ten levels of ten entities each; a workbook has no DTD."""
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    laughs = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "ha">{entities}]>'
              f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
              '<is><t>&l9;</t></is></c></row></sheetData></worksheet>')
    content = workbook(HEADER_ROW)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, laughs if item.filename.endswith("sheet1.xml")
                            else source.read(item.filename))

    answer = imported_by_command(buffer.getvalue(), tmp_path, sqlite_url)

    assert_refused(answer, "invalid_input", "not a readable .xlsx")


def test_a_csv_of_a_million_rows_is_refused_at_the_limit_in_little_memory(tmp_path,
                                                                           sqlite_url):
    """The command reads the file from disk, past the API's 10 MB: rows are counted as they
    stream, and the refusal comes at the 100,001st without holding the rest."""
    path = tmp_path / "hutang.csv"
    with path.open("w") as out:
        out.write("region,date,pending\n")
        out.writelines("31.71,2023-01-02,5\n" for _ in range(1_000_000))

    answer, peak = measured_command(tmp_path, sqlite_url, "import", "print_debt", str(path),
                                    "--dry-run")

    assert_refused(answer, "spreadsheet_too_large", f"{MAX_ROWS:,} rows")
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.0f} MB"


# The command's own modules take ~40 MB and 100,000 checked rows ~15 MB; a million rows read
# whole took ten times that.
PEAK_LIMIT = 128 * 1024 * 1024


# Runs the command and, as it exits, writes its peak resident memory (VmHWM: the process's
# own high-water mark; the rusage of a child counts the parent's pages from before its exec).
_MEASURED = """
import atexit, re, runpy, sys
def peak():
    status = open("/proc/self/status").read()
    print("peak-kb", re.search(r"VmHWM:\\s+(\\d+)", status).group(1), file=sys.stderr)
atexit.register(peak)
sys.argv = ["blanko-tracker", *sys.argv[1:]]
runpy.run_module("blanko_tracker.cli", run_name="__main__")
"""


def measured_command(folder: Path, database_url: str, *args: str
                     ) -> tuple[subprocess.CompletedProcess, int]:
    """`blanko-tracker ARGS` and its peak resident memory in bytes."""
    env = {**os.environ, "BLANKO_DATABASE_URL": database_url, "BLANKO_SECRET_KEY": SECRET}
    answer = subprocess.run([sys.executable, "-c", _MEASURED, *args], env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    peak = answer.stderr.rpartition("peak-kb ")[2].strip()
    assert peak.isdigit(), answer.stderr[-2000:]
    return answer, int(peak) * 1024


# A real server: the same files through the API and the page, and the server still answers.

@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`blanko-tracker serve` on a fresh SQLite file, with an admin at 00."""
    folder = tmp_path_factory.mktemp("hostile-spreadsheets")
    url = f"sqlite:///{folder / 'blanko.sqlite'}"
    run_cli("migrate", database_url=url)
    run_cli("users", "create", "--username", "admin", "--password", ADMIN_PASSWORD,
            "--role", "admin", "--region", "00", database_url=url)
    with serving(folder, "--no-access-log") as base:
        yield base


@pytest.fixture
async def api(served: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=served, timeout=120) as http:
        token = await http.post("/api/v1/auth/token", json={
            "username": "admin", "password": ADMIN_PASSWORD})
        assert token.status_code == 200, token.text
        http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        yield http


async def test_the_bomb_sent_to_the_api_is_refused_and_the_server_lives(api):
    answer = await api.post("/api/v1/imports/print_debt",
                            files={"file": ("hutang.xlsx", THE_BOMB)})

    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "spreadsheet_too_large"
    assert body["max_rows"] == MAX_ROWS and body["max_columns"] == MAX_COLUMNS
    assert (await api.get("/health")).json() == {"status": "ok", "database": "ok"}


async def test_the_bomb_uploaded_on_the_page_is_refused_and_the_server_lives(served):
    async with httpx.AsyncClient(base_url=served, timeout=120) as browser:
        form = await browser.get("/login")
        signed = await browser.post("/login", data={
            "csrf_token": csrf_of(form), "username": "admin", "password": ADMIN_PASSWORD,
            "next": "/"})
        assert signed.status_code == 303, signed.text
        token = csrf_of(await browser.get("/imports"))

        answer = await browser.post("/imports", data={"csrf_token": token,
                                                      "kind": "print_debt"},
                                    files={"file": ("hutang.xlsx", THE_BOMB)})

        assert answer.status_code == 422 and 'class="problem"' in answer.text
        assert "100.000 baris" in answer.text and f"{MAX_COLUMNS} kolom" in answer.text
        assert (await browser.get("/health")).status_code == 200


async def test_health_answers_while_a_file_is_parsed(client, monkeypatch):
    """Files are read and checked in a worker thread. Here the reading is held until
    /health has answered: read on the event loop, it would hold /health up instead (and
    fail the order below)."""
    answered = threading.Event()
    read = imports._read_checked

    def held(*args: object, **kwargs: object) -> object:
        answered.wait(timeout=10)
        return read(*args, **kwargs)

    monkeypatch.setattr(imports, "_read_checked", held)
    headers = await sign_in(client, await given_admin())
    order: list[str] = []

    async def importing() -> None:
        answer = await client.post(
            "/api/v1/imports/print_debt", params={"dry_run": "true"}, headers=headers,
            files={"file": ("hutang.csv", b"region,date,pending\n31.71,2023-01-02,5\n")})
        assert answer.status_code == 200, answer.text
        order.append("import")

    async def health() -> None:
        await asyncio.sleep(0.05)  # the import goes first
        assert (await client.get("/health")).status_code == 200
        order.append("health")
        answered.set()

    await asyncio.gather(importing(), health())
    assert order == ["health", "import"]
