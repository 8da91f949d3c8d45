import type { Database } from "@/lib/db/prisma";

// For integration and e2e tests: the proof that no physician is double-booked
// is asked of the rows themselves, not of the code that wrote them. Counting
// bookings passes with a broken exclusion constraint; this does not.

export interface OverlappingPair {
  physicianId: string;
  first: { id: string; startsAt: Date; blockedUntil: Date };
  second: { id: string; startsAt: Date; blockedUntil: Date };
}

interface OverlapRow {
  physicianId: string;
  firstId: string;
  firstStartsAt: Date;
  firstBlockedUntil: Date;
  secondId: string;
  secondStartsAt: Date;
  secondBlockedUntil: Date;
}

/**
 * Every pair of live appointments (neither cancelled nor a no-show) of one
 * physician whose held time, buffer included, overlaps: [startsAt, blockedUntil).
 * Over all rows of the database; an empty list is the guarantee.
 */
export async function overlappingAppointments(db: Database): Promise<OverlappingPair[]> {
  const rows = await db.$queryRaw<OverlapRow[]>`
    SELECT a."physicianId",
           a.id AS "firstId", a."startsAt" AS "firstStartsAt", a."blockedUntil" AS "firstBlockedUntil",
           b.id AS "secondId", b."startsAt" AS "secondStartsAt", b."blockedUntil" AS "secondBlockedUntil"
      FROM "Appointment" a
      JOIN "Appointment" b
        ON b."physicianId" = a."physicianId"
       AND b.id > a.id
       AND tstzrange(a."startsAt", a."blockedUntil", '[)') && tstzrange(b."startsAt", b."blockedUntil", '[)')
     WHERE a.status NOT IN ('CANCELLED', 'NO_SHOW')
       AND b.status NOT IN ('CANCELLED', 'NO_SHOW')
     ORDER BY a."startsAt", a.id, b.id`;
  return rows.map((row) => ({
    physicianId: row.physicianId,
    first: { id: row.firstId, startsAt: row.firstStartsAt, blockedUntil: row.firstBlockedUntil },
    second: { id: row.secondId, startsAt: row.secondStartsAt, blockedUntil: row.secondBlockedUntil },
  }));
}
