import "server-only";
import { authorize, refuseMissing, type Grant, type RequestContext } from "@/lib/auth/access";
import type { Action } from "@/lib/auth/policy";
import type { AppointmentGetPayload, AppointmentSelect } from "@/lib/db/generated/models";
import type { Database } from "@/lib/db/prisma";
import type { VisitPeople } from "./participants";

/** What every authorized appointment carries: who the policy decides about. */
const AUTHORIZED_FIELDS = { id: true, patientId: true, physicianId: true } as const satisfies AppointmentSelect;

type LoadedAppointment<S extends AppointmentSelect> = AppointmentGetPayload<{ select: S & typeof AUTHORIZED_FIELDS }> & {
  id: string;
  patientId: string;
  physicianId: string;
};

/** The appointment's ids, the fields `S` selects, and how access was granted. */
export type AuthorizedAppointment<S extends AppointmentSelect = typeof AUTHORIZED_FIELDS> = LoadedAppointment<S> & Grant;

/**
 * Authorizes the action on an appointment (audited either way); throws when
 * refused or missing. `select` loads more of the appointment in the same
 * query, for callers that need it; `detail` is kept with an allowed attempt's event.
 */
export async function authorizeAppointment<const S extends AppointmentSelect = typeof AUTHORIZED_FIELDS>(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  action: Action,
  options: { select?: S; detail?: string } = {},
): Promise<AuthorizedAppointment<S>> {
  // Prisma cannot resolve the result type of a generic select; it is exactly LoadedAppointment<S>.
  const appointment = (await db.appointment.findUnique({
    where: { id: appointmentId },
    select: { ...options.select, ...AUTHORIZED_FIELDS },
  })) as LoadedAppointment<S> | null;
  if (!appointment) return refuseMissing(db, context, action, "appointment", appointmentId);
  const grant = await authorize(
    db,
    context,
    action,
    { type: "appointment", appointmentId: appointment.id, patientId: appointment.patientId, physicianId: appointment.physicianId },
    { detail: options.detail },
  );
  return { ...appointment, ...grant };
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
      visitTypeId: true,
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
