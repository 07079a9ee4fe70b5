"""Mobile-service kit queries: insert, the open kit of an officer, the return."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from blanko_tracker.db import rows
from blanko_tracker.db.rows import as_date
from blanko_tracker.db.tables import Kit


@dataclass(frozen=True, slots=True)
class KitRow:
    id: int
    region: str
    officer: str
    quantity: int
    out_on: date
    status: str  # out | returned
    returned_on: date | None
    printed: int
    spoiled: int
    spoiled_reason: str | None
    returned: int
    missing: int
    missing_reason: str | None
    actor: str

    @property
    def reference(self) -> str:
        return f"kit:{self.id}"

    @classmethod
    def of(cls, row: dict[str, Any]) -> KitRow:
        return cls(id=row["id"], region=row["region"], officer=row["officer"],
                   quantity=row["quantity"], out_on=as_date(row["out_on"]),
                   status=row["status"],
                   returned_on=as_date(row["returned_on"]) if row["returned_on"] else None,
                   printed=row["printed"], spoiled=row["spoiled"],
                   spoiled_reason=row["spoiled_reason"], returned=row["returned"],
                   missing=row["missing"], missing_reason=row["missing_reason"],
                   actor=row["actor"])


async def open_kit_of(region: str, officer_key: str) -> int | None:
    """The id of the officer's kit still out at `region` (the caller holds the lock)."""
    found = await Kit.select(Kit.id).where(
        (Kit.region == region) & (Kit.officer_key == officer_key) & (Kit.status == "out")
    ).first()
    return found["id"] if found else None


async def insert(*, region: str, officer: str, officer_key: str, quantity: int, on: date,
                 actor: str, now: datetime) -> KitRow:
    return await rows.insert(Kit, KitRow, region=region, officer=officer,
                             officer_key=officer_key, quantity=quantity, out_on=on,
                             status="out", serial_ranges=json.dumps([]), actor=actor,
                             recorded_at=now)


async def get(kit_id: int, *, lock: bool = False) -> KitRow | None:
    return await rows.by_id(Kit, KitRow, kit_id, lock=lock)


async def mark_returned(kit_id: int, *, on: date, printed: int, spoiled: int,
                        spoiled_reason: str | None, returned: int, missing: int,
                        missing_reason: str | None, by: str) -> KitRow:
    return await rows.update(Kit, KitRow, kit_id, status="returned", returned_on=on,
                             printed=printed, spoiled=spoiled, spoiled_reason=spoiled_reason,
                             returned=returned, missing=missing,
                             missing_reason=missing_reason, returned_by=by)
