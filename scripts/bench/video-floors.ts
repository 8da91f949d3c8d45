// The floors of time to video: what LiveKit and Chromium need on their own, on
// the same LiveKit server in the same run, so the app's figures can be read as
// "the floor plus what the app adds". Bare pages (plain livekit-client from
// node_modules on a tiny static page, no app) in the bench's Chromium:
// - grant: a page connected without subscribe permission while the other side
//   publishes; the server grants subscription with updateParticipant (the
//   mechanism admission uses) → the page's first remote frame;
// - join: a page joins a room where the other side already publishes → its
//   first remote frame.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { AccessToken, RoomServiceClient, type VideoGrant } from "livekit-server-sdk";
import type { LiveKitEnv } from "../support/livekit-server";
import { isInterrupted } from "./cleanup";
import { summarize, type Summary } from "./stats";

export interface FloorResult {
  runs: number;
  failures: string[];
  /** updateParticipant sent (server side) → first remote frame on the page granted subscription. */
  grant: Summary | null;
  /** room.connect called → first remote frame, the other side already publishing. */
  join: Summary | null;
}

interface Context {
  browser: Browser;
  liveKit: LiveKitEnv;
  runs: number;
  log: (message: string) => void;
}

const STEP_TIMEOUT_MS = 15_000;

// The bare page: livekit-client's own ES module, and three functions the bench calls.
const PAGE = `<!doctype html><meta charset="utf-8"><title>floor</title><video id="remote" autoplay muted playsinline width="640" height="480"></video>
<script type="module">
import { Room, RoomEvent, Track } from "/livekit-client.esm.mjs";
const now = () => performance.timeOrigin + performance.now();
let room = null;
window.floor = {
  firstFrame: null,
  async publish(url, token) {
    room = new Room();
    await room.connect(url, token);
    await room.localParticipant.enableCameraAndMicrophone();
  },
  async watch(url, token) {
    const video = document.getElementById("remote");
    room = new Room();
    room.on(RoomEvent.TrackSubscribed, (track) => {
      if (track.kind !== Track.Kind.Video) return;
      track.attach(video);
      video.requestVideoFrameCallback((callbackTime, metadata) => {
        window.floor.firstFrame ??= performance.timeOrigin + (metadata.presentationTime ?? callbackTime);
      });
    });
    const connectAt = now();
    await room.connect(url, token);
    return connectAt;
  },
  async leave() { await room?.disconnect(); },
};
window.floorReady = true;
</script>`;

async function serveBarePage(): Promise<{ url: string; server: Server }> {
  const library = await readFile(path.join(process.cwd(), "node_modules", "livekit-client", "dist", "livekit-client.esm.mjs"));
  const server = createServer((request, response) => {
    if (request.url === "/livekit-client.esm.mjs") {
      response.writeHead(200, { "content-type": "text/javascript" }).end(library);
    } else {
      response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

async function token(liveKit: LiveKitEnv, identity: string, grant: VideoGrant): Promise<string> {
  const at = new AccessToken(liveKit.LIVEKIT_API_KEY, liveKit.LIVEKIT_API_SECRET, { identity, ttl: "10m" });
  at.addGrant({ roomJoin: true, ...grant });
  return at.toJwt();
}

async function barePage(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { floorReady?: boolean }).floorReady === true);
  return { context, page };
}

async function firstFrame(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (window as unknown as { floor: { firstFrame: number | null } }).floor.firstFrame, undefined, {
    timeout: STEP_TIMEOUT_MS,
    polling: 20,
  });
  return (await handle.jsonValue()) as number;
}

type Floor = "grant" | "join";

async function measureOnce(context: Context, url: string, rooms: RoomServiceClient, kind: Floor): Promise<number> {
  const room = `bench-floor-${kind}-${randomBytes(4).toString("hex")}`;
  const wsUrl = context.liveKit.LIVEKIT_URL;
  const publisher = await barePage(context.browser, url);
  const watcher = await barePage(context.browser, url);
  try {
    // The app creates its rooms (the server does not create them on join): so does the floor.
    await rooms.createRoom({ name: room, emptyTimeout: 60 });
    const publishToken = await token(context.liveKit, "publisher", { room, canPublish: true, canSubscribe: true });
    await publisher.page.evaluate(([u, t]) => (window as unknown as { floor: { publish: (u: string, t: string) => Promise<void> } }).floor.publish(u!, t!), [wsUrl, publishToken]);
    const watch = (grant: VideoGrant) =>
      token(context.liveKit, "watcher", { room, ...grant }).then((watchToken) =>
        watcher.page.evaluate(([u, t]) => (window as unknown as { floor: { watch: (u: string, t: string) => Promise<number> } }).floor.watch(u!, t!), [wsUrl, watchToken]),
      );
    if (kind === "join") {
      const connectAt = await watch({ canPublish: true, canSubscribe: true });
      return (await firstFrame(watcher.page)) - connectAt;
    }
    await watch({ canPublish: false, canSubscribe: false, canPublishData: false });
    // Let the connection settle as a waiting patient's would before the physician admits them.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const grantAt = performance.timeOrigin + performance.now();
    await rooms.updateParticipant(room, "watcher", { permission: { canPublish: true, canSubscribe: true, canPublishData: true } });
    return (await firstFrame(watcher.page)) - grantAt;
  } finally {
    await Promise.all([publisher, watcher].map(async ({ context: c, page }) => {
      await page.evaluate(() => (window as unknown as { floor: { leave: () => Promise<void> } }).floor.leave()).catch(() => undefined);
      await c.close().catch(() => undefined);
    }));
    await rooms.deleteRoom(room).catch(() => undefined);
  }
}

export async function measureVideoFloors(context: Context): Promise<FloorResult> {
  const { url, server } = await serveBarePage();
  const rooms = new RoomServiceClient(context.liveKit.LIVEKIT_URL.replace(/^ws/, "http"), context.liveKit.LIVEKIT_API_KEY, context.liveKit.LIVEKIT_API_SECRET);
  const samples: Record<Floor, number[]> = { grant: [], join: [] };
  const failures: string[] = [];
  try {
    for (let index = 0; index < context.runs && !isInterrupted(); index++) {
      for (const kind of ["grant", "join"] as const) {
        try {
          const ms = await measureOnce(context, url, rooms, kind);
          samples[kind].push(ms);
          context.log(`  floor ${index + 1}/${context.runs} ${kind}: first remote frame after ${Math.round(ms)} ms`);
        } catch (error) {
          const message = `floor ${index + 1} ${kind}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
          failures.push(message);
          context.log(`  ${message}`);
        }
      }
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return { runs: context.runs, failures, grant: summarize(samples.grant), join: summarize(samples.join) };
}

// Reporting: the floors beside the app's admit click → first remote frame (the slower side).

const ms = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? "–" : `${Math.round(value).toLocaleString("en")} ms`);
const ratio = (app: number | undefined, floor: number | undefined) => (app === undefined || floor === undefined || floor <= 0 ? "–" : `${(app / floor).toFixed(1)}×`);
const difference = (app: number | undefined, floor: number | undefined) => (app === undefined || floor === undefined ? "–" : `${app >= floor ? "+" : ""}${ms(app - floor)}`);

/** Rows: floor, n, p50, p95, then the app's slower side against it (p50 and p95 differences and ratios). */
export function floorRows(floors: FloorResult, app: Summary | null | undefined): string[][] {
  return (
    [
      ["grant (connected without subscribe permission; updateParticipant → first remote frame)", floors.grant],
      ["join (connect to a room already publishing → first remote frame)", floors.join],
    ] as const
  ).map(([name, s]) => [
    name,
    String(s?.n ?? 0),
    ms(s?.p50),
    ms(s?.p95),
    `${difference(app?.p50, s?.p50)} (${ratio(app?.p50, s?.p50)})`,
    `${difference(app?.p95, s?.p95)} (${ratio(app?.p95, s?.p95)})`,
  ]);
}

export const FLOOR_HEADER = ["floor", "n", "p50", "p95", "app p50 − floor (ratio)", "app p95 − floor (ratio)"];

export const FLOOR_TEXT = [
  "**Floors**, measured in the same run on the same LiveKit server with bare pages (plain `livekit-client` from node_modules on a",
  "tiny static page, no app, default `Room` options) in the same Chromium: one page publishes its fake camera and microphone, the",
  "other (a fresh browser context each time) either *connects without subscribe permission* and is then granted it by",
  "`RoomServiceClient.updateParticipant` from the bench process (the mechanism admission uses; timed from the moment the call is",
  "sent), or *joins* the room while the first already publishes (timed from `room.connect`). The figure is the first remote",
  "frame's `presentationTime` (`requestVideoFrameCallback`). The app's column compares the slower side of each visit above.",
];
