import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createPrismaClient } from "@/lib/db/prisma";
import { createPatient, patientRegistrationInput, searchPatients, updateUsualState } from "./patients";
import { anonymous, createTestPatient, createTestPhysician, createTestStaff } from "./testing/clinic";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

/** A family name no other test uses, so searches see only this test's patients. */
const uniqueFamily = () => `Quill${randomUUID().replace(/[^a-f]/g, "").slice(0, 8)}`;

function person(familyName: string, overrides: Record<string, unknown> = {}) {
  return {
    givenName: "Harriet",
    familyName,
    dateOfBirth: "1971-04-12",
    sex: "FEMALE" as const,
    email: `${randomUUID()}@example.test`,
    phone: null,
    timeZone: "Europe/Berlin",
    ...overrides,
  };
}

describe("registering a patient", () => {
  it("keeps the state they usually are in, when the scheduler knows it", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const result = await createPatient(db, scheduler, person(uniqueFamily(), { usualState: "TX" }));
    expect(result).toMatchObject({ created: { usualState: "TX" } });
    expect(await createPatient(db, scheduler, person(uniqueFamily()))).toMatchObject({ created: { usualState: null } });
  });

  it("creates them with the next MRN", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const result = await createPatient(db, scheduler, person(uniqueFamily()));
    expect(result).toMatchObject({ created: { givenName: "Harriet", dateOfBirth: "1971-04-12", timeZone: "Europe/Berlin" } });
    expect("created" in result && result.created.mrn).toMatch(/^MRN-\d{6,}$/);
    // The desk sees the new record: it opens that patient's access history.
    const created = "created" in result ? result.created.id : "";
    expect(await db.auditEvent.findMany({ where: { patientId: created }, select: { action: true, outcome: true, actorId: true } })).toEqual([
      { action: "patient.demographics.write", outcome: "ALLOWED", actorId: scheduler.actor.kind === "user" ? scheduler.actor.userId : null },
    ]);
  });

  it("gives ten simultaneous registrations ten different, consecutive MRNs", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        createPatient(db, scheduler, person(uniqueFamily(), { givenName: `Twin${n}`, dateOfBirth: `1990-01-${String(n + 10)}` })),
      ),
    );
    const numbers = results
      .map((result) => ("created" in result ? Number(result.created.mrn.slice(4)) : Number.NaN))
      .sort((a, b) => a - b);
    expect(numbers.every(Number.isInteger)).toBe(true);
    expect(numbers.map((n) => n - numbers[0]!)).toEqual([...Array(10).keys()]);
  });

  interface Existing {
    family: string;
    email: string;
    phoneDigits: string;
  }
  it.each([
    ["the same date of birth and a name with a typo", ({ family }: Existing) => ({ familyName: `${family}s`, givenName: "Hattie" })],
    ["the same date of birth and the names swapped", ({ family }: Existing) => ({ givenName: family, familyName: "Harriet" })],
    ["the same email in other capitals", ({ family, email }: Existing) => ({ familyName: `${family}x`, email: email.toUpperCase(), dateOfBirth: "1980-02-02" })],
    [
      "the same phone number written differently",
      ({ family, phoneDigits }: Existing) => ({
        familyName: `${family}x`,
        phone: `+1 (555) 01${phoneDigits.slice(0, 1)}-${phoneDigits.slice(1)}`,
        dateOfBirth: "1980-02-02",
      }),
    ],
  ])("returns possible duplicates instead of creating: %s", async (_label, twinOf) => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const existing: Existing = { family: uniqueFamily(), email: `${randomUUID()}@example.test`, phoneDigits: String(10_000 + Math.floor(Math.random() * 89_999)) };
    const original = await createPatient(db, scheduler, person(existing.family, { email: existing.email, phone: `+1555 01${existing.phoneDigits}` }));
    const twin = person(existing.family, twinOf(existing));
    const countTwins = () => db.patient.count({ where: { familyName: twin.familyName, givenName: twin.givenName } });
    const before = await countTwins();

    expect(await createPatient(db, scheduler, twin)).toEqual({
      duplicates: [expect.objectContaining({ id: "created" in original ? original.created.id : "missing" })],
    });
    expect(await countTwins()).toBe(before);
    expect(await createPatient(db, scheduler, twin, { confirmDuplicate: true })).toHaveProperty("created");
    expect(await countTwins()).toBe(before + 1);
  });

  it("does not take people with merely the same birthday for duplicates", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    await createPatient(db, scheduler, person(uniqueFamily()));
    expect(await createPatient(db, scheduler, person(uniqueFamily(), { givenName: "Bertram" }))).toHaveProperty("created");
  });

  it("refuses implausible details and registrations by anyone but a scheduler", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const physician = await createTestPhysician(db);
    const family = uniqueFamily();
    await expect(createPatient(db, scheduler, person(family, { dateOfBirth: "2999-01-01" }))).rejects.toBeInstanceOf(ZodError);
    await expect(createPatient(db, scheduler, person(family, { timeZone: "Mars/Olympus_Mons" }))).rejects.toBeInstanceOf(ZodError);
    await expect(createPatient(db, scheduler, person(family, { email: "not an address" }))).rejects.toBeInstanceOf(ZodError);
    for (const usualState of ["XX", "tx", "<script>"]) {
      await expect(createPatient(db, scheduler, person(family, { usualState }))).rejects.toBeInstanceOf(ZodError);
    }
    await expect(createPatient(db, physician.context, person(family))).rejects.toMatchObject({ status: 403 });
    await expect(createPatient(db, anonymous, person(family))).rejects.toMatchObject({ status: 401 });
    expect(await db.patient.count({ where: { familyName: family } })).toBe(0);
  });
});

describe("the registration a desk sends", () => {
  it("takes the usual state and the duplicate check, and nothing else", () => {
    expect(patientRegistrationInput.parse({ ...person("Quill"), usualState: "NM", confirmDuplicate: true })).toMatchObject({ usualState: "NM", confirmDuplicate: true });
    expect(patientRegistrationInput.safeParse({ ...person("Quill"), mrn: "MRN-000001" }).success).toBe(false);
  });
});

describe("changing a patient's usual state", () => {
  it("is for the scheduler, who sets and clears it, each change audited with the new state", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const created = await createPatient(db, scheduler, person(uniqueFamily(), { usualState: "TX" }));
    const patientId = "created" in created ? created.created.id : "";
    expect(await updateUsualState(db, scheduler, patientId, { usualState: "NM" })).toMatchObject({ id: patientId, usualState: "NM" });
    expect(await updateUsualState(db, scheduler, patientId, { usualState: null })).toMatchObject({ id: patientId, usualState: null });
    expect(await updateUsualState(db, scheduler, patientId, { usualState: "PR" })).toMatchObject({ usualState: "PR" });
    const changes = await db.auditEvent.findMany({
      where: { patientId, action: "patient.demographics.write", reason: { startsWith: "usual state" } },
      orderBy: { id: "asc" },
      select: { outcome: true, actorRole: true, reason: true },
    });
    expect(changes).toEqual(
      ["NM", "not known", "PR"].map((state) => ({ outcome: "ALLOWED", actorRole: "SCHEDULER", reason: `usual state set to ${state}` })),
    );
  });

  it("is refused to the patient, physicians, administrators and nobody, and for unknown states or patients; nothing changes", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const patient = await createTestPatient(db);
    await db.patient.update({ where: { id: patient.patientId }, data: { usualState: "TX" } });
    const refused = [patient.context, (await createTestPatient(db)).context, (await createTestPhysician(db)).context, await createTestStaff(db, "ADMIN")];
    for (const context of refused) {
      await expect(updateUsualState(db, context, patient.patientId, { usualState: "NM" })).rejects.toMatchObject({ name: "AccessDeniedError", status: 403 });
    }
    await expect(updateUsualState(db, anonymous, patient.patientId, { usualState: "NM" })).rejects.toMatchObject({ status: 401 });
    for (const usualState of ["XX", "tx", "<script>", "", 42, undefined]) {
      await expect(updateUsualState(db, scheduler, patient.patientId, { usualState } as never), String(usualState)).rejects.toBeInstanceOf(ZodError);
    }
    await expect(updateUsualState(db, scheduler, patient.patientId, { usualState: "NM", givenName: "Mallory" } as never)).rejects.toBeInstanceOf(ZodError);
    await expect(updateUsualState(db, scheduler, "no-such-patient", { usualState: "NM" })).rejects.toMatchObject({ status: 404 });
    expect(await db.patient.findUniqueOrThrow({ where: { id: patient.patientId }, select: { usualState: true } })).toEqual({ usualState: "TX" });
    const denied = await db.auditEvent.count({ where: { patientId: patient.patientId, action: "patient.demographics.write", outcome: "DENIED" } });
    expect(denied).toBe(refused.length + 1);
  });
});

describe("searching patients", () => {
  it("finds them by name parts, date of birth or MRN, and audits each one shown", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const family = uniqueFamily();
    const created = await createPatient(db, scheduler, person(family, { givenName: "Margarethe" }));
    await createPatient(db, scheduler, person(family, { givenName: "Otto", dateOfBirth: "1969-09-09" }));
    const patient = "created" in created ? created.created : null;

    expect((await searchPatients(db, scheduler, { query: `marg ${family.toLowerCase()}` })).map((found) => found.givenName)).toEqual([
      "Margarethe",
    ]);
    expect((await searchPatients(db, scheduler, { query: family })).map((found) => found.givenName)).toEqual(["Margarethe", "Otto"]);
    expect((await searchPatients(db, scheduler, { query: patient!.mrn.toLowerCase() })).map((found) => found.id)).toEqual([patient!.id]);
    expect((await searchPatients(db, scheduler, { query: "1971-04-12" })).map((found) => found.id)).toContain(patient!.id);

    const shown = await db.auditEvent.count({
      where: { action: "patient.demographics.read", patientId: patient!.id, outcome: "ALLOWED", resourceType: "patient" },
    });
    expect(shown).toBeGreaterThanOrEqual(4);
  });

  it("is for schedulers: patients and physicians are refused, whatever they type", async () => {
    const patient = await createTestPatient(db);
    const physician = await createTestPhysician(db);
    await expect(searchPatients(db, patient.context, { query: "Robin" })).rejects.toMatchObject({ status: 403 });
    await expect(searchPatients(db, physician.context, { query: "zzzz-no-such-name" })).rejects.toMatchObject({ status: 403 });
    await expect(searchPatients(db, anonymous, { query: "Robin" })).rejects.toMatchObject({ status: 401 });
  });

  it("returns at most 20 patients", async () => {
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const family = uniqueFamily();
    for (let n = 0; n < 22; n++) {
      await createPatient(db, scheduler, person(family, { givenName: `Sib${n}`, dateOfBirth: `1950-01-${String(n + 1).padStart(2, "0")}` }));
    }
    expect(await searchPatients(db, scheduler, { query: family })).toHaveLength(20);
  });
});
