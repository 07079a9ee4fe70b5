"""Words and formats of the pages: Bahasa Indonesia first, English second.

Templates call `t("key")`; a key missing from `MESSAGES` is a bug the page tests catch
(`translate` raises). Numbers read `83.000` and dates `2 Februari 2023` in Indonesian,
`83,000` and `2 February 2023` in English.
"""

from __future__ import annotations

from datetime import date, datetime

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}

# key: (Bahasa Indonesia, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # frame
    "app_name": ("Pelacak Blanko KTP-el", "KTP-el Blank Tracker"),
    "skip_to_content": ("Langsung ke isi", "Skip to content"),
    "dashboard": ("Dasbor", "Dashboard"),
    "sign_in": ("Masuk", "Sign in"),
    "sign_out": ("Keluar", "Sign out"),
    "signed_in_as": ("Masuk sebagai", "Signed in as"),
    "language": ("Bahasa", "Language"),
    "switch_language": ("English", "Bahasa Indonesia"),
    "username": ("Nama pengguna", "Username"),
    "password": ("Kata sandi", "Password"),
    "wrong_credentials": ("Nama pengguna atau kata sandi salah.",
                          "Wrong username or password."),
    "too_many_attempts": ("Terlalu banyak percobaan masuk. Coba lagi nanti.",
                          "Too many sign-in attempts. Try again later."),
    "session_expired": ("Sesi berakhir atau formulir kedaluwarsa. Muat ulang halaman.",
                        "Your session ended or the form expired. Reload the page."),
    "save": ("Simpan", "Save"),
    "back": ("Kembali", "Back"),
    "nothing_yet": ("Belum ada data.", "Nothing yet."),
    "error": ("Galat", "Error"),
    "refused": ("Ditolak — tidak ada yang disimpan", "Refused — nothing was saved"),
    "saved": ("Tersimpan", "Saved"),
    "home": ("Beranda", "Home"),
    # roles
    "role_admin": ("Administrator", "Administrator"),
    "role_ministry_officer": ("Petugas Kemendagri", "Ministry officer"),
    "role_provincial_head": ("Kepala Dinas Provinsi", "Provincial head"),
    "role_warehouse_staff": ("Petugas Gudang", "Warehouse staff"),
    "role_print_operator": ("Operator Cetak", "Print operator"),
    # figures
    "region": ("Wilayah", "Region"),
    "on_hand": ("Stok di tangan", "On hand"),
    "incoming": ("Dalam perjalanan", "Incoming"),
    "print_debt": ("Hutang cetak", "Print debt"),
    "days_of_stock": ("Stok cukup (hari)", "Days of stock left"),
    "repaid_p50": ("Perkiraan lunas (P50)", "Forecast repaid (P50)"),
    "not_repaid": ("Belum lunas dalam horizon", "Not repaid within horizon"),
    "no_debt": ("Tidak ada hutang", "No debt"),
    "printed_30d": ("Dicetak 30 hari", "Printed, 30 days"),
    "children": ("Wilayah di bawahnya", "Regions below"),
    "alerts_today": ("Peringatan hari ini", "Today's alerts"),
    "no_alerts": ("Tidak ada peringatan.", "No alerts."),
    "alert_stockout_soon": ("Stok segera habis", "Stock runs out soon"),
    "alert_shipment_overdue": ("Kiriman terlambat", "Shipment overdue"),
    "alert_request_waiting": ("Permintaan menunggu", "Request waiting"),
    "sorted_by_urgency": ("Diurutkan dari yang paling mendesak.", "Most urgent first."),
    # indicators
    "indicators": ("Indikator KTP-el", "KTP-el indicators"),
    "indicator": ("Indikator", "Indicator"),
    "actual": ("Capaian", "Actual"),
    "target": ("Target", "Target"),
    "gap_people": ("Kekurangan (jiwa)", "Gap (people)"),
    "recording_rate": ("Perekaman KTP-el", "KTP-el recording"),
    "ikd_rate": ("Aktivasi IKD", "IKD activation"),
    "wajib_ktp": ("Wajib KTP", "Residents required to hold a KTP"),
    "as_of": ("per", "as of"),
    # forecast
    "forecast": ("Perkiraan pelunasan hutang cetak", "Print debt repayment forecast"),
    "forecast_band": ("Garis: P50; pita: P10–P90; tanda: kiriman yang diharapkan.",
                      "Line: P50; band: P10–P90; marks: expected deliveries."),
    "repaid_between": ("Lunas antara", "Repaid between"),
    "and": ("dan", "and"),
    "stockout_on": ("Stok habis sekitar", "Stock runs out around"),
    "shortfall": ("Kekurangan blanko", "Blanks short"),
    "recommended_request": ("Usulan permintaan", "Recommended request"),
    "expected_deliveries": ("Kiriman yang diharapkan", "Expected deliveries"),
    "date": ("Tanggal", "Date"),
    "quantity": ("Jumlah", "Quantity"),
    "chart_needs_script": ("Grafik memerlukan JavaScript; angkanya ada di tabel.",
                           "The chart needs JavaScript; the figures are in the table."),
    # stock card
    "stock_card": ("Kartu stok", "Stock card"),
    "movement": ("Mutasi", "Movement"),
    "change": ("Perubahan", "Change"),
    "balance_after": ("Saldo", "Balance"),
    "older": ("Lebih lama", "Older"),
    "newest": ("Terbaru", "Newest"),
    "kind_procurement": ("Pengadaan", "Procurement"),
    "kind_receipt": ("Penerimaan", "Receipt"),
    "kind_transfer_out": ("Pengiriman keluar", "Transfer out"),
    "kind_print_use": ("Dipakai cetak", "Used in printing"),
    "kind_spoiled": ("Rusak", "Spoiled"),
    "kind_adjustment": ("Penyesuaian", "Adjustment"),
    "kind_reversal": ("Pembatalan", "Reversal"),
    # printing
    "record_print_run": ("Catat hasil cetak", "Record a print run"),
    "printed": ("Dicetak", "Printed"),
    "spoiled": ("Rusak", "Spoiled"),
    "spoiled_reason": ("Alasan rusak", "Why spoiled"),
    "reason_none": ("— (tidak ada yang rusak)", "— (none spoiled)"),
    "reason_encode_failure": ("Gagal tulis chip", "Chip encoding failed"),
    "reason_print_failure": ("Gagal cetak", "Print failure"),
    "reason_physical_damage": ("Rusak fisik", "Physical damage"),
    "reason_data_change": ("Perubahan data", "Data change"),
    "print_run_saved": ("Hasil cetak tersimpan.", "Print run saved."),
    "today_entry": ("Entri hari ini", "Today's entry"),
    "recent_print_runs": ("Hasil cetak terakhir", "Recent print runs"),
    # shipments
    "shipment": ("Kiriman", "Shipment"),
    "shipments": ("Kiriman", "Shipments"),
    "from": ("Dari", "From"),
    "to": ("Ke", "To"),
    "status": ("Status", "Status"),
    "expected_on": ("Diharapkan tiba", "Expected on"),
    "dispatched_on": ("Dikirim", "Dispatched on"),
    "received_on": ("Tanggal diterima", "Received on"),
    "received": ("Diterima baik", "Received"),
    "damaged": ("Rusak", "Damaged"),
    "missing": ("Hilang", "Missing"),
    "receive": ("Terima kiriman", "Receive shipment"),
    "received_saved": ("Kiriman diterima.", "Shipment received."),
    "to_receive": ("Kiriman untuk diterima", "Shipments to receive"),
    "to_dispatch": ("Kiriman untuk dikirim", "Shipments to dispatch"),
    "status_planned": ("Direncanakan", "Planned"),
    "status_dispatched": ("Dalam perjalanan", "Dispatched"),
    "status_received": ("Diterima", "Received"),
    "status_cancelled": ("Dibatalkan", "Cancelled"),
    "serial_ranges": ("Rentang nomor seri", "Serial ranges"),
    "open": ("Buka", "Open"),
    # errors (titles by problem code; the detail is the service's own words)
    "problem_invalid_input": ("Isian tidak valid", "Invalid input"),
    "problem_not_permitted": ("Peran Anda tidak berhak", "Your role may not do this"),
    "problem_out_of_scope": ("Di luar wilayah Anda", "Outside your region"),
    "problem_not_found": ("Tidak ditemukan", "Not found"),
    "problem_insufficient_stock": ("Stok tidak cukup", "Not enough stock"),
    "problem_invalid_state": ("Status tidak memungkinkan", "Not possible in this state"),
    "problem_already_received": ("Sudah diterima", "Already received"),
    "problem_already_exists": ("Sudah ada", "Already exists"),
    "problem_quantity_mismatch": ("Jumlah tidak cocok", "Quantities do not match"),
    "problem_exceeds_owed": ("Melebihi hutang", "More than is owed"),
    "problem_serial_conflict": ("Nomor seri bentrok", "Serial numbers conflict"),
    "problem_invalid_rows": ("Baris tidak valid", "Invalid rows"),
    "problem_internal_error": ("Terjadi kesalahan di server", "Something went wrong"),
    "forbidden_page": ("Halaman ini di luar peran atau wilayah Anda.",
                       "This page is outside your role or region."),
    "not_found_page": ("Halaman tidak ditemukan.", "Page not found."),
}


def choose(requested: str | None) -> str:
    return requested if requested in LANGUAGES else DEFAULT_LANGUAGE


def translate(lang: str, key: str) -> str:
    return MESSAGES[key][LANGUAGES.index(lang)]


def has(key: str) -> bool:
    return key in MESSAGES


def number(value: float | int | None, lang: str) -> str:
    """83000 → `83.000` (id) / `83,000` (en); fractions keep one decimal."""
    if value is None:
        return "–"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(rate: float | None, lang: str) -> str:
    """0.987 → `98,7%` (id) / `98.7%` (en)."""
    if rate is None:
        return "–"
    text = f"{rate * 100:.1f}%"
    return text.replace(".", ",") if lang == "id" else text


def long_date(value: date | datetime | str | None, lang: str) -> str:
    """2023-02-02 → `2 Februari 2023` / `2 February 2023`."""
    if value is None:
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"
