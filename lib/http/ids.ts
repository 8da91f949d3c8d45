import { z } from "zod";

/** Record ids are cuid/uuid-like; anything else is refused before it reaches a query. */
const RECORD_ID = /^[A-Za-z0-9_-]+$/;
const RECORD_ID_MAX = 64;

export const recordId = z.string().min(1).max(RECORD_ID_MAX).regex(RECORD_ID, "Not a valid id.");

/**
 * The same check for an id a person's form sends in a request body, its
 * messages naming what the id is of: "Give the patient.", "That is not a patient."
 */
export function recordIdOf(label: string) {
  const wrong = `That is not ${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}.`;
  return z.string(`Give the ${label}.`).min(1, `Give the ${label}.`).max(RECORD_ID_MAX, wrong).regex(RECORD_ID, wrong);
}
