import "server-only";
import { randomBytes } from "node:crypto";
import type { Database } from "@/lib/db/prisma";
import { liveKitRoomService, type VisitRoomService } from "./livekit";

// The Visit row behind an appointment's video room, and who the physician has let in.

/** Unguessable, so knowing one visit's room says nothing about another's. */
export function newRoomName(): string {
  return `visit-${randomBytes(24).toString("base64url")}`;
}

/**
 * The appointment's Visit, created on the first token request. The insert skips
 * a conflict on the unique appointmentId (Prisma's upsert would raise it), so
 * two first requests at once end up in the same room. Takes a transaction
 * client too, for writes that link to the visit in the same transaction.
 */
export async function ensureVisit(db: Pick<Database, "visit">, appointmentId: string): Promise<{ id: string; roomName: string }> {
  const existing = await db.visit.findUnique({ where: { appointmentId }, select: { id: true, roomName: true } });
  if (existing) return existing;
  await db.visit.createMany({ data: [{ appointmentId, roomName: newRoomName() }], skipDuplicates: true });
  return db.visit.findUniqueOrThrow({ where: { appointmentId }, select: { id: true, roomName: true } });
}

/**
 * The physician's latest word on this identity (credential) in the visit:
 * admitted, declined, or asked again since a decline; null before any.
 */
export async function admissionOf(
  db: Pick<Database, "visitParticipantEvent">,
  visitId: string,
  identity: string,
): Promise<"ADMITTED" | "DECLINED" | "REQUESTED" | null> {
  const latest = await db.visitParticipantEvent.findFirst({
    where: { visitId, participantIdentity: identity, type: { in: ["ADMITTED", "DECLINED", "REQUESTED"] } },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    select: { type: true },
  });
  return (latest?.type as "ADMITTED" | "DECLINED" | "REQUESTED" | undefined) ?? null;
}

/**
 * Closes the appointment's video room, if it ever had one: whoever is still in
 * it (a patient in the waiting room) is disconnected and told the visit is
 * over. For visits cancelled or marked a no-show after someone joined.
 */
export async function closeVisitRoom(db: Pick<Database, "visit">, appointmentId: string, rooms?: VisitRoomService): Promise<void> {
  const visit = await db.visit.findUnique({ where: { appointmentId }, select: { roomName: true } });
  if (visit) await (rooms ?? liveKitRoomService()).deleteRoom(visit.roomName);
}
