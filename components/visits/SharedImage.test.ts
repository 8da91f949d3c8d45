import type { RemoteParticipant } from "livekit-client";
import { describe, expect, it } from "vitest";
import { sharedImageOf } from "./SharedImage";

const track = (name: string) => ({ name });
const person = (...publications: { trackName: string; track: unknown; isMuted: boolean }[]) =>
  ({ videoTrackPublications: new Map(publications.map((publication, index) => [`TR_${index}`, publication])) }) as unknown as RemoteParticipant;

describe("the image shown in the call", () => {
  it("is the video track named as an image, not a camera or a screen", () => {
    const image = track("image");
    const physician = person({ trackName: "camera", track: track("camera"), isMuted: false }, { trackName: "Image: CT chest without contrast", track: image, isMuted: false });
    expect(sharedImageOf([person({ trackName: "screen", track: track("screen"), isMuted: false }), physician])).toBe(image);
  });

  it("is none while the track has not arrived, is paused, or nobody shows one", () => {
    expect(sharedImageOf([person({ trackName: "Image: CT", track: undefined, isMuted: false })])).toBeNull();
    expect(sharedImageOf([person({ trackName: "Image: CT", track: track("image"), isMuted: true })])).toBeNull();
    expect(sharedImageOf([person({ trackName: "camera", track: track("camera"), isMuted: false })])).toBeNull();
  });
});
