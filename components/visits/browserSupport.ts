"use client";

import { useSyncExternalStore } from "react";

/** What this browser can do for a video visit; decided once, it does not change while the page is open. */
export interface BrowserSupport {
  /** getUserMedia and RTCPeerConnection: without both there is no call. */
  webRtc: boolean;
  /** Camera and microphone are only offered to https pages (and localhost). */
  secureContext: boolean;
  /** Choosing the speaker (HTMLMediaElement.setSinkId): Chromium and Firefox, not Safari. */
  speakerSelection: boolean;
  /** Sharing a screen (getDisplayMedia): desktop browsers, not phones. */
  screenShare: boolean;
}

/** The parts of `window` the support is read from; any of them may be missing in a browser that lacks the feature. */
export interface BrowserGlobals {
  RTCPeerConnection?: unknown;
  HTMLMediaElement?: { prototype: object };
  isSecureContext: boolean;
  navigator: { mediaDevices?: Partial<Pick<MediaDevices, "getUserMedia" | "getDisplayMedia">> };
}

/**
 * Reads the support from the browser's globals. Some browsers have one half of
 * WebRTC and not the other (Debian's WebKitGTK offers cameras through
 * getUserMedia but has no RTCPeerConnection), and on an http page the browser
 * hides navigator.mediaDevices altogether.
 */
export function browserSupportOf(globals: BrowserGlobals): BrowserSupport {
  const mediaDevices = globals.navigator.mediaDevices;
  return {
    webRtc: typeof globals.RTCPeerConnection === "function" && typeof mediaDevices?.getUserMedia === "function",
    secureContext: globals.isSecureContext,
    speakerSelection: globals.HTMLMediaElement !== undefined && "setSinkId" in globals.HTMLMediaElement.prototype,
    screenShare: typeof mediaDevices?.getDisplayMedia === "function",
  };
}

let detected: BrowserSupport | null = null;

function detect(): BrowserSupport {
  detected ??= browserSupportOf(window);
  return detected;
}

const neverChanges = () => () => {};

/**
 * The browser's support, or null while rendering on the server and hydrating
 * (so the server's HTML and the first client render agree).
 */
export function useBrowserSupport(): BrowserSupport | null {
  return useSyncExternalStore(neverChanges, detect, () => null);
}
