import "server-only";
import type { Database } from "@/lib/db/prisma";
import type { Actor } from "../policy";
import { signValue, verifySignedValue } from "../mfa/secret-box";

const PURPOSE = "visit-link";
/** After the visit the link still opens its after-visit summary for this long, then expires. */
export const VISIT_LINK_SUMMARY_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export type VisitLinkActor = Extract<Actor, { kind: "visitLink" }>;
export type VisitLinkProblem = "invalid" | "expired" | "revoked";
/** Why a link does not work, with the link it was (when it is one of ours), for the audit trail. */
export type VisitLinkRefusal = { problem: VisitLinkProblem; link?: LinkedAppointment };

export interface LinkedAppointment {
  id: string;
  appointmentId: string;
  patientId: string;
}

/** A new link for one appointment; the token is what goes in the patient's URL. */
export async function issueVisitLink(db: Database, appointmentId: string): Promise<{ linkId: string; token: string }> {
  const appointment = await db.appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { endsAt: true } });
  const link = await db.visitLink.create({
    data: { appointmentId, expiresAt: new Date(appointment.endsAt.getTime() + VISIT_LINK_SUMMARY_DAYS * DAY_MS) },
  });
  return { linkId: link.id, token: signValue(link.id, PURPOSE) };
}

/**
 * The patient's URL for a link. The token is a bearer credential, so it is
 * never stored: whatever must send the link later keeps the id and signs it
 * again here.
 */
export function visitLinkUrl(linkId: string): string {
  return new URL(`/visit/${signValue(linkId, PURPOSE)}`, process.env.APP_URL ?? "http://localhost:3000").toString();
}

export async function resolveVisitLink(
  db: Database,
  token: string,
  now = new Date(),
): Promise<{ actor: VisitLinkActor } | VisitLinkRefusal> {
  const linkId = token.length <= 200 ? verifySignedValue(token, PURPOSE) : null;
  if (!linkId) return { problem: "invalid" };
  const link = await db.visitLink.findUnique({
    where: { id: linkId },
    include: { appointment: { select: { id: true, patientId: true } } },
  });
  if (!link) return { problem: "invalid" };
  const linked = { id: link.id, appointmentId: link.appointment.id, patientId: link.appointment.patientId };
  if (link.revokedAt !== null) return { problem: "revoked", link: linked };
  if (link.expiresAt.getTime() <= now.getTime()) return { problem: "expired", link: linked };
  return {
    actor: { kind: "visitLink", linkId: link.id, appointmentId: link.appointment.id, patientId: link.appointment.patientId },
  };
}

export async function revokeVisitLinks(db: Database, appointmentId: string, now = new Date()): Promise<number> {
  const { count } = await db.visitLink.updateMany({ where: { appointmentId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}
