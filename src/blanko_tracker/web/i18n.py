"""Words of the pages: Bahasa Indonesia first, English second.

Templates call `t("key")`; a key missing from `MESSAGES` is a bug the page tests catch
(`translate` raises). The numbers and dates a sentence carries are written by
blanko_tracker/formats.py (Babel), for the same language.
"""

from __future__ import annotations

from datetime import date

from blanko_tracker import formats

LANGUAGES = ("id", "en")  # also the Babel locales the numbers and dates are written in
DEFAULT_LANGUAGE = "id"

# key: (Bahasa Indonesia, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # frame
    "app_name": ("Pelacak Blanko KTP-el", "KTP-el Blank Tracker"),
    "skip_to_content": ("Langsung ke isi", "Skip to content"),
    "menu": ("Menu", "Menu"),
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
    "no_debt": ("Tidak ada hutang", "No debt"),
    # A regency that never reported its debt owes nobody we know of: not "no debt".
    "no_data": ("Belum ada data", "No data yet"),
    "planned_in": ("Direncanakan", "Planned"),
    "on_hand_subtree": ("Termasuk wilayah di bawahnya", "Including the regions below"),
    "stock_out_now": ("stok habis", "out of stock"),
    "not_repaid_at_pace": ("Tidak akan lunas pada laju ini", "Not repaid at this pace"),
    "unrepaid_printers_idle": ("tidak ada pencetakan yang teramati",
                               "no printing observed"),
    "unrepaid_inflow_outpaces": ("rekaman baru siap cetak bertambah secepat atau lebih cepat "
                                 "dari pencetakan",
                                 "new print-ready records come in as fast as printing or "
                                 "faster"),
    "unrepaid_no_blanks": ("blanko habis dan tidak ada kiriman yang cukup",
                           "blanks run out and not enough are coming"),
    "unrepaid_too_slow": ("pencetakan terlalu lambat untuk melunasi dalam dua tahun",
                          "printing is too slow to repay within two years"),
    "later_than_two_years": ("lebih dari dua tahun lagi", "more than two years away"),
    "printed_30d": ("Dicetak 30 hari", "Printed, 30 days"),
    "children": ("Wilayah di bawahnya", "Regions below"),
    "alerts_today": ("Peringatan hari ini", "Today's alerts"),
    "no_alerts": ("Tidak ada peringatan.", "No alerts."),
    "alert_stockout_soon": ("Stok segera habis", "Stock runs out soon"),
    "alert_shipment_overdue": ("Kiriman terlambat", "Shipment overdue"),
    "alert_request_waiting": ("Permintaan menunggu", "Request waiting"),
    "alert_suket_while_in_stock": ("Suket terbit saat blanko ada",
                                   "Suket issued while blanks were in stock"),
    "alert_suket_expiring": ("Suket segera habis masa berlaku", "Suket expiring soon"),
    "alert_daily_report_missing": ("Laporan harian belum masuk", "Daily report missing"),
    "alert_detail_daily_report_missing": (
        "tidak ada laporan harian sejak {on}", "no daily report since {on}"),
    "alert_destruction_overdue": ("Pemusnahan terlambat", "Destruction overdue"),
    "alert_detail_destruction_overdue": (
        "{quantity} blanko rusak menunggu pemusnahan, yang tertua sejak {on}",
        "{quantity} spoiled cards await destruction, the oldest since {on}"),
    "alert_detail_suket_while_in_stock": (
        "{quantity} suket diterbitkan pada hari yang dimulai dengan blanko di gudang, "
        "terakhir {on}",
        "{quantity} suket issued on days that began with blanks on hand, the last on {on}"),
    "alert_detail_suket_expiring": (
        "{quantity} suket habis masa berlakunya dalam 30 hari; yang pertama berlaku sampai "
        "{on}",
        "{quantity} suket expire within 30 days, the first valid through {on}"),
    "alert_detail_stockout_soon": ("stok habis sekitar {on}, masih {quantity} kartu terutang",
                                   "stock runs out around {on} with {quantity} cards owed"),
    "alert_detail_shipment_overdue": ("kiriman {id} berisi {quantity} blanko dari {other} "
                                      "seharusnya tiba {on}",
                                      "shipment {id} of {quantity} blanks from {other} was "
                                      "expected on {on}"),
    "alert_loan_overdue": ("Pinjaman blanko lewat jatuh tempo", "Loan overdue"),
    "alert_detail_loan_overdue": ("pinjaman {id}: {quantity} blanko belum dikembalikan ke "
                                  "{other}, jatuh tempo {on}",
                                  "loan {id}: {quantity} blanks still owed to {other}, due "
                                  "on {on}"),
    "alert_detail_request_waiting": ("permintaan {id} untuk {quantity} blanko ke {other} "
                                     "menunggu sejak {on}",
                                     "request {id} for {quantity} blanks to {other} waiting "
                                     "since {on}"),
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
    "debt_at_end": ("Hutang cetak pada akhir perkiraan", "Print debt at the forecast's end"),
    "debt_trend": ("Tren harian hutang cetak", "Print debt's daily trend"),
    "per_day": ("kartu/hari", "cards/day"),
    "forecast_notes": ("Catatan perkiraan", "Forecast notes"),
    "note_default_capacity": ("Belum cukup riwayat cetak (kurang dari 5 hari dalam 60 hari "
                              "terakhir): dipakai nilai bawaan 100 kartu per hari kerja, "
                              "rusak 2%",
                              "Too little printing history (under 5 days in the last 60): "
                              "a default of 100 cards a working day, 2% spoiled, is used"),
    "note_default_inflow": ("Belum cukup riwayat perekaman (kurang dari 5 hari dalam 60 hari "
                            "terakhir): rekaman baru dianggap 0",
                            "Too little recording history (under 5 days in the last 60): "
                            "no new records are assumed"),
    "note_regencies_defaulted": ("{count} dari {total} kabupaten/kota belum punya cukup "
                                 "riwayat: dipakai nilai bawaan",
                                 "{count} of {total} regencies have too little history: "
                                 "defaults are used"),
    "note_forwarded": ("{forwarded} blanko di gudang atas diteruskan ke kabupaten/kota "
                       "sebanding kebutuhan pada hari tersedia",
                       "{forwarded} blanks held above the regencies are forwarded to them "
                       "by need on the day they are on hand"),
    "note_forwarded_stays": ("{stays} tidak dibutuhkan dan tetap di gudang",
                             "{stays} are needed by none and stay at the warehouse"),
    "chart_date": ("Tanggal", "Date"),
    "chart_debt_axis": ("Kartu / blanko", "Cards / blanks"),
    "chart_baseline": ("Hutang cetak saat ini (P50)", "Print debt now (P50)"),
    "chart_scenario": ("Hutang cetak simulasi (P50)", "Print debt, scenario (P50)"),
    "chart_on_hand": ("Stok (P50)", "On hand (P50)"),
    "chart_deliveries": ("Kiriman", "Deliveries"),
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
    # entry without a signal (web/static/offline.js, /antrian)
    "offline_waiting": ("Menunggu sinyal — akan dikirim otomatis.",
                        "Waiting for a signal — it will be sent automatically."),
    "offline_sign_in": ("Sesi sudah berakhir: masuk lagi untuk mengirim.",
                        "The session has ended: sign in again to send."),
    "offline_refused": ("Ditolak, tidak dikirim ulang", "Refused, not sent again"),
    "offline_kept_at": ("disimpan", "kept"),
    "waiting_list": ("Menunggu dikirim", "Waiting to be sent"),
    "waiting_list_help": ("Isian yang disimpan di perangkat ini saat tidak ada sinyal. "
                          "Semuanya dikirim otomatis, sekali saja, begitu sinyal kembali.",
                          "Entries kept on this device while there was no signal. Each is "
                          "sent automatically, once, as soon as the signal is back."),
    "waiting_none": ("Tidak ada yang menunggu dikirim.", "Nothing is waiting to be sent."),
    "waiting_drop": ("Hapus", "Remove"),
    "today_entry": ("Entri hari ini", "Today's entry"),
    "recent_print_runs": ("Hasil cetak terakhir", "Recent print runs"),
    "record_recordings": ("Catat data siap cetak", "Record print-ready records"),
    "recordings_help": ("Rekaman baru yang siap dicetak menambah hutang cetak.",
                        "New print-ready records add to the print debt."),
    "records_count": ("Jumlah data siap cetak", "Print-ready records"),
    "recording_kind": ("Jenis", "Kind"),
    "recording_kind_new": ("Perekaman baru", "New recording"),
    "recording_kind_disaster": ("Korban bencana", "Disaster victims"),
    "recording_kind_replacement": ("Pengganti (hilang/rusak)", "Replacement (lost/damaged)"),
    "recording_kind_moved": ("Pindah datang", "Moved in"),
    "debt_by_class": ("Hutang cetak per kelas", "Print debt by class"),
    "printed_by_class": ("Dicetak per kelas (opsional)", "Printed by class (optional)"),
    "printed_by_class_help": (
        "Kosongkan untuk melunasi menurut urutan prioritas Dirjen: perekaman baru, korban "
        "bencana, pengganti, perubahan data, pindah datang. Jika diisi, jumlahnya harus sama "
        "dengan jumlah dicetak.",
        "Leave empty to repay in the ministry's priority order: new recordings, disaster "
        "victims, replacements, data changes, moved in. If filled, they must add up to the "
        "cards printed."),
    "recording_kind_change": ("Perubahan data", "Data change"),
    "recordings_saved": ("Data siap cetak tersimpan.", "Print-ready records saved."),
    "print_run_saved_counts": ("Dicetak {printed}, rusak {spoiled}.",
                               "Printed {printed}, spoiled {spoiled}."),
    "spoiled_reason_needed": ("wajib jika ada yang rusak", "required when any are spoiled"),
    "recent_recordings": ("Data siap cetak terakhir", "Recent print-ready records"),
    # undoing an entry made by mistake (services.printing.reverse_print_run / _recording)
    "undo": ("Batalkan", "Undo"),
    "undone": ("Dibatalkan", "Undone"),
    "entry_undone": ("Isian dibatalkan; alasannya tercatat di jejak audit.",
                     "Entry undone; the reason is kept in the audit trail."),
    "entered_by": ("diisi oleh", "entered by"),
    "undo_reason": ("Alasan pembatalan", "Why it is undone"),
    "undo_print_run": ("Batalkan hasil cetak", "Undo a print run"),
    "undo_print_run_help": ("Blanko yang dicetak dan rusak kembali ke stok, dan kartu yang "
                            "dicetak kembali menjadi hutang cetak.",
                            "The printed and spoiled blanks go back on hand, and the printed "
                            "cards back on the print debt."),
    "adjust_stock": ("Koreksi stok", "Adjust stock"),
    "printers": ("Mesin cetak", "Printers"),
    "suket_today": ("Suket hari ini", "Today's suket"),
    "suket_register": ("Register suket", "Suket register"),
    "suket_help": ("Surat keterangan pengganti KTP-el: berlaku 6 bulan sejak terbit atau "
                   "diperpanjang. Yang ditebus (KTP-el diserahkan) dan yang diperpanjang "
                   "diambil dari suket tertua. Hanya jumlah, tanpa data pribadi.",
                   "The paper a resident holds while the card is owed: valid 6 months from "
                   "issue or renewal. Redeemed (card handed over) and renewed take the oldest "
                   "first. Counts only, no personal data."),
    "suket_issued": ("Terbit", "Issued"),
    "suket_redeemed": ("Ditebus (KTP-el diserahkan)", "Redeemed (card handed over)"),
    "suket_renewed": ("Diperpanjang", "Renewed"),
    "suket_outstanding": ("Suket beredar", "Suket outstanding"),
    "show": ("Tampilkan", "Show"),
    "printers_active": ("Mesin cetak aktif", "Active printers"),
    "daily_report": ("Laporan harian", "Daily report"),
    "daily_reports": ("Laporan harian kabupaten/kota", "Daily reports of the regencies"),
    "daily_report_help": (
        "Angka di bawah ini berasal dari catatan sistem pada akhir hari itu; tidak perlu "
        "diketik ulang. Periksa, lalu konfirmasi dan bagikan ke grup provinsi.",
        "The figures below are the system's at the end of that day; nothing is retyped. "
        "Check them, then confirm and share them with the province's group."),
    "daily_report_figures": ("Angka hari itu", "The day's figures"),
    "daily_report_note": ("Catatan (opsional)", "Note (optional)"),
    "daily_report_confirm": ("Konfirmasi laporan hari ini", "Confirm the day's report"),
    "daily_report_again": ("Laporkan ulang hari ini", "Report the day again"),
    "daily_report_saved": ("Laporan harian terkirim.", "Daily report sent."),
    "daily_report_text": ("Teks untuk WhatsApp", "Text for WhatsApp"),
    "daily_report_by": ("Dilaporkan oleh {who}.", "Reported by {who}."),
    "daily_report_reported_by": ("Pelapor", "Reported by"),
    "share_whatsapp": ("Bagikan ke WhatsApp", "Share to WhatsApp"),
    "copy_text": ("Salin teks", "Copy text"),
    "copied": ("Tersalin", "Copied"),
    "daily_reports_count": ("{reported} dari {total} kabupaten/kota sudah melapor.",
                            "{reported} of {total} regencies have reported."),
    "daily_reports_missing": ("Belum melapor", "Not reported"),
    "daily_reports_none_missing": ("Semua sudah melapor.", "Every regency has reported."),
    "daily_reports_in": ("Sudah melapor", "Reported"),
    "daily_reports_none": ("Belum ada laporan untuk hari ini.", "No reports for this day yet."),
    "suket_valid": ("Masih berlaku", "Valid"),
    "suket_expired": ("Kedaluwarsa", "Expired"),
    "suket_expiring": ("Habis berlaku dalam 30 hari", "Expiring within 30 days"),
    "suket_issued_30d": ("Terbit 30 hari", "Issued, 30 days"),
    "suket_redeemed_30d": ("Ditebus 30 hari", "Redeemed, 30 days"),
    "suket_saved": ("Suket tersimpan.", "Suket saved."),
    "record_suket": ("Catat suket", "Record suket"),
    "printers_rated": ("Kapasitas mesin aktif", "Active printers' capacity"),
    "cards_a_day": ("kartu/hari kerja", "cards a working day"),
    "printers_help": ("Perkiraan pelunasan tidak pernah memakai laju cetak di atas kapasitas "
                      "mesin yang aktif; mesin rusak tidak dihitung.",
                      "The repayment forecast never prints faster than the active printers "
                      "can; broken ones do not count."),
    "printer_registered": ("Mesin cetak terdaftar.", "Printer registered."),
    "printer_changed": ("Status mesin cetak tersimpan.", "Printer status saved."),
    "printer_name": ("Nama mesin", "Printer name"),
    "cards_per_day": ("Kartu per hari", "Cards a day"),
    "printer_change": ("Ubah status", "Change status"),
    "printer_status_active": ("Aktif", "Active"),
    "printer_status_broken": ("Rusak", "Broken"),
    "printer_status_retired": ("Tidak dipakai lagi", "Retired"),
    "no_printers": ("Belum ada mesin cetak terdaftar: perkiraan memakai laju cetak yang "
                    "teramati.", "No printer registered: the forecast uses the observed "
                    "printing rate."),
    "register_printer": ("Daftarkan mesin cetak", "Register a printer"),
    "manage_printers": ("Kelola mesin cetak", "Manage printers"),
    "adjust_stock_help": ("Saat hitungan fisik berbeda dari kartu stok, atau blanko hilang, "
                          "rusak di gudang atau ditemukan kembali. Salah isi? Batalkan di "
                          "daftar di bawah.",
                          "When a physical count differs from the stock card, or blanks are "
                          "lost, damaged in storage or found. Entered by mistake? Undo it in "
                          "the list below."),
    "adjustment_saved": ("Koreksi stok tersimpan.", "Stock adjustment saved."),
    "adjustment_reason": ("Alasan", "Reason"),
    "choose": ("— pilih —", "— choose —"),
    "adjustment_reason_count_correction": ("Selisih hitung fisik", "Count correction"),
    "adjustment_reason_lost": ("Hilang", "Lost"),
    "adjustment_reason_damaged_in_storage": ("Rusak di gudang", "Damaged in storage"),
    "adjustment_reason_found": ("Ditemukan kembali", "Found"),
    "adjustment_direction": ("Arah", "Direction"),
    "adjustment_out": ("Mengurangi stok", "Takes stock out"),
    "adjustment_in": ("Menambah stok", "Adds stock"),
    "adjustment_count": ("Jumlah blanko", "Number of blanks"),
    "adjustment_note": ("Keterangan", "Note"),
    "recent_adjustments": ("Koreksi terakhir", "Latest adjustments"),
    "undo_adjustment": ("Batalkan koreksi stok", "Undo a stock adjustment"),
    "undo_adjustment_help": ("Kartu stok mendapat baris yang membalik koreksi ini.",
                             "The stock card gets a line that reverses this adjustment."),
    "undo_recording": ("Batalkan data siap cetak", "Undo print-ready records"),
    "undo_recording_help": ("Jumlah ini dikurangkan dari hutang cetak pada harinya.",
                            "This count comes off the print debt on its day."),
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
    # requests
    "requests": ("Permintaan blanko", "Requests"),
    "all_requests": ("Semua permintaan", "All requests"),
    "raise_request": ("Ajukan permintaan", "Raise a request"),
    "request_raised": ("Permintaan diajukan", "Request raised"),
    "request_approved": ("Permintaan disetujui", "Request approved"),
    "request_rejected": ("Permintaan ditolak", "Request rejected"),
    "region_code": ("Kode wilayah", "Region code"),
    "supplier": ("Pemasok", "Supplier"),
    "needed_by": ("Dibutuhkan paling lambat", "Needed by"),
    "note": ("Catatan", "Note"),
    "awaiting_decision": ("Menunggu keputusan Anda", "Awaiting your decision"),
    "approved_quantity": ("Jumlah disetujui", "Approved quantity"),
    "approve": ("Setujui", "Approve"),
    "reject": ("Tolak", "Reject"),
    "reject_reason": ("Alasan penolakan", "Reason for rejecting"),
    "owed": ("Sisa terutang", "Still owed"),
    "ship_owed": ("Kirim sisanya", "Ship what is owed"),
    "requested_on": ("Diajukan", "Raised on"),
    "status_submitted": ("Diajukan", "Submitted"),
    "status_approved": ("Disetujui", "Approved"),
    "status_rejected": ("Ditolak", "Rejected"),
    "status_fulfilled": ("Terpenuhi", "Fulfilled"),
    # planning and dispatching shipments
    "plan_shipment": ("Rencanakan kiriman", "Plan a shipment"),
    "plan_shipment_help": ("Tahap dari Kemendagri atau pemindahan antarwilayah dalam cakupan "
                           "Anda.", "An installment from the ministry or a transfer between "
                           "regions in your scope."),
    "request_number": ("Nomor permintaan", "Request number"),
    "installment": ("Tahap ke-", "Installment"),
    "create_planned": ("Rencanakan saja", "Plan only"),
    "create_dispatched": ("Kirim sekarang", "Dispatch now"),
    "dispatch": ("Kirim", "Dispatch"),
    "cancel_shipment": ("Batalkan kiriman", "Cancel shipment"),
    "confirm_cancel_shipment": ("Ya, batalkan kiriman ini", "Yes, cancel this shipment"),
    "invalid_confirm_required": ("Centang “Ya, batalkan kiriman ini” untuk membatalkan.",
                                 "Tick “Yes, cancel this shipment” to cancel it."),
    "shipment_planned": ("Kiriman direncanakan.", "Shipment planned."),
    "shipment_dispatched": ("Kiriman dikirim.", "Shipment dispatched."),
    "shipment_cancelled": ("Kiriman dibatalkan.", "Shipment cancelled."),
    # installment planning
    "planning": ("Perencanaan tahap", "Installment planning"),
    "planning_help": ("Bagi satu tahap blanko ke kabupaten/kota menurut kebutuhan.",
                      "Split a tranche of blanks among the regencies by need."),
    "tranche_quantity": ("Jumlah blanko tahap ini", "Blanks in this tranche"),
    "region_name_or_code": ("Wilayah (nama atau kode)", "Region (name or code)"),
    "parent_region": ("Dibagi di bawah wilayah", "Split under region"),
    "policy": ("Cara membagi", "Policy"),
    "policy_proportional": ("Sebanding kebutuhan", "In proportion to need"),
    "policy_earliest_repayment": ("Lunas paling cepat", "Earliest repayment"),
    "make_plan": ("Hitung pembagian", "Make the plan"),
    "the_split": ("Pembagian", "The split"),
    "allocated": ("Dialokasikan", "Allocated"),
    "need": ("Kebutuhan", "Need"),
    "need_explained": ("Kebutuhan = (hutang cetak + perkiraan rekaman baru selama horizon) "
                       "÷ (1 − rasio rusak) − stok di tangan − kiriman yang akan datang "
                       "(paling sedikit 0): kartu yang rusak juga memakai blanko.",
                       "Need = (print debt + forecast new records over the horizon) "
                       "÷ (1 − spoilage rate) − on hand − incoming shipments (at least 0): "
                       "a spoiled card uses a blank too."),
    "plan_source": ("Dikirim dari", "Shipped from"),
    "planned_out": ("sudah direncanakan keluar", "already planned out"),
    "free_to_plan": ("bebas direncanakan", "free to plan"),
    "plan_exceeds_source": ("Rencana ini melebihi stok yang bebas direncanakan; penetapannya "
                            "akan ditolak.",
                            "This plan is more than the stock free to plan; committing it "
                            "will be refused."),
    "repaid_p50_before": ("Lunas (P50) tanpa tahap ini", "Repaid (P50) without it"),
    "repaid_p50_after": ("Lunas (P50) dengan tahap ini", "Repaid (P50) with it"),
    "no_need": ("Tidak ada kabupaten/kota yang membutuhkan.", "No regency needs blanks."),
    "commit_plan": ("Tetapkan sebagai kiriman terencana", "Commit as planned shipments"),
    "plan_only": ("Peran Anda hanya dapat merencanakan; penetapan oleh Kemendagri.",
                  "Your role may plan only; the ministry commits."),
    "plan_committed": ("Rencana ditetapkan, kiriman dibuat", "Plan committed, shipments created"),
    # what-if scenario
    "scenario": ("Simulasi", "What-if scenario"),
    "writes_nothing": ("tidak menyimpan apa pun", "writes nothing"),
    "daily_capacity": ("Kapasitas cetak per hari", "Daily print capacity"),
    "daily_inflow": ("Rekaman baru per hari", "New records per day"),
    "spoilage_rate": ("Tingkat rusak (0–0,99)", "Spoilage rate (0–0.99)"),
    "extra_shipment": ("Kiriman tambahan", "One extra shipment"),
    "as_of_date": ("Mulai tanggal", "As of"),
    "horizon_days": ("Horizon (hari)", "Horizon (days)"),
    "ignore_planned": ("Abaikan kiriman yang baru direncanakan",
                       "Ignore shipments that are only planned"),
    "scenario_help": ("Kosongkan isian untuk memakai nilai yang teramati.",
                      "Leave a field empty to use the observed value."),
    "run_scenario": ("Jalankan simulasi", "Run the scenario"),
    "scenario_result": ("Hasil simulasi", "Scenario result"),
    "current_forecast": ("Perkiraan saat ini", "Current forecast"),
    "repaid_p10": ("Perkiraan lunas (P10)", "Forecast repaid (P10)"),
    "repaid_p90": ("Perkiraan lunas (P90)", "Forecast repaid (P90)"),
    # monthly report
    "monthly_report": ("Laporan bulanan", "Monthly report"),
    "monthly_report_help": ("Laporan bulanan blanko: saldo awal, penerimaan, pengiriman, "
                            "pemakaian, rusak, penyesuaian dan saldo akhir.",
                            "The monthly blank report: opening, received, sent, used, "
                            "spoiled, adjusted and closing."),
    "month": ("Bulan", "Month"),
    "show_report": ("Tampilkan", "Show"),
    "download_xlsx": ("Unduh XLSX", "Download XLSX"),
    "download_pdf": ("Unduh PDF", "Download PDF"),
    "opening": ("Saldo awal", "Opening"),
    "transferred_out": ("Dikirim keluar", "Transferred out"),
    "kits": ("Kit jemput bola", "Mobile-service kits"),
    "adjusted": ("Penyesuaian", "Adjusted"),
    "closing": ("Saldo akhir", "Closing"),
    # imports
    "imports": ("Unggah data", "Import"),
    "imports_help": ("Unggah berkas .csv atau .xlsx dengan baris judul. Satu baris salah: "
                     "tidak ada yang disimpan.", "Upload a .csv or .xlsx file with a header "
                     "row. Any bad row: nothing is saved."),
    "import_kind": ("Jenis data", "Kind of data"),
    "import_indicators": ("Indikator KTP-el", "KTP-el indicators"),
    "import_print_debt": ("Hutang cetak (jumlah resmi)", "Print debt (official counts)"),
    "import_suket": ("Suket (terbit, ditebus, diperpanjang per hari)",
                     "Suket (issued, redeemed, renewed a day)"),
    "file": ("Berkas", "File"),
    "dry_run": ("Periksa saja, jangan simpan", "Check only, save nothing"),
    "upload": ("Unggah", "Upload"),
    "import_checked": ("Berkas diperiksa, tidak ada yang disimpan",
                       "File checked, nothing saved"),
    "import_done": ("Berkas diimpor", "File imported"),
    "rows": ("Baris", "Rows"),
    "imported": ("Disimpan", "Imported"),
    "row_errors": ("Baris yang salah", "Rows with errors"),
    "row": ("Baris", "Row"),
    "column": ("Kolom", "Column"),
    "message": ("Keterangan", "Message"),
    "columns": ("Kolom yang dibaca", "Columns read"),
    # users
    "users": ("Pengguna", "Users"),
    "users_in_scope": ("Pengguna di wilayah Anda", "Users in your scope"),
    "create_user": ("Buat pengguna", "Create user"),
    "user_created": ("Pengguna dibuat", "User created"),
    "role": ("Peran", "Role"),
    "password_rules": ("Minimal 10 karakter.", "At least 10 characters."),
    "account_status": ("Status akun", "Account status"),
    "account_active": ("aktif", "active"),
    "account_inactive": ("nonaktif", "inactive"),
    "edit_user": ("Ubah pengguna", "Change user"),
    "deactivate": ("Nonaktifkan", "Deactivate"),
    "reactivate": ("Aktifkan kembali", "Reactivate"),
    "role_and_region": ("Peran dan wilayah", "Role and region"),
    "reset_password": ("Atur ulang kata sandi", "Reset password"),
    "user_saved": ("Perubahan disimpan. Semua sesi pengguna ini telah diakhiri.",
                   "Saved. Every session of this user has ended."),
    "changes_end_sessions": ("Setiap perubahan di sini mengakhiri semua sesi pengguna ini: "
                             "ia perlu masuk lagi.",
                             "Each change here ends every session of this user: they sign "
                             "in again."),
    "own_account_note": ("Ini akun Anda sendiri. Ganti kata sandi Anda di halaman",
                         "This is your own account. Change your password on the page"),
    # one's own password
    "change_password": ("Ubah kata sandi", "Change password"),
    "current_password": ("Kata sandi saat ini", "Current password"),
    "new_password": ("Kata sandi baru", "New password"),
    "new_password_again": ("Ulangi kata sandi baru", "New password again"),
    "password_changed": ("Kata sandi diganti", "Password changed"),
    "password_changed_detail": ("Sesi lain akun Anda di perangkat mana pun telah diakhiri.",
                                "Your other sessions, on any device, have ended."),
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
    "problem_invalid_credentials": ("Kata sandi salah", "Wrong password"),
    "problem_too_many_attempts": ("Terlalu banyak percobaan", "Too many attempts"),
    # what was refused, from the problem's members (problem_detail)
    "problem_spreadsheet_too_large": ("Lembar kerja terlalu besar", "Spreadsheet too large"),
    "problem_detail_spreadsheet_too_large": (
        "Lembar kerja ini melebihi batas impor: paling banyak {max_rows} baris dan "
        "{max_columns} kolom. Tidak ada yang diimpor.",
        "This spreadsheet is past the import limits: at most {max_rows} rows and "
        "{max_columns} columns. Nothing was imported."),
    "problem_body_too_large": ("Kiriman terlalu besar", "Request too large"),
    "problem_detail_body_too_large": (
        "Kiriman ini lebih besar dari yang diterima alamat ini ({limit} bita).",
        "This request is larger than this address takes ({limit} bytes)."),
    "row_errors_first": ("{listed} pertama dari {count} kesalahan",
                         "the first {listed} of {count} errors"),
    "problem_detail_insufficient_stock": (
        "Stok {region} tinggal {available} blanko; yang diminta {requested}.",
        "Region {region} has {available} blanks on hand; {requested} were asked for."),
    "problem_detail_out_of_scope": (
        "Wilayah {region} di luar cakupan Anda ({scope}).",
        "Region {region} is outside your scope ({scope})."),
    "problem_detail_invalid_credentials": ("Kata sandi saat ini tidak cocok.",
                                           "The current password does not match."),
    "problem_detail_too_many_attempts": (
        "Terlalu banyak percobaan yang salah. Coba lagi dalam {retry_after} detik.",
        "Too many wrong attempts. Try again in {retry_after} seconds."),
    "problem_detail_not_permitted": (
        "Peran Anda ({role}) tidak berwenang {action}.", "Your role ({role}) may not {action}."),
    "action_read": ("melihat data", "read"),
    "action_manage_users": ("mengelola pengguna", "manage users"),
    "action_record_procurements": ("mencatat pengadaan blanko", "record procurements"),
    "action_adjust_stock": ("mengoreksi stok", "adjust stock"),
    "action_raise_requests": ("mengajukan permintaan blanko", "raise requests"),
    "action_approve_requests": ("menyetujui permintaan", "approve requests"),
    "action_plan_and_dispatch_shipments": ("merencanakan dan mengirim blanko",
                                           "plan and dispatch shipments"),
    "action_receive_shipments": ("menerima kiriman", "receive shipments"),
    "action_record_print_runs": ("mencatat hasil cetak", "record print runs"),
    "action_record_print_ready_records": ("mencatat rekaman siap cetak",
                                          "record print-ready records"),
    "action_set_targets": ("menetapkan target", "set targets"),
    "action_run_scenarios": ("menjalankan skenario", "run scenarios"),
    "action_manage_printers": ("mengelola mesin cetak", "manage printers"),
    "action_report_daily": ("mengirim laporan harian", "send the daily report"),
    "action_record_regional_purchases": ("mencatat pembelian blanko dari APBD",
                                         "record regional (APBD) purchases"),
    "action_record_destructions": ("mencatat penyerahan dan pemusnahan KTP-el",
                                   "record surrendered cards and destruction minutes"),
    "action_sign_out_kits": ("mengeluarkan dan menerima kembali kit jemput bola",
                             "sign mobile-service kits out and back in"),
    "action_undo_others_entries": ("membatalkan isian orang lain (hanya yang mengisi atau "
                                   "atasannya)", "undo another user's entry (only the one who "
                                   "entered it or their supervisor)"),
    # a refused field, by its rule (InvalidInput.rule), from the rule's values
    "invalid_future_day": ("{day} belum tiba: hari ini {today}.",
                           "{day} is in the future: today is {today}."),
    "invalid_day_out_of_range": ("{day} di luar rentang {earliest} – {latest}.",
                                 "{day} is outside {earliest} – {latest}."),
    "invalid_empty_print_run": ("Isi jumlah dicetak atau rusak: minimal satu blanko.",
                                "A print run prints or spoils at least one blank."),
    "invalid_reason_without_spoiled": ("Alasan rusak hanya diisi jika ada blanko rusak.",
                                       "A spoilage cause goes only with spoiled blanks."),
    "invalid_spoiled_without_reason": ("Blanko rusak wajib disertai alasannya.",
                                       "Spoiled blanks need their cause."),
    "invalid_received_exceeds_shipped": (
        "Diterima {received} + rusak {damaged} melebihi {shipped} yang dikirim.",
        "Received {received} + damaged {damaged} is more than the {shipped} shipped."),
    "invalid_serials_not_quantity": (
        "Rentang nomor seri berisi {serials} blanko, tetapi jumlahnya {quantity}.",
        "The serial ranges hold {serials} serials but the quantity is {quantity}."),
    "invalid_already_reversed": ("Isian ini sudah dibatalkan.",
                                 "This entry has already been undone."),
    "invalid_reversal_of_reversal": ("Pembatalan tidak dapat dibatalkan; isi ulang angkanya.",
                                     "An undo cannot be undone; enter the figure again."),
    "invalid_not_a_recording": ("Hanya rekaman yang dibatalkan di sini; hasil cetak "
                                "dibatalkan lewat cetakannya.",
                                "Only recordings are undone here; printed cards are undone "
                                "through their print run."),
    "invalid_zero_adjustment": ("Koreksi stok tidak boleh 0.",
                                "An adjustment must change the stock: not 0."),
    "invalid_adjustment_negative": ("Koreksi dengan alasan ini harus negatif (mengurangi stok).",
                                    "An adjustment for this reason must be negative."),
    "invalid_adjustment_positive": ("Koreksi dengan alasan ini harus positif (menambah stok).",
                                    "An adjustment for this reason must be positive."),
    "invalid_password_has_username": ("Kata sandi tidak boleh memuat nama pengguna.",
                                      "The password must not contain the username."),
    "invalid_password_too_plain": ("Kata sandi perlu minimal {distinct} karakter berbeda.",
                                   "The password needs at least {distinct} different "
                                   "characters."),
    "invalid_password_common": ("Kata sandi ini termasuk yang paling mudah ditebak.",
                                "This password is one of the first anyone would try."),
    "invalid_nothing_to_change": ("Pilih setidaknya satu perubahan: status, peran, wilayah "
                                  "atau kata sandi.",
                                  "Choose at least one change: status, role, region or "
                                  "password."),
    "invalid_password_mismatch": ("Kedua isian kata sandi baru tidak sama.",
                                  "The two new passwords differ."),
    "invalid_own_account": ("Admin tidak menonaktifkan atau mengganti perannya sendiri.",
                            "Admins do not deactivate or re-role themselves."),
    "invalid_shipment_to_itself": ("Tujuan kiriman harus wilayah lain dari asalnya.",
                                   "A shipment goes to another region than its source."),
    "invalid_destination_out_of_scope": ("Tujuan {destination} di luar wilayah Anda ({scope}).",
                                         "{destination} is outside your scope ({scope})."),
    "invalid_received_before_dispatch": ("Tanggal terima tidak boleh sebelum tanggal kirim "
                                         "({dispatched_on}).",
                                         "Received before the dispatch on {dispatched_on}."),
    "invalid_serials_without_count": ("Nomor seri diisi, tetapi jumlahnya 0.",
                                      "Serials were named, but none were counted."),
    "invalid_serials_required": ("Kiriman ini bernomor seri: sebutkan {count} nomor seri.",
                                 "This shipment carries serials: name the {count} serials."),
    "invalid_damaged_missing_overlap": ("Nomor seri rusak dan hilang tumpang tindih.",
                                        "Damaged and missing serials overlap."),
    "invalid_approved_over_requested": ("Paling banyak {requested} blanko, sesuai permintaan.",
                                        "At most the {requested} requested."),
    "invalid_region_unknown": (
        "Tidak ada wilayah bernama “{typed}”. Ketik namanya (Kota Bandung) atau kodenya (32.73).",
        "No region is called “{typed}”. Type its name (Kota Bandung) or its code (32.73)."),
    "invalid_region_ambiguous": (
        "“{typed}” cocok dengan {count} wilayah: {choices}. Pilih salah satu dari daftar.",
        "“{typed}” matches {count} regions: {choices}. Pick one from the list."),
    "invalid_movement_not_reversible": (
        "Gerakan #{movement} milik kiriman atau pencetakannya; perbaiki di sana.",
        "Movement #{movement} belongs to its shipment or print run; correct it there."),
    "invalid_serials_moved_on": (
        "Sebagian nomor seri gerakan #{movement} sudah berpindah; tidak dapat dibatalkan.",
        "Some serials of movement #{movement} have moved on; it cannot be reversed."),
    "invalid_dispatch_needs_planned": (
        "Kiriman #{shipment} berstatus {status}; hanya kiriman yang direncanakan dapat dikirim.",
        "Shipment #{shipment} is {status}; only a planned one is dispatched."),
    "invalid_cancel_needs_planned": (
        "Kiriman #{shipment} berstatus {status}; hanya kiriman yang direncanakan dapat "
        "dibatalkan.",
        "Shipment #{shipment} is {status}; only a planned one can be cancelled."),
    "invalid_receipt_needs_dispatched": (
        "Kiriman #{shipment} berstatus {status}; hanya kiriman dalam perjalanan dapat diterima.",
        "Shipment #{shipment} is {status}; only a dispatched one can be received."),
    "invalid_approval_needs_submitted": (
        "Permintaan #{request} berstatus {status}; hanya yang diajukan dapat disetujui.",
        "Request #{request} is {status}; only a submitted one is approved."),
    "invalid_rejection_needs_submitted": (
        "Permintaan #{request} berstatus {status}; hanya yang diajukan dapat ditolak.",
        "Request #{request} is {status}; only a submitted one is rejected."),
    "invalid_request_not_cancellable": (
        "Permintaan #{request} berstatus {status}; tidak dapat dibatalkan lagi.",
        "Request #{request} is {status}; it can no longer be cancelled."),
    "invalid_shipment_needs_approved": (
        "Permintaan #{request} berstatus {status}; kiriman hanya untuk permintaan yang disetujui.",
        "Request #{request} is {status}; shipments go against an approved request."),
    "invalid_file_name": ("Nama berkas tidak boleh memuat karakter NUL.",
                          "A file name has no NUL character."),
    "invalid_year": ("Tahun seperti 2023.", "A year such as 2023."),
    "invalid_targets_empty": ("Isi target perekaman, target IKD, atau keduanya.",
                              "Give the recording target, the IKD target or both."),
    "invalid_not_found": ("{kind} {key} tidak ditemukan.", "No {kind} {key}."),
    "thing_serial": ("Nomor seri", "serial"),
    "thing_print run": ("Pencetakan", "print run"),
    "thing_print debt entry": ("Catatan perekaman", "print debt entry"),
    "thing_shipment": ("Kiriman", "shipment"),
    "thing_request": ("Permintaan", "request"),
    "thing_region": ("Wilayah", "region"),
    "thing_user": ("Pengguna", "user"),
    "thing_movement": ("Gerakan stok", "stock movement"),
    "invalid_over_most_on_hand": (
        "{region} akan memegang {count} blanko; tidak ada wilayah yang memegang lebih dari "
        "{limit}.",
        "{region} would hold {count} blanks; no region holds more than {limit}."),
    "invalid_over_most_debt": ("Angka harian ini akan menjadi {count}; paling banyak {limit}.",
                               "This day's figure would be {count}; it is at most {limit}."),
    "invalid_queue_of_regency": (
        "{code} bukan kabupaten/kota; antrean cetak ada di kabupaten/kota.",
        "{code} is not a regency; the print queue is a regency's."),
    "invalid_public_stock_of_district": (
        "{code} adalah kecamatan; stok blanko ada di kabupaten/kota.",
        "{code} is a district; blanks are kept by its regency."),
    # the public pages (/publik): residents, no sign-in
    "public_stock": ("Stok Blanko KTP-el", "KTP-el blank stock"),
    "public_intro": (
        "Jumlah blanko KTP-el di setiap kabupaten/kota, diumumkan setiap hari oleh Dinas "
        "Kependudukan dan Pencatatan Sipil.",
        "The KTP-el blanks of every regency, announced daily by its civil registry office."),
    "public_find": ("Cari kabupaten/kota atau provinsi Anda",
                    "Find your regency or province"),
    "public_find_hint": ("Ketik nama atau kode, mis. Gorontalo Utara atau 75.05.",
                         "Type a name or a code, e.g. Gorontalo Utara or 75.05."),
    "public_show": ("Tampilkan", "Show"),
    "public_provinces": ("Provinsi", "Provinces"),
    "public_regencies": ("Kabupaten/kota", "Regencies"),
    "public_nation": ("Seluruh Indonesia", "All of Indonesia"),
    "days_of_cover": ("Cukup untuk (hari)", "Days of cover"),
    "no_printing_lately": ("belum ada pencetakan 30 hari terakhir",
                           "no printing in the last 30 days"),
    "public_figures_as_of": ("Angka per", "Figures as of"),
    "public_days_note": (
        "“Cukup untuk” membagi stok dengan rata-rata cetak per hari kerja 30 hari terakhir. "
        "Hutang cetak: KTP-el yang sudah direkam tetapi belum dicetak.",
        "“Days of cover” divides the stock by the average printing per working day of the "
        "last 30 days. Print debt: KTP-el recorded but not printed yet."),
    "queue_title": ("Perkiraan antrean cetak", "Print queue estimate"),
    "queue_position": ("Nomor antrean Anda", "Your queue number"),
    "queue_position_hint": (
        "Nomor 1 adalah rekaman tertua yang menunggu; tanyakan nomor Anda di kantor Dukcapil.",
        "Number 1 is the oldest record waiting; ask the civil registry office for yours."),
    "queue_ask": ("Perkirakan", "Estimate"),
    "queue_estimate": ("Nomor {position}: kemungkinan dicetak antara {p10} dan {p90} (paling "
                       "mungkin {p50}).",
                       "Number {position}: likely printed between {p10} and {p90} (most "
                       "likely {p50})."),
    "queue_beyond_queue": (
        "Saat ini hanya {waiting} rekaman yang menunggu dicetak; nomor {position} tidak ada "
        "dalam antrean.",
        "Only {waiting} records are waiting to be printed now; number {position} is not in "
        "the queue."),
    "queue_not_enough_blanks": (
        "Blanko yang ada dan yang akan datang belum cukup untuk mencetak sampai nomor "
        "{position}.",
        "The blanks on hand and on their way cannot print as far as number {position} yet."),
    "queue_waiting": ("{waiting} rekaman menunggu dicetak.",
                      "{waiting} records are waiting to be printed."),
    "public_only_regency_queue": ("Perkiraan antrean ada di halaman kabupaten/kota.",
                                  "The queue estimate is on each regency's page."),
    "staff_sign_in": ("Masuk untuk petugas", "Staff sign-in"),
    "public_for_residents": ("Warga: lihat stok blanko KTP-el dan perkiraan antrean cetak",
                             "Residents: see the KTP-el blank stock and the queue estimate"),
    "invalid_classes_not_total": (
        "Jumlah per kelas {sum}, tidak sama dengan {total}.",
        "The classes add up to {sum}, not {total}."),
    "thing_printer": ("Mesin cetak", "printer"),
    "thing_kit": ("Kit jemput bola", "mobile-service kit"),
    "invalid_kit_open": ("{officer} masih membawa kit #{kit}; kembalikan dulu.",
                         "{officer} already has kit {kit} out; return it first."),
    "invalid_kit_returned": ("Kit #{kit} sudah dikembalikan.", "Kit {kit} is already returned."),
    "invalid_kit_over_quantity": (
        "Kit #{kit} membawa {quantity} blanko; yang dilaporkan {accounted}.",
        "Kit {kit} took {quantity} blanks; {accounted} are accounted for."),
    "invalid_kit_missing_without_reason": ("{missing} blanko hilang: sebutkan alasannya.",
                                           "{missing} blanks are missing: say why."),
    "invalid_kit_serials_unsupported": ("Nomor seri belum dapat dicatat untuk kit.",
                                        "Serial ranges are not yet taken for kits."),
    "invalid_kit_officer_unnamed": ("Petugas harus bernama.", "The officer needs a name."),
    "invalid_kit_back_before_out": ("Kit baru keluar pada {day}.", "The kit went out on {day}."),
    "thing_destruction": ("Berita acara pemusnahan", "destruction minute"),
    "invalid_destruction_nothing": ("Berita acara memusnahkan paling tidak satu keping.",
                                    "A minute destroys at least one card."),
    "invalid_destruction_over_spoiled": (
        "Blanko rusak yang menunggu pemusnahan di {region} tinggal {awaiting}; tidak dapat "
        "memusnahkan {asked}.",
        "{region} has {awaiting} spoiled cards awaiting destruction; {asked} cannot be "
        "destroyed."),
    "invalid_destruction_over_surrendered": (
        "KTP-el lama yang menunggu pemusnahan di {region} tinggal {awaiting}; tidak dapat "
        "memusnahkan {asked}.",
        "{region} has {awaiting} surrendered cards awaiting destruction; {asked} cannot be "
        "destroyed."),
    "invalid_witness_unnamed": ("Setiap saksi harus bernama.", "A witness needs a name."),
    "invalid_witnesses_repeated": ("Setiap saksi menandatangani sekali: nama harus berbeda.",
                                   "Each witness signs once: the names must differ."),
    "invalid_witnesses_too_few": ("Berita acara memerlukan paling tidak dua saksi.",
                                  "A minute needs at least two witnesses."),
    "invalid_suket_nothing": ("Isi paling tidak satu angka suket di atas 0.",
                              "Enter at least one suket count above 0."),
    "invalid_no_vetted_need": ("{region} tidak membutuhkan blanko 30 hari ke depan; isi "
                               "jumlah yang disetujui.",
                               "{region} needs no blanks over the next 30 days; give the "
                               "quantity to approve."),
    "invalid_return_exceeds_outstanding": (
        "Pinjaman {loan} tinggal {outstanding} blanko; tidak dapat dikembalikan {asked}.",
        "Loan {loan} has {outstanding} blanks outstanding; {asked} cannot be returned."),
    "invalid_loan_already_returned": ("Pinjaman {loan} sudah dikembalikan seluruhnya.",
                                      "Loan {loan} has been returned in full."),
    "invalid_loan_to_itself": ("Peminjam harus wilayah lain dari pemberi pinjaman.",
                               "A loan goes to another region than its lender."),
    "invalid_loan_due_in_past": ("Jatuh tempo {day} sudah lewat (hari ini {today}).",
                                 "The due day {day} is before today ({today})."),
    "invalid_apbn_at_national": (
        "Pengadaan APBN dicatat di gudang nasional (00), bukan di {region}.",
        "An APBN procurement arrives at the national warehouse (00), not at {region}."),
    "invalid_apbd_at_region": (
        "Pengadaan APBD (blangko mandiri) dicatat di wilayah yang membelinya, bukan di 00.",
        "An APBD purchase (blangko mandiri) is recorded at the region that bought it, not 00."),
    "invalid_suket_over_redeemed": (
        "Pada {day} suket yang beredar di {region} tinggal {outstanding}; yang ditebus "
        "{asked}.",
        "On {day} region {region} had {outstanding} suket outstanding; {asked} were "
        "redeemed."),
    "invalid_suket_over_renewed": (
        "Pada {day} suket yang beredar di {region} tinggal {outstanding}; yang diperpanjang "
        "{asked}.",
        "On {day} region {region} had {outstanding} suket outstanding; {asked} were "
        "renewed."),
    "invalid_printer_needs_regency": (
        "{code} bukan kabupaten/kota; mesin cetak milik kabupaten/kota.",
        "{code} is not a regency; printers belong to a regency."),
    "invalid_username_taken": ("Nama pengguna {username} sudah dipakai.",
                               "The username {username} is taken."),
    "invalid_already_received": ("Kiriman #{shipment} sudah diterima.",
                                 "Shipment #{shipment} has already been received."),
    "invalid_exceeds_owed": (
        "Permintaan #{request} masih kurang {open} blanko yang belum dikirim; {quantity} "
        "melebihinya.",
        "Request #{request} has {open} blanks owed and not yet on their way; {quantity} is "
        "more."),
    "invalid_serial_ranges_overlap": (
        "Rentang nomor seri bertumpuk ({first}–{last}) dalam satu isian.",
        "Serial ranges overlap ({first}–{last}) in the same request."),
    "invalid_serials_not_held_here": ("Nomor seri {first}–{last} tidak semuanya ada di sini.",
                                      "Serials {first}–{last} are not all held here."),
    "invalid_serials_not_in_stock": ("{count} nomor seri ini tidak ada di stok {region}.",
                                     "{count} of these serials are not in {region}'s stock."),
    "invalid_serials_twice": ("Sebagian nomor seri tercatat dua kali di stok {region}.",
                              "Some of these serials are on record twice in {region}'s stock."),
    "invalid_serials_moved_too_early": (
        "Nomor seri {first}–{last} tiba di {region} pada {reached}; tidak dapat berpindah "
        "pada {on}, sebelum itu.",
        "Serials {first}–{last} reached {region} on {reached}; they cannot move on {on}, "
        "before that."),
    "invalid_serials_on_record": (
        "Nomor seri {first}–{last} sudah tercatat (dipegang {region} sejak {since}).",
        "Serials {first}–{last} are already on record (held by {region} since {since})."),
    "invalid_no_region": ("Wilayah {code} tidak ada.", "There is no region {code}."),
    "invalid_district_holds_no_stock": (
        "{code} adalah kecamatan; blanko disimpan oleh kabupaten/kota, provinsi atau pusat.",
        "{code} is a district; blanks are held by its regency, province or the ministry."),
    "invalid_per_regency": ("{code} bukan kabupaten/kota; ini dicatat per kabupaten/kota.",
                            "{code} is not a regency; this is recorded per regency."),
    "invalid_no_request": ("Permintaan #{request} tidak ada.", "There is no request #{request}."),
    "invalid_request_other_route": (
        "Permintaan #{request} untuk {region} dari {supplier}, bukan rute ini.",
        "Request #{request} is for {region} from {supplier}, not this route."),
    "invalid_forecast_of_district": (
        "Prakiraan dibuat per kabupaten/kota atau di atasnya.",
        "A forecast is made for a regency or above."),
    "invalid_region_twice_in_plan": ("Setiap wilayah hanya sekali dalam rencana.",
                                     "Each region appears once in a plan."),
    "invalid_empty_plan": ("Rencana ini tidak punya baris untuk dikirim.",
                           "The plan has no line to ship."),
    "invalid_month": ("Isi bulan sebagai TTTT-BB, misalnya 2023-02.",
                      "Enter a month as YYYY-MM, e.g. 2023-02."),
    "invalid_choose_file": ("Pilih berkas .csv atau .xlsx untuk diunggah.",
                            "Choose a .csv or .xlsx file to upload."),
    "invalid_csv_not_utf8": ("Berkas CSV harus berupa teks UTF-8.",
                             "A CSV file must be UTF-8 text."),
    "invalid_unreadable_workbook": ("Berkas .xlsx ini tidak dapat dibaca.",
                                    "This .xlsx workbook cannot be read."),
    "invalid_unreadable_csv": ("Berkas CSV ini tidak dapat dibaca (kutipan atau isian "
                               "yang rusak).",
                               "This CSV file cannot be read (a broken quote or field)."),
    "invalid_empty_file": ("Berkas kosong: baris judul kolom diperlukan.",
                           "The file is empty: a header row is expected."),
    "invalid_serial_range_shape": ("Rentang nomor seri ditulis [awal, akhir].",
                                   "A serial range is [first, last]."),
    "invalid_serial_range_order": ("Rentang nomor seri perlu 0 ≤ awal ≤ akhir.",
                                   "A serial range needs 0 ≤ first ≤ last."),
    "invalid_region_code": ("{code} bukan kode wilayah Kemendagri seperti 75 atau 75.05.",
                            "{code} is not a Kemendagri region code such as 75 or 75.05."),
    "invalid_role_level": ("{role} bekerja di tingkat {levels}, bukan {level}.",
                           "The role {role} works at {levels} level, not {level}."),
    "level_national": ("nasional", "national"),
    "level_province": ("provinsi", "province"),
    "level_regency": ("kabupaten/kota", "regency"),
    "level_district": ("kecamatan", "district"),
    "or": ("atau", "or"),
    "invalid_not_a_supplier": (
        "{supplier} tidak memasok {region}; ajukan ke wilayah di atasnya, biasanya pusat (00).",
        "{supplier} does not supply {region}; ask a region above it, normally 00."),
    "invalid_recorded_over_eligible": ("{recorded} perekaman melebihi {eligible} wajib KTP.",
                                       "{recorded} recorded is more than the {eligible} "
                                       "wajib KTP."),
    "invalid_over_recorded": ("{value} melebihi {recorded} yang sudah direkam.",
                              "{value} is more than the {recorded} recorded."),
    "invalid_horizon": ("Jangka prakiraan 1 sampai {limit} hari.",
                        "The horizon is 1 to {limit} days."),
    "invalid_non_negative": ("Isi angka 0 atau lebih.", "Enter a number, 0 or more."),
    "invalid_spoilage_rate": ("Tingkat kerusakan paling besar {limit}.",
                              "The spoilage rate is at most {limit}."),
    "invalid_at_least": ("Isian ini minimal {limit}.", "This field must be at least {limit}."),
    "invalid_more_than": ("Isian ini harus lebih dari {limit}.",
                          "This field must be more than {limit}."),
    "invalid_at_most": ("Isian ini paling besar {limit}.",
                        "This field must be at most {limit}."),
    "invalid_whole_number": ("Isi dengan bilangan bulat.", "Enter a whole number."),
    "invalid_number": ("Isi dengan angka.", "Enter a number."),
    "invalid_too_long": ("Isian ini paling panjang {limit} karakter.",
                         "This field takes at most {limit} characters."),
    "invalid_too_short": ("Isian ini minimal {limit} karakter.",
                          "This field needs at least {limit} characters."),
    "invalid_required": ("Isian ini wajib diisi.", "This field is required."),
    "invalid_choice": ("Pilih salah satu pilihan yang tersedia.", "Choose one of the options."),
    "invalid_date": ("Isi tanggal yang valid (TTTT-BB-HH).", "Enter a date (YYYY-MM-DD)."),
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


def problem_detail(lang: str, code: str, members: dict[str, object], detail: str, *,
                   rule: str | None = None, values: dict[str, object] | None = None) -> str:
    """`invalid_<rule>` for a refused field that names its rule, else
    `problem_detail_<code>`, filled from the values or the problem's members (numbers,
    dates, the role and the action in `lang`'s words); `detail`, the API's English, where
    the catalogue has no entry."""
    if rule and has(f"invalid_{rule}"):
        return translate(lang, f"invalid_{rule}").format(**_worded(values or {}, lang))
    key = f"problem_detail_{code}"
    if not has(key):
        return detail
    words = _worded(members, lang)
    if "action" in words:
        words["action"] = translate(lang, f"action_{words['action']}")
    return translate(lang, key).format(**words)


def _worded(values: dict[str, object], lang: str) -> dict[str, object]:
    """Numbers and dates as `lang` writes them; roles and region levels by their names
    in `lang`."""
    words = {name: formats.number(value, lang, decimals=3)  # a limit such as 0,99
             if isinstance(value, int | float) and not isinstance(value, bool)
             else formats.long_date(value, lang) if isinstance(value, date) else value
             for name, value in values.items()}
    if "role" in words:
        words["role"] = translate(lang, f"role_{words['role']}")
    if "status" in words:
        words["status"] = translate(lang, f"status_{words['status']}").lower()
    if "kind" in words:
        words["kind"] = translate(lang, f"thing_{words['kind']}")
    if "level" in words:
        words["level"] = translate(lang, f"level_{words['level']}")
    if isinstance(levels := values.get("levels"), list):
        words["levels"] = f" {translate(lang, 'or')} ".join(
            translate(lang, f"level_{level}") for level in levels)
    return words

