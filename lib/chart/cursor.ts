import { z } from "zod";
import { recordId } from "@/lib/http/ids";

// Opaque page cursors for keyset pagination: a position in the ordering
// (an instant, plus an id to break ties), base64url-encoded JSON so clients
// pass it back unchanged and cannot be tempted to build one.

export interface KeysetPosition {
  at: Date;
  id: string;
}

export function encodeCursor(position: { at: Date; id?: string }): string {
  return Buffer.from(JSON.stringify({ t: position.at.toISOString(), ...(position.id ? { i: position.id } : {}) })).toString("base64url");
}

const decoded = z.object({ t: z.iso.datetime({ offset: true }), i: recordId.optional() });

/** A cursor as a query parameter: decodes to the position, or fails validation as "that page does not exist". */
export const cursorInput = z
  .string()
  .max(200, "That page does not exist.")
  .transform((value, context) => {
    try {
      const parsed = decoded.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
      return { at: new Date(parsed.t), id: parsed.i ?? "" };
    } catch {
      context.addIssue({ code: "custom", message: "That page does not exist." });
      return z.NEVER;
    }
  });

/** A page size: `fallback` when absent, never more than `max`. */
export const pageSizeInput = (fallback: number, max: number) =>
  z.coerce.number().int("Give a whole number of results.").min(1, "Ask for at least 1 result.").max(max, `Ask for at most ${max} results.`).default(fallback);

/** A date filter bound: an ISO date (YYYY-MM-DD, read as UTC midnight) or date and time with offset. */
export const instantInput = z.union([
  z.date(),
  z.iso.date().transform((value) => new Date(`${value}T00:00:00Z`)),
  z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
]);
