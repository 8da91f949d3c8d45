import { completeTestCheckIn } from "../../lib/checkin/testing";
import type { Database } from "../../lib/db/prisma";

const MINUTE_MS = 60_000;
/**
 * How long ago a test visit may have started: it must stay open (until its
 * 30-minute end) through the longest spec that uses it, the authorization
 * matrix, which asks the open visit's routes for several minutes.
 */
const EARLIEST_START_MINUTES_AGO = 5;
/** Test visits' reasons start with this, so a later test may clear them away. */
export const TEST_VISIT_REASON_PREFIX = "Video visit";

interface TestVisitRequest {
  patientEmail: string;
  physicianEmail: string;
  reason: `${typeof TEST_VISIT_REASON_PREFIX}${string}`;
  /**
   * Whether the patient has already checked in, so tests about the call go
   * straight from the device check to the waiting room; e2e/check-in.spec.ts
   * books with false and checks in through the page.
   */
  checkedIn?: boolean;
}

export interface TestVisit {
  appointmentId: string;
  patientId: string;
  physicianName: string;
  patientName: string;
}

/** Who the visit is between, and a function that books it at a given start (or throws the database's refusal). */
async function visitBooker(db: Database, { patientEmail, physicianEmail, reason, checkedIn = true }: TestVisitRequest) {
  const [patient, physician, visitType, booker] = await Promise.all([
    db.patient.findFirstOrThrow({ where: { user: { email: patientEmail } }, select: { id: true, givenName: true, familyName: true } }),
    db.physician.findFirstOrThrow({ where: { user: { email: physicianEmail } }, select: { id: true, user: { select: { name: true } } } }),
    db.visitType.findFirstOrThrow({ where: { isActive: true, durationMinutes: 30 }, select: { id: true, durationMinutes: true } }),
    db.user.findFirstOrThrow({ where: { role: "SCHEDULER" }, select: { id: true } }),
  ]);
  const book = async (startsAt: Date): Promise<TestVisit> => {
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
    if (checkedIn) await completeTestCheckIn(db, { appointmentId: created.id, patientId: patient.id, publishedById: booker.id });
    return {
      appointmentId: created.id,
      patientId: patient.id,
      physicianName: physician.user.name,
      patientName: `${patient.givenName} ${patient.familyName}`,
    };
  };
  return { physicianId: physician.id, book };
}

/**
 * A booked visit far in the future, for tests of the chart and note outside a
 * call; each gets its own day of 2099, so they never clash.
 */
export async function bookFutureVisit(db: Database, request: TestVisitRequest): Promise<TestVisit> {
  const { physicianId, book } = await visitBooker(db, request);
  const taken = await db.appointment.count({ where: { physicianId, startsAt: { gte: new Date("2099-06-01T00:00:00Z") } } });
  return book(new Date(Date.UTC(2099, 5, 1 + taken, 14)));
}

/**
 * A booked visit that is open to join right now. The physician's calendar may
 * already hold visits around now, and the database refuses overlaps, so start
 * times are tried from fourteen minutes ahead backwards (a visit that began a
 * few minutes ago is still joinable) until one fits. When none does, the booked
 * visits of the next hour and earlier tests' visits are cancelled to make room:
 * the e2e database is a scratch copy, and tests run one at a time.
 */
export async function bookVisitStartingNow(db: Database, request: TestVisitRequest): Promise<TestVisit> {
  const { physicianId, book } = await visitBooker(db, request);
  const now = Date.now();
  const bookFirstFreeStart = async (): Promise<TestVisit | null> => {
    for (let offsetMinutes = 14; offsetMinutes >= -EARLIEST_START_MINUTES_AGO; offsetMinutes -= 1) {
      try {
        return await book(new Date(Math.floor(now / MINUTE_MS) * MINUTE_MS + offsetMinutes * MINUTE_MS));
      } catch (error) {
        if (!String(error).includes("Appointment_physician_no_overlap")) throw error;
      }
    }
    return null;
  };
  const visit = await bookFirstFreeStart();
  if (visit) return visit;
  await db.appointment.updateMany({
    where: {
      physicianId,
      status: { not: "CANCELLED" },
      OR: [{ status: "BOOKED" }, { reason: { startsWith: TEST_VISIT_REASON_PREFIX } }],
      startsAt: { lt: new Date(now + 60 * MINUTE_MS) },
      blockedUntil: { gt: new Date(now - 30 * MINUTE_MS) },
    },
    data: { status: "CANCELLED", cancelledAt: new Date(now), cancelReason: "Making room for an end-to-end test visit" },
  });
  const retried = await bookFirstFreeStart();
  if (retried) return retried;
  throw new Error(`${request.physicianEmail} has no free half hour around now for a test visit`);
}
