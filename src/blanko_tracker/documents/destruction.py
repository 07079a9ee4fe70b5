"""The destruction minute (*berita acara pemusnahan*) as a printable A4 PDF (WeasyPrint).

In Bahasa Indonesia, as it goes up the chain to the governor: its number, the regency, the
day written out ("Senin, 7 Desember 2026"), the cards destroyed by cause with their total,
the witnesses each with a signature line, and the place and date above the officer's
signature. Numbers and dates are written by blanko_tracker/formats.py (Babel).
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, select_autoescape

from blanko_tracker import formats
from blanko_tracker.db.destructions import DestructionRow
from blanko_tracker.db.regions import RegionRow
from blanko_tracker.domain.destruction import UNSPECIFIED
from blanko_tracker.domain.ledger import SpoiledReason
from blanko_tracker.web import i18n

LANGUAGE = "id"
TITLE = "Berita Acara Pemusnahan KTP-el Rusak dan KTP-el Lama"
REASONS = {reason.value: i18n.translate(LANGUAGE, f"reason_{reason.value}")
           for reason in SpoiledReason} | {UNSPECIFIED: "Rusak (penyebab tidak dicatat)"}
SURRENDERED = "KTP-el lama yang diserahkan penduduk"
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
_TEMPLATES.filters["number"] = partial(formats.number, lang=LANGUAGE)

# Rendered beside the event loop, one at a time per worker, as the monthly report is.
_rendering = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-minutes")


def lines(minute: DestructionRow) -> list[tuple[str, int]]:
    """The cards destroyed by cause, in the ministry's order of causes, then surrendered."""
    found = [(label, minute.spoiled_by_reason.get(value, 0))
             for value, label in REASONS.items() if minute.spoiled_by_reason.get(value)]
    if minute.surrendered:
        found.append((SURRENDERED, minute.surrendered))
    return found


async def to_pdf(minute: DestructionRow, region: RegionRow) -> bytes:
    return await asyncio.get_running_loop().run_in_executor(
        _rendering, functools.partial(_pdf, minute, region))


def _pdf(minute: DestructionRow, region: RegionRow) -> bytes:
    from weasyprint import HTML

    html = _TEMPLATES.get_template("destruction_minutes.html").render(
        title=TITLE, minute=minute, region=region, lines=lines(minute),
        total=minute.spoiled + minute.surrendered,
        day=format_date(minute.day, "EEEE, d MMMM y", locale=LANGUAGE),
        date=formats.long_date(minute.day, LANGUAGE), place=region.name)
    return HTML(string=html).write_pdf()
