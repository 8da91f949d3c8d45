import { z } from "zod";
import { isValidTimeZone } from "@/lib/scheduling/zoned-time";
import { INTERPRETER_LANGUAGES } from "./interpreter-languages";

// The request bodies of the video-visit routes. Names are shown to other people
// in the room and on the physician's screen, so they are trimmed, bounded and
// free of control characters (no line breaks or bidi overrides to forge text).

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Text shown to other people: trimmed, at most `max` characters, no control or direction characters. */
export const shownText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), "Use letters, digits and punctuation only.");

/** A LiveKit identity as we issue them: a user id, `patient-session-<digest>`, `patient-link-<id>` or `guest-<id>`. */
export const participantIdentityInput = z.strictObject({
  identity: z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, "Not a participant of this visit."),
});

/** Admitting: who, and for a patient located where the physician holds no current licence, why (an empty reason is no reason). */
export const admitInput = participantIdentityInput.extend({
  licensureReason: shownText(500)
    .optional()
    .transform((reason) => reason || undefined),
});

/** A guest (a relative, a carer) or an interpreter, who comes with the language they interpret. */
export const guestInvitationInput = z
  .strictObject({
    displayName: shownText(80).pipe(z.string().min(1, "Give the guest's name.")),
    relationship: shownText(80).default(""),
    role: z.enum(["GUEST", "INTERPRETER"], "Invite a guest or an interpreter.").default("GUEST"),
    language: z.enum(INTERPRETER_LANGUAGES, "Choose a language from the list.").optional(),
  })
  .refine((guest) => (guest.role === "INTERPRETER") === (guest.language !== undefined), {
    path: ["language"],
    message: "Choose the language the interpreter interprets (and none for another guest).",
  });

export type GuestInvitationInput = z.input<typeof guestInvitationInput>;

/**
 * An interpreter invited by email (from the scheduler's calendar): their
 * language, name, the address their link goes to, and the zone the mail gives
 * the visit's time in.
 */
export const interpreterInvitationInput = z.strictObject({
  displayName: shownText(80).pipe(z.string().min(1, "Give the interpreter's name.")),
  language: z.enum(INTERPRETER_LANGUAGES, "Choose a language from the list."),
  email: z.string().trim().max(254, "Use at most 254 characters.").pipe(z.email("Enter the interpreter's email address, like name@example.org.")),
  timeZone: z.string().max(64).refine(isValidTimeZone, "Choose a time zone from the list."),
});

export type InterpreterInvitationInput = z.input<typeof interpreterInvitationInput>;
