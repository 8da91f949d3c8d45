"use client";

import { ConnectionState, type Room } from "livekit-client";
import { useRoomUpdates } from "./roomUpdates";

function RoomReconnecting({ room }: { room: Room }) {
  useRoomUpdates(room);
  const reconnecting = room.state === ConnectionState.Reconnecting || room.state === ConnectionState.SignalReconnecting;
  return reconnecting ? <ReconnectingAlert /> : null;
}

function ReconnectingAlert() {
  return (
    <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 font-medium text-amber-950">
      Reconnecting…
    </p>
  );
}

/**
 * "Reconnecting…" while LiveKit restores a dropped connection by itself
 * (RoomEvent.Reconnecting / SignalReconnecting until Reconnected), or while we
 * rejoin with a fresh token after a full disconnect (`rejoining`). An alert, so
 * it is announced at once; it disappears when the call is back.
 */
export function ReconnectingBanner({ room, rejoining }: { room: Room | null; rejoining: boolean }) {
  if (rejoining) return <ReconnectingAlert />;
  return room ? <RoomReconnecting room={room} /> : null;
}
