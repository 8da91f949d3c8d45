// When the call suggests going audio only. Pure: readings and instants in, a
// decision out.
//
// The call no longer drops video by itself. LiveKit rates a participant's
// connection by the worst of the tracks they send and receive, so a busy
// processor (an encoder sending fewer video layers than it announced) reads as
// "poor" just like a bad network, on both sides of the call; dropping video on
// that reading took the patient's face away from the physician for the rest of
// the visit. Real congestion is handled by LiveKit itself, which pauses video
// streams the connection cannot carry and resumes them when it can. So a
// connection that stays poor earns a suggestion, and the person decides.

/** How long the connection must stay poor (or lost) before the call suggests audio only. */
export const POOR_BEFORE_SUGGESTING_AUDIO_ONLY_MS = 10_000;

/** LiveKit's ConnectionQuality values are these strings. */
export function isPoor(quality: string): boolean {
  return quality === "poor" || quality === "lost";
}

/** The connection as last read: poor or not, since when. */
export interface ConnectionSpell {
  poor: boolean;
  since: number;
}

/** Whether to suggest audio only at `now`, and when to ask again if that can change without a new reading. */
export function audioOnlySuggestion(spell: ConnectionSpell, now: number): { suggest: boolean; askAgainAt: number | null } {
  if (!spell.poor) return { suggest: false, askAgainAt: null };
  const due = spell.since + POOR_BEFORE_SUGGESTING_AUDIO_ONLY_MS;
  return now >= due ? { suggest: true, askAgainAt: null } : { suggest: false, askAgainAt: due };
}
