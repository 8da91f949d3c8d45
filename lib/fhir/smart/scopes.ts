import { IMPORT_SCOPE } from "@/lib/auth/policy";
import { SERVED_TYPES } from "../systems";

// The SMART Backend Services scopes a client may be registered with: reading
// everything, or one resource type, at the system level; and sending outside records.

export const SUPPORTED_SCOPES: readonly string[] = ["system/*.read", ...SERVED_TYPES.map((type) => `system/${type}.read`), IMPORT_SCOPE];

/** Scopes written with spaces, commas or new lines, as a sorted list without repeats. */
export function scopeList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))].sort();
}

/**
 * What a token request gets: the requested scopes the client holds. A client
 * holding system/*.read may ask for narrower system/Type.read scopes.
 */
export function grantedScopes(requested: readonly string[], held: readonly string[]): string[] {
  const readsEverything = held.includes("system/*.read");
  return requested.filter((scope) => held.includes(scope) || (readsEverything && scope !== IMPORT_SCOPE && SUPPORTED_SCOPES.includes(scope)));
}
