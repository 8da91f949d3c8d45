import {
  LocalVideoTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoFrame,
  VideoSource,
  VideoStream,
  type RemoteTrack,
} from "@livekit/rtc-node";

// A LiveKit participant outside the app: @livekit/rtc-node joins a visit's
// room with a token like any browser, so a test sees exactly what LiveKit
// sends a participant (who is there, their tracks, data packets) and what it
// lets them send, whatever our own client would do with it.

export type Rgb = readonly [number, number, number];

const WIDTH = 64;
const HEIGHT = 48;

export interface OutsideClient {
  room: Room;
  /** Every track LiveKit delivered, with whose it was. */
  subscribed: Array<{ track: RemoteTrack; from: string }>;
  /** Every data packet that arrived, decoded as text. */
  received: Array<{ text: string; from: string | undefined; topic: string | undefined }>;
  /** Publishes a camera of one colour, sending frames until the client leaves. */
  publishCamera(colour: Rgb): Promise<void>;
  leave(): Promise<void>;
}

export async function joinAsOutsideClient(serverUrl: string, token: string): Promise<OutsideClient> {
  const room = new Room();
  const subscribed: OutsideClient["subscribed"] = [];
  const received: OutsideClient["received"] = [];
  const timers: NodeJS.Timeout[] = [];
  room.on(RoomEvent.TrackSubscribed, (track, _publication, participant) => subscribed.push({ track, from: participant.identity }));
  room.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) =>
    received.push({ text: new TextDecoder().decode(payload), from: participant?.identity, topic }),
  );
  await room.connect(serverUrl, token, { autoSubscribe: true, dynacast: false });
  return {
    room,
    subscribed,
    received,
    async publishCamera(colour) {
      const source = new VideoSource(WIDTH, HEIGHT);
      const pixels = new Uint8Array(WIDTH * HEIGHT * 4);
      for (let offset = 0; offset < pixels.length; offset += 4) pixels.set([...colour, 255], offset);
      const track = LocalVideoTrack.createVideoTrack("camera", source);
      timers.push(setInterval(() => source.captureFrame(new VideoFrame(pixels, WIDTH, HEIGHT, VideoBufferType.RGBA)), 66));
      await room.localParticipant!.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_CAMERA }));
    },
    async leave() {
      for (const timer of timers) clearInterval(timer);
      await room.disconnect();
    },
  };
}

/** Waits for the first video track from that participant. */
export async function videoTrackFrom(client: OutsideClient, identity: string): Promise<RemoteTrack> {
  for (;;) {
    const found = client.subscribed.find((entry) => entry.from === identity && entry.track.kind === TrackKind.KIND_VIDEO);
    if (found) return found.track;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The colour in the middle of each of the next `count` decoded frames of a video track. */
export async function decodedColours(track: RemoteTrack, count: number): Promise<Rgb[]> {
  const colours: Rgb[] = [];
  const reader = new VideoStream(track).getReader();
  try {
    while (colours.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      const frame = value.frame.convert(VideoBufferType.RGBA);
      const middle = (Math.floor(frame.height / 2) * frame.width + Math.floor(frame.width / 2)) * 4;
      colours.push([frame.data[middle]!, frame.data[middle + 1]!, frame.data[middle + 2]!]);
    }
  } finally {
    await reader.cancel();
  }
  return colours;
}

/** Whether two colours are the same after a lossy codec: each channel within 40 of the other. */
export function sameColour(actual: Rgb, expected: Rgb): boolean {
  return actual.every((channel, index) => Math.abs(channel - expected[index]!) <= 40);
}
