"""Kemendagri region codes and the subtree rule.

The ministry (national warehouse) is `00`; provinces `75`, regencies (kabupaten/kota) `75.05`,
districts (kecamatan) `75.05.01`. Only Kemendagri dotted codes are accepted: BPS statistics
codes (`3171`) mean other places and are refused rather than guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

NATIONAL = "00"

# ASCII digits only (`\d` also takes "２"), and the whole value (`fullmatch`: `$` would let a
# trailing newline through).
CODE = r"00|[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2})?)?"
_CODE = re.compile(CODE)


class Level(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    REGENCY = "regency"
    DISTRICT = "district"


# Blanks are kept by the ministry, provinces and regencies; districts print with their
# regency's stock.
STOCK_LEVELS = frozenset({Level.NATIONAL, Level.PROVINCE, Level.REGENCY})


def level_of(code: str) -> Level:
    if code == NATIONAL:
        return Level.NATIONAL
    return (Level.PROVINCE, Level.REGENCY, Level.DISTRICT)[code.count(".")]


def parent_of(code: str) -> str | None:
    if code == NATIONAL:
        return None
    if "." not in code:
        return NATIONAL
    return code.rsplit(".", 1)[0]


def regency_of(code: str) -> str | None:
    """The regency a region lies in (itself for a regency); None above regency level."""
    parts = code.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


def is_code(text: str) -> bool:
    return bool(_CODE.fullmatch(text))


def named(typed: str, names: dict[str, str]) -> list[str]:
    """Codes of the regions in `names` (code → name) called `typed`, case and spacing aside:
    the one whose whole name it is, else every one whose name contains it ("bandung" finds
    Kabupaten Bandung, Kabupaten Bandung Barat and Kota Bandung)."""
    wanted = _folded(typed)
    if not wanted:
        return []
    folded = {code: _folded(name) for code, name in names.items()}
    exact = [code for code, name in folded.items() if name == wanted]
    return exact or [code for code, name in folded.items() if wanted in name]


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def within(scope: str, code: str) -> bool:
    """True when `code` is `scope` or lies under it; `00` covers the nation."""
    return scope == NATIONAL or code == scope or code.startswith(scope + ".")


def ancestors(code: str) -> list[str]:
    """The code and every region above it, nearest first, ending with `00`."""
    chain = [code]
    while (parent := parent_of(chain[-1])) is not None:
        chain.append(parent)
    return chain


# Indonesia keeps three time zones; the day a thing happened is the region's own day.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


def utc_offset(code: str) -> timedelta:
    """WIB (UTC+7) for the ministry, Sumatra, Java and west/central Kalimantan; WITA (UTC+8)
    for Bali, Nusa Tenggara, south/east/north Kalimantan and Sulawesi; WIT (UTC+9) for Maluku
    and Papua."""
    province = code[:2]
    if province in _WIT_PROVINCES:
        return timedelta(hours=9)
    if province in _WITA_PROVINCES:
        return timedelta(hours=8)
    return timedelta(hours=7)


def local_date(code: str, now: datetime) -> date:
    """Today in `code`'s own time zone, for a timezone-aware `now`."""
    return (now.astimezone(UTC) + utc_offset(code)).date()
