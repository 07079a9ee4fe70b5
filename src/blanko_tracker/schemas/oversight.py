"""Oversight: the audit trail and what needs acting on today."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from msgspec import Struct


class AuditEntryOut(Struct, kw_only=True):
    at: datetime
    actor: str
    action: str
    target: str
    region: str
    detail: dict[str, Any]


class AuditPage(Struct, kw_only=True):
    items: list[AuditEntryOut]
    total: int


class Alert(Struct, kw_only=True):
    region: str
    kind: Literal["stockout_soon", "shipment_overdue", "request_waiting",
                  "suket_while_in_stock", "suket_expiring", "loan_overdue"]
    since: date
    detail: str


class AlertList(Struct, kw_only=True):
    items: list[Alert]
