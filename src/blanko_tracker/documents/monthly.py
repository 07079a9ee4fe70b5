"""The monthly blank report as a workbook (XlsxWriter) and as a printable A4 PDF (WeasyPrint).

The PDF is in Bahasa Indonesia, as offices file it: the region, the month ("Februari 2023"),
the table with numbers written 83.000, and a signature block. The workbook keeps numbers as
numbers (the spreadsheet shows them in its reader's own way); its sheet is named for the
month in Indonesian. Both are written by blanko_tracker/formats.py (Babel).
"""

from __future__ import annotations

import asyncio
import functools
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from blanko_tracker import formats
from blanko_tracker.domain.ledger import SpoiledReason
from blanko_tracker.domain.reports import month_bounds

LANGUAGE = "id"  # offices file the report in Bahasa Indonesia

COLUMNS = [
    ("region", "Kode wilayah / Region"), ("name", "Wilayah / Name"),
    ("opening", "Saldo awal / Opening"), ("received", "Diterima / Received"),
    ("transferred_out", "Dikirim / Transferred out"), ("printed", "Dicetak / Printed"),
    ("spoiled", "Rusak / Spoiled"),
    *[(f"spoiled_{reason.value}", f"Rusak: {reason.value}") for reason in SpoiledReason],
    ("adjusted", "Penyesuaian / Adjusted"), ("closing", "Saldo akhir / Closing"),
    ("print_debt_opening", "Hutang cetak awal / Print debt opening"),
    ("print_debt_closing", "Hutang cetak akhir / Print debt closing"),
    ("recorded", "Perekaman baru / Recorded"),
]
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
_TEMPLATES.filters["number"] = partial(formats.number, lang=LANGUAGE)


def flat(row: Any) -> dict[str, Any]:
    values = {name: getattr(row, name) for name, _ in COLUMNS if hasattr(row, name)}
    for reason in SpoiledReason:
        values[f"spoiled_{reason.value}"] = row.spoiled_by_reason.get(reason.value, 0)
    return values


def to_xlsx(report: dict[str, Any]) -> bytes:
    """One sheet: a header row, then one row per region, numbers as numbers."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(f"Blanko {_month_of(report)}")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    count = book.add_format({"num_format": "#,##0"})
    for column, (_, title) in enumerate(COLUMNS):
        sheet.write_string(0, column, title, bold)
    for line, row in enumerate(report["rows"], start=1):
        values = flat(row)
        for column, (name, _) in enumerate(COLUMNS):
            value = values[name]
            if isinstance(value, int):
                sheet.write_number(line, column, value, count)
            else:
                sheet.write_string(line, column, str(value))
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, len(COLUMNS) - 1, 14)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, len(report["rows"]), len(COLUMNS) - 1)
    book.close()
    return buffer.getvalue()


# A nation's PDF takes a second or two of CPU: it is rendered beside the event loop, one at
# a time per worker, so that every other request goes on being answered meanwhile.
_rendering = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf")


async def to_pdf(report: dict[str, Any], *, printed_on: date) -> bytes:
    return await asyncio.get_running_loop().run_in_executor(
        _rendering, functools.partial(_pdf, report, printed_on=printed_on))


def _pdf(report: dict[str, Any], *, printed_on: date) -> bytes:
    from weasyprint import HTML

    html = _TEMPLATES.get_template("monthly_report.html").render(
        report=report, rows=[flat(row) | {"by_reason": row.spoiled_by_reason}
                             for row in report["rows"]],
        month=_month_of(report), printed_on=formats.long_date(printed_on, LANGUAGE),
    )
    return HTML(string=html).write_pdf()


def _month_of(report: dict[str, Any]) -> str:
    """`2023-02` → `Februari 2023`."""
    first, _ = month_bounds(report["month"])
    return formats.month_year(first, LANGUAGE)
