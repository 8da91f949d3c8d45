import { describe, expect, it } from "vitest";
import { mediaToStart } from "./DeviceCheck";

const opened = { cameraMissing: false, microphoneMissing: false };

describe("what the call starts with", () => {
  it("starts the camera and microphone the preview opened, and keeps the camera off when the person turned it off", () => {
    expect(mediaToStart({ cameraOff: false, preview: opened, problem: null })).toEqual({ cameraEnabled: true, microphoneEnabled: true });
    expect(mediaToStart({ cameraOff: true, preview: opened, problem: null })).toEqual({ cameraEnabled: false, microphoneEnabled: true });
  });

  it("starts both when the person joins before the preview has opened", () => {
    expect(mediaToStart({ cameraOff: false, preview: null, problem: null })).toEqual({ cameraEnabled: true, microphoneEnabled: true });
  });

  it("leaves off what the preview found missing, and both when the browser did not allow them", () => {
    expect(mediaToStart({ cameraOff: false, preview: { cameraMissing: true, microphoneMissing: false }, problem: null })).toEqual({
      cameraEnabled: false,
      microphoneEnabled: true,
    });
    expect(mediaToStart({ cameraOff: false, preview: { cameraMissing: false, microphoneMissing: true }, problem: null })).toEqual({
      cameraEnabled: true,
      microphoneEnabled: false,
    });
    expect(mediaToStart({ cameraOff: false, preview: null, problem: "denied" })).toEqual({ cameraEnabled: false, microphoneEnabled: false });
  });
});
