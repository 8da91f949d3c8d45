// Readings of what a page plays, as functions that run inside the page, so the
// same check serves Playwright's Chromium and puppeteer's Firefox alike (both
// serialize a function passed to page.evaluate). Each resolves to a short
// description, so a timeout says what the page showed instead.

/** "decoding" once the labelled video has a size and new frames reach the screen over a second and a half. */
export function videoFramesReading(label: string): Promise<string> {
  const video = document.querySelector<HTMLVideoElement>(`video[aria-label="${CSS.escape(label)}"]`);
  if (!video) return Promise.resolve(`no video labelled ${label}`);
  return new Promise((resolve) => {
    let frames = 0;
    const count = () => {
      frames += 1;
      video.requestVideoFrameCallback(count);
    };
    video.requestVideoFrameCallback(count);
    setTimeout(() => resolve(video.videoWidth > 0 && frames >= 2 ? "decoding" : `${video.videoWidth > 0 ? "sized" : "no size"}, ${frames} frames`), 1_500);
  });
}

/**
 * Run before the page's own scripts: keeps every RTCPeerConnection the page
 * makes, so receivedMediaReading can read their statistics (measuring the sound
 * as played would need a sound card, which a test machine may not have).
 */
export const KEEP_PEER_CONNECTIONS = `{
  const Native = window.RTCPeerConnection;
  window.__peerConnections = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      window.__peerConnections.push(this);
    }
  };
}`;

/**
 * "rising" once media of `kind` from the others is being received: over a
 * second, the inbound-rtp totalAudioEnergy rises for audio (the fake
 * microphones beep or hum; a muted or absent track adds nothing) and
 * framesDecoded rises for video. Needs KEEP_PEER_CONNECTIONS.
 */
export async function receivedMediaReading(kind: "audio" | "video"): Promise<string> {
  const counter = kind === "audio" ? "totalAudioEnergy" : "framesDecoded";
  const connections = (window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [];
  const received = async () => {
    let total = 0;
    let streams = 0;
    for (const connection of connections) {
      if (connection.connectionState === "closed") continue;
      (await connection.getStats()).forEach((report: { type: string; kind?: string } & Record<string, unknown>) => {
        if (report.type !== "inbound-rtp" || report.kind !== kind) return;
        streams += 1;
        total += typeof report[counter] === "number" ? report[counter] : 0;
      });
    }
    return { total, streams };
  };
  const before = await received();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = await received();
  if (after.streams === 0) return `no ${kind} received (${connections.length} connections)`;
  return after.total > before.total ? "rising" : `${counter} stuck at ${after.total} over ${after.streams} streams`;
}

/**
 * The colour the labelled video shows, averaged over its picture: "green",
 * "magenta", or its average RGB when it is neither (the Y4M cameras of
 * e2e/support/y4m-camera.ts paint each side one of the two).
 */
export function videoColourReading(label: string): string {
  const video = document.querySelector<HTMLVideoElement>(`video[aria-label="${CSS.escape(label)}"]`);
  if (!video) return `no video labelled ${label}`;
  if (video.videoWidth === 0) return "no picture yet";
  const canvas = document.createElement("canvas");
  canvas.width = 32;
  canvas.height = 24;
  const context = canvas.getContext("2d", { willReadFrequently: true })!;
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let red = 0;
  let green = 0;
  let blue = 0;
  for (let index = 0; index < pixels.length; index += 4) {
    red += pixels[index]!;
    green += pixels[index + 1]!;
    blue += pixels[index + 2]!;
  }
  const count = pixels.length / 4;
  [red, green, blue] = [red / count, green / count, blue / count].map(Math.round) as [number, number, number];
  if (green > red + 60 && green > blue + 60) return "green";
  if (red > green + 60 && blue > green + 60) return "magenta";
  return `rgb(${red}, ${green}, ${blue})`;
}
