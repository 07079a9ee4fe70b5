"""A region's indicators as the API and the pages show them: the latest figures summed over
its regencies, rates against the year's targets, and the gaps in people.

Reads own no transaction and write nothing; who may read what is checked by the caller
(`authorize(actor, Action.READ, code)`) before any of these run.
"""

from __future__ import annotations

from datetime import date

from blanko_tracker.db import indicators, print_debt
from blanko_tracker.domain import indicators as rules
from blanko_tracker.schemas import Gaps, IndicatorsOut
from blanko_tracker.services.wire import rates_out


async def indicator_view(code: str, day: date) -> IndicatorsOut:
    """The latest figures on or before `day` (summed over regencies), rates, targets, gaps."""
    rows = await indicators.latest_of_regencies(code, day)
    figures = rules.total([row.figures for row in rows])
    targets = await indicators.targets_for(code, day.year)
    debt = await print_debt.pending_of_regencies(code, day)
    return IndicatorsOut(
        region=code,
        date=max((row.day for row in rows), default=None),
        wajib_ktp=figures.wajib_ktp, recorded=figures.recorded, printed=figures.printed,
        ikd_activated=figures.ikd_activated, suket_outstanding=figures.suket_outstanding,
        recording_rate=rules.rate(figures.recorded, figures.wajib_ktp),
        ikd_rate=rules.rate(figures.ikd_activated, figures.recorded),
        print_debt=sum(debt.pending for debt in debt.values()),
        targets=rates_out(targets),
        gaps=Gaps(
            recording=rules.gap(targets.recording_rate, figures.wajib_ktp, figures.recorded),
            ikd=rules.gap(targets.ikd_rate, figures.recorded, figures.ikd_activated),
        ),
        regencies_reporting=len(rows),
    )
