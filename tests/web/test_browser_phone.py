"""Phones (issue 21, item 9): at 360×740 the menu folds behind "Menu" (a <details>, no script
needed) and tables read as cards labelled by their columns; on a desktop both are as before.
Every page's width at 360 px is checked by `ui.snap` (tests/web/conftest.py)."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.web.conftest import DESKTOP, PHONE, UI

pytestmark = [pytest.mark.browser]

# The widest table sideways beyond its box, in px (0: nothing needs scrolling sideways).
_TABLE_SCROLL = """() => Math.max(0, ...[...document.querySelectorAll("table")].map(
    t => (t.closest(".overflow-auto") || t).scrollWidth - (t.closest(".overflow-auto") || t)
        .clientWidth))"""


def test_the_menu_folds_on_a_phone_and_opens_with_a_tap(ui: UI):
    ui.sign_in("kadis.jakarta")
    ui.page.set_viewport_size(PHONE)
    menu_link = ui.page.locator("header ul.menu a[href='/shipments']")
    summary = ui.page.locator("header details.menu > summary")

    assert summary.is_visible() and not menu_link.is_visible()
    summary.click()
    assert menu_link.is_visible()
    ui.snap("menu-open")
    with ui.page.expect_navigation():
        menu_link.click()
    assert ui.path() == "/shipments"

    ui.page.set_viewport_size(DESKTOP)
    assert not ui.page.locator("header details.menu > summary").is_visible()
    assert ui.page.locator("header ul.menu a[href='/']").is_visible()


def test_tables_read_as_labelled_cards_on_a_phone(ui: UI):
    ui.sign_in("kadis.jakarta")
    ui.goto("/")
    ui.page.set_viewport_size(PHONE)

    cell = ui.page.locator("table.cards tbody td.num").first
    label = cell.get_attribute("data-label")
    assert label and label.strip()
    shown_label = cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert label in shown_label
    assert ui.page.locator("table.cards thead").first.bounding_box()["x"] < 0  # read aloud only
    assert ui.page.evaluate(_TABLE_SCROLL) == 0
    ui.snap("dashboard-cards")

    ui.page.set_viewport_size(DESKTOP)
    assert ui.page.locator("table.cards thead").first.bounding_box()["x"] >= 0


def test_the_print_run_pages_fit_a_phone(ui: UI):
    ui.sign_in("operator.gorut")
    ui.goto("/regions/75.05/print-runs/new")
    ui.snap("print-run-form")
    ui.goto("/regions/75.05")
    ui.page.set_viewport_size(PHONE)
    assert ui.page.evaluate(_TABLE_SCROLL) == 0
    ui.snap("region-cards")


def test_the_favicon_is_served_and_linked(ui: UI):
    ui.goto("/login")
    icon = ui.page.locator("link[rel=icon]").get_attribute("href")
    for address in (icon, "/favicon.ico"):
        answer = ui.page.request.get(urljoin(ui.page.url, address))
        assert answer.ok and "icon" in answer.headers["content-type"], address
