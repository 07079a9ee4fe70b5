"""The command line, run as a real process against each database."""

from __future__ import annotations

from datetime import date

from blanko_tracker.db import stock
from blanko_tracker.db.tables import (
    AppUser,
    PrintDebt,
    PrintRun,
    Shipment,
    StockBalance,
    StockRequest,
)
from blanko_tracker.schemas import RecordPrintRun, RecordRecordings
from blanko_tracker.services import printing
from tests.builders import given_admin, given_stock
from tests.conftest import run_cli


async def test_check_fails_on_a_corrupted_balance_and_passes_once_mended(database):
    await given_stock("31", 10)
    await given_stock("75.05", 3)
    assert run_cli("check", database_url=database.url).returncode == 0

    await StockBalance.update({StockBalance.on_hand: 12}).where(StockBalance.region == "31")
    corrupted = run_cli("check", database_url=database.url, check=False)

    assert corrupted.returncode == 1
    assert "31: stored 12, ledger 10" in corrupted.stderr and "75.05" not in corrupted.stderr

    await StockBalance.update({StockBalance.on_hand: 10}).where(StockBalance.region == "31")
    mended = run_cli("check", database_url=database.url)
    assert "ok: all 2 balances" in mended.stdout


async def test_check_notices_a_ledger_with_no_balance_row(database):
    await given_stock("31", 10)
    await StockBalance.delete().where(StockBalance.region == "31")

    result = run_cli("check", database_url=database.url, check=False)

    assert result.returncode == 1 and "31: stored no balance row, ledger 10" in result.stderr


async def test_check_compares_each_print_debt_with_its_latest_day(database):
    admin = await given_admin()
    await given_stock("75.05", 100)
    await printing.record_recordings("75.05", RecordRecordings(date=date(2026, 3, 2), count=50),
                                     actor=admin)
    await printing.record_print_run(RecordPrintRun(region="75.05", date=date(2026, 3, 3),
                                                   printed=20), actor=admin)
    assert "ok: all 1 print debts" in run_cli("check", database_url=database.url).stdout

    await PrintDebt.update({PrintDebt.printed: 21}).where(PrintDebt.region == "75.05")
    corrupted = run_cli("check", database_url=database.url, check=False)

    assert corrupted.returncode == 1
    assert "print debt 75.05: 30 as of 2026-03-03" in corrupted.stderr
    await PrintDebt.update({PrintDebt.printed: 20}).where(PrintDebt.region == "75.05")
    assert run_cli("check", database_url=database.url).returncode == 0


async def test_users_are_created_from_the_command_line_and_refusals_exit_1(database):
    created = run_cli("users", "create", "--username", "kadis.jakarta", "--password",
                      "rahasia-sekali-1", "--role", "provincial_head", "--region", "31",
                      database_url=database.url)
    again = run_cli("users", "create", "--username", "kadis.jakarta", "--password",
                    "rahasia-sekali-1", "--role", "provincial_head", "--region", "31",
                    database_url=database.url, check=False)
    unknown_region = run_cli("users", "create", "--username", "x.y.z", "--password",
                             "rahasia-sekali-1", "--role", "admin", "--region", "99",
                             database_url=database.url, check=False)

    assert "created user kadis.jakarta (provincial_head at 31)" in created.stdout
    assert again.returncode == 1 and "already_exists" in again.stderr
    assert unknown_region.returncode == 1 and "there is no region 99" in unknown_region.stderr
    assert await AppUser.count() == 1


async def test_demo_loads_once_and_a_second_run_changes_nothing(database):
    first = run_cli("demo", database_url=database.url)
    second = run_cli("demo", database_url=database.url)

    assert "kadis.jakarta" in first.stdout and "blanko-demo" in first.stdout
    assert "already loaded" in second.stdout
    assert await AppUser.count() == 10
    # 100,000 + 60,000 + this year's 100,000 procured; 80,000 to Jakarta, 27,000 to the three
    # printing regencies in 2023, and 45 days' printing to each of the four printing regencies
    # for the recent weeks ((40 + 60 + 300 + 100) × 45 = 22,500).
    assert [await stock.on_hand(code) for code in ("00", "31")] == [130_500, 74_950]
    assert 0 < await stock.on_hand("31.71") < 9_500
    request = await StockRequest.select().first()
    assert (request["quantity"], request["approved_quantity"], request["status"]) == (
        83_000, 83_000, "approved")
    assert await Shipment.count().where(Shipment.status == "received") == 10
    assert await Shipment.count().where(Shipment.status == "planned") == 2  # next installments
    assert await PrintRun.count() > 300
    assert run_cli("check", database_url=database.url).returncode == 0


async def test_migrate_is_a_no_op_on_an_up_to_date_database(database):
    result = run_cli("migrate", database_url=database.url)
    assert "database is up to date" in result.stdout
