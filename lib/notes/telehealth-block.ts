import "server-only";
import { z } from "zod";
import type { Database } from "@/lib/db/prisma";
import { loadVisitAppointment } from "@/lib/visits/appointment";
import { visitMembers } from "@/lib/visits/members";
import type { VisitRole } from "@/lib/visits/participants";
import {
  MODALITIES,
  minutesBetween,
  PARTICIPANT_ROLES,
  PATIENT_LOCATION_KINDS,
  PHYSICIAN_LOCATION_TYPES,
  type TelehealthBlock,
  type TelehealthParticipant,
} from "./telehealth-fields";
import { isUsStateCode } from "@/lib/geography/us-states";

// The note's telehealth block on the server: the schema a save must match, and
// the draft filled from what the visit recorded (its modality, the patient's
// check-in, the consent signed, the interpreters and guests, and who joined
// and left the call when). The shape and completeness rules are in
// telehealth-fields.ts, which the editor shares.

export * from "./telehealth-fields";

/** Markup and control characters have no place in a block's text; refused rather than stored and escaped later. */
const UNSAFE_TEXT = /[<>\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function blockText(label: string, max: number) {
  return z
    .string(`The ${label} is text.`)
    .max(max, `The ${label} may be at most ${max} characters.`)
    .refine((value) => !UNSAFE_TEXT.test(value), `The ${label} may not contain < or > or control characters.`);
}

const isoTime = (label: string) => z.iso.datetime({ offset: true, message: `The ${label} is a date and time (ISO 8601).` });
const stateCode = (label: string) =>
  z.string(`The ${label} is text.`).refine(isUsStateCode, `The ${label} is not a US state or territory (use its USPS code, such as "NY").`);

const participant = z.strictObject({
  name: blockText("participant's name", 200).refine((value) => value.trim() !== "", "Give each participant's name."),
  role: z.enum(PARTICIPANT_ROLES, "A participant is a patient, physician, interpreter or guest."),
  language: blockText("interpreter's language", 35).nullable(),
  relationship: blockText("guest's relationship", 100).nullable(),
}) satisfies z.ZodType<TelehealthParticipant>;

export const telehealthBlockSchema = z.strictObject({
  modality: z.enum(MODALITIES, "The modality is video or audio-only.").nullable(),
  audioOnlyReason: blockText("reason video was not used", 500).nullable(),
  patientLocation: z.strictObject({
    state: stateCode("patient's state").nullable(),
    country: z.string().regex(/^[A-Z]{2}$/, "The patient's country is a two-letter code, such as \"US\".").nullable(),
    address: blockText("patient's address", 300).nullable(),
    kind: z.enum(PATIENT_LOCATION_KINDS, "The patient is at home or elsewhere.").nullable(),
  }),
  physicianLocation: z.strictObject({
    type: z.enum(PHYSICIAN_LOCATION_TYPES, "The physician is at the clinic, at home or elsewhere.").nullable(),
    state: stateCode("physician's state").nullable(),
  }),
  participants: z.array(participant).max(20, "A visit lists at most 20 participants."),
  startedAt: isoTime("start").nullable(),
  endedAt: isoTime("end").nullable(),
  totalMinutes: z.number().int("Minutes are whole.").min(0).max(24 * 60).nullable(),
  consent: z.strictObject({ version: z.number().int().min(1).nullable(), signedAt: isoTime("consent's time").nullable() }),
  identity: z.strictObject({
    dateOfBirthConfirmedAt: isoTime("date of birth confirmation").nullable(),
    physicianAttested: z.boolean(),
    attestedAt: isoTime("attestation").nullable(),
  }),
}) satisfies z.ZodType<TelehealthBlock>;

/** The block as stored (JSON), or null when it is missing or no longer matches the schema. */
export function storedTelehealthBlock(value: unknown): TelehealthBlock | null {
  const parsed = telehealthBlockSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export interface PresenceEvent {
  /** Whose identity joined or left; null for the room closing. */
  role: VisitRole | null;
  type: "JOINED" | "LEFT" | "ROOM_FINISHED";
  occurredAt: Date;
}

/**
 * When the visit ran: from the moment patient and physician were both first
 * in the call to the last time one of them left (or the room closed). Null
 * ends while either is still in, or never came.
 */
export function visitTimes(events: readonly PresenceEvent[]): { startedAt: Date | null; endedAt: Date | null } {
  const sorted = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const firstJoin = (role: VisitRole) => sorted.find((event) => event.role === role && event.type === "JOINED")?.occurredAt ?? null;
  const patientIn = firstJoin("patient");
  const physicianIn = firstJoin("physician");
  if (!patientIn || !physicianIn) return { startedAt: null, endedAt: null };
  const startedAt = patientIn > physicianIn ? patientIn : physicianIn;
  // Each one's leaving for good: a last LEFT with no JOINED after it.
  const leftForGood = (role: VisitRole) => {
    const last = sorted.filter((event) => event.role === role && event.type !== "ROOM_FINISHED").at(-1);
    return last?.type === "LEFT" ? last.occurredAt : null;
  };
  const roomClosed = sorted.find((event) => event.type === "ROOM_FINISHED" && event.occurredAt > startedAt)?.occurredAt ?? null;
  const ends = [leftForGood("patient"), leftForGood("physician"), roomClosed].filter((time): time is Date => time !== null && time > startedAt);
  const endedAt = ends.length === 0 ? null : new Date(Math.min(...ends.map((time) => time.getTime())));
  return { startedAt, endedAt };
}

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

/** The block as the visit's recorded data fill it; the physician's own location is theirs to state. */
export async function draftTelehealthBlock(db: Database, visitId: string): Promise<TelehealthBlock> {
  const visit = await db.visit.findUniqueOrThrow({
    where: { id: visitId },
    select: {
      appointmentId: true,
      modality: true,
      audioOnlyReason: true,
      events: { where: { type: { in: ["JOINED", "LEFT", "ROOM_FINISHED"] } }, select: { type: true, participantIdentity: true, occurredAt: true } },
      appointment: {
        select: {
          checkIn: {
            select: {
              country: true,
              state: true,
              addressLine: true,
              city: true,
              postalCode: true,
              locationKind: true,
              dateOfBirthConfirmedAt: true,
              identityVerifiedAt: true,
              telehealthConsent: { select: { signedAt: true, consentVersion: { select: { version: true } } } },
            },
          },
          visitGuests: { where: { revokedAt: null }, select: { id: true, displayName: true, relationship: true, role: true, language: true } },
        },
      },
    },
  });
  const { people } = await loadVisitAppointment(db, visit.appointmentId);
  const memberOf = await visitMembers(db, people);
  const members = visit.events.map((event) => (event.participantIdentity ? memberOf(event.participantIdentity) : null));
  const { startedAt, endedAt } = visitTimes(
    visit.events.map((event, index) => ({ type: event.type as PresenceEvent["type"], occurredAt: event.occurredAt, role: members[index]?.role ?? null })),
  );
  // Guests who were in the call; one invited who never came took no part.
  const guestsWhoJoined = new Set<string>();
  visit.events.forEach((event, index) => {
    const credential = members[index]?.credential;
    if (event.type === "JOINED" && credential?.kind === "guest") guestsWhoJoined.add(credential.guestId);
  });
  const guests = visit.appointment.visitGuests.filter((guest) => guestsWhoJoined.has(guest.id));
  const checkIn = visit.appointment.checkIn;
  const consent = checkIn?.telehealthConsent ?? null;
  const participants: TelehealthParticipant[] = [
    { name: `${people.patient.givenName} ${people.patient.familyName}`, role: "PATIENT", language: null, relationship: null },
    { name: people.physician.name, role: "PHYSICIAN", language: null, relationship: null },
    ...guests.map((guest) =>
      guest.role === "INTERPRETER"
        ? { name: guest.displayName, role: "INTERPRETER" as const, language: guest.language, relationship: null }
        : { name: guest.displayName, role: "GUEST" as const, language: null, relationship: guest.relationship },
    ),
  ];
  const address = checkIn ? [checkIn.addressLine, checkIn.city, checkIn.postalCode].filter(Boolean).join(", ") : "";
  return {
    modality: visit.modality,
    audioOnlyReason: visit.audioOnlyReason,
    patientLocation: {
      state: checkIn?.state ?? null,
      country: checkIn?.country ?? null,
      address: address === "" ? null : address,
      kind: checkIn?.locationKind ?? null,
    },
    physicianLocation: { type: null, state: null },
    participants,
    startedAt: iso(startedAt),
    endedAt: iso(endedAt),
    totalMinutes: minutesBetween(iso(startedAt), iso(endedAt)),
    consent: { version: consent?.consentVersion.version ?? null, signedAt: iso(consent?.signedAt) },
    identity: {
      dateOfBirthConfirmedAt: iso(checkIn?.dateOfBirthConfirmedAt),
      physicianAttested: checkIn?.identityVerifiedAt != null,
      attestedAt: iso(checkIn?.identityVerifiedAt),
    },
  };
}
