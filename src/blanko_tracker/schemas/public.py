"""What anyone may read without signing in: public figures only, never a name of a person,
a note or an audit line."""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from blanko_tracker.schemas.common import PositiveInt


class PublicStockItem(Struct, kw_only=True):
    """A regency's blanks as its office announces them each day."""

    region: str
    name: str
    on_hand: int  # blanks in the regency's warehouse (and its districts')
    days_of_cover: int | None  # on hand at the last 30 days' printing pace; null: no printing
    print_debt: int  # hutang cetak: cards owed to residents


class PublicStockOut(Struct, kw_only=True):
    """One item per regency under `parent`, in code order, as of the office's day."""

    as_of: date
    items: list[PublicStockItem]


class AskQueue(Struct, kw_only=True):
    """A resident's question on a regency's public page: their place in its print queue."""

    position: PositiveInt  # 1 is the oldest print-ready record waiting
