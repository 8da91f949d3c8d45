import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { GuestRole } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import type { Actor } from "../policy";
import type { LinkedAppointment } from "./visit-links";

// A guest's link to one visit (a relative, an interpreter). Unlike a patient's
// visit link, the token is random rather than a signed id: only its SHA-256 is
// stored, so neither the table nor a leaked AUTH_SECRET lets anyone join.

/** A visit can run late, so the guest's link outlives the booked end by this long, then expires. */
export const VISIT_GUEST_GRACE_HOURS = 12;
const HOUR_MS = 60 * 60 * 1000;
const TOKEN_BYTES = 32;
/** base64url of TOKEN_BYTES: anything else is not one of ours and is refused before a query. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type VisitGuestActor = Extract<Actor, { kind: "visitGuest" }>;
export type VisitGuestProblem = "invalid" | "expired" | "revoked";
/** Why a guest link does not work, with the guest it was for (when it is one of ours), for the audit trail. */
export type VisitGuestRefusal = { problem: VisitGuestProblem; link?: LinkedAppointment };

export interface VisitGuestRecord {
  id: string;
  appointmentId: string;
  displayName: string;
  relationship: string;
  role: GuestRole;
  /** The language an interpreter interprets (BCP 47); null for other guests. */
  language: string | null;
  /** Where the link was mailed (an interpreter the scheduler invited); null when it was handed over. */
  email: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  expiresAt: Date;
}

const guestSelect = {
  id: true,
  appointmentId: true,
  displayName: true,
  relationship: true,
  role: true,
  language: true,
  email: true,
  createdAt: true,
  revokedAt: true,
  expiresAt: true,
} as const;

export function hashGuestToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Records a guest for the appointment; the token is what goes in the guest's URL
 * and is never stored. Who may invite is for the caller to have authorized.
 * A guest with an `email` is mailed their link: the mail mints a token of its own.
 */
export async function issueVisitGuest(
  db: Pick<Database, "appointment" | "visitGuest">,
  input: {
    appointmentId: string;
    displayName: string;
    relationship: string;
    createdById: string;
    role?: GuestRole;
    language?: string | null;
    email?: string | null;
    timeZone?: string | null;
  },
): Promise<{ guest: VisitGuestRecord; token: string }> {
  const appointment = await db.appointment.findUniqueOrThrow({ where: { id: input.appointmentId }, select: { endsAt: true } });
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const guest = await db.visitGuest.create({
    data: {
      ...input,
      tokenHash: hashGuestToken(token),
      expiresAt: new Date(appointment.endsAt.getTime() + VISIT_GUEST_GRACE_HOURS * HOUR_MS),
    },
    select: guestSelect,
  });
  return { guest, token };
}

/** The guest's URL for a token: the visit's page for guests, which opens that one visit. */
export function visitGuestUrl(token: string): string {
  return new URL(`/visit/guest/${token}`, process.env.APP_URL ?? "http://localhost:3000").toString();
}

/**
 * Gives guest `guestId` a new token and returns it, or null when their link
 * was revoked or has expired, or the visit is over or cancelled. Mail calls it
 * as it goes out, so the Job table never holds a working link; a job run twice
 * mints twice, and only the latest mail's link then works.
 */
export async function mintVisitGuestToken(db: Database, guestId: string, now = new Date()): Promise<string | null> {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const { count } = await db.visitGuest.updateMany({
    where: { id: guestId, revokedAt: null, expiresAt: { gt: now }, appointment: { status: { in: ["BOOKED", "CHECKED_IN", "IN_PROGRESS"] } } },
    data: { tokenHash: hashGuestToken(token) },
  });
  return count === 1 ? token : null;
}

export async function resolveVisitGuest(
  db: Database,
  token: string,
  now = new Date(),
): Promise<{ actor: VisitGuestActor } | VisitGuestRefusal> {
  if (!TOKEN_PATTERN.test(token)) return { problem: "invalid" };
  const guest = await db.visitGuest.findUnique({
    where: { tokenHash: hashGuestToken(token) },
    select: { ...guestSelect, appointment: { select: { patientId: true } } },
  });
  if (!guest) return { problem: "invalid" };
  const linked = { id: guest.id, appointmentId: guest.appointmentId, patientId: guest.appointment.patientId };
  if (guest.revokedAt !== null) return { problem: "revoked", link: linked };
  if (guest.expiresAt.getTime() <= now.getTime()) return { problem: "expired", link: linked };
  return {
    actor: {
      kind: "visitGuest",
      guestId: guest.id,
      appointmentId: guest.appointmentId,
      patientId: guest.appointment.patientId,
      displayName: guest.displayName,
      ...(guest.role === "INTERPRETER" ? { interpreterLanguage: guest.language ?? "und" } : {}),
    },
  };
}

export function listVisitGuestRecords(db: Database, appointmentId: string): Promise<VisitGuestRecord[]> {
  return db.visitGuest.findMany({ where: { appointmentId }, select: guestSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/**
 * Revokes one guest of the appointment (a guest of another appointment is not
 * found: null). Revoking twice keeps the first time.
 */
export async function revokeVisitGuest(
  db: Database,
  appointmentId: string,
  guestId: string,
  now = new Date(),
): Promise<VisitGuestRecord | null> {
  await db.visitGuest.updateMany({ where: { id: guestId, appointmentId, revokedAt: null }, data: { revokedAt: now } });
  return db.visitGuest.findFirst({ where: { id: guestId, appointmentId }, select: guestSelect });
}
