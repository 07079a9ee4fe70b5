"""What every area of the wire shares: the field types (region codes, counts, serials, free
text) and the service's own answers (a problem document, health)."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, Struct

from blanko_tracker.domain.regions import CODE


def whole(pattern: str) -> str:
    r"""`pattern` matching a whole value, alike in Python (msgspec and Litestar check with
    `re.search`) and in the OpenAPI document's ECMA-262: Python's `$` also matches before a
    final newline, so no newline may stand there. Use ASCII classes (`[0-9]`, never `\d`,
    which takes any script's digits)."""
    return rf"^(?:{pattern})(?!\n)$"


RegionCode = Annotated[
    str,
    Meta(
        pattern=whole(CODE),
        description="Kemendagri dotted code: 00 (the ministry), 75, 75.05, 75.05.01",
        examples=["31", "75.05"],
    ),
]
PositiveInt = Annotated[int, Meta(gt=0, le=2_000_000_000)]
SignedInt = Annotated[int, Meta(ge=-2_000_000_000, le=2_000_000_000)]
Serial = Annotated[int, Meta(ge=0, le=2**63 - 1)]
# A serial range [first, last] on the wire. A list, not tuple[Serial, Serial]: Litestar documents
# a tuple as bare `prefixItems` (no length), which schemathesis cannot read back.
SerialRange = Annotated[list[Serial], Meta(min_length=2, max_length=2)]
# Free text: PostgreSQL refuses a NUL character in text (it was a 500 there, fine on SQLite).
NO_NUL = r"^[^\x00]*$"
Note = Annotated[str, Meta(max_length=1000, pattern=NO_NUL)]
Count = Annotated[int, Meta(ge=0, le=2_000_000_000)]
MONTH = whole(r"(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])")  # YYYY-MM


class Problem(Struct, kw_only=True):
    """RFC 9457 problem details with a stable `code` (API.md)."""

    status: int
    title: str
    detail: str
    code: str
    type: str = "about:blank"
    errors: list[dict[str, str | int]] | None = None  # {field, message} or {row, column, message}
    # A refused import: bad cells listed (at most 100), all of them, and the rows they are on.
    error_count: int | None = None
    bad_rows: int | None = None
    # A spreadsheet past the limits: the limits, and how far the sheet reaches.
    max_rows: int | None = None
    max_columns: int | None = None
    rows: int | None = None
    columns: int | None = None
    part: str | None = None  # the workbook's part that unpacks too large
    unpacked_limit: int | None = None
    limit: int | None = None  # a body past its route's limit: the limit, in bytes


class Health(Struct, kw_only=True):
    status: str
    database: str
