// Entry without a signal (issue 21). A form marked `data-offline` is sent by this script:
// the entry is first kept in this browser (IndexedDB) with an Idempotency-Key made once for
// it, then posted. With no signal it stays kept and the page says so; it is sent again when
// the link is back (the `online` event) and on every page that loads this script, until the
// server answers. The key makes a repeat harmless: the server answers it with its first
// answer and writes once (api/idempotency.py). A refusal (4xx) is not retried: the waiting
// list (/antrian) shows it. An ended session keeps the entry until one signs in again.
"use strict";
(() => {
  const DB_NAME = "blanko-offline";
  const STORE = "entries";
  const CSRF = "csrf_token";
  const PAGES = "blanko-pages-v1"; // web/static/sw.js keeps the form pages here
  const wordsNode = document.getElementById("offline-words");
  const words = wordsNode ? JSON.parse(wordsNode.textContent) : {};
  const usable = window.isSecureContext && "indexedDB" in window && "randomUUID" in crypto;

  // --- the kept entries: {key, url, what, fields: [[name, value]], shown: [[label, value]],
  //     csrf, kept (ISO time), state: "waiting" | "sign_in" | "refused", note}
  function database() {
    return new Promise((resolve, reject) => {
      const opening = indexedDB.open(DB_NAME, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, {keyPath: "key"});
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
  }

  async function inStore(mode, act) {
    const db = await database();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const asked = act(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(asked ? asked.result : undefined);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  const allEntries = () => inStore("readonly", (s) => s.getAll());
  const keep = (entry) => inStore("readwrite", (s) => { s.put(entry); });
  const forget = (key) => inStore("readwrite", (s) => { s.delete(key); });

  // --- sending one entry -------------------------------------------------------------
  function currentToken(entry) {
    // The page's own token is the live session's (the sign-out form carries it on every
    // signed-in page); the kept one serves while the page is the kept copy.
    const field = document.querySelector(`input[name="${CSRF}"]`);
    return field && field.value ? field.value : entry.csrf;
  }

  async function send(entry) {
    const body = new URLSearchParams(entry.fields);
    body.append(CSRF, currentToken(entry));
    let answer;
    try {
      answer = await fetch(entry.url, {
        method: "POST", body, credentials: "same-origin", redirect: "follow",
        headers: {"Idempotency-Key": entry.key},
      });
    } catch (noSignal) {
      return {outcome: "waiting"};
    }
    if (answer.redirected && new URL(answer.url).pathname === "/login") {
      return {outcome: "sign_in"};
    }
    if (answer.status < 400) return {outcome: "sent", answer};
    if (answer.status >= 500) return {outcome: "waiting"}; // the server's trouble: later
    return {outcome: "refused", note: await refusal(answer)};
  }

  async function refusal(answer) {
    try {
      if ((answer.headers.get("content-type") || "").includes("html")) {
        const page = new DOMParser().parseFromString(await answer.text(), "text/html");
        const box = page.getElementById("problem");
        if (box) return box.textContent.replace(/\s+/g, " ").trim();
      } else {
        const problem = await answer.json();
        return [problem.title, problem.detail].filter(Boolean).join(": ");
      }
    } catch (unreadable) { /* the status alone says enough */ }
    return `${words.refused} (${answer.status})`;
  }

  // --- sending all kept entries, once at a time across this browser's tabs ------------
  let sending = null;
  function sendKept() {
    if (!usable || !navigator.onLine) return Promise.resolve();
    if (!sending) {
      const run = () => sendEach().catch(() => {});
      sending = (navigator.locks ? navigator.locks.request(DB_NAME, run) : run())
        .finally(() => { sending = null; showKept(); });
    }
    return sending;
  }

  async function sendEach() {
    const signedIn = Boolean(document.querySelector(`input[name="${CSRF}"]`));
    for (const entry of await allEntries()) {
      if (entry.state === "refused" || (entry.state === "sign_in" && !signedIn)) continue;
      const done = await send(entry);
      if (done.outcome === "sent") {
        await forget(entry.key);
      } else if (done.outcome === "waiting") {
        return; // no signal after all: the rest waits too
      } else {
        await keep({...entry, state: done.outcome, note: done.note || ""});
      }
    }
  }

  // --- the entry forms ---------------------------------------------------------------
  function note(form, text, count) {
    let box = document.getElementById("offline-note");
    if (!box) {
      box = document.createElement("p");
      box.id = "offline-note";
      box.className = "offline-note";
      box.setAttribute("role", "status");
      form.before(box);
    }
    const link = document.createElement("a");
    link.href = "/antrian";
    link.textContent = `${words.list} (${count})`;
    box.replaceChildren(document.createTextNode(`${text} `), link);
  }

  function labelOf(field) {
    const label = field.labels && field.labels[0];
    return label ? label.firstChild.textContent.trim() : field.name;
  }

  function entryOf(form) {
    const fields = [];
    const shown = [];
    for (const field of form.elements) {
      if (!field.name || field.name === CSRF || field.disabled) continue;
      if (field.type === "submit" || field.type === "button") continue;
      fields.push([field.name, field.value]);
      const value = field.tagName === "SELECT" ? field.selectedOptions[0]?.textContent
        : field.value;
      if (value) shown.push([labelOf(field), value]);
    }
    return {
      key: crypto.randomUUID(), url: new URL(form.action).pathname,
      what: form.dataset.offline, fields, shown, csrf: form.elements[CSRF].value,
      kept: new Date().toISOString(), state: "waiting", note: "",
    };
  }

  async function onSubmit(event) {
    const form = event.target;
    event.preventDefault();
    if (form.dataset.busy) return;
    form.dataset.busy = "yes";
    try {
      const entry = entryOf(form);
      await keep(entry); // kept first: a lost page loses nothing
      const done = navigator.onLine ? await send(entry) : {outcome: "waiting"};
      if (done.outcome === "sent") {
        await forget(entry.key);
        window.location.assign(done.answer.redirected ? done.answer.url : entry.url);
        return;
      }
      if (done.outcome === "refused") {
        // Nothing was written: the server's own page shows the refusal beside the fields.
        await forget(entry.key);
        form.submit();
        return;
      }
      await keep({...entry, state: done.outcome});
      form.reset();
      await showKept();
    } finally {
      delete form.dataset.busy;
    }
  }

  // --- what is kept, on the form (a note) and on the waiting list --------------------
  async function showKept() {
    const entries = await allEntries().catch(() => []);
    const form = document.querySelector("form[data-offline]");
    if (form && entries.length) {
      const needsSignIn = entries.some((e) => e.state === "sign_in");
      note(form, needsSignIn ? words.sign_in : words.waiting, entries.length);
    } else if (form) {
      document.getElementById("offline-note")?.remove();
    }
    const list = document.getElementById("waiting-list");
    if (list) drawList(list, entries);
  }

  function drawList(list, entries) {
    const empty = document.getElementById("waiting-none");
    empty.hidden = entries.length > 0;
    list.replaceChildren(...entries.sort((a, b) => a.kept.localeCompare(b.kept)).map((e) => {
      const item = document.createElement("li");
      item.className = `waiting-${e.state}`;
      item.dataset.key = e.key;
      const head = document.createElement("strong");
      head.textContent = e.what;
      const kept = document.createElement("small");
      kept.textContent = ` · ${words.kept} ${new Date(e.kept).toLocaleString(document.documentElement.lang)}`;
      const what = document.createElement("p");
      what.textContent = e.shown.map(([label, value]) => `${label}: ${value}`).join(" · ");
      const state = document.createElement("p");
      state.className = "waiting-state";
      state.textContent = {waiting: words.waiting, sign_in: words.sign_in,
                           refused: `${words.refused}: ${e.note}`}[e.state];
      item.append(head, kept, what, state);
      if (e.state === "refused") {
        const drop = document.createElement("button");
        drop.type = "button";
        drop.className = "secondary outline compact";
        drop.textContent = words.drop;
        drop.addEventListener("click", () => forget(e.key).then(showKept));
        item.append(drop);
      }
      return item;
    }));
  }

  // --- start -------------------------------------------------------------------------
  if (!usable) return; // no IndexedDB or not https: the forms post as plain forms
  for (const form of document.querySelectorAll("form[data-offline]")) {
    form.addEventListener("submit", onSubmit);
  }
  window.addEventListener("online", sendKept);
  if ("serviceWorker" in navigator) {
    const first = !navigator.serviceWorker.controller;
    navigator.serviceWorker.register("/sw.js").then(() => navigator.serviceWorker.ready)
      .then(() => {
        // The first visit's page came before the worker: keep it now, for the next time.
        if (first && document.querySelector("form[data-offline], #waiting-list")) {
          return caches.open(PAGES).then((cache) => cache.add(window.location.pathname));
        }
        return undefined;
      })
      .catch(() => {});
  }
  showKept().then(sendKept);
})();
