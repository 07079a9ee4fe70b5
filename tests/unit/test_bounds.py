"""The bounds fuzzing found: balances and print debts stay inside their 32-bit columns."""

from __future__ import annotations

from datetime import date

import pytest

from blanko_tracker.domain import ledger
from blanko_tracker.domain.errors import RuleViolated
from blanko_tracker.domain.print_debt import MAX_COUNT, NO_CLASSES, Entry, EntryKind, replay


def test_a_balance_may_reach_the_bound_but_not_pass_it():
    assert ledger.apply(ledger.MAX_ON_HAND - 5, 5, region="31") == ledger.MAX_ON_HAND

    with pytest.raises(RuleViolated):
        ledger.apply(ledger.MAX_ON_HAND - 5, 6, region="31")


def test_taking_from_a_full_balance_is_still_allowed():
    assert ledger.apply(ledger.MAX_ON_HAND, -1, region="31") == ledger.MAX_ON_HAND - 1


def test_a_print_debt_past_the_bound_is_refused_on_the_day_it_would_pass_it():
    day = date(2024, 1, 1)
    entries = [Entry(day, EntryKind.RECORDING, MAX_COUNT), Entry(day, EntryKind.RECORDING, 1)]

    with pytest.raises(RuleViolated, match="2024-01-01"):
        replay(NO_CLASSES, entries)


def test_a_days_recordings_past_the_bound_are_refused_even_when_printing_keeps_the_debt_low():
    day = date(2024, 1, 1)
    entries = [Entry(day, EntryKind.RECORDING, MAX_COUNT), Entry(day, EntryKind.PRINTED, MAX_COUNT),
               Entry(day, EntryKind.RECORDING, 1)]

    with pytest.raises(RuleViolated, match="records"):
        replay(NO_CLASSES, entries)


def test_a_large_refusal_is_sent_but_never_kept_under_its_key():
    """A day's worth of stored refusals must stay small whatever a caller sends."""
    from blanko_tracker.api.idempotency import MAX_KEPT_REFUSAL, _Answer, _kept_refusal

    small = _Answer(status=422, body=bytearray(b"x" * MAX_KEPT_REFUSAL))
    large = _Answer(status=422, body=bytearray(b"x" * (MAX_KEPT_REFUSAL + 1)))
    assert _kept_refusal(small) and not _kept_refusal(large)
    assert not _kept_refusal(_Answer(status=401, body=bytearray(b"{}")))
