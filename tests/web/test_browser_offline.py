"""Entry without a signal (issue 21, item 4), in Debian's Chromium at phone size: the entry
forms keep what was typed while offline, say so, list it on /antrian and send it once when
the link is back — a repeat of the same entry (same Idempotency-Key) writes nothing more.

Run: .venv/bin/pytest tests/web/test_browser_offline.py -q -m browser
"""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import PHONE, UI

pytestmark = [pytest.mark.browser]

OPERATOR, REGENCY = "operator.jakpus", "31.71"
FORM = f"/regions/{REGENCY}/print-runs/new"
WAITING = "Menunggu sinyal — akan dikirim otomatis."

# The entries kept in this browser (web/static/offline.js), read and written from the page.
_KEPT = """() => new Promise((resolve, reject) => {
  const opening = indexedDB.open("blanko-offline", 1);
  opening.onsuccess = () => {
    const get = opening.result.transaction("entries").objectStore("entries").getAll();
    get.onsuccess = () => { opening.result.close(); resolve(get.result); };
    get.onerror = () => reject(get.error);
  };
  opening.onerror = () => reject(opening.error);
})"""
_KEEP = """(entry) => new Promise((resolve, reject) => {
  const opening = indexedDB.open("blanko-offline", 1);
  opening.onsuccess = () => {
    const tx = opening.result.transaction("entries", "readwrite");
    tx.objectStore("entries").put(entry);
    tx.oncomplete = () => { opening.result.close(); resolve(true); };
    tx.onerror = () => reject(tx.error);
  };
})"""


def print_runs_of(ui: UI, code: str) -> list[dict]:
    answer = ui.served.api("GET", f"/api/v1/print-runs?region={code}&limit=100",
                           ui.served.api_token(OPERATOR))
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def with_worker(ui: UI, path: str) -> None:
    """Opens `path` under the service worker, so its page is kept for the offline visit."""
    ui.goto(path)
    ui.page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    ui.page.reload()
    ui.page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def test_a_print_run_typed_offline_waits_and_is_sent_once(ui: UI):
    ui.sign_in(OPERATOR)
    with_worker(ui, "/antrian")
    with_worker(ui, FORM)
    ui.page.set_viewport_size(PHONE)
    before = print_runs_of(ui, REGENCY)

    ui.context.set_offline(True)
    ui.page.reload()  # the kept page opens without a signal
    ui.page.get_by_label(re.compile("^Dicetak")).fill("13")
    ui.page.get_by_label(re.compile("^Rusak")).fill("0")
    ui.page.locator(f"form[action='{FORM}'] button[type=submit]").click()
    note = ui.page.locator("#offline-note")
    note.wait_for()
    assert WAITING in note.inner_text()
    assert ui.path() == FORM  # no page was left: nothing was sent
    assert print_runs_of(ui, REGENCY) == before
    [kept] = ui.page.evaluate(_KEPT)
    assert kept["state"] == "waiting" and kept["key"]
    assert dict(kept["fields"])["printed"] == "13"
    ui.snap("print-run-kept-offline")
    ui.page.set_viewport_size(PHONE)

    with ui.page.expect_navigation():
        note.get_by_role("link").click()  # the waiting list, also without a signal
    assert ui.path() == "/antrian"
    listed = ui.page.locator("#waiting-list li")
    listed.first.wait_for()
    assert listed.count() == 1
    assert "Dicetak: 13" in listed.first.inner_text()
    assert WAITING in listed.first.inner_text()
    ui.snap("waiting-list-offline")
    ui.page.set_viewport_size(PHONE)

    ui.context.set_offline(False)  # the `online` event sends it
    ui.page.locator("#waiting-none").wait_for(state="visible")
    assert listed.count() == 0
    after = print_runs_of(ui, REGENCY)
    assert len(after) == len(before) + 1
    assert after[0]["printed"] == 13

    # Sent again (another tab, a reload mid-send): the same key has the first answer and
    # writes nothing more.
    ui.page.evaluate(_KEEP, kept)
    ui.page.reload()
    ui.page.locator("#waiting-none").wait_for(state="visible")
    ui.page.evaluate("window.dispatchEvent(new Event('online'))")
    ui.page.wait_for_timeout(300)
    assert ui.page.evaluate(_KEPT) == []
    assert len(print_runs_of(ui, REGENCY)) == len(before) + 1
    ui.snap("waiting-list-sent")


def test_a_page_post_repeated_with_its_key_writes_once(ui: UI):
    """The page's own post goes through the API's idempotency: the second answer is the
    first one, and the same key with another body is refused."""
    ui.sign_in(OPERATOR)
    ui.goto(FORM)
    before = len(print_runs_of(ui, REGENCY))
    post = """async ([url, printed, key]) => {
      const body = new URLSearchParams({date: document.getElementById("f-date").value,
        printed, spoiled: "0",
        csrf_token: document.querySelector("input[name=csrf_token]").value});
      const answer = await fetch(url, {method: "POST", body, redirect: "manual",
                                       headers: {"Idempotency-Key": key}});
      return answer.type === "opaqueredirect" ? 303 : answer.status;
    }"""
    key = "test-page-post-" + ui.served.engine
    assert ui.page.evaluate(post, [FORM, "11", key]) == 303
    assert ui.page.evaluate(post, [FORM, "11", key]) == 303
    assert len(print_runs_of(ui, REGENCY)) == before + 1
    ui.expect_status(409)
    assert ui.page.evaluate(post, [FORM, "12", key]) == 409
    assert len(print_runs_of(ui, REGENCY)) == before + 1


def test_recordings_typed_offline_are_kept_then_sent(ui: UI):
    ui.sign_in(OPERATOR)
    path = f"/regions/{REGENCY}/recordings/new"
    with_worker(ui, path)
    ui.context.set_offline(True)
    ui.page.get_by_label(re.compile("^Jumlah")).fill("5")
    ui.page.locator(f"form[action='{path}'] button[type=submit]").click()
    ui.page.locator("#offline-note").wait_for()
    assert WAITING in ui.page.locator("#offline-note").inner_text()
    assert len(ui.page.evaluate(_KEPT)) == 1
    ui.context.set_offline(False)
    ui.page.wait_for_function("() => !document.getElementById('offline-note')")
    assert ui.page.evaluate(_KEPT) == []


def test_an_entry_whose_session_ended_waits_for_signing_in_again(ui: UI):
    ui.sign_in(OPERATOR)
    with_worker(ui, FORM)
    before = len(print_runs_of(ui, REGENCY))
    ui.context.set_offline(True)
    ui.page.get_by_label(re.compile("^Dicetak")).fill("17")
    ui.page.locator(f"form[action='{FORM}'] button[type=submit]").click()
    ui.page.locator("#offline-note").wait_for()
    ui.context.clear_cookies()  # the session is gone meanwhile
    ui.context.set_offline(False)
    ui.page.wait_for_function(
        "() => (document.getElementById('offline-note') || {}).textContent"
        "?.includes('masuk lagi untuk mengirim')")
    [kept] = ui.page.evaluate(_KEPT)
    assert kept["state"] == "sign_in"
    assert len(print_runs_of(ui, REGENCY)) == before
    ui.snap("print-run-sign-in-again")
    ui.sign_in(OPERATOR)
    ui.goto("/antrian")  # any page with the script sends what waits
    ui.page.locator("#waiting-none").wait_for(state="visible")
    runs = print_runs_of(ui, REGENCY)
    assert len(runs) == before + 1 and runs[0]["printed"] == 17
