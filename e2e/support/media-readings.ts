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
