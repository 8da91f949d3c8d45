"use client";

import type { Track } from "livekit-client";
import { useEffect, useRef } from "react";

/** Attaches the track to the element while both exist; LiveKit plays it there. */
function useAttachedTrack<E extends HTMLMediaElement>(track: Track) {
  const ref = useRef<E>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    track.attach(element);
    return () => {
      track.detach(element);
    };
  }, [track]);
  return ref;
}

/**
 * A LiveKit video track in a <video>. LiveKit attaches and detaches it (and,
 * with adaptive stream, watches the element's size and visibility to pick the
 * quality it receives).
 */
export function TrackVideo({ track, label, mirrored = false, fit = "cover" }: { track: Track; label: string; mirrored?: boolean; fit?: "cover" | "contain" }) {
  const ref = useAttachedTrack<HTMLVideoElement>(track);
  return (
    <video
      ref={ref}
      aria-label={label}
      autoPlay
      muted
      playsInline
      className={`h-full w-full rounded-lg bg-slate-950 ${fit === "contain" ? "object-contain" : "object-cover"} ${mirrored ? "-scale-x-100" : ""}`}
    />
  );
}

/** A remote participant's sound. Not shown; LiveKit starts it and routes it to the chosen speaker. */
export function TrackAudio({ track, identity }: { track: Track; identity: string }) {
  const ref = useAttachedTrack<HTMLAudioElement>(track);
  return <audio ref={ref} data-remote-audio={identity} autoPlay />;
}
