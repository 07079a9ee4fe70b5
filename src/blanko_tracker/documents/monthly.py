"""The monthly blank report as a workbook (XlsxWriter) and as a printable A4 PDF (WeasyPrint).

The PDF is in Bahasa Indonesia, as offices file it: the region, the month ("Februari 2023"),
the table with numbers written 83.000 and its "Jumlah" row, and a signature block under the
place and the office's day ("Jakarta, 5 Desember 2026"). The workbook keeps numbers as
numbers (the spreadsheet shows them in its reader's own way) under a title block, prints on
one A4 landscape page width, and its sheet is named for the month in Indonesian. Both are
written by blanko_tracker/formats.py (Babel).
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
from blanko_tracker.domain.access import Actor
from blanko_tracker.domain.ledger import SpoiledReason
from blanko_tracker.domain.print_debt import PRIORITY
from blanko_tracker.domain.reports import month_bounds
from blanko_tracker.web import i18n  # the reasons' and roles' Indonesian names

LANGUAGE = "id"  # offices file the report in Bahasa Indonesia
TITLE = "Laporan Bulanan Blanko KTP-el"
TOTAL = "Jumlah"  # the total row's label, as on the offices' own forms
REASONS = {reason.value: i18n.translate(LANGUAGE, f"reason_{reason.value}")
           for reason in SpoiledReason}
CLASSES = {cls.value: i18n.translate(LANGUAGE, f"recording_kind_{cls.value}")
           for cls in PRIORITY}
COLUMNS = [
    ("region", "Kode wilayah"), ("name", "Wilayah"),
    ("opening", "Saldo awal"), ("received", "Diterima"),
    ("transferred_out", "Dikirim"), ("printed", "Dicetak"), ("spoiled", "Rusak"),
    *[(f"spoiled_{value}", f"Rusak: {label}") for value, label in REASONS.items()],
    ("kits", "Kit jemput bola"), ("adjusted", "Penyesuaian"), ("closing", "Saldo akhir"),
    ("borrowed", "Diterima: pinjaman"), ("loan_repaid", "Diterima: pengembalian pinjaman"),
    ("procured_apbn", "Diterima: pengadaan APBN"), ("procured_apbd", "Diterima: APBD"),
    ("loaned_out", "Dikirim: dipinjamkan"), ("loan_returned", "Dikirim: pengembalian"),
    ("print_debt_opening", "Hutang cetak awal"), ("print_debt_closing", "Hutang cetak akhir"),
    *[(f"debt_{value}", f"Hutang: {label}") for value, label in CLASSES.items()],
    ("recorded", "Perekaman baru"),
]
COUNTS = [name for name, _ in COLUMNS if name not in ("region", "name")]
# Where the report is signed when the region's own name is not a town's: the ministry and
# DKI Jakarta sign in Jakarta.
PLACES = {"00": "Jakarta", "31": "Jakarta"}
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
_TEMPLATES.filters["number"] = partial(formats.number, lang=LANGUAGE)


def flat(row: Any) -> dict[str, Any]:
    values = {name: getattr(row, name) for name, _ in COLUMNS if hasattr(row, name)}
    for reason in SpoiledReason:
        values[f"spoiled_{reason.value}"] = row.spoiled_by_reason.get(reason.value, 0)
    for value in CLASSES:
        values[f"debt_{value}"] = row.print_debt_closing_by_class.get(value, 0)
    return values


def table(report: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The lines to print and the "Jumlah" line below them (None for a regency alone).

    Above regency level the report's first row is the whole subtree: the lines are the child
    regions, led by what the region's own warehouse holds when that is not nothing, so that
    "Jumlah" is both the sum of the lines above it and the region's own figure."""
    whole, *children = [flat(row) for row in report["rows"]]
    if not children:
        return [whole], None
    own = {name: whole[name] - sum(child[name] for child in children) for name in COUNTS}
    lines = children
    if any(own.values()):
        lines = [{"region": whole["region"], "name": f"{whole['name']} (gudang sendiri)",
                  **own}, *children]
    return lines, {"region": "", "name": TOTAL, **{name: whole[name] for name in COUNTS}}


def prepared_by(actor: Actor) -> str:
    """`kadis.gorontalo (Kepala Dinas Provinsi)`: who made the report, in their role's words."""
    return f"{actor.username} ({i18n.translate(LANGUAGE, f'role_{actor.role.value}')})"


def place_of(report: dict[str, Any]) -> str:
    return PLACES.get(report["region"], report["name"])


def to_xlsx(report: dict[str, Any], *, actor: Actor, on: date) -> bytes:
    """One A4 landscape sheet: a title block (region, month, who prepared it on which office
    day), a header row, a row per region with numbers as numbers, and "Jumlah" (sums)."""
    import xlsxwriter
    from xlsxwriter.utility import xl_range

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(f"Blanko {_month_of(report)}")
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                              "bg_color": "#EEEEEE", "border": 1})
    count = book.add_format({"num_format": "#,##0", "border": 1})
    text = book.add_format({"border": 1})
    total_count = book.add_format({"num_format": "#,##0", "bold": True, "top": 2, "border": 1})
    total_text = book.add_format({"bold": True, "top": 2, "border": 1})

    sheet.write_string(0, 0, TITLE, title)
    sheet.write_string(1, 0, f"Wilayah: {report['name']} ({report['region']})")
    sheet.write_string(2, 0, f"Bulan: {_month_of(report)}")
    sheet.write_string(3, 0, f"Disiapkan oleh: {prepared_by(actor)}, "
                             f"{place_of(report)}, {formats.long_date(on, LANGUAGE)}")
    head = 5
    for column, (_, heading) in enumerate(COLUMNS):
        sheet.write_string(head, column, heading, header)
    lines, total = table(report)
    first = head + 1
    for line, values in enumerate(lines, start=first):
        for column, (name, _) in enumerate(COLUMNS):
            value = values[name]
            if isinstance(value, int):
                sheet.write_number(line, column, value, count)
            else:
                sheet.write_string(line, column, str(value), text)
    last = first + len(lines) - 1
    if total is not None:
        # Formulas, so that a corrected cell is summed again; with their values, so that a
        # reader that does not compute (or a test) sees the same figures.
        sheet.write_string(last + 1, 0, "", total_text)
        sheet.write_string(last + 1, 1, TOTAL, total_text)
        for column, (name, _) in enumerate(COLUMNS[2:], start=2):
            sheet.write_formula(last + 1, column,
                                f"=SUM({xl_range(first, column, last, column)})",
                                total_count, total[name])
    sheet.set_row(head, 45)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 32)
    sheet.set_column(2, len(COLUMNS) - 1, 12)
    sheet.freeze_panes(first, 2)
    sheet.autofilter(head, 0, last, len(COLUMNS) - 1)
    # Printed as offices file it: A4 landscape, one page wide, the header row on every page.
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(head)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&CHalaman &P dari &N")
    book.close()
    return buffer.getvalue()


# A nation's PDF takes a second or two of CPU: it is rendered beside the event loop, one at
# a time per worker, so that every other request goes on being answered meanwhile.
_rendering = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf")


async def to_pdf(report: dict[str, Any], *, printed_on: date, actor: Actor) -> bytes:
    return await asyncio.get_running_loop().run_in_executor(
        _rendering, functools.partial(_pdf, report, printed_on=printed_on, actor=actor))


def _pdf(report: dict[str, Any], *, printed_on: date, actor: Actor) -> bytes:
    from weasyprint import HTML

    lines, total = table(report)
    html = _TEMPLATES.get_template("monthly_report.html").render(
        report=report, rows=[_with_reasons(line) for line in lines],
        total=_with_reasons(total) if total else None, title=TITLE,
        month=_month_of(report), printed_on=formats.long_date(printed_on, LANGUAGE),
        place=place_of(report), prepared_by=prepared_by(actor),
    )
    return HTML(string=html).write_pdf()


def _with_reasons(values: dict[str, Any]) -> dict[str, Any]:
    """The line with its spoiled blanks by cause and its closing debt by class, in
    Indonesian, those that occurred."""
    return values | {"by_reason": [(label, values[f"spoiled_{value}"])
                                   for value, label in REASONS.items()
                                   if values[f"spoiled_{value}"]],
                     "by_class": [(label, values[f"debt_{value}"])
                                  for value, label in CLASSES.items()
                                  if values[f"debt_{value}"]]}


def _month_of(report: dict[str, Any]) -> str:
    """`2023-02` → `Februari 2023`."""
    first, _ = month_bounds(report["month"])
    return formats.month_year(first, LANGUAGE)
