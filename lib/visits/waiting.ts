import "server-only";
import { authorize, authorizeEach, type RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { guestIdentity, patientName, physicianIdentity } from "./participants";

// Who is waiting for the signed-in physician right now, for the notice every
// physician page polls. A patient is waiting while their appointment is
// CHECKED_IN, which the LiveKit webhook sets when they enter the waiting room.

export interface WaitingPatient {
  appointmentId: string;
  patientName: string;
  /** When they entered the waiting room. */
  since: Date;
}

/** A CHECKED_IN visit this old is a webhook that never came, not someone still waiting. */
const STALE_AFTER_MS = 12 * 3_600_000;

export async function physicianWaitingRoom(
  db: Database,
  context: RequestContext,
  options: { now?: Date } = {},
): Promise<WaitingPatient[]> {
  const { actor } = context;
  const physicianId = actor.kind === "user" ? actor.physicianId : null;
  // Anyone but a physician asks about a clinic-wide waiting room, which the policy refuses (and audits).
  await authorize(db, context, "visit.host", physicianId ? { type: "physician", physicianId } : { type: "clinic" });
  if (!physicianId) return [];
  const now = options.now ?? new Date();
  const appointments = await db.appointment.findMany({
    where: { physicianId, status: "CHECKED_IN", startsAt: { gt: new Date(now.getTime() - STALE_AFTER_MS) } },
    select: {
      id: true,
      updatedAt: true,
      patient: { select: { id: true, givenName: true, familyName: true } },
      physician: { select: { userId: true } },
      visitGuests: { select: { id: true } },
      visit: { select: { id: true } },
    },
  });
  // Each patient named in the notice is an access to their record: one audit event each, written together.
  await authorizeEach(
    db,
    context,
    "appointment.read",
    appointments.map((appointment) => ({ type: "appointment", appointmentId: appointment.id, patientId: appointment.patient.id, physicianId })),
  );
  const waiting = await Promise.all(
    appointments.map(async (appointment) => {
      const joined = appointment.visit ? await arrivedAt(db, appointment.visit.id, othersThanThePatient(appointment)) : null;
      return { appointmentId: appointment.id, patientName: patientName(appointment.patient), since: joined?.occurredAt ?? appointment.updatedAt };
    }),
  );
  return waiting.sort((a, b) => a.since.getTime() - b.since.getTime());
}

/**
 * When the patient came into the waiting room this time: their first join since
 * they last left. A join without a leave before it is the same stay going on —
 * the LiveKit node hosting the room died and everyone rejoined on another
 * (which sends no leave) — so the physician still sees how long they have waited.
 */
async function arrivedAt(db: Database, visitId: string, others: string[]): Promise<{ occurredAt: Date } | null> {
  const thePatient = { visitId, participantIdentity: { notIn: others } };
  const lastLeft = await db.visitParticipantEvent.findFirst({ where: { ...thePatient, type: "LEFT" }, orderBy: { occurredAt: "desc" }, select: { occurredAt: true } });
  return db.visitParticipantEvent.findFirst({
    where: { ...thePatient, type: "JOINED", ...(lastLeft ? { occurredAt: { gt: lastLeft.occurredAt } } : {}) },
    orderBy: { occurredAt: "asc" },
    select: { occurredAt: true },
  });
}

/** The identities in the room that are not the patient's: the physician's and the guests'. */
function othersThanThePatient(appointment: { id: string; physician: { userId: string }; visitGuests: Array<{ id: string }> }): string[] {
  return [
    physicianIdentity(appointment.id, appointment.physician.userId),
    ...appointment.visitGuests.map((guest) => guestIdentity(appointment.id, guest.id)),
  ];
}
