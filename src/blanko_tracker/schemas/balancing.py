"""Balancing a province's regencies by loans, on the wire."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from msgspec import Meta, Struct

from blanko_tracker.schemas.common import PositiveInt, RegionCode
from blanko_tracker.schemas.loans import LoanOut


class PlanBalancing(Struct, kw_only=True):
    parent: RegionCode
    keep_days: Annotated[int, Meta(ge=0, le=365)] = 7


class BalancingItem(Struct, kw_only=True):
    lender: RegionCode
    borrower: RegionCode
    quantity: PositiveInt


class RegionCover(Struct, kw_only=True):
    region: str
    days_of_cover: float | None  # null: it prints nothing


class BalancingPlan(Struct, kw_only=True):
    parent: str
    items: list[BalancingItem]
    before: list[RegionCover]
    after: list[RegionCover]


class CommitBalancing(Struct, kw_only=True):
    due_on: date
    items: Annotated[list[BalancingItem], Meta(min_length=1, max_length=1000)]


class CommittedBalancing(Struct, kw_only=True):
    loans: list[LoanOut]
