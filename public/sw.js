// The clinic's service worker: lets a physician reload a visit page while
// offline, so the consultation note editor comes back with the text kept on
// this device (components/notes). Registered by components/notes/OfflineSupport
// with scope /physician/, so it only ever sees requests from physician pages.
//
// What it does, and nothing more:
// - Navigations to /physician/visits/<id>: network first. A successful page is
//   kept (one copy per visit, the last few visits, for a day); when the network
//   fails, the kept copy is served.
// - /_next/static/**: cache first. These files are named by their content, so a
//   kept copy is never stale. (In development they are not: network first.)
// - Everything else passes straight through: API calls, other pages, other
//   origins (the LiveKit server), POSTs. WebSockets never reach a service worker.
//
// Why no more: the visit page's HTML names the patient and the visit, which is
// the least the editor needs to reappear offline; the chart and the note
// themselves come from API responses, which are never stored here (the note's
// unsaved text lives in localStorage, written by the editor). Other pages are
// not stored at all, and stored visit pages expire.

const VERSION = "v1";
const CACHE_PREFIX = "clinic-offline-";
const PAGE_CACHE = `${CACHE_PREFIX}pages-${VERSION}`;
const STATIC_CACHE = `${CACHE_PREFIX}static-${VERSION}`;
const VISIT_PAGE = /^\/physician\/visits\/[^/]+\/?$/;
const STATIC_PATH = "/_next/static/";
/** How many visit pages are kept (the most recently loaded). */
const MAX_PAGES = 5;
/** A kept page older than this is not served, and is deleted. */
const MAX_PAGE_AGE_MS = 24 * 60 * 60 * 1000;
/** Static files kept; the oldest go first (a new build brings new names). */
const MAX_STATIC_FILES = 400;
/** A page kept this recently is not fetched again when a page asks for it. */
const FRESH_PAGE_MS = 60 * 1000;
const SAVED_AT_HEADER = "X-Offline-Copy-Saved-At";
const DEVELOPMENT = new URL(self.location.href).searchParams.get("mode") === "development";

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== PAGE_CACHE && name !== STATIC_CACHE).map((name) => caches.delete(name)),
      );
      // Control the already open physician pages, so their next static files are kept too.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && VISIT_PAGE.test(url.pathname)) {
    event.respondWith(visitPage(event, request, url));
  } else if (url.pathname.startsWith(STATIC_PATH)) {
    event.respondWith(DEVELOPMENT ? staticNetworkFirst(event, request) : staticCacheFirst(event, request));
  }
});

// A page that was loaded before this worker controlled it (the first visit)
// asks for its own HTML and static files to be kept.
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "keep-visit-page" || typeof data.url !== "string") return;
  event.waitUntil(keepVisitPage(data.url, Array.isArray(data.assets) ? data.assets : []));
});

/** The cache key of a visit page: origin and path, without query or fragment. */
function pageKey(url) {
  return `${url.origin}${url.pathname}`;
}

function isKeepablePage(response) {
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    (response.headers.get("Content-Type") || "").includes("text/html")
  );
}

async function visitPage(event, request, url) {
  const key = pageKey(url);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const kept = await keptPage(key);
    if (kept) return kept;
    throw error;
  }
  if (isKeepablePage(response)) {
    event.waitUntil(storePage(key, response.clone()));
  } else if (isRefusedPage(response)) {
    event.waitUntil(forgetPage(key));
  }
  return response;
}

/** Signed out (sent to sign in) or no longer this physician's visit: a kept copy must not outlive that. */
function isRefusedPage(response) {
  return response.type === "opaqueredirect" || response.redirected || response.status === 401 || response.status === 403 || response.status === 404;
}

async function forgetPage(key) {
  const cache = await caches.open(PAGE_CACHE);
  await cache.delete(key);
}

async function keptPage(key) {
  const cache = await caches.open(PAGE_CACHE);
  const kept = await cache.match(key, { ignoreVary: true });
  if (!kept) return undefined;
  const savedAt = Number(kept.headers.get(SAVED_AT_HEADER));
  if (!Number.isFinite(savedAt) || Date.now() - savedAt > MAX_PAGE_AGE_MS) {
    await cache.delete(key);
    return undefined;
  }
  return kept;
}

async function storePage(key, response) {
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT_HEADER, String(Date.now()));
  const body = await response.blob();
  const cache = await caches.open(PAGE_CACHE);
  // Putting a key again moves it to the end, so the oldest pages come first.
  await cache.delete(key);
  await cache.put(key, new Response(body, { status: response.status, statusText: response.statusText, headers }));
  await trim(cache, MAX_PAGES);
}

async function keepVisitPage(href, assets) {
  const url = new URL(href, self.location.origin);
  if (url.origin !== self.location.origin || !VISIT_PAGE.test(url.pathname)) return;
  const key = pageKey(url);
  const cache = await caches.open(PAGE_CACHE);
  const kept = await cache.match(key, { ignoreVary: true });
  const savedAt = kept ? Number(kept.headers.get(SAVED_AT_HEADER)) : 0;
  if (!(Date.now() - savedAt < FRESH_PAGE_MS)) {
    try {
      const response = await fetch(key, { credentials: "same-origin", headers: { Accept: "text/html" }, cache: "no-store" });
      if (isKeepablePage(response)) await storePage(key, response);
      else if (isRefusedPage(response)) await forgetPage(key);
    } catch {
      // Offline already: the page stays as it was kept (or not kept).
    }
  }
  const files = await caches.open(STATIC_CACHE);
  for (const asset of assets) {
    if (typeof asset !== "string") continue;
    const assetUrl = new URL(asset, self.location.origin);
    if (assetUrl.origin !== self.location.origin || !assetUrl.pathname.startsWith(STATIC_PATH)) continue;
    if (await files.match(assetUrl.href, { ignoreVary: true })) continue;
    try {
      const response = await fetch(assetUrl.href, { credentials: "same-origin" });
      if (response.ok && response.type === "basic") await files.put(assetUrl.href, response);
    } catch {
      // Offline: kept later, when the page asks for it through this worker.
    }
  }
  await trim(files, MAX_STATIC_FILES);
}

async function staticCacheFirst(event, request) {
  const cache = await caches.open(STATIC_CACHE);
  const kept = await cache.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") event.waitUntil(storeStatic(cache, request, response.clone()));
  return response;
}

async function staticNetworkFirst(event, request) {
  const cache = await caches.open(STATIC_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") event.waitUntil(storeStatic(cache, request, response.clone()));
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

async function storeStatic(cache, request, response) {
  await cache.put(request, response);
  await trim(cache, MAX_STATIC_FILES);
}

/** Deletes the oldest entries beyond `max` (a cache lists its keys in the order they were put). */
async function trim(cache, max) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(key);
}
