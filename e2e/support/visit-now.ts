import type { Database } from "../../lib/db/prisma";

const MINUTE_MS = 60_000;

/**
 * A booked visit of the patient with the physician that is open to join right
 * now. The physician's seeded calendar may already hold visits around now, and
 * the database refuses overlaps, so start times are tried from fourteen minutes
 * ahead backwards (a visit that began a little ago is still joinable) until one fits.
 */
export async function bookVisitStartingNow(
  db: Database,
  { patientEmail, physicianEmail, reason }: { patientEmail: string; physicianEmail: string; reason: string },
): Promise<{ appointmentId: string; physicianName: string; patientName: string }> {
  const [patient, physician, visitType, booker] = await Promise.all([
    db.patient.findFirstOrThrow({ where: { user: { email: patientEmail } }, select: { id: true, givenName: true, familyName: true } }),
    db.physician.findFirstOrThrow({ where: { user: { email: physicianEmail } }, select: { id: true, user: { select: { name: true } } } }),
    db.visitType.findFirstOrThrow({ where: { isActive: true, durationMinutes: 30 }, select: { id: true, durationMinutes: true } }),
    db.user.findFirstOrThrow({ where: { role: "SCHEDULER" }, select: { id: true } }),
  ]);
  const now = Date.now();
  const book = async (): Promise<string | null> => {
    for (let offsetMinutes = 14; offsetMinutes >= -22; offsetMinutes -= 1) {
      const startsAt = new Date(Math.floor(now / MINUTE_MS) * MINUTE_MS + offsetMinutes * MINUTE_MS);
      try {
        const created = await db.appointment.create({
          data: {
            patientId: patient.id,
            physicianId: physician.id,
            visitTypeId: visitType.id,
            startsAt,
            endsAt: new Date(startsAt.getTime() + visitType.durationMinutes * MINUTE_MS),
            reason,
            bookedById: booker.id,
          },
          select: { id: true },
        });
        return created.id;
      } catch (error) {
        if (!String(error).includes("Appointment_physician_no_overlap") && !String(error).includes("23P01")) throw error;
      }
    }
    return null;
  };
  let appointmentId = await book();
  if (appointmentId === null) {
    await db.appointment.updateMany({
      where: {
        physicianId: physician.id,
        status: "BOOKED",
        startsAt: { lt: new Date(now + 60 * MINUTE_MS) },
        blockedUntil: { gt: new Date(now) },
        NOT: { reason: { startsWith: "Video visit" } },
      },
      data: { status: "CANCELLED", cancelledAt: new Date(now), cancelReason: "Making room for an end-to-end test visit" },
    });
    appointmentId = await book();
  }
  if (appointmentId !== null) {
    return { appointmentId, physicianName: physician.user.name, patientName: `${patient.givenName} ${patient.familyName}` };
  }
  throw new Error(`${physicianEmail} has no free half hour around now for a test visit`);
}
