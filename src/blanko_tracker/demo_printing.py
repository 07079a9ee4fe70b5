"""The demo's printing stories: indicators, targets, print debts and months of print runs.

Real (DESIGN.md): Gorontalo Utara, 30 Sep 2021 — 88,491 of 90,060 wajib KTP recorded; the
province of Gorontalo's 2023 targets (recording 99.4 %, IKD 25 % of recorded); Mukomuko —
132,784 recorded, IKD target raised from 25 % to 50 %; Tegal, April 2023 — 5,971 IKD
activations of ~1,200,000 wajib KTP; DKI Jakarta's print debt of ~83,000 in January 2023.
Synthetic (marked so): how Jakarta's 83,000 splits over its six regencies, the other debts,
Mukomuko's and Tegal's remaining counts, the stock shipped to the printing regencies and the
daily print runs and recordings (seeded, Monday to Friday, January–March 2023, and again in
the eight weeks before the demo is loaded), and the next installments planned.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from blanko_tracker.domain.access import Actor
from blanko_tracker.domain.calendar import is_working_day
from blanko_tracker.domain.daily_reports import last_working_days
from blanko_tracker.domain.ledger import SpoiledReason
from blanko_tracker.domain.print_debt import DebtClass
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import (
    CreateShipment,
    ReceiveShipment,
    RecordPrintRun,
    RecordProcurement,
    RecordRecordings,
    RecordSuket,
    RegisterPrinter,
    ReportDay,
    ReportIndicators,
    SetTargets,
    TakeDebtSnapshot,
)
from blanko_tracker.services.daily_reports import report_day
from blanko_tracker.services.indicators import report_indicators, set_targets
from blanko_tracker.services.printers import register_printer
from blanko_tracker.services.printing import (
    record_print_run,
    record_recordings,
    take_debt_snapshot,
)
from blanko_tracker.services.shipments import create_shipment, receive_shipment
from blanko_tracker.services.stock import record_procurement
from blanko_tracker.services.suket import record_suket

# Synthetic split of Jakarta's ~83,000 (real total) over its regencies, 2 January 2023.
JAKARTA_DEBT = {"31.01": 1_000, "31.71": 9_000, "31.72": 15_000, "31.73": 19_000,
                "31.74": 17_000, "31.75": 22_000}
# Synthetic: where printing happens in the demo — (regency, debt on 2 Jan 2023, blanks
# shipped, cards a day, new print-ready records a day).
PRINTING = [("75.05", 2_000, 3_000, 40, 25), ("17.06", 3_000, 4_000, 60, 35),
            ("33.28", 25_000, 20_000, 300, 180)]
START, END = date(2023, 1, 2), date(2023, 3, 31)


async def load_printing_stories(users: dict[str, Actor]) -> None:
    admin, ministry = users["admin"], users["kemendagri"]
    await _targets(ministry)
    await _indicators(admin)
    for code, pending in JAKARTA_DEBT.items():
        await take_debt_snapshot(code, TakeDebtSnapshot(date=START, pending=pending),
                                 actor=admin)
    await record_procurement(
        RecordProcurement(quantity=60_000, on=date(2023, 1, 3),
                          note="Demo (synthetic): second tranche, serials not recorded"),
        actor=ministry,
    )
    rng = random.Random(2023)
    for code, debt, shipped, per_day, inflow in PRINTING:
        await take_debt_snapshot(code, TakeDebtSnapshot(date=START, pending=debt), actor=admin)
        shipment = await create_shipment(
            CreateShipment(destination=code, quantity=shipped, status="dispatched",
                           dispatched_on=date(2023, 1, 4), expected_on=date(2023, 1, 6),
                           note="Demo (synthetic) installment"),
            actor=ministry,
        )
        await receive_shipment(shipment.id, ReceiveShipment(
            received=shipped, received_on=date(2023, 1, 6)), actor=admin)
        await _daily_work(code, admin, rng, per_day=per_day, inflow=inflow,
                          start=date(2023, 1, 9))
    await _daily_work("31.71", admin, rng, per_day=100, inflow=30, start=date(2023, 1, 30))
    await _recent_weeks(admin, ministry, rng)
    await _office_routines(admin, rng)


# Synthetic: the same offices kept printing up to yesterday, so that on first start the
# dashboards forecast from observed capacity, not from defaults; the ministry's next
# installments are planned for the coming weeks (marked on the forecast charts).
RECENT_DAYS = 56
NEXT_INSTALLMENTS = [("31", 40_000, 14), ("33.28", 10_000, 21)]  # (to, blanks, in days)
RECENT_TRANCHE = 100_000


async def _recent_weeks(admin: Actor, ministry: Actor, rng: random.Random) -> None:
    today = local_date("31", datetime.now(UTC))
    start = today - timedelta(days=RECENT_DAYS)
    # The ministry's warehouse holds what it has planned to send, and a margin to plan more.
    await record_procurement(
        RecordProcurement(quantity=RECENT_TRANCHE, on=start - timedelta(days=7),
                          note="Demo (synthetic): this year's tranche, serials not recorded"),
        actor=ministry,
    )
    for code, _, _, per_day, inflow in [*PRINTING, ("31.71", 0, 0, 100, 30)]:
        shipment = await create_shipment(
            CreateShipment(destination=code, quantity=per_day * 45, status="dispatched",
                           dispatched_on=start - timedelta(days=3), expected_on=start,
                           note="Demo (synthetic) installment for the recent weeks"),
            actor=ministry,
        )
        await receive_shipment(shipment.id, ReceiveShipment(
            received=per_day * 45, received_on=start - timedelta(days=1)), actor=admin)
        await _daily_work(code, admin, rng, per_day=per_day, inflow=inflow, start=start,
                          end=today - timedelta(days=1))
    for destination, quantity, in_days in NEXT_INSTALLMENTS:
        await create_shipment(CreateShipment(
            destination=destination, quantity=quantity, expected_on=today + timedelta(days=in_days),
            note="Demo (synthetic): next installment, planned"), actor=ministry)


# Synthetic: each printing office's machines (the field's are 100–150 cards a day each),
# the suket Tegal kept issuing in the recent weeks, and the daily reports sent up — Mukomuko's
# last one three working days ago, so the province sees it silent.
PRINTERS = {"31.71": [("Mesin 1", 120), ("Mesin 2", 120)], "75.05": [("Mesin 1", 100)],
            "17.06": [("Mesin 1", 100)],
            "33.28": [("Mesin 1", 150), ("Mesin 2", 150), ("Mesin 3", 150)]}
SUKET_REGENCY = "33.28"


async def _office_routines(admin: Actor, rng: random.Random) -> None:
    for code, machines in PRINTERS.items():
        for name, cards_per_day in machines:
            await register_printer(RegisterPrinter(region=code, name=name,
                                                   cards_per_day=cards_per_day), actor=admin)
    today = local_date(SUKET_REGENCY, datetime.now(UTC))
    day = today - timedelta(days=RECENT_DAYS)
    while day < today:
        if is_working_day(day):
            await record_suket(SUKET_REGENCY, RecordSuket(
                date=day, issued=rng.randint(5, 15), redeemed=rng.randint(0, 6)), actor=admin)
        day += timedelta(days=1)
    for code in PRINTERS:
        back = 3 if code == "17.06" else 1
        await report_day(ReportDay(region=code, date=last_working_days(today, back)[-1],
                                   note="Demo (synthetic)"), actor=admin)


async def _targets(ministry: Actor) -> None:
    await set_targets(2023, SetTargets(ikd_rate=0.25), actor=ministry)  # synthetic default
    await set_targets(2023, SetTargets(region="75", recording_rate=0.994, ikd_rate=0.25),
                      actor=ministry)
    await set_targets(2023, SetTargets(region="17.06", ikd_rate=0.5), actor=ministry)


async def _indicators(admin: Actor) -> None:
    await report_indicators("75.05", date(2021, 9, 30),
                            ReportIndicators(wajib_ktp=90_060, recorded=88_491), actor=admin)
    # Mukomuko: 132,784 recorded (real); wajib KTP and IKD synthetic.
    await report_indicators("17.06", date(2023, 3, 31), ReportIndicators(
        wajib_ktp=136_500, recorded=132_784, ikd_activated=34_000), actor=admin)
    # Tegal: 5,971 IKD of ~1,200,000 wajib KTP (real); recorded synthetic.
    await report_indicators("33.28", date(2023, 4, 12), ReportIndicators(
        wajib_ktp=1_200_000, recorded=1_176_000, ikd_activated=5_971), actor=admin)


async def _daily_work(code: str, admin: Actor, rng: random.Random, *, per_day: int,
                      inflow: int, start: date, end: date = END) -> None:
    """Seeded weekday print runs (about 2 % spoiled) and recordings."""
    day = start
    while day <= end:
        if day.weekday() < 5:
            printed = max(0, round(rng.gauss(per_day, per_day * 0.2)))
            spoiled = rng.choice([0, 0, 1, 1, 2, round(per_day * 0.03)])
            await record_print_run(RecordPrintRun(
                region=code, date=day, printed=printed, spoiled=spoiled,
                spoiled_reason=rng.choice(list(SpoiledReason)) if spoiled else None,
                station="Loket 1", note="Demo (synthetic)"), actor=admin)
            await record_recordings(code, RecordRecordings(
                date=day, count=max(1, round(rng.gauss(inflow, inflow * 0.3))),
                kind=rng.choice([DebtClass.NEW] * 7 + [DebtClass.REPLACEMENT,
                                                           DebtClass.CHANGE, DebtClass.MOVED,
                                                           DebtClass.DISASTER])),
                actor=admin)
        day += timedelta(days=1)
