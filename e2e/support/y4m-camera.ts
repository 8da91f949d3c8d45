import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../scripts/support/chromium";
import { E2E_RUN_DIR } from "../../scripts/support/e2e-run";

// A camera of its own for each browser: Chromium plays a Y4M file as its fake
// camera (--use-file-for-fake-video-capture), so a test can tell whose picture
// a page shows by its colour. The pictures are written here, not checked in.

const WIDTH = 160;
const HEIGHT = 120;
const FRAMES = 30;

export type CameraColour = "green" | "magenta";

const RGB: Record<CameraColour, [number, number, number]> = {
  green: [40, 200, 60],
  magenta: [200, 40, 200],
};

/** Full-range BT.601, as the C420jpeg colour space of the file says. */
function toYCbCr([red, green, blue]: [number, number, number]): [number, number, number] {
  const clamp = (value: number) => Math.max(0, Math.min(255, Math.round(value)));
  return [
    clamp(0.299 * red + 0.587 * green + 0.114 * blue),
    clamp(128 - 0.168736 * red - 0.331264 * green + 0.5 * blue),
    clamp(128 + 0.5 * red - 0.418688 * green - 0.081312 * blue),
  ];
}

/**
 * Writes a 2-second, 15 fps Y4M clip of one colour with a dark bar moving
 * across it (so every frame differs and the encoder keeps sending), once.
 */
export function y4mCamera(colour: CameraColour): string {
  const file = path.join(E2E_RUN_DIR, "cameras", `${colour}.y4m`);
  mkdirSync(path.dirname(file), { recursive: true });
  const [luma, blueDifference, redDifference] = toYCbCr(RGB[colour]);
  const chromaSize = (WIDTH / 2) * (HEIGHT / 2);
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F15:1 Ip A1:1 C420jpeg\n`)];
  for (let frame = 0; frame < FRAMES; frame++) {
    const lumaPlane = Buffer.alloc(WIDTH * HEIGHT, luma);
    const barStart = Math.floor((frame / FRAMES) * (WIDTH - 8));
    for (let row = 0; row < HEIGHT; row++) lumaPlane.fill(16, row * WIDTH + barStart, row * WIDTH + barStart + 8);
    parts.push(Buffer.from("FRAME\n"), lumaPlane, Buffer.alloc(chromaSize, blueDifference), Buffer.alloc(chromaSize, redDifference));
  }
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

/** A Chromium of its own whose camera shows `colour`; its microphone is Chromium's fake beep. */
export function launchChromiumWithCamera(colour: CameraColour): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${y4mCamera(colour)}`],
  });
}
