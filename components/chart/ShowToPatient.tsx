"use client";

import { useEffect, useRef, useState, type RefObject } from "react";
import { useImageShare } from "@/components/visits/imageShare";
import { secondaryButtonClassName } from "./styles";

/** Draws what the viewer shows onto a square canvas `side` pixels wide. */
export type DrawShownImage = (context: CanvasRenderingContext2D, side: number) => void;

/** The shared picture's side in pixels and frames a second: sharp enough for a phone, light on the connection. */
const SIDE = 720;
const FRAMES_PER_SECOND = 10;

interface Sharing {
  stop: () => void;
}

/**
 * "Show to patient": while the patient is in the call, the image the physician
 * sees (the frame with its measurements, nothing else of the chart) is drawn
 * on a canvas of its own and published into the call as a named video track;
 * "Stop" unpublishes it, as do closing the viewer and the call ending.
 */
export function ShowToPatient({ what, draw }: { what: string; draw: RefObject<DrawShownImage | null> }) {
  const publish = useImageShare();
  const [state, setState] = useState<"off" | "starting" | "on">("off");
  const [failed, setFailed] = useState(false);
  const sharing = useRef<Sharing | null>(null);

  function stop() {
    sharing.current?.stop();
    sharing.current = null;
    setState("off");
  }

  async function start() {
    if (!publish) return;
    setState("starting");
    setFailed(false);
    const canvas = document.createElement("canvas");
    canvas.width = SIDE;
    canvas.height = SIDE;
    const context = canvas.getContext("2d");
    const track = context ? canvas.captureStream(FRAMES_PER_SECOND).getVideoTracks()[0] : undefined;
    if (!context || !track) {
      setFailed(true);
      setState("off");
      return;
    }
    // Redrawn on a timer, not only on change: the picture follows scrolling and measuring, and a still image keeps sending frames.
    const paint = () => draw.current?.(context, SIDE);
    paint();
    const timer = window.setInterval(paint, 1000 / FRAMES_PER_SECOND);
    let unpublish: (() => Promise<void>) | null = null;
    let stopped = false;
    const session: Sharing = {
      stop: () => {
        stopped = true;
        window.clearInterval(timer);
        void unpublish?.().catch(() => undefined);
        track.stop();
      },
    };
    sharing.current = session;
    try {
      unpublish = await publish(track, what);
      if (stopped) void unpublish().catch(() => undefined);
      else setState("on");
    } catch {
      session.stop();
      if (sharing.current === session) {
        sharing.current = null;
        setFailed(true);
        setState("off");
      }
    }
  }

  // The call ended or the patient left: the offer is withdrawn, and the image stops with it. Closing the viewer stops it too.
  useEffect(() => {
    if (!publish && sharing.current) stop();
  }, [publish]);
  useEffect(() => () => sharing.current?.stop(), []);

  if (!publish && state === "off" && !failed) return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {state === "off" ? (
        publish && (
          <button type="button" className={secondaryButtonClassName} onClick={() => void start()}>
            Show to patient
          </button>
        )
      ) : (
        <>
          <p role="status" className="text-sm font-medium text-slate-900">
            {state === "on" ? "Showing to patient" : "Starting to show the image…"}
          </p>
          <button type="button" className={secondaryButtonClassName} onClick={stop}>
            Stop
          </button>
        </>
      )}
      {failed && (
        <p role="alert" className="text-sm font-medium text-red-800">
          The image could not be shown in the call. Try again.
        </p>
      )}
    </div>
  );
}
