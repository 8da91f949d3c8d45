import "server-only";
import { authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import type { Action } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/prisma";
import type { VisitPeople } from "./participants";

/** Authorizes the action on an appointment (audited either way); throws when refused or missing. */
export async function authorizeAppointment(db: Database, context: RequestContext, appointmentId: string, action: Action) {
  const appointment = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: { id: true, patientId: true, physicianId: true },
  });
  if (!appointment) return refuseMissing(db, context, action, "appointment", appointmentId);
  await authorize(db, context, action, {
    type: "appointment",
    appointmentId: appointment.id,
    patientId: appointment.patientId,
    physicianId: appointment.physicianId,
  });
  return appointment;
}

/** What the video-visit functions need to know about an appointment, its people and its room. */
export async function loadVisitAppointment(db: Database, appointmentId: string) {
  const appointment = await db.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      status: true,
      patient: { select: { id: true, userId: true, givenName: true, familyName: true, timeZone: true } },
      physician: { select: { id: true, userId: true, timeZone: true, user: { select: { name: true } } } },
      visit: { select: { id: true, roomName: true, startedAt: true, endedAt: true } },
    },
  });
  const people: VisitPeople = {
    appointmentId: appointment.id,
    patient: appointment.patient,
    physician: { id: appointment.physician.id, userId: appointment.physician.userId, name: appointment.physician.user.name },
  };
  return { ...appointment, people };
}

export type VisitAppointment = Awaited<ReturnType<typeof loadVisitAppointment>>;
