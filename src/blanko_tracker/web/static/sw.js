// The service worker of blanko-tracker (served as /sw.js by web/pages/offline.py, which
// writes the shipped files' fingerprinted addresses in place of "__SHELL_ASSETS__").
//
// It keeps only what the entry forms need to open without a signal: the form pages and the
// waiting list as last opened (network first, the kept copy when there is no signal), and
// the shipped files (their addresses change with their content, so a kept one is never
// stale). Nothing else is kept: every other page goes to the network as before. Signing out
// or in forgets the kept pages, so a shared computer shows no one else's form.
"use strict";

const SHELL = ["__SHELL_ASSETS__"];
const PAGES = "blanko-pages-v1";
const FILES = "blanko-files-v1";
const KEPT_PAGE = /^\/(regions\/[^/]+\/(print-runs|recordings)\/new|antrian)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(FILES).then((cache) => cache.addAll(SHELL))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== PAGES && n !== FILES)
      .map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && (url.pathname === "/logout" || url.pathname === "/login")) {
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(keptFileFirst(request, url));
  } else if (request.mode === "navigate" && KEPT_PAGE.test(url.pathname)) {
    event.respondWith(pageFirstFromNetwork(request, url.pathname));
  }
});

async function pageFirstFromNetwork(request, path) {
  try {
    const answer = await fetch(request);
    // Only the form itself, signed in: not a redirect to /login, not a refusal.
    if (answer.ok && !answer.redirected) {
      const cache = await caches.open(PAGES);
      await cache.put(path, answer.clone());
    }
    return answer;
  } catch (noSignal) {
    const kept = await caches.match(path, {cacheName: PAGES});
    if (kept) return kept;
    throw noSignal;
  }
}

async function keptFileFirst(request, url) {
  const kept = await caches.match(request, {cacheName: FILES});
  if (kept) return kept;
  const answer = await fetch(request);
  if (answer.ok && url.searchParams.has("v")) {
    const cache = await caches.open(FILES);
    await cache.put(request, answer.clone());
  }
  return answer;
}
