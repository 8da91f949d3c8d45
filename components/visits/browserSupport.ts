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

let detected: BrowserSupport | null = null;

function detect(): BrowserSupport {
  detected ??= {
    webRtc: typeof RTCPeerConnection !== "undefined" && typeof navigator.mediaDevices?.getUserMedia === "function",
    secureContext: window.isSecureContext,
    speakerSelection: typeof HTMLMediaElement !== "undefined" && "setSinkId" in HTMLMediaElement.prototype,
    screenShare: typeof navigator.mediaDevices?.getDisplayMedia === "function",
  };
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
