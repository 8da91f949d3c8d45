// Debian's Chromium, never a downloaded browser, for the e2e tests and the
// benchmarks alike. The fake-device flags give every page a live camera (a
// moving test pattern) and microphone without a permission prompt, and the
// autoplay policy lets remote audio and video play without a click.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
];
