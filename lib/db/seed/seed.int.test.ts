import pg from "pg";
import { openCareGaps } from "@/lib/care-gaps/facts";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PrismaClient } from "../generated/client";
import { createPrismaClient } from "../prisma";
import { createScratchDatabase, type ScratchDatabase } from "../testing/scratch-database";
import { ClinicAlreadySeededError, generateClinic, isSeeded, seedClinic, type TableCounts } from ".";
import { appendRows, emptyRows, INSERT_ORDER, type SeedRows } from "./rows";

// Seeds a database of its own (a fresh one on the PostgreSQL server) and checks what matters with SQL, so the assertions do not
// depend on the code that wrote the rows.

const NOW = new Date("2026-03-09T15:00:00Z");
const SEED_DATE = "2026-03-09";
const PATIENTS = 40;

const TABLE_NAMES: Record<(typeof INSERT_ORDER)[number], string> = {
  users: "User",
  consentVersions: "ConsentVersion",
  physicians: "Physician",
  availabilityWindows: "AvailabilityWindow",
  availabilityOverrides: "AvailabilityOverride",
  visitTypes: "VisitType",
  physicianVisitTypes: "PhysicianVisitType",
  intakeQuestionnaires: "IntakeQuestionnaire",
  physicianLicenses: "PhysicianLicense",
  patients: "Patient",
  screeningRecords: "ScreeningRecord",
  problems: "Problem",
  allergies: "Allergy",
  appointments: "Appointment",
  visits: "Visit",
  consultationNotes: "ConsultationNote",
  noteAddenda: "NoteAddendum",
  prescriptions: "Prescription",
  medications: "Medication",
  labResults: "LabResult",
};

let database: ScratchDatabase;
let prisma: PrismaClient;
let sql: pg.Client;
let counts: TableCounts;
let generated: SeedRows;

beforeAll(async () => {
  database = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
  prisma = createPrismaClient(database.url);
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  expect(await isSeeded(prisma)).toBe(false);
  counts = await seedClinic(prisma, { patients: PATIENTS, now: NOW });
  generated = emptyRows();
  for (const batch of generateClinic({ patients: PATIENTS, now: NOW })) appendRows(generated, batch.rows);
}, 300_000);

afterAll(async () => {
  await sql?.end();
  await prisma?.$disconnect();
  await database?.drop();
});

async function scalar(query: string, values: unknown[] = []): Promise<number> {
  const { rows } = await sql.query<{ value: string | number }>(query, values);
  return Number(rows[0]?.value);
}

describe("seedClinic", () => {
  it("writes every generated row, and reports the counts it wrote", async () => {
    for (const table of INSERT_ORDER) {
      expect(await scalar(`SELECT count(*) AS value FROM "${TABLE_NAMES[table]}"`), table).toBe(generated[table].length);
      expect(counts[table], table).toBe(generated[table].length);
    }
    expect(counts.labResults).toBeGreaterThan(PATIENTS * 150);
  });

  it("stores the generated ids and values unchanged", async () => {
    const { rows } = await sql.query<{ id: string; valueNumeric: number; flag: string; effectiveAt: Date }>(
      `SELECT id, "valueNumeric", flag, "effectiveAt" FROM "LabResult"`,
    );
    const stored = new Map(rows.map((row) => [row.id, row]));
    for (const result of generated.labResults) {
      const row = stored.get(result.id!);
      expect(row?.valueNumeric).toBe(result.valueNumeric);
      expect(row?.flag).toBe(result.flag);
      expect(row?.effectiveAt.toISOString()).toBe(new Date(result.effectiveAt).toISOString());
    }
    const patientIds = await sql.query<{ id: string }>(`SELECT id FROM "Patient" ORDER BY mrn`);
    expect(patientIds.rows.map((row) => row.id)).toEqual(generated.patients.map((patient) => patient.id));
  });

  it("has three physicians in two time zones and 40 patients, Alex Morgan among them", async () => {
    expect(await scalar(`SELECT count(*) AS value FROM "Physician"`)).toBe(3);
    expect(await scalar(`SELECT count(DISTINCT "timeZone") AS value FROM "Physician"`)).toBe(2);
    expect(await scalar(`SELECT count(*) AS value FROM "Patient"`)).toBe(PATIENTS);
    const { rows } = await sql.query(
      `SELECT p.mrn, u.email, u.role FROM "Patient" p JOIN "User" u ON u.id = p."userId" WHERE p."givenName" = 'Alex' AND p."familyName" = 'Morgan'`,
    );
    expect(rows).toEqual([{ mrn: "MRN-000001", email: "alex.morgan@demo.clinic", role: "PATIENT" }]);
  });

  it("gives demo patients care gaps, some closed by a recorded screening: Alex's colorectal and cervical screening are open", async () => {
    const alex = await prisma.patient.findUniqueOrThrow({ where: { mrn: "MRN-000001" }, select: { id: true } });
    const alexGaps = (await openCareGaps(prisma, alex.id, NOW)).map((gap) => gap.ruleId);
    expect(alexGaps).toEqual(expect.arrayContaining(["uspstf-colorectal-cancer-screening", "uspstf-cervical-cancer-screening"]));
    expect(await scalar(`SELECT count(*) AS value FROM "ScreeningRecord"`)).toBeGreaterThan(5);
    expect(await scalar(`SELECT count(*) AS value FROM "Patient" WHERE "packYears" >= 20`)).toBeGreaterThan(5);
  });

  it("flags every lab result consistently with its stored reference range", async () => {
    const inconsistent = await scalar(`
      SELECT count(*) AS value FROM "LabResult" WHERE
        (flag = 'NORMAL' AND ("valueNumeric" < "referenceLow" OR "valueNumeric" > "referenceHigh"))
        OR (flag IN ('LOW', 'CRITICAL_LOW') AND NOT coalesce("valueNumeric" < "referenceLow", false))
        OR (flag IN ('HIGH', 'CRITICAL_HIGH') AND NOT coalesce("valueNumeric" > "referenceHigh", false))`);
    expect(inconsistent).toBe(0);
    expect(await scalar(`SELECT count(*) AS value FROM "LabResult" WHERE flag <> 'NORMAL'`)).toBeGreaterThan(100);
  });

  it("gives every completed appointment a visit, with a note signed by its author before today, and marks nothing that ended as still booked", async () => {
    // Today's visits held before the seed's instant have their visit; their notes are still to write.
    const startOfToday = `'${SEED_DATE}T00:00:00'::timestamp AT TIME ZONE 'America/New_York'`;
    const completed = await scalar(`SELECT count(*) AS value FROM "Appointment" WHERE status = 'COMPLETED' AND "startsAt" < ${startOfToday}`);
    expect(completed).toBeGreaterThan(200);
    const signed = await scalar(`
      SELECT count(*) AS value FROM "Appointment" a
        JOIN "Visit" v ON v."appointmentId" = a.id
        JOIN "ConsultationNote" n ON n."visitId" = v.id
        JOIN "Physician" ph ON ph.id = a."physicianId"
      WHERE a.status = 'COMPLETED' AND n.status = 'SIGNED' AND n."signedAt" IS NOT NULL
        AND n."authorId" = ph."userId" AND n."signedById" = n."authorId"`);
    expect(signed).toBe(completed);
    expect(await scalar(`SELECT count(*) AS value FROM "Visit" v JOIN "Appointment" a ON a.id = v."appointmentId" WHERE a.status <> 'COMPLETED'`)).toBe(0);
    expect(await scalar(`SELECT count(*) AS value FROM "Appointment" a LEFT JOIN "Visit" v ON v."appointmentId" = a.id WHERE a.status = 'COMPLETED' AND v.id IS NULL`)).toBe(0);
    expect(await scalar(`SELECT count(*) AS value FROM "Appointment" WHERE status = 'BOOKED' AND "endsAt" <= $1`, [NOW])).toBe(0);
  });

  it("never overlaps a physician's active appointments", async () => {
    const overlaps = await scalar(`
      SELECT count(*) AS value FROM "Appointment" a JOIN "Appointment" b
        ON a."physicianId" = b."physicianId" AND a.id < b.id
       AND tstzrange(a."startsAt", a."endsAt") && tstzrange(b."startsAt", b."endsAt")
      WHERE a.status NOT IN ('CANCELLED', 'NO_SHOW') AND b.status NOT IN ('CANCELLED', 'NO_SHOW')`);
    expect(overlaps).toBe(0);
  });

  it("books each physician at least four times today (held already or still ahead), on their own calendar", async () => {
    const { rows } = await sql.query<{ physicianId: string; today: string }>(
      `SELECT ph.id AS "physicianId", count(a.id) AS today FROM "Physician" ph
         LEFT JOIN "Appointment" a ON a."physicianId" = ph.id AND a.status IN ('BOOKED', 'COMPLETED')
          AND (a."startsAt" AT TIME ZONE ph."timeZone")::date = $1::date
       GROUP BY ph.id`,
      [SEED_DATE],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(Number(row.today)).toBeGreaterThanOrEqual(4);
  });

  it("includes past no-shows and cancellations with a reason", async () => {
    expect(await scalar(`SELECT count(*) AS value FROM "Appointment" WHERE status = 'NO_SHOW' AND "startsAt" < $1`, [NOW])).toBeGreaterThan(0);
    expect(
      await scalar(`SELECT count(*) AS value FROM "Appointment" WHERE status = 'CANCELLED' AND "cancelReason" IS NOT NULL AND "cancelledAt" < "startsAt"`),
    ).toBeGreaterThan(0);
  });

  it("refuses to seed a database that already has users", async () => {
    expect(await isSeeded(prisma)).toBe(true);
    await expect(seedClinic(prisma, { patients: PATIENTS, now: NOW })).rejects.toBeInstanceOf(ClinicAlreadySeededError);
    expect(await scalar(`SELECT count(*) AS value FROM "Patient"`)).toBe(PATIENTS);
  });
});

describe("seedClinic with the indexes built after the load (the benchmark clinic)", () => {
  it("writes the same rows and leaves every index as the migrations define it", async () => {
    const fresh = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
    // As the owner, like the bench: dropping and building indexes needs it.
    const client = createPrismaClient(fresh.migrationUrl);
    const indexes = () =>
      client.$queryRawUnsafe<{ indexdef: string }[]>(`SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`);
    try {
      const migrated = await indexes();
      const written = await seedClinic(client, { patients: 5, now: NOW, indexesAfterLoad: true });
      const expected = emptyRows();
      for (const batch of generateClinic({ patients: 5, now: NOW })) appendRows(expected, batch.rows);
      for (const table of INSERT_ORDER) expect(written[table], table).toBe(expected[table].length);
      expect(written.labResults).toBeGreaterThan(500);
      expect(await indexes()).toEqual(migrated);
    } finally {
      await client.$disconnect();
      await fresh.drop();
    }
  }, 120_000);
});

