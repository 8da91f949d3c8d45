import { ConnectionState, DisconnectReason, Room, RoomEvent, Track, VideoPresets, type LocalTrack, type Participant } from "livekit-client";
import type { DeviceChoices } from "./DeviceCheck";
import { needsThePerson, publishRetryDelay } from "./mediaProblems";
import { watchRoom } from "./roomUpdates";
import type { MediaState } from "./VideoCall";

// The part of joining that needs livekit-client's values (the Room, its events,
// the disconnect reasons). VisitRoom imports this module when the person joins,
// so the library stays out of the visit pages' first load.

/** Why a connected room went away, in the visit's terms. */
export type RoomEnding =
  /** We disconnected ourselves. */
  | "left"
  /** The physician ended the visit: the room was closed or deleted. */
  | "ended"
  /** The physician turned this person away, or out of the call. */
  | "removed"
  /** The same person joined from another window or device. */
  | "replaced"
  /** Anything else: the network, the server; worth rejoining. */
  | "lost";

function roomEnding(reason: DisconnectReason | undefined): RoomEnding {
  switch (reason) {
    case DisconnectReason.CLIENT_INITIATED:
      return "left";
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return "ended";
    case DisconnectReason.PARTICIPANT_REMOVED:
      return "removed";
    case DisconnectReason.DUPLICATE_IDENTITY:
      return "replaced";
    default:
      return "lost";
  }
}

/**
 * A room for the call with the devices chosen in the device check, not yet
 * connected. Its changes are counted from now on (watchRoom), and the caller
 * hears when it ends and when the server lets this person publish (the
 * physician admitted them on their open connection).
 */
export function createCallRoom(
  choices: DeviceChoices | null,
  on: { ended: (ending: RoomEnding) => void; publishAllowed: () => void },
): Room {
  const room = new Room({
    adaptiveStream: true,
    dynacast: true,
    audioCaptureDefaults: { deviceId: choices?.microphoneId, echoCancellation: true, noiseSuppression: true },
    videoCaptureDefaults: { deviceId: choices?.cameraId, resolution: VideoPresets.h720.resolution },
    audioOutput: choices?.speakerId ? { deviceId: choices.speakerId } : undefined,
  });
  watchRoom(room);
  followResumes(room);
  room.on(RoomEvent.Disconnected, (reason) => on.ended(roomEnding(reason)));
  room.on(RoomEvent.ParticipantPermissionsChanged, (_previous, participant) => {
    if (participant === room.localParticipant && participant.permissions?.canPublish) on.publishAllowed();
  });
  return room;
}

/** Rooms whose signal connection is open again in the resume under way. */
const signalResumed = new WeakSet<Room>();

/** Notes, from each time the room starts resuming its connection, when the signal connection is open again. */
export function followResumes(room: Room): void {
  room.on(RoomEvent.SignalReconnecting, () => {
    signalResumed.delete(room);
    const resumed = () => signalResumed.add(room);
    // The engine exists once the room resumes; one listener per resume (retries within it emit nothing new).
    room.engine.once("signalResumed", resumed);
    room.once(RoomEvent.Reconnected, () => room.engine.off("signalResumed", resumed));
  });
}

/**
 * Whether a connection LiveKit is still resuming already carries the call
 * again: its signal connection is open again and every peer connection in use
 * is connected, so media flows both ways. livekit-client reports the room
 * Reconnected only a fixed 2 s after that (RTCEngine.waitForPCReconnected
 * sleeps `minReconnectWait` before checking the peer connections), even when
 * the media never stopped; this reads the same two facts without the wait.
 */
export function resumedConnectionCarriesCall(room: Room): boolean {
  if (room.state !== ConnectionState.SignalReconnecting || !signalResumed.has(room)) return false;
  const transports = room.engine.pcManager;
  const states = [transports?.publisher, transports?.subscriber].flatMap((transport) => (transport ? [transport.getConnectionState()] : []));
  return states.includes("connected") && states.every((state) => state === "connected" || state === "new");
}

export type Device = "camera" | "microphone";

/** How sending the chosen camera and microphone into the call is going. */
export interface PublishingState {
  /** Devices the browser refused or could not open: the person has to act (the call says how). */
  needsThePerson: Device[];
  /** Something else failed and another try is scheduled. */
  retrying: boolean;
}

/** Camera and microphone opened while waiting, per room, for the admission to publish. */
const preparedTracks = new WeakMap<Room, Promise<LocalTrack[]>>();

/**
 * While the person waits to be admitted: opens the camera and microphone they
 * chose, sending nothing (a waiting participant may not publish), so that the
 * admission only has to publish them: opening a real camera takes a good part
 * of a second. The tracks stop when the room disconnects unless published.
 */
export function prepareChosenMedia(room: Room, wanted: MediaState): void {
  if (preparedTracks.has(room) || (!wanted.cameraEnabled && !wanted.microphoneEnabled)) return;
  const opening = room.localParticipant.createTracks({ video: wanted.cameraEnabled, audio: wanted.microphoneEnabled }).catch(() => []);
  preparedTracks.set(room, opening);
  room.once(RoomEvent.Disconnected, () => {
    void opening.then((tracks) => tracks.filter((track) => !room.localParticipant.getTrackPublication(track.source)).forEach((track) => track.stop()));
  });
}

/** The device's track opened while waiting, if it is still live and not yet published. */
async function preparedTrack(room: Room, device: Device): Promise<LocalTrack | undefined> {
  const source = device === "camera" ? Track.Source.Camera : Track.Source.Microphone;
  if (room.localParticipant.getTrackPublication(source)) return undefined;
  return (await preparedTracks.get(room))?.find((track) => track.source === source && !track.isMuted && track.mediaStreamTrack.readyState === "live");
}

/** Publishes the prepared track of the device if there is one still wanted, otherwise opens and publishes the device. */
async function publishDevice(room: Room, device: Device): Promise<unknown> {
  const local = room.localParticipant;
  const prepared = await preparedTrack(room, device);
  if (prepared) return local.publishTrack(prepared);
  return device === "camera" ? local.setCameraEnabled(true) : local.setMicrophoneEnabled(true);
}

/**
 * Publishes the devices, each result in the order given (the camera first).
 * An open camera goes in before the rest: LiveKit announces each track to the
 * others when its first packets arrive and renegotiates their connection per
 * announcement, the next one at least 150 ms after the last; sent together,
 * the microphone's packets come first and the physician's picture waited for
 * that second renegotiation (120–420 ms in half the visits of the bench). A
 * camera still to be opened may wait on the person's answer to the browser,
 * so then nothing waits for it.
 */
async function publishDevices(room: Room, devices: Device[]): Promise<Array<PromiseSettledResult<unknown>>> {
  const [first, ...rest] = devices;
  if (first !== "camera" || rest.length === 0 || !(await preparedTrack(room, "camera"))) {
    return Promise.allSettled(devices.map((device) => publishDevice(room, device)));
  }
  const camera = await Promise.allSettled([publishDevice(room, "camera")]);
  return [...camera, ...(await Promise.allSettled(rest.map((device) => publishDevice(room, device))))];
}

/**
 * Sends the camera and microphone the person chose into the call, and keeps
 * trying until they are there: a publish the server refused or did not answer
 * in time (the admission may not have reached it yet, or the machine is busy)
 * is tried again, at once when the server grants publishing or the connection
 * comes back, otherwise after a growing pause. A device the browser refused
 * is left to the person. Reads `wanted` at every try, so a device the person
 * turned off meanwhile stays off. Stops when the room disconnects or the
 * returned function is called.
 */
export function publishChosenMedia(room: Room, wanted: () => MediaState, report: (state: PublishingState) => void): () => void {
  const local = room.localParticipant;
  const refused = new Set<Device>();
  let stopped = false;
  let running = false;
  let again = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const missing = (): Device[] => {
    const { cameraEnabled, microphoneEnabled } = wanted();
    const devices: Device[] = [];
    if (cameraEnabled && !local.isCameraEnabled) devices.push("camera");
    if (microphoneEnabled && !local.isMicrophoneEnabled) devices.push("microphone");
    return devices.filter((device) => !refused.has(device));
  };

  const attempt = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = true;
    const devices = missing();
    const results = await publishDevices(room, devices);
    running = false;
    if (stopped) return;
    let failed = false;
    results.forEach((result, index) => {
      if (result.status === "fulfilled") return;
      if (needsThePerson(result.reason)) refused.add(devices[index]!);
      else failed = true;
    });
    failures = failed ? failures + 1 : 0;
    report({ needsThePerson: [...refused], retrying: failed });
    if (again) {
      again = false;
      void attempt();
    } else if (failed) {
      timer = setTimeout(() => void attempt(), publishRetryDelay(failures));
    }
  };

  const permissionsChanged = (_previous: unknown, participant: Participant) => {
    if (participant === local && local.permissions?.canPublish) void attempt();
  };
  const reconnected = () => void attempt();
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    room.off(RoomEvent.ParticipantPermissionsChanged, permissionsChanged).off(RoomEvent.Reconnected, reconnected).off(RoomEvent.Disconnected, stop);
  };
  room.on(RoomEvent.ParticipantPermissionsChanged, permissionsChanged).on(RoomEvent.Reconnected, reconnected).on(RoomEvent.Disconnected, stop);
  void attempt();
  return stop;
}
