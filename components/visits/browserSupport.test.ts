import { describe, expect, it } from "vitest";
import { browserSupportOf, type BrowserGlobals } from "./browserSupport";

class FakePeerConnection {}
const getUserMedia = async () => ({}) as MediaStream;
const getDisplayMedia = async () => ({}) as MediaStream;

/** A current desktop browser over https: everything a video visit needs. */
const desktop: BrowserGlobals = {
  RTCPeerConnection: FakePeerConnection,
  HTMLMediaElement: { prototype: { setSinkId: () => undefined } },
  isSecureContext: true,
  navigator: { mediaDevices: { getUserMedia, getDisplayMedia } },
};

describe("what the browser can do for a video visit", () => {
  it("can hold a call in a current desktop browser, choose the speaker and share the screen", () => {
    expect(browserSupportOf(desktop)).toEqual({ webRtc: true, secureContext: true, speakerSelection: true, screenShare: true });
  });

  it("cannot hold a call with a camera but no peer connection (WebKitGTK as Debian builds it)", () => {
    expect(browserSupportOf({ ...desktop, RTCPeerConnection: undefined }).webRtc).toBe(false);
  });

  it("cannot hold a call with a peer connection but no camera access", () => {
    expect(browserSupportOf({ ...desktop, navigator: { mediaDevices: { getDisplayMedia } } }).webRtc).toBe(false);
  });

  it("cannot hold a call on an http page, where the browser hides the devices, and says the page is not secure", () => {
    expect(browserSupportOf({ ...desktop, isSecureContext: false, navigator: {} })).toEqual({
      webRtc: false,
      secureContext: false,
      speakerSelection: true,
      screenShare: false,
    });
  });

  it("offers no speaker choice where media elements cannot pick their output (Safari), and no screen sharing on phones", () => {
    const phoneSafari = { ...desktop, HTMLMediaElement: { prototype: {} }, navigator: { mediaDevices: { getUserMedia } } };
    expect(browserSupportOf(phoneSafari)).toEqual({ webRtc: true, secureContext: true, speakerSelection: false, screenShare: false });
  });
});
