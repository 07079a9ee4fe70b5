"""Accounts in a real browser (tests/web/conftest.py watches every page): an admin ends and
changes a user on the user's page, and a user changes their own password from the header.

Each test works on a user it creates through the API, so no other test's session (they are
shared across the run) is ended by a change made here.
"""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import DEMO_PASSWORD, UI
from tests.web.test_browser import submit

pytestmark = [pytest.mark.browser]
NEW_PASSWORD = re.compile("^Kata sandi baru")  # not "Ulangi kata sandi baru"; help text after


def a_new_user(ui: UI, name: str, *, role: str = "print_operator", region: str = "33.28"
               ) -> int:
    """Made by the demo's admin, with the demo's password."""
    answer = ui.served.api("POST", "/api/v1/users", ui.served.api_token("admin"), json={
        "username": f"{name}.{ui.served.engine}", "password": DEMO_PASSWORD, "role": role,
        "region": region})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_the_admin_deactivates_moves_and_resets_a_user_on_their_page(ui: UI):
    user_id = a_new_user(ui, "gudang.tegal", role="warehouse_staff")
    name = f"gudang.tegal.{ui.served.engine}"
    ui.sign_in("admin")
    ui.goto("/users")
    row = ui.page.locator("#users tr", has_text=name)
    assert row.get_by_text("aktif", exact=True).is_visible()
    with ui.page.expect_navigation():
        row.get_by_role("link", name=name).click()
    assert ui.path() == f"/users/{user_id}"
    ui.snap("user")

    submit(ui, "#status form")
    assert ui.path() == f"/users/{user_id}?saved=true"
    assert ui.page.get_by_role("status").is_visible()
    assert ui.page.locator("dl.facts").get_by_text("nonaktif", exact=True).is_visible()
    ui.snap("user-deactivated")
    submit(ui, "#status form")  # now "Aktifkan kembali"
    assert ui.page.locator("dl.facts").get_by_text("aktif", exact=True).is_visible()

    placement = ui.page.locator("#placement form")
    placement.get_by_label("Wilayah (nama atau kode)").fill("Jawa Tengah")
    submit(ui, "#placement form")
    assert ui.page.locator("dl.facts").get_by_text("33", exact=True).is_visible()

    ui.expect_status(400)
    reset = ui.page.locator("#reset-password form")
    reset.get_by_label("Kata sandi baru").fill("aaaaaaaaaaaa")
    submit(ui, "#reset-password form")
    assert "karakter berbeda" in ui.page.locator("#reset-password .problem").inner_text()
    ui.snap("user-reset-refused")
    ui.page.locator("#reset-password form").get_by_label("Kata sandi baru").fill(
        "kata-sandi-tegal-9")
    submit(ui, "#reset-password form")
    assert ui.path() == f"/users/{user_id}?saved=true"

    ui.sign_out()
    ui.sign_in(name, "kata-sandi-tegal-9", by_form=True)
    assert "Jawa Tengah" in ui.page.locator("h1").inner_text()


def test_a_user_changes_their_password_from_the_header(ui: UI):
    a_new_user(ui, "operator.sandi")
    name = f"operator.sandi.{ui.served.engine}"
    ui.sign_in(name, by_form=True)
    with ui.page.expect_navigation():
        ui.page.locator("header").get_by_role("link", name="Ubah kata sandi").click()
    assert ui.path() == "/password"
    ui.snap("password")

    ui.expect_status(400)
    ui.page.get_by_label("Kata sandi saat ini").fill(DEMO_PASSWORD)
    ui.page.get_by_label(NEW_PASSWORD).fill("sandi-baru-yang-panjang")
    ui.page.get_by_label("Ulangi kata sandi baru").fill("sandi-baru-yang-lain")
    submit(ui, "form[action='/password']")
    assert "tidak sama" in ui.page.get_by_role("alert").inner_text()
    ui.snap("password-mismatch")

    ui.page.get_by_label("Kata sandi saat ini").fill(DEMO_PASSWORD)
    ui.page.get_by_label(NEW_PASSWORD).fill("sandi-baru-yang-panjang")
    ui.page.get_by_label("Ulangi kata sandi baru").fill("sandi-baru-yang-panjang")
    submit(ui, "form[action='/password']")
    assert ui.path() == "/password?saved=true"
    assert re.search("Kata sandi diganti", ui.page.get_by_role("status").inner_text())
    ui.snap("password-changed")
    ui.goto("/")  # this browser carries on, in its new session
    assert ui.path() == "/"

    ui.sign_out()
    ui.sign_in(name, "sandi-baru-yang-panjang", by_form=True)
