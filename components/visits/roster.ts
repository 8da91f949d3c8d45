import { RoomEvent, type Room } from "livekit-client";
import { useEffect, useEffectEvent, useState } from "react";
import type { Roster } from "./participants";
import type { VisitRosterResponse } from "./visitApi";

/**
 * The names and roles of the people in the call, asked of the app whenever
 * someone joins, is admitted or starts sending; the last answer stays while a new one is on
 * its way, or when asking fails.
 */
export function useRoster(room: Room, load: () => Promise<VisitRosterResponse["people"] | null>): Roster {
  const [roster, setRoster] = useState<Roster>(new Map());
  const refresh = useEffectEvent(async () => {
    const people = await load();
    if (people) setRoster(new Map(people.map(({ identity, name, role, language }) => [identity, { name, role, language }])));
  });
  useEffect(() => {
    const onChange = () => void refresh();
    onChange();
    room.on(RoomEvent.ParticipantConnected, onChange).on(RoomEvent.ParticipantPermissionsChanged, onChange).on(RoomEvent.TrackPublished, onChange);
    return () => {
      room.off(RoomEvent.ParticipantConnected, onChange).off(RoomEvent.ParticipantPermissionsChanged, onChange).off(RoomEvent.TrackPublished, onChange);
    };
  }, [room]);
  return roster;
}
