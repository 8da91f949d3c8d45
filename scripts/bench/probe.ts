// Functions that run inside the pages (passed to page.evaluate), so they use
// nothing from outside their own bodies. Times are performance.timeOrigin +
// performance.now(): wall-clock milliseconds that compare across pages of one
// browser on one machine.

export interface FrameMark {
  t: number;
  label: string;
}

export interface CallProbe {
  frames: FrameMark[];
  clicks: { t: number; text: string }[];
  online: number[];
  offline: number[];
  /** "Reconnecting…" appearing (true) and disappearing (false). */
  reconnecting: { t: number; present: boolean }[];
  /**
   * The WebRTC steps of the page, in order: getUserMedia asked and answered,
   * and per peer connection ("pc1", "pc2", … in creation order) its offers and
   * answers, its ICE and connection states and its remote tracks, so the time
   * between a click and a frame can be split into the steps it took.
   */
  marks: { t: number; what: string }[];
}

/**
 * Records every frame painted in a remote participant's video (an element
 * labelled "<name>'s video"; the own preview is "Your video") with
 * requestVideoFrameCallback, every click, the browser's online/offline events
 * and the "Reconnecting…" alert. Installed once per page.
 */
export function installCallProbe(): void {
  const w = window as unknown as { __benchCall?: CallProbe };
  if (w.__benchCall) return;
  const probe: CallProbe = { frames: [], clicks: [], online: [], offline: [], reconnecting: [], marks: [] };
  w.__benchCall = probe;
  const now = () => performance.timeOrigin + performance.now();
  const mark = (what: string) => probe.marks.length < 5_000 && probe.marks.push({ t: now(), what });
  const media = navigator.mediaDevices;
  const getUserMedia = media.getUserMedia.bind(media);
  media.getUserMedia = async (constraints) => {
    const kinds = [constraints?.video ? "video" : "", constraints?.audio ? "audio" : ""].filter(Boolean).join("+");
    mark(`getUserMedia ${kinds} asked`);
    const stream = await getUserMedia(constraints);
    mark(`getUserMedia ${kinds} answered`);
    return stream;
  };
  const Native = window.RTCPeerConnection;
  let connections = 0;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      const name = `pc${++connections}`;
      mark(`${name} created`);
      this.addEventListener("iceconnectionstatechange", () => mark(`${name} ice ${this.iceConnectionState}`));
      this.addEventListener("connectionstatechange", () => mark(`${name} connection ${this.connectionState}`));
      this.addEventListener("track", (event) => mark(`${name} remote ${event.track.kind} track`));
      const wrap = (method: "setLocalDescription" | "setRemoteDescription", side: string) => {
        const original = this[method].bind(this) as (description?: RTCSessionDescriptionInit) => Promise<void>;
        (this as unknown as Record<string, unknown>)[method] = async (description?: RTCSessionDescriptionInit) => {
          await original(description);
          mark(`${name} ${side} ${description?.type ?? this[method === "setLocalDescription" ? "localDescription" : "remoteDescription"]?.type ?? "?"} set`);
        };
      };
      wrap("setLocalDescription", "local");
      wrap("setRemoteDescription", "remote");
    }
  };
  const watched = new WeakSet<HTMLVideoElement>();
  const watch = (video: HTMLVideoElement) => {
    const label = video.getAttribute("aria-label") ?? "";
    if (watched.has(video) || !label.endsWith("'s video")) return;
    watched.add(video);
    const onFrame = (callbackTime: number, metadata: { presentationTime?: number }) => {
      probe.frames.push({ t: performance.timeOrigin + (metadata.presentationTime ?? callbackTime), label });
      if (probe.frames.length > 50_000) probe.frames.splice(0, 25_000);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  const scan = () => {
    document.querySelectorAll("video").forEach(watch);
    const present = [...document.querySelectorAll('[role="alert"]')].some((element) => element.textContent?.includes("Reconnecting"));
    const last = probe.reconnecting[probe.reconnecting.length - 1];
    if ((last?.present ?? false) !== present) probe.reconnecting.push({ t: now(), present });
  };
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  scan();
  document.addEventListener(
    "click",
    (event) => {
      const button = event.target instanceof Element ? event.target.closest("button") : null;
      probe.clicks.push({ t: performance.timeOrigin + event.timeStamp, text: button?.textContent?.trim() ?? "" });
    },
    true,
  );
  addEventListener("online", () => probe.online.push(now()));
  addEventListener("offline", () => probe.offline.push(now()));
}

export function readCallProbe(): CallProbe | null {
  return (window as unknown as { __benchCall?: CallProbe }).__benchCall ?? null;
}

/** For a timeout message: each <video> on the page and the state of its track. */
export function describeVideos(): string {
  const videos = [...document.querySelectorAll("video")].map((video) => {
    const stream = video.srcObject instanceof MediaStream ? video.srcObject : null;
    const track = stream?.getVideoTracks()[0];
    const box = video.getBoundingClientRect();
    const shown = typeof video.checkVisibility === "function" ? video.checkVisibility() : box.width > 0;
    return (
      `"${video.getAttribute("aria-label") ?? "?"}" ${video.videoWidth}x${video.videoHeight} readyState ${video.readyState}` +
      `${video.paused ? " paused" : ""}, track ${track ? `${track.readyState}${track.muted ? " muted" : ""}` : "none"}, ` +
      `element ${Math.round(box.width)}x${Math.round(box.height)} at (${Math.round(box.left)}, ${Math.round(box.top)})${shown ? "" : " hidden"}` +
      ` in a ${innerWidth}x${innerHeight} viewport`
    );
  });
  const alerts = [...document.querySelectorAll('[role="alert"], [role="status"]')].map((element) => element.textContent?.trim()).filter(Boolean);
  return `videos: ${videos.join("; ") || "none"}; alerts/status: ${alerts.join(" | ") || "none"}`;
}

export interface VisitPageProbe {
  /** performance.now() (from navigation start) when each was first seen; null if never. */
  summaryVisible: number | null;
  editorReady: number | null;
  hasChartPanel: boolean;
  hasNoteTab: boolean;
  noteTabClicks: number;
}

/**
 * Polls every animation frame from the start of the document: the chart panel
 * (aside "Patient chart") with a visible "Allergies" heading, and the note
 * editor (a visible, enabled, writable textarea labelled "Subjective"), pressing
 * the panel's "Note" tab (every frame, until it is selected) when `openNote`.
 * Gives up `missingAfterLoadMs` after the load event if the panel (or the tab)
 * has not appeared, and at `timeoutMs` from navigation start in any case.
 */
export function probeVisitPage(options: { openNote: boolean; timeoutMs: number; missingAfterLoadMs: number }): Promise<VisitPageProbe> {
  const result: VisitPageProbe = { summaryVisible: null, editorReady: null, hasChartPanel: false, hasNoteTab: false, noteTabClicks: 0 };
  const visible = (element: Element) =>
    typeof (element as HTMLElement).checkVisibility === "function" ? (element as HTMLElement).checkVisibility() : element.getClientRects().length > 0;
  const subjectiveIn = (panel: Element): HTMLTextAreaElement | null => {
    const byAria = panel.querySelector<HTMLTextAreaElement>('textarea[aria-label="Subjective"]');
    if (byAria) return byAria;
    for (const label of panel.querySelectorAll("label")) {
      if (label.textContent?.trim() === "Subjective" && label.control instanceof HTMLTextAreaElement) return label.control;
    }
    for (const area of panel.querySelectorAll<HTMLTextAreaElement>("textarea[aria-labelledby]")) {
      const ids = (area.getAttribute("aria-labelledby") ?? "").split(/\s+/);
      if (ids.some((id) => document.getElementById(id)?.textContent?.trim() === "Subjective")) return area;
    }
    return null;
  };
  let loadedAt: number | null = null;
  return new Promise((resolve) => {
    const tick = () => {
      if (loadedAt === null && document.readyState === "complete") loadedAt = performance.now();
      const panel = document.querySelector('aside[aria-label="Patient chart"]');
      if (panel) {
        result.hasChartPanel = true;
        if (result.summaryVisible === null && !options.openNote) {
          const heading = [...panel.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')].find(
            (element) => element.textContent?.trim() === "Allergies" && visible(element),
          );
          if (heading) result.summaryVisible = performance.now();
        }
        if (result.editorReady === null && options.openNote) {
          const editor = subjectiveIn(panel);
          if (editor && visible(editor) && !editor.disabled && !editor.readOnly) {
            result.editorReady = performance.now();
          } else {
            const tab = [...panel.querySelectorAll('[role="tab"]')].find((element) => element.textContent?.trim() === "Note");
            if (tab) {
              result.hasNoteTab = true;
              if (tab.getAttribute("aria-selected") !== "true") {
                (tab as HTMLElement).click();
                result.noteTabClicks += 1;
              }
            }
          }
        }
      }
      const done = options.openNote ? result.editorReady !== null : result.summaryVisible !== null;
      // A build without the panel (or without the Note tab) is given up on soon after it has loaded.
      const missing = !result.hasChartPanel || (options.openNote && !result.hasNoteTab);
      const givenUp = missing && loadedAt !== null && performance.now() - loadedAt > options.missingAfterLoadMs;
      if (done || givenUp || performance.now() > options.timeoutMs) resolve(result);
      else requestAnimationFrame(tick);
    };
    tick();
  });
}

export interface LoadedScript {
  path: string;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
}

/** The JavaScript files this document loaded, with the sizes Resource Timing reports. */
export function loadedScripts(): LoadedScript[] {
  return (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
    .filter((entry) => new URL(entry.name).pathname.endsWith(".js"))
    .map((entry) => ({
      path: new URL(entry.name).pathname,
      transferSize: entry.transferSize,
      encodedBodySize: entry.encodedBodySize,
      decodedBodySize: entry.decodedBodySize,
    }));
}

export interface NavigationMarks {
  responseStart: number;
  domContentLoaded: number;
  load: number;
}

export function navigationMarks(): NavigationMarks | null {
  const entry = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (!entry) return null;
  return { responseStart: entry.responseStart, domContentLoaded: entry.domContentLoadedEventEnd, load: entry.loadEventEnd };
}

export interface LargestPaint {
  /** startTime of the last largest-contentful-paint entry, from navigation start. */
  startTime: number;
  /** What was painted: the element's tag and the start of its text. */
  element: string;
}

/**
 * The page's Largest Contentful Paint: the last entry a buffered
 * PerformanceObserver of 'largest-contentful-paint' reports, read once the
 * page has loaded and `settleMs` more have passed without input (input ends
 * LCP). Null if the browser reported none.
 */
export function largestContentfulPaint(settleMs: number): Promise<LargestPaint | null> {
  return new Promise((resolve) => {
    let last: LargestPaint | null = null;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { element?: Element | null })[]) {
        const element = entry.element;
        last = {
          startTime: entry.startTime,
          element: element ? `${element.tagName.toLowerCase()} “${(element.textContent ?? "").trim().slice(0, 40)}”` : "an element removed from the page since",
        };
      }
    });
    observer.observe({ type: "largest-contentful-paint", buffered: true });
    setTimeout(() => {
      observer.disconnect();
      resolve(last);
    }, settleMs);
  });
}
