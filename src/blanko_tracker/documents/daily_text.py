"""The daily report as a WhatsApp message: the office pastes it into the province's group.

Bahasa Indonesia, numbers and dates through Babel (formats.py), at most MAX_CHARACTERS: the
figures first, the office's note cut short before they are.
"""

from __future__ import annotations

from datetime import date

from blanko_tracker import formats
from blanko_tracker.domain.daily_reports import DayFigures

LANGUAGE = "id"
MAX_CHARACTERS = 1_000


def whatsapp_text(*, region: str, name: str, day: date, figures: DayFigures, note: str,
                  reported_by: str) -> str:
    def n(value: float | None) -> str:
        return formats.number(value, LANGUAGE)

    lines = [
        "*Laporan Harian Blanko KTP-el*",
        f"{name} ({region})",
        formats.long_date(day, LANGUAGE),
        "",
        f"Stok blanko: {n(figures.on_hand)} keping",
        f"Cukup untuk: {n(figures.days_of_cover)} hari kerja",
        f"Dicetak: {n(figures.printed)} · Rusak: {n(figures.spoiled)}",
        f"Data siap cetak baru: {n(figures.recorded)}",
        f"Hutang cetak: {n(figures.print_debt)}",
        f"Suket beredar: {n(figures.suket_outstanding)}",
        f"Mesin cetak aktif: {n(figures.printers_active)}",
    ]
    tail = f"Dilaporkan oleh: {reported_by}"
    text = "\n".join([*lines, "", tail])
    if note:
        room = MAX_CHARACTERS - len(text) - len("\nCatatan: ")
        kept = note if len(note) <= room else note[: max(room - 1, 0)] + "…"
        text = "\n".join([*lines, f"Catatan: {kept}", "", tail])
    return text[:MAX_CHARACTERS]
