"use client";

import { ConnectionState, type Room } from "livekit-client";
import type { ReactNode } from "react";
import { useRoomUpdates } from "./roomUpdates";

/**
 * Its children while LiveKit restores the room's dropped connection by itself
 * (RoomEvent.Reconnecting / SignalReconnecting until Reconnected). Loaded with
 * the call's code (callCode.ts), as it needs livekit-client.
 */
export function RoomReconnecting({ room, children }: { room: Room; children: ReactNode }) {
  useRoomUpdates(room);
  const reconnecting = room.state === ConnectionState.Reconnecting || room.state === ConnectionState.SignalReconnecting;
  return reconnecting ? children : null;
}
