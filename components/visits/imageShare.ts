"use client";

import { useEffect, useSyncExternalStore } from "react";

// How the physician's image viewer (in the chart, beside the call) reaches the
// call: while the patient is in it, the call offers "publish this track" here
// (useOfferImageShare, in the call's code) and the viewer takes it
// (useImageShare). Only a function crosses, so the chart needs none of
// livekit-client and the call none of the viewer. A module of its own rather
// than a context provider on the page: both ends load lazily (the call on
// Join, the viewer when a study opens), so this stays out of the visit page's
// first load, and a page holds one call.

/** The name prefix of the track an image is shown on; the patient's page shows such a track as the shared image. */
export const IMAGE_TRACK_PREFIX = "Image: ";

/** Publishes a video track into the call as the shared image, named `Image: <what>`; resolves to what unpublishes it. */
export type PublishImage = (track: MediaStreamTrack, what: string) => Promise<() => Promise<void>>;

let offered: PublishImage | null = null;
const listeners = new Set<() => void>();

function offer(publish: PublishImage | null) {
  offered = publish;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The call's offer to show an image, or null when there is no call with the patient in it. */
export function useImageShare(): PublishImage | null {
  return useSyncExternalStore(
    subscribe,
    () => offered,
    () => null,
  );
}

/** The call offers `publish` while it is given and mounted; null (the patient left, the call ended) withdraws it. */
export function useOfferImageShare(publish: PublishImage | null) {
  useEffect(() => {
    offer(publish);
    return () => {
      if (offered === publish) offer(null);
    };
  }, [publish]);
}
