"use client";

import { RoomEvent, type Room } from "livekit-client";
import { useCallback, useSyncExternalStore } from "react";

// Everything that changes what the visit shows: who is here, their tracks and
// mute states, permissions, our own tracks, connection quality and state, and
// whether the browser lets us play sound. (Not chat: ChatPanel listens itself.)
const WATCHED_EVENTS = [
  RoomEvent.ConnectionStateChanged,
  RoomEvent.Reconnecting,
  RoomEvent.SignalReconnecting,
  RoomEvent.Reconnected,
  RoomEvent.ParticipantConnected,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.ParticipantPermissionsChanged,
  RoomEvent.ParticipantNameChanged,
  RoomEvent.ParticipantMetadataChanged,
  RoomEvent.TrackPublished,
  RoomEvent.TrackUnpublished,
  RoomEvent.TrackSubscribed,
  RoomEvent.TrackUnsubscribed,
  RoomEvent.TrackMuted,
  RoomEvent.TrackUnmuted,
  RoomEvent.LocalTrackPublished,
  RoomEvent.LocalTrackUnpublished,
  RoomEvent.ConnectionQualityChanged,
  RoomEvent.AudioPlaybackStatusChanged,
] as const;

interface Watcher {
  version: number;
  listeners: Set<() => void>;
}

const watchers = new WeakMap<Room, Watcher>();

/**
 * Starts counting the room's changes. Called as soon as a Room is created, so
 * nothing that happens before a component subscribes (a track arriving while
 * the call screen mounts) goes unnoticed.
 */
export function watchRoom(room: Room): Watcher {
  let watcher = watchers.get(room);
  if (!watcher) {
    const created: Watcher = { version: 0, listeners: new Set() };
    const changed = () => {
      created.version += 1;
      for (const listener of created.listeners) listener();
    };
    for (const event of WATCHED_EVENTS) room.on(event, changed);
    watchers.set(room, created);
    watcher = created;
  }
  return watcher;
}

/**
 * Re-renders the caller whenever the room changes. The room object stays the
 * source of truth (participants, tracks, mute states); this only tells React
 * that it changed.
 */
export function useRoomUpdates(room: Room): number {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const { listeners } = watchRoom(room);
      listeners.add(onChange);
      return () => {
        listeners.delete(onChange);
      };
    },
    [room],
  );
  return useSyncExternalStore(
    subscribe,
    () => watchRoom(room).version,
    () => 0,
  );
}
