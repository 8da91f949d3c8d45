import { EventEmitter } from "node:events";
import type { Room } from "livekit-client";
import { describe, expect, it } from "vitest";
import { prepareChosenMedia, publishChosenMedia } from "./callRoom";

// The order the admitted person's camera and microphone go into the call, on a
// stand-in for livekit-client's Room: each publish waits until the test lets
// the server answer it.

type Source = "camera" | "microphone";

function fakeRoom(openWhileWaiting: Source[]) {
  const started: Source[] = [];
  const answers = new Map<Source, () => void>();
  const published = new Set<Source>();
  const publish = (source: Source) =>
    new Promise<void>((resolve) => {
      started.push(source);
      answers.set(source, () => {
        published.add(source);
        resolve();
      });
    });
  const track = (source: Source) => ({ source, isMuted: false, mediaStreamTrack: { readyState: "live" }, stop() {} });
  const localParticipant = {
    permissions: { canPublish: true },
    createTracks: async () => openWhileWaiting.map(track),
    getTrackPublication: (source: Source) => (published.has(source) ? {} : undefined),
    publishTrack: (prepared: { source: Source }) => publish(prepared.source),
    setCameraEnabled: () => publish("camera"),
    setMicrophoneEnabled: () => publish("microphone"),
    get isCameraEnabled() {
      return published.has("camera");
    },
    get isMicrophoneEnabled() {
      return published.has("microphone");
    },
  };
  const room = Object.assign(new EventEmitter(), { localParticipant }) as unknown as Room;
  return { room, started, answer: (source: Source) => answers.get(source)!() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const both = { cameraEnabled: true, microphoneEnabled: true };

describe("publishing the chosen camera and microphone once admitted", () => {
  it("sends the camera opened while waiting first, and the microphone once the camera is in", async () => {
    const { room, started, answer } = fakeRoom(["camera", "microphone"]);
    prepareChosenMedia(room, both);
    const stop = publishChosenMedia(room, () => both, () => {});
    await settle();
    expect(started).toEqual(["camera"]);
    answer("camera");
    await settle();
    expect(started).toEqual(["camera", "microphone"]);
    stop();
  });

  it("does not hold the microphone back for a camera the browser has still to open", async () => {
    const { room, started } = fakeRoom(["microphone"]);
    prepareChosenMedia(room, both);
    const stop = publishChosenMedia(room, () => both, () => {});
    await settle();
    expect(started.sort()).toEqual(["camera", "microphone"]);
    stop();
  });
});
