import "server-only";
import type { RequestContext } from "@/lib/auth/access";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { authorizeAppointment, loadVisitAppointment } from "./appointment";
import { participantFor, patientName, type VisitRole } from "./participants";
import { joinOpensAt } from "./window";

export interface VisitRoomView {
  appointmentId: string;
  role: VisitRole;
  /** The viewer's own name as the others in the room see it. */
  displayName: string;
  /** An interpreter's language (BCP 47). */
  language?: string;
  physicianName: string;
  /** Whose chart sits beside the call on the physician's page. */
  patientId: string;
  patientName: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  opensAt: Date;
  /** The viewer's zone (the physician's, or the patient's for the patient and guests): times are shown in it. */
  timeZone: string;
}

/** What a visit page needs to render the room for whoever may join it (authorized as `visit.join`, audited). */
export async function getVisitRoomView(db: Database, context: RequestContext, appointmentId: string): Promise<VisitRoomView> {
  await authorizeAppointment(db, context, appointmentId, "visit.join");
  const appointment = await loadVisitAppointment(db, appointmentId);
  const viewer = participantFor(context, appointment.people);
  return {
    appointmentId: appointment.id,
    role: viewer.role,
    displayName: viewer.name,
    ...(viewer.language ? { language: viewer.language } : {}),
    physicianName: appointment.people.physician.name,
    patientId: appointment.patient.id,
    patientName: patientName(appointment.patient),
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    status: appointment.status,
    opensAt: joinOpensAt(appointment.startsAt),
    timeZone: viewer.role === "physician" ? appointment.physician.timeZone : appointment.patient.timeZone,
  };
}
