import { randomUUID } from "node:crypto";
import type { RequestContext } from "@/lib/auth/access";
import type { Role } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import type { WeeklyWindow } from "../slots";

// For integration tests: fresh, uniquely named clinic rows and the request
// contexts of the people acting on them, so tests sharing one database never
// see each other's data.

const client = { ip: "203.0.113.7", userAgent: "vitest" };

export const anonymous: RequestContext = { actor: { kind: "anonymous" }, ...client };

/** Monday to Friday, 09:00–17:00. */
export const OFFICE_HOURS: WeeklyWindow[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 540, endMinute: 1020 }));

const tag = () => randomUUID().slice(0, 8);

function userContext(
  user: { id: string; name: string },
  role: Role,
  links: { patientId?: string; physicianId?: string } = {},
): RequestContext {
  return {
    actor: {
      kind: "user",
      userId: user.id,
      role,
      name: user.name,
      patientId: links.patientId ?? null,
      physicianId: links.physicianId ?? null,
      mfaSatisfied: true,
    },
    ...client,
  };
}

export async function createTestStaff(db: Database, role: Exclude<Role, "PATIENT" | "PHYSICIAN">): Promise<RequestContext> {
  const user = await db.user.create({ data: { email: `${role.toLowerCase()}-${tag()}@example.test`, name: `Test ${role}`, role } });
  return userContext(user, role);
}

export async function createTestPhysician(
  db: Database,
  options: { timeZone?: string; windows?: WeeklyWindow[]; name?: string } = {},
): Promise<{ physicianId: string; userId: string; name: string; context: RequestContext }> {
  const name = options.name ?? `Dr. Test ${tag()}`;
  const user = await db.user.create({ data: { email: `doctor-${tag()}@example.test`, name, role: "PHYSICIAN" } });
  const physician = await db.physician.create({
    data: {
      userId: user.id,
      specialty: "Family medicine",
      licenseNumber: `LIC-${tag()}`,
      timeZone: options.timeZone ?? "America/New_York",
      availabilityWindows: { create: options.windows ?? OFFICE_HOURS },
    },
  });
  // Like an administrator's new physician: every visit type the clinic books.
  await db.$executeRaw`INSERT INTO "PhysicianVisitType" ("physicianId", "visitTypeId") SELECT ${physician.id}, "id" FROM "VisitType" WHERE "isActive"`;
  return { physicianId: physician.id, userId: user.id, name, context: userContext(user, "PHYSICIAN", { physicianId: physician.id }) };
}

export async function createTestPatient(
  db: Database,
  options: { timeZone?: string; email?: string | null; givenName?: string; familyName?: string } = {},
): Promise<{ patientId: string; email: string | null; context: RequestContext }> {
  const email = options.email === undefined ? `patient-${tag()}@example.test` : options.email;
  const user = await db.user.create({ data: { email: `login-${tag()}@example.test`, name: "Test Patient", role: "PATIENT" } });
  const patient = await db.patient.create({
    data: {
      mrn: `T-${randomUUID()}`,
      givenName: options.givenName ?? "Robin",
      familyName: options.familyName ?? `Tester-${tag()}`,
      dateOfBirth: new Date("1985-06-15T00:00:00Z"),
      sex: "UNKNOWN",
      email,
      timeZone: options.timeZone ?? "America/Chicago",
      userId: user.id,
    },
  });
  return { patientId: patient.id, email, context: userContext(user, "PATIENT", { patientId: patient.id }) };
}

/** A new visit type, offered by every physician there is (as every type was before physicians chose theirs). */
export async function createTestVisitType(
  db: Database,
  options: { durationMinutes?: number; bufferMinutes?: number; isActive?: boolean; name?: string } = {},
): Promise<{ id: string; durationMinutes: number; bufferMinutes: number }> {
  const visitType = await db.visitType.create({
    data: {
      code: `TEST-${randomUUID()}`,
      name: options.name ?? "Standard visit",
      durationMinutes: options.durationMinutes ?? 30,
      bufferMinutes: options.bufferMinutes ?? 0,
      isActive: options.isActive ?? true,
    },
    select: { id: true, durationMinutes: true, bufferMinutes: true },
  });
  await offerToEveryPhysician(db, visitType.id);
  return visitType;
}

/** Every physician in the database offers the visit type (a test's own type would otherwise be bookable with nobody). */
export async function offerToEveryPhysician(db: Database, visitTypeId: string): Promise<void> {
  await db.$executeRaw`INSERT INTO "PhysicianVisitType" ("physicianId", "visitTypeId") SELECT "id", ${visitTypeId} FROM "Physician" ON CONFLICT DO NOTHING`;
}
