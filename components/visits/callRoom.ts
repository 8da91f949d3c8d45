import { DisconnectReason, Room, RoomEvent, VideoPresets } from "livekit-client";
import type { DeviceChoices } from "./DeviceCheck";
import { watchRoom } from "./roomUpdates";

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
  room.on(RoomEvent.Disconnected, (reason) => on.ended(roomEnding(reason)));
  room.on(RoomEvent.ParticipantPermissionsChanged, (_previous, participant) => {
    if (participant === room.localParticipant && participant.permissions?.canPublish) on.publishAllowed();
  });
  return room;
}
