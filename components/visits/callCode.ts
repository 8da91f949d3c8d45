import { lazy } from "react";

// The call's code: livekit-client (about 150 kB gzipped) and the components
// that use it. The visit pages open on the device check (or a note that the
// room is not open yet), which needs none of it, so it is left out of their
// first load and fetched when the person joins.
const importVideoCall = () => import("./VideoCall");
const importRoomReconnecting = () => import("./RoomReconnecting");

export const VideoCall = lazy(() => importVideoCall().then((module) => ({ default: module.VideoCall })));
export const RoomReconnecting = lazy(() => importRoomReconnecting().then((module) => ({ default: module.RoomReconnecting })));

/**
 * Fetches the call's code and resolves to what creates its room. The lazy
 * components come along, so once a room exists they render without waiting,
 * and a download that fails (the connection dropped) fails the join, which the
 * person can try again, instead of breaking the call screen.
 */
export async function loadCallCode() {
  const [callRoom] = await Promise.all([import("./callRoom"), importVideoCall(), importRoomReconnecting()]);
  return callRoom;
}
