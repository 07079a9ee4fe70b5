"""Structs on the wire: the API, the web forms and `client.py` share them.

The shape of input is declared here once (types, bounds, patterns); domain rules that
depend on more than one value are checked in `domain/`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from msgspec import Meta, Struct

from blanko_tracker.domain.access import Role
from blanko_tracker.domain.ledger import AdjustmentReason, MovementKind

RegionCode = Annotated[
    str,
    Meta(
        pattern=r"^(00|\d{2}(\.\d{2}(\.\d{2})?)?)$",
        description="Kemendagri dotted code: 00 (the ministry), 75, 75.05, 75.05.01",
        examples=["31", "75.05"],
    ),
]
PositiveInt = Annotated[int, Meta(gt=0, le=2_000_000_000)]
SignedInt = Annotated[int, Meta(ge=-2_000_000_000, le=2_000_000_000)]
Serial = Annotated[int, Meta(ge=0, le=2**63 - 1)]
Note = Annotated[str, Meta(max_length=1000)]


class Problem(Struct, kw_only=True):
    """RFC 9457 problem details with a stable `code` (API.md)."""

    status: int
    title: str
    detail: str
    code: str
    type: str = "about:blank"
    errors: list[dict[str, str]] | None = None


# ---- auth and users -------------------------------------------------------------------------


class TokenRequest(Struct, kw_only=True):
    username: Annotated[str, Meta(min_length=1, max_length=64)]
    password: Annotated[str, Meta(min_length=1, max_length=256)]


class Token(Struct, kw_only=True):
    access_token: str
    token_type: str
    expires_in: int


class CreateUser(Struct, kw_only=True):
    username: Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9._-]{2,63}$")]
    password: Annotated[str, Meta(min_length=10, max_length=256)]
    role: Role
    region: RegionCode


class UserOut(Struct, kw_only=True):
    id: int
    username: str
    role: Role
    region: str


# ---- regions --------------------------------------------------------------------------------


class RegionOut(Struct, kw_only=True):
    code: str
    name: str
    level: str
    parent: str | None


class RegionPage(Struct, kw_only=True):
    items: list[RegionOut]
    total: int


# ---- stock ----------------------------------------------------------------------------------


class RecordProcurement(Struct, kw_only=True):
    """Blanks delivered by the card maker to the national warehouse `00`."""

    quantity: PositiveInt
    serial_ranges: list[tuple[Serial, Serial]] | None = None
    note: Note = ""
    on: date | None = None  # the day they arrived; today when omitted


class AdjustStock(Struct, kw_only=True):
    region: RegionCode
    quantity: SignedInt
    reason: AdjustmentReason
    note: Note
    on: date | None = None


class ReverseMovement(Struct, kw_only=True):
    note: Note


class MovementOut(Struct, kw_only=True):
    id: int
    region: str
    at: datetime
    on: date
    kind: MovementKind
    quantity: int
    balance_after: int
    reference: str
    actor: str
    reverses: int | None
    reason: str | None
    note: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> MovementOut:
        return cls(
            id=row["id"], region=row["region"], at=row["recorded_at"], on=row["occurred_on"],
            kind=MovementKind(row["kind"]), quantity=row["quantity"],
            balance_after=row["balance_after"], reference=row["reference"], actor=row["actor"],
            reverses=row["reverses"], reason=row["reason"], note=row["note"],
        )


class MovementPage(Struct, kw_only=True):
    items: list[MovementOut]
    total: int


class StockLevel(Struct, kw_only=True):
    region: str
    on_hand: int
    incoming_dispatched: int
    incoming_planned: int


class StockPage(Struct, kw_only=True):
    items: list[StockLevel]
    total: int


class Health(Struct, kw_only=True):
    status: str
    database: str
