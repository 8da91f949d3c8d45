import { z } from "zod";

// Input rules the scheduling functions share.

export const noControlCharacters = (value: string) => !/\p{Cc}/u.test(value);

/** A point in time: a Date, or an ISO 8601 string with its offset (JSON has no dates). */
export const instant = z.union([
  z.date({ error: "Not a valid date and time." }),
  z.iso.datetime({ offset: true, error: "Use an ISO 8601 date and time with its offset." }).transform((value) => new Date(value)),
]);

/** Why the visit is booked or cancelled, as the patient or scheduler wrote it. */
export const reasonText = z
  .string()
  .trim()
  .min(1, "Give a reason.")
  .max(500, "Keep the reason to 500 characters.")
  .refine(noControlCharacters, "Remove line breaks and other control characters.");
