"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { isOfflineVisitPage, SERVICE_WORKER_SCOPE, serviceWorkerUrl, staticAssetUrls } from "./offlinePages";

// Registers the service worker that lets a visit page reload while offline
// (public/sw.js), on physician pages only. Renders nothing.
//
// The worker keeps a visit page when it serves the page's navigation. A page it
// did not serve (the very first visit, before it was installed, or a visit page
// reached by a client-side navigation, which is no page load) asks it to keep
// its HTML and the static files loaded so far; the worker skips the fetch when
// it kept that page moments ago.

export function OfflineSupport() {
  const pathname = usePathname();
  const worker = useRef<Promise<ServiceWorker | null> | null>(null);

  useEffect(() => {
    worker.current ??= registerWorker();
  }, []);

  useEffect(() => {
    const registered = worker.current;
    if (!registered || !isOfflineVisitPage(pathname)) return;
    let current = true;
    void registered.then((active) => {
      if (!current || !active) return;
      const assets = staticAssetUrls(
        [
          ...performance.getEntriesByType("resource").map((entry) => entry.name),
          ...Array.from(document.querySelectorAll<HTMLScriptElement>("script[src]"), (script) => script.src),
          ...Array.from(document.querySelectorAll<HTMLLinkElement>("link[href]"), (link) => link.href),
        ],
        location.origin,
      );
      active.postMessage({ type: "keep-visit-page", url: location.href, assets });
    });
    return () => {
      current = false;
    };
  }, [pathname]);

  return null;
}

/** Registers the worker (again is harmless) and resolves to it once active; null where service workers are unavailable. */
function registerWorker(): Promise<ServiceWorker | null> | null {
  if (!("serviceWorker" in navigator)) return null;
  return navigator.serviceWorker
    .register(serviceWorkerUrl(process.env.NODE_ENV === "development"), { scope: SERVICE_WORKER_SCOPE })
    .then(activeWorker)
    .catch(() => null); // Refused (private mode, an insecure origin): the editor's device copy still works.
}

/**
 * The registration's active worker, waiting for a new one to activate. Not
 * `navigator.serviceWorker.ready`: that waits for a worker whose scope covers
 * the URL the document was first loaded at, which for a page first opened at
 * /physician (outside the scope) never comes.
 */
async function activeWorker(registration: ServiceWorkerRegistration): Promise<ServiceWorker | null> {
  if (registration.active) return registration.active;
  const pending = registration.installing ?? registration.waiting;
  if (!pending) return null;
  await new Promise<void>((resolve) => {
    const settled = () => {
      if (pending.state !== "activated" && pending.state !== "redundant") return;
      pending.removeEventListener("statechange", settled);
      resolve();
    };
    pending.addEventListener("statechange", settled);
    settled();
  });
  return registration.active;
}
