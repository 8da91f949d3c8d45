// `npm run capacity:livekit`: how many simultaneous two-party visits one
// LiveKit node carries on this machine before frames drop (docs/CAPACITY.md).
//
// It starts a LiveKit node of its own (scripts/support/livekit-server.ts, the
// same binary and config as every local run) on CAPACITY_LIVEKIT_PORT (default
// 26121, then ICE TCP and UDP above it) and ramps N = 1, 2, 4, 8, 12, 16, …
// visits: each visit is a room with two synthetic participants
// (@livekit/rtc-node) that each publish a generated 640×480 camera at 30 fps
// and a 440 Hz tone, and subscribe to the other. After a warm-up, every
// subscriber counts the frames it decodes over the window; a step passes while
// the slowest subscriber gets ≥ 27 fps and the visits together lose ≤ 5 % of
// the frames their publishers captured. The ramp stops at the first failing
// step. The generators and decoders run in this process on the same cores as
// the node, so the figure is a lower bound for a node with cores of its own.
//
//   npm run capacity:livekit [-- --max 32 --warmup 5 --window 15 --all]
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import {
  AudioFrame,
  AudioSource,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoCodec,
  VideoFrame,
  VideoSource,
  VideoStream,
  type RemoteTrack,
} from "@livekit/rtc-node";
import { AccessToken, RoomServiceClient } from "livekit-server-sdk";
import { parseArgs } from "node:util";
import { startLocalLiveKit } from "../support/livekit-server";

const WIDTH = 640;
const HEIGHT = 480;
const FPS = 30;
/** What the step must deliver to its slowest subscriber, and the share of captured frames it may lose. */
const MIN_FPS = 27;
const MAX_LOSS = 0.05;
const AUDIO_RATE = 48_000;
const AUDIO_FRAME_MS = 20;

const { values } = parseArgs({
  options: {
    max: { type: "string", default: "32" },
    warmup: { type: "string", default: "5" },
    window: { type: "string", default: "15" },
    // On a busy machine the first failing step says little: --all runs every step up to --max.
    all: { type: "boolean", default: false },
  },
});
const maxVisits = Number(values.max);
const warmupMs = Number(values.warmup) * 1000;
const windowMs = Number(values.window) * 1000;
const basePort = Number(process.env.CAPACITY_LIVEKIT_PORT || 26121);
const log = (message: string) => console.log(`[capacity] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One second of I420 frames, shared by every camera: a gradient that moves and
 * a band of noise, so the encoder works as on a camera image rather than on a
 * still picture it compresses to nothing.
 */
function generatedFrames(): Uint8Array[] {
  const lumaSize = WIDTH * HEIGHT;
  return Array.from({ length: FPS }, (_, index) => {
    const frame = new Uint8Array(lumaSize * 1.5);
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) frame[y * WIDTH + x] = (x + y + index * 8) & 0xff;
    }
    const band = Math.floor((index / FPS) * (HEIGHT - 16));
    for (let offset = band * WIDTH; offset < (band + 16) * WIDTH; offset++) frame[offset] = Math.floor(Math.random() * 256);
    frame.fill(128, lumaSize);
    return frame;
  });
}

function toneFrame(): AudioFrame {
  const samples = (AUDIO_RATE * AUDIO_FRAME_MS) / 1000;
  const data = new Int16Array(samples);
  for (let i = 0; i < samples; i++) data[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / AUDIO_RATE));
  return new AudioFrame(data, AUDIO_RATE, 1, samples);
}

/** CPU seconds a process has used (user + system), from /proc: the node's own cost, apart from the generators'. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Participant {
  room: Room;
  camera: VideoSource;
  microphone: AudioSource;
  /** Frames this participant's camera captured, and frames it decoded from the other's. */
  captured: number;
  received: number;
  stopReading: () => void;
}

async function join(url: string, token: string): Promise<Participant> {
  const room = new Room();
  const participant: Participant = {
    room,
    camera: new VideoSource(WIDTH, HEIGHT),
    microphone: new AudioSource(AUDIO_RATE, 1),
    captured: 0,
    received: 0,
    stopReading: () => {},
  };
  room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack) => {
    if (track.kind !== TrackKind.KIND_VIDEO) return;
    const reader = new VideoStream(track).getReader();
    let reading = true;
    participant.stopReading = () => {
      reading = false;
      void reader.cancel().catch(() => {});
    };
    void (async () => {
      while (reading) {
        const { done } = await reader.read();
        if (done) return;
        participant.received++;
      }
    })().catch(() => {});
  });
  await room.connect(url, token, { autoSubscribe: true, dynacast: false });
  // One layer, VP8, as a browser sends a 640×480 camera without simulcast: the node forwards what arrives.
  const videoOptions = new TrackPublishOptions({
    source: TrackSource.SOURCE_CAMERA,
    simulcast: false,
    videoCodec: VideoCodec.VP8,
    videoEncoding: { maxBitrate: 1_200_000n, maxFramerate: FPS },
  });
  await room.localParticipant!.publishTrack(LocalVideoTrack.createVideoTrack("camera", participant.camera), videoOptions);
  await room.localParticipant!.publishTrack(
    LocalAudioTrack.createAudioTrack("microphone", participant.microphone),
    new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
  );
  return participant;
}

interface Step {
  visits: number;
  /** Decoded frames per second per subscriber over the window. */
  minFps: number;
  meanFps: number;
  /** Frames per second each camera captured: below 30 when the generators themselves are short of CPU. */
  capturedFps: number;
  /** 1 − decoded / captured, over every stream of the step. */
  loss: number;
  /** Cores the LiveKit node kept busy over the window. */
  nodeCores: number;
  load: string;
  passed: boolean;
}

async function runStep(visits: number, url: string, apiKey: string, apiSecret: string, nodePid: number): Promise<Step> {
  const rooms = new RoomServiceClient(url.replace(/^ws/, "http"), apiKey, apiSecret);
  const participants: Participant[] = [];
  const frames = generatedFrames();
  const tone = toneFrame();
  let tick = 0;
  // One clock for every camera and microphone, as each device has its own steady one.
  const cameraClock = setInterval(() => {
    const frame = frames[tick++ % FPS]!;
    for (const participant of participants) {
      participant.camera.captureFrame(new VideoFrame(frame, WIDTH, HEIGHT, VideoBufferType.I420));
      participant.captured++;
    }
  }, 1000 / FPS);
  const microphoneClock = setInterval(() => {
    for (const participant of participants) void participant.microphone.captureFrame(tone).catch(() => {});
  }, AUDIO_FRAME_MS);
  try {
    for (let visit = 0; visit < visits; visit++) {
      const name = `capacity-${visits}-${visit}-${Date.now()}`;
      await rooms.createRoom({ name, emptyTimeout: 30 });
      for (const identity of ["physician", "patient"]) {
        const token = new AccessToken(apiKey, apiSecret, { identity });
        token.addGrant({ roomJoin: true, room: name, canPublish: true, canSubscribe: true });
        participants.push(await join(url, await token.toJwt()));
      }
    }
    await sleep(warmupMs);
    const before = participants.map((participant) => ({ captured: participant.captured, received: participant.received }));
    const started = performance.now();
    const nodeCpuBefore = cpuSeconds(nodePid);
    await sleep(windowMs);
    const seconds = (performance.now() - started) / 1000;
    const nodeCores = (cpuSeconds(nodePid) - nodeCpuBefore) / seconds;
    const fps = participants.map((participant, index) => (participant.received - before[index]!.received) / seconds);
    const captured = participants.reduce((sum, participant, index) => sum + participant.captured - before[index]!.captured, 0);
    const received = participants.reduce((sum, participant, index) => sum + participant.received - before[index]!.received, 0);
    const minFps = Math.min(...fps);
    const loss = Math.max(0, 1 - received / captured);
    return {
      visits,
      minFps,
      meanFps: fps.reduce((sum, value) => sum + value, 0) / fps.length,
      capturedFps: captured / participants.length / seconds,
      loss,
      nodeCores,
      load: loadavg().map((value) => value.toFixed(2)).join(" "),
      passed: minFps >= MIN_FPS && loss <= MAX_LOSS,
    };
  } finally {
    clearInterval(cameraClock);
    clearInterval(microphoneClock);
    for (const participant of participants) {
      participant.stopReading();
      await participant.room.disconnect().catch(() => {});
      await participant.camera.close().catch(() => {});
      await participant.microphone.close().catch(() => {});
    }
  }
}

/** 1, 2, 4, 8, then steps of 4 up to the maximum. */
function ramp(max: number): number[] {
  const steps = [1, 2, 4, 8];
  for (let next = 12; next <= max; next += 4) steps.push(next);
  return steps.filter((step) => step <= max);
}

const node = await startLocalLiveKit({
  ports: { signal: basePort, tcp: basePort + 1, udp: basePort + 2 },
  // Nobody listens: the node's webhooks fail quietly in its own log.
  webhookUrl: "http://127.0.0.1:9/",
  dataDir: path.join(process.cwd(), ".data", "capacity-livekit"),
  log,
});
const stopNode = async () => node.stop().catch(() => {});
process.on("SIGINT", () => void stopNode().then(() => process.exit(130)));
log(`${cpus().length} cores (${cpus()[0]?.model}); load average before: ${loadavg().map((value) => value.toFixed(2)).join(" ")}`);
log(`Each visit: two participants, each publishing ${WIDTH}×${HEIGHT} VP8 at ${FPS} fps (≤ 1.2 Mbps) and a tone, subscribing to the other`);
const steps: Step[] = [];
try {
  for (const visits of ramp(maxVisits)) {
    const { LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET } = node.env;
    const step = await runStep(visits, LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, node.pid);
    steps.push(step);
    log(
      `${visits} visit(s): slowest subscriber ${step.minFps.toFixed(1)} fps, mean ${step.meanFps.toFixed(1)} fps ` +
        `(cameras captured ${step.capturedFps.toFixed(1)} fps), ` +
        `${(step.loss * 100).toFixed(1)} % of frames lost, the node busy ${step.nodeCores.toFixed(2)} core(s); load ${step.load} → ${step.passed ? "carried" : "frames drop"}`,
    );
    if (!step.passed && !values.all) break;
    // Let the node release the last step's rooms before the next one starts.
    await sleep(3_000);
  }
} finally {
  await stopNode();
}
// The steps before the first that dropped frames (with --all, later steps may pass again by chance).
const firstDrop = steps.findIndex((step) => !step.passed);
const carried = (firstDrop === -1 ? steps.at(-1) : steps[firstDrop - 1])?.visits ?? 0;
console.log("\n| Visits | Slowest subscriber (fps) | Mean (fps) | Cameras captured (fps) | Frames lost | Node CPU (cores) | Load average (1/5/15 min) | |");
console.log("|---:|---:|---:|---:|---:|---:|---|---|");
for (const step of steps) {
  console.log(
    `| ${step.visits} | ${step.minFps.toFixed(1)} | ${step.meanFps.toFixed(1)} | ${step.capturedFps.toFixed(1)} | ${(step.loss * 100).toFixed(1)} % | ${step.nodeCores.toFixed(2)} | ${step.load} | ${step.passed ? "carried" : "frames drop"} |`,
  );
}
console.log(`\nOne LiveKit node carried ${carried} simultaneous two-party visit(s) on this machine (a lower bound: the participants ran beside it).`);
process.exit(0);
