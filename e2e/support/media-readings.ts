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
 * makes, so remoteSoundReading can read its statistics (measuring the sound
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
 * "sound" once the audio received from the others carries energy: its
 * inbound-rtp totalAudioEnergy rises over a second (the fake microphones beep
 * or hum; a muted or absent track adds nothing).
 */
export async function remoteSoundReading(): Promise<string> {
  const connections = (window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [];
  const receivedEnergy = async () => {
    let energy = 0;
    let streams = 0;
    for (const connection of connections) {
      if (connection.connectionState === "closed") continue;
      (await connection.getStats()).forEach((report: { type: string; kind?: string; totalAudioEnergy?: number }) => {
        if (report.type !== "inbound-rtp" || report.kind !== "audio") return;
        streams += 1;
        energy += report.totalAudioEnergy ?? 0;
      });
    }
    return { energy, streams };
  };
  const before = await receivedEnergy();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = await receivedEnergy();
  if (after.streams === 0) return `no audio received (${connections.length} connections)`;
  return after.energy > before.energy ? "sound" : `silence (energy ${after.energy} over ${after.streams} streams)`;
}

/**
 * "frames rising" once the video received from the others is being decoded:
 * the inbound-rtp framesDecoded of the received video rises over a second
 * (needs KEEP_PEER_CONNECTIONS).
 */
export async function remoteFramesReading(): Promise<string> {
  const connections = (window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [];
  const framesDecoded = async () => {
    let frames = 0;
    let streams = 0;
    for (const connection of connections) {
      if (connection.connectionState === "closed") continue;
      (await connection.getStats()).forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
        if (report.type !== "inbound-rtp" || report.kind !== "video") return;
        streams += 1;
        frames += report.framesDecoded ?? 0;
      });
    }
    return { frames, streams };
  };
  const before = await framesDecoded();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = await framesDecoded();
  if (after.streams === 0) return `no video received (${connections.length} connections)`;
  return after.frames > before.frames ? "frames rising" : `frames stuck at ${after.frames} over ${after.streams} streams`;
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
