"""Regions: a Kemendagri region and a page of them."""

from __future__ import annotations

from msgspec import Struct


class RegionOut(Struct, kw_only=True):
    code: str
    name: str
    level: str
    parent: str | None


class RegionPage(Struct, kw_only=True):
    items: list[RegionOut]
    total: int
