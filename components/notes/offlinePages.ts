// Which pages the service worker (public/sw.js) keeps for offline reloads, and
// what a page tells it to keep when it was loaded before the worker took over.
// The worker checks the same rules itself; these keep the page from asking for
// anything else.

/** Every cache the worker keeps is named with this (public/sw.js CACHE_PREFIX). */
export const OFFLINE_CACHE_PREFIX = "clinic-offline-";

/**
 * Deletes the visit pages (and static files) kept for offline reloads: a kept
 * page names a patient, and must not outlive the session on a shared
 * computer. Unsaved note text is not in these caches and stays.
 */
export async function forgetOfflinePages(): Promise<void> {
  if (typeof caches === "undefined") return;
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(OFFLINE_CACHE_PREFIX)).map((name) => caches.delete(name)));
}

/** The service worker's scope: physician pages only, never the patient's or the sign-in pages. */
export const SERVICE_WORKER_SCOPE = "/physician/";

/** The worker's URL; in development, static files change under the same name, so the worker fetches them first. */
export function serviceWorkerUrl(development: boolean): string {
  return development ? "/sw.js?mode=development" : "/sw.js";
}

/** A physician's visit page, the only HTML the worker keeps. */
export function isOfflineVisitPage(pathname: string): boolean {
  return /^\/physician\/visits\/[^/]+\/?$/.test(pathname);
}

/** The build's static files among these URLs (scripts, styles, fonts the page loaded), deduplicated. */
export function staticAssetUrls(urls: Iterable<string>, origin: string): string[] {
  const found = new Set<string>();
  for (const candidate of urls) {
    let url: URL;
    try {
      url = new URL(candidate, origin);
    } catch {
      continue;
    }
    if (url.origin === origin && url.pathname.startsWith("/_next/static/")) found.add(url.href);
  }
  return [...found];
}
