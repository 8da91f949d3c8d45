"use client";

import { ConnectionState, type Room } from "livekit-client";
import { useCallback, useSyncExternalStore, type ReactNode } from "react";
import { resumedConnectionCarriesCall } from "./callRoom";
import { useRoomUpdates } from "./roomUpdates";

/** How often a resuming connection is checked for carrying the call again (no event says so). */
const RESUME_CHECK_MS = 100;

/**
 * Its children while LiveKit restores the room's dropped connection by itself
 * (RoomEvent.Reconnecting / SignalReconnecting until Reconnected), except once
 * a resumed connection already carries the call again (signal and media back):
 * LiveKit says Reconnected only 2 s after that. Loaded with the call's code
 * (callCode.ts), as it needs livekit-client.
 */
export function RoomReconnecting({ room, children }: { room: Room; children: ReactNode }) {
  useRoomUpdates(room);
  const resuming = room.state === ConnectionState.SignalReconnecting;
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!resuming) return () => {};
      const timer = setInterval(onChange, RESUME_CHECK_MS);
      return () => clearInterval(timer);
    },
    [resuming],
  );
  const carried = useSyncExternalStore(subscribe, () => resumedConnectionCarriesCall(room), () => false);
  const reconnecting = room.state === ConnectionState.Reconnecting || (resuming && !carried);
  return reconnecting ? children : null;
}
