import { beforeAll, describe, expect, it } from "vitest";
import { DRUGS } from "./catalog/drugs";
import { LAB_PANELS, limitsFor, type AnalyteDefinition } from "./catalog/lab-panels";
import { dayFromIso, isoWeekday } from "./days";
import { CLINIC_TIME_ZONE, DEMO_EMAILS, VISIT_TYPES } from "./demo-clinic";
import { generateClinic } from "./generate";
import { labFlag } from "./lab-flag";
import { appendRows, emptyRows, type SeedRows } from "./rows";
import { physicianCountFor } from "./staff";
import { localDateOf, zonedTimeToUtc, zoneOffsetMs } from "../../scheduling/zoned-time";
import { MIN_TODAY } from "./upcoming";

// The generator on its own, without a database: what the demo clinic must
// look like, checked over every generated row.

// Monday after New York's spring-forward change; Berlin is still on winter time.
const NOW = new Date("2026-03-09T15:00:00Z");
const SEED_DATE = localDateOf(NOW, CLINIC_TIME_ZONE);
const HISTORY_END = zonedTimeToUtc(SEED_DATE, 0, CLINIC_TIME_ZONE);
const YEAR_MS = 365.2425 * 86_400_000;

function generate(patients: number, now: Date): SeedRows {
  const rows = emptyRows();
  for (const batch of generateClinic({ patients, now })) appendRows(rows, batch.rows);
  return rows;
}

let clinic: SeedRows;
beforeAll(() => {
  clinic = generate(40, NOW);
});

const ACTIVE = (status: string) => status !== "CANCELLED" && status !== "NO_SHOW";
/** Today's visits: those still ahead, and those already held before the seed's instant. */
const TODAY_STATUSES: ReadonlySet<string> = new Set(["BOOKED", "COMPLETED"]);
const DEMO_PATIENT_MRN = "MRN-000001";
const demoPatientId = () => clinic.patients.find((patient) => patient.mrn === DEMO_PATIENT_MRN)!.id;

/** Local date and minutes past midnight of an instant in a zone. */
function localTime(instant: Date | string, timeZone: string): { date: string; minute: number } {
  const at = new Date(instant);
  const local = new Date(at.getTime() + zoneOffsetMs(at.getTime(), timeZone));
  return { date: local.toISOString().slice(0, 10), minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

describe("generateClinic", () => {
  it("produces identical rows, ids included, for any time on the same calendar day, but for which of today's visits were held", () => {
    const laterThatDay = generate(40, new Date("2026-03-09T23:30:00Z"));
    const asBooked = (rows: SeedRows) => ({
      ...rows,
      appointments: rows.appointments.map((appointment) => {
        const heldToday = appointment.status === "COMPLETED" && new Date(appointment.startsAt) >= HISTORY_END;
        return heldToday ? { ...appointment, status: "BOOKED", updatedAt: appointment.createdAt } : appointment;
      }),
      visits: rows.visits.filter((visit) => new Date(visit.startedAt!) < HISTORY_END),
    });
    expect(asBooked(laterThatDay)).toEqual(asBooked(clinic));
    const heldLater = laterThatDay.appointments.filter((a) => a.status === "COMPLETED" && new Date(a.startsAt) >= HISTORY_END).length;
    const heldBy15 = clinic.appointments.filter((a) => a.status === "COMPLETED" && new Date(a.startsAt) >= HISTORY_END).length;
    expect(heldLater).toBeGreaterThan(heldBy15);
  });

  it("has the named staff: three physicians in two time zones, a scheduler and an admin", () => {
    const byEmail = new Map(clinic.users.map((user) => [user.email, user]));
    expect(byEmail.get(DEMO_EMAILS.scheduler)?.role).toBe("SCHEDULER");
    expect(byEmail.get(DEMO_EMAILS.admin)?.role).toBe("ADMIN");
    expect(byEmail.get("maya.lee@demo.clinic")).toMatchObject({ name: "Maya Lee", role: "PHYSICIAN" });
    expect(DEMO_EMAILS.physicians.map((email) => byEmail.get(email)?.role)).toEqual(["PHYSICIAN", "PHYSICIAN", "PHYSICIAN"]);
    expect(clinic.physicians).toHaveLength(3);
    expect(new Set(clinic.physicians.map((physician) => physician.timeZone))).toEqual(new Set(["America/New_York", "Europe/Berlin"]));
    expect(clinic.users.every((user) => user.passwordHash === undefined)).toBe(true);
    expect(clinic.visitTypes.map(({ code, durationMinutes, bufferMinutes }) => ({ code, durationMinutes, bufferMinutes }))).toEqual(
      VISIT_TYPES.map(({ code, durationMinutes, bufferMinutes }) => ({ code, durationMinutes, bufferMinutes })),
    );
  });

  it("grows the physician roster with the clinic, keeping the named three first", () => {
    expect([1, 40, 1200, 1201, 10_000].map(physicianCountFor)).toEqual([3, 3, 3, 4, 25]);
  });

  it("has 40 patients, the first being Alex Morgan with a sign-in", () => {
    expect(clinic.patients).toHaveLength(40);
    expect(clinic.patients.map((patient) => patient.mrn)).toEqual(Array.from({ length: 40 }, (_, i) => `MRN-${String(i + 1).padStart(6, "0")}`));
    const alex = clinic.patients[0]!;
    expect(alex).toMatchObject({ givenName: "Alex", familyName: "Morgan", email: DEMO_EMAILS.patient, timeZone: "America/New_York" });
    expect(clinic.users.find((user) => user.id === alex.userId)).toMatchObject({ email: DEMO_EMAILS.patient, role: "PATIENT" });
    expect(clinic.patients.filter((patient) => patient.userId)).toHaveLength(1);
    for (const patient of clinic.patients) {
      const born = new Date(patient.dateOfBirth).getUTCFullYear();
      expect(born).toBeGreaterThanOrEqual(1940);
      expect(born).toBeLessThanOrEqual(2010);
      expect(["America/New_York", "America/Chicago", "Europe/Berlin"]).toContain(patient.timeZone);
    }
    const newYorkers = clinic.patients.filter((patient) => patient.timeZone === "America/New_York").length;
    expect(newYorkers).toBeGreaterThan(clinic.patients.length / 2);
  });

  it("gives every patient 2 to 10 years of history, and Alex the full ten", () => {
    for (const patient of clinic.patients) {
      const first = Math.min(...clinic.appointments.filter((a) => a.patientId === patient.id).map((a) => new Date(a.startsAt).getTime()));
      const years = (HISTORY_END.getTime() - first) / YEAR_MS;
      expect(years).toBeGreaterThan(1.9);
      expect(years).toBeLessThanOrEqual(10.01);
      if (patient.id === demoPatientId()) expect(years).toBeGreaterThan(9.9);
    }
  });

  it("flags every lab result exactly as its reference range and critical limits say", () => {
    const analytes = new Map<string, AnalyteDefinition>(LAB_PANELS.flatMap((panel) => panel.analytes.map((analyte) => [analyte.loincCode, analyte])));
    const sexOf = new Map(clinic.patients.map((patient) => [patient.id, patient.sex]));
    expect(clinic.labResults.length).toBeGreaterThan(40 * 150);
    const flags = new Set<string>();
    for (const result of clinic.labResults) {
      const limits = limitsFor(analytes.get(result.loincCode)!, sexOf.get(result.patientId)!);
      expect([result.referenceLow, result.referenceHigh]).toEqual([limits.low, limits.high]);
      expect(result.flag).toBe(labFlag(result.valueNumeric!, limits));
      flags.add(result.flag!);
    }
    expect(flags).toEqual(new Set(["NORMAL", "HIGH", "LOW", "CRITICAL_LOW"]));
  });

  it("gives every completed appointment a visit and a note signed by its author", () => {
    const visitsByAppointment = new Map(clinic.visits.map((visit) => [visit.appointmentId, visit]));
    const notesByVisit = new Map(clinic.consultationNotes.map((note) => [note.visitId, note]));
    const physicianUser = new Map(clinic.physicians.map((physician) => [physician.id, physician.userId]));
    // Today's visits held before the seed's instant have their visit; their notes are still to write.
    const completed = clinic.appointments.filter((appointment) => appointment.status === "COMPLETED" && new Date(appointment.startsAt) < HISTORY_END);
    const heldToday = clinic.appointments.filter((appointment) => appointment.status === "COMPLETED" && new Date(appointment.startsAt) >= HISTORY_END);
    expect(completed.length).toBeGreaterThan(200);
    for (const appointment of heldToday) expect(visitsByAppointment.get(appointment.id!)).toMatchObject({ startedAt: appointment.startsAt, endedAt: appointment.endsAt });
    for (const appointment of completed) {
      const visit = visitsByAppointment.get(appointment.id!)!;
      const note = notesByVisit.get(visit.id!)!;
      expect(note).toMatchObject({ status: "SIGNED", authorId: physicianUser.get(appointment.physicianId), signedById: note.authorId });
      expect(new Date(note.signedAt!).getTime()).toBeGreaterThan(new Date(visit.endedAt!).getTime());
      for (const section of [note.subjective, note.objective, note.assessment, note.plan]) expect(section!.length).toBeGreaterThan(20);
      expect(visit.roomName).toMatch(/^visit-[0-9a-f]{24}$/);
    }
    expect(clinic.visits).toHaveLength(completed.length + heldToday.length);
    expect(clinic.consultationNotes).toHaveLength(completed.length);
  });

  it("writes notes that mention the patient's problems", () => {
    const alexVisits = new Set(
      clinic.visits.filter((visit) => clinic.appointments.find((a) => a.id === visit.appointmentId)?.patientId === demoPatientId()).map((v) => v.id),
    );
    const assessments = clinic.consultationNotes.filter((note) => alexVisits.has(note.visitId)).map((note) => note.assessment!);
    expect(assessments.some((text) => text.includes("Type 2 diabetes mellitus without complications (E11.9)"))).toBe(true);
    expect(assessments.some((text) => text.includes("Essential (primary) hypertension (I10)"))).toBe(true);
  });

  it("never overlaps a physician's active appointments and keeps each visit type's buffer free", () => {
    const buffer = new Map(clinic.visitTypes.map((type) => [type.id, type.bufferMinutes!]));
    for (const physician of clinic.physicians) {
      const booked = clinic.appointments
        .filter((appointment) => appointment.physicianId === physician.id && ACTIVE(appointment.status!))
        .sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime());
      for (let i = 1; i < booked.length; i++) {
        const previous = booked[i - 1]!;
        const freeFrom = new Date(previous.endsAt).getTime() + buffer.get(previous.visitTypeId)! * 60_000;
        expect(new Date(booked[i]!.startsAt).getTime()).toBeGreaterThanOrEqual(freeFrom);
      }
    }
  });

  it("books every physician at least four times today, inside their hours in their own zone", () => {
    for (const physician of clinic.physicians) {
      const override = clinic.availabilityOverrides.find((o) => o.physicianId === physician.id && new Date(o.date).toISOString().startsWith(SEED_DATE));
      const windows = override
        ? [{ startMinute: override.startMinute!, endMinute: override.endMinute! }]
        : clinic.availabilityWindows.filter((w) => w.physicianId === physician.id && w.weekday === isoWeekday(dayFromIso(SEED_DATE)));
      const today = clinic.appointments.filter(
        (a) => a.physicianId === physician.id && TODAY_STATUSES.has(a.status!) && localTime(a.startsAt, physician.timeZone).date === SEED_DATE,
      );
      expect(today.length).toBeGreaterThanOrEqual(MIN_TODAY);
      for (const appointment of today) {
        const start = localTime(appointment.startsAt, physician.timeZone).minute;
        const end = localTime(appointment.endsAt, physician.timeZone).minute;
        expect(windows.some((w) => w.startMinute <= start && end <= w.endMinute)).toBe(true);
        expect(appointment.bookedById).toBe(clinic.users.find((user) => user.email === DEMO_EMAILS.scheduler)!.id);
      }
    }
  });

  it("opens a weekend session when the seed day is a Saturday or Sunday", () => {
    const sunday = generate(3, new Date("2026-03-08T17:00:00Z"));
    for (const physician of sunday.physicians) {
      const override = sunday.availabilityOverrides.find((o) => o.physicianId === physician.id && new Date(o.date).toISOString().startsWith("2026-03-08"));
      expect(override).toMatchObject({ isAvailable: true, startMinute: 540, endMinute: 780 });
      const today = sunday.appointments.filter((a) => a.physicianId === physician.id && TODAY_STATUSES.has(a.status!) && localTime(a.startsAt, physician.timeZone).date === "2026-03-08");
      expect(today.length).toBeGreaterThanOrEqual(MIN_TODAY);
    }
  });

  it("keeps the past before today and the bookings from today on", () => {
    const past = (instant: Date | string | null | undefined) => expect(new Date(instant!).getTime()).toBeLessThan(HISTORY_END.getTime());
    clinic.visits.forEach((visit) => expect(new Date(visit.endedAt!).getTime()).toBeLessThanOrEqual(NOW.getTime()));
    clinic.consultationNotes.forEach((note) => past(note.signedAt));
    clinic.noteAddenda.forEach((addendum) => past(addendum.createdAt));
    clinic.labResults.forEach((result) => past(result.effectiveAt));
    clinic.appointments.forEach((appointment) => past(appointment.createdAt));
    const upcoming = clinic.appointments.filter((a) => a.status === "BOOKED");
    upcoming.forEach((a) => expect(new Date(a.startsAt).getTime()).toBeGreaterThanOrEqual(HISTORY_END.getTime()));
    clinic.appointments.filter((a) => a.status === "NO_SHOW").forEach((a) => past(a.endsAt));
    clinic.appointments.filter((a) => a.status === "COMPLETED").forEach((a) => expect(new Date(a.endsAt).getTime()).toBeLessThanOrEqual(NOW.getTime()));
  });

  it("records today's visits that ended before the seed's instant as held, none of them still booked", () => {
    const today = clinic.appointments.filter((a) => new Date(a.startsAt) >= HISTORY_END && new Date(a.startsAt) < new Date(HISTORY_END.getTime() + 86_400_000));
    const ended = today.filter((a) => new Date(a.endsAt) <= NOW);
    expect(ended.length).toBeGreaterThan(0);
    expect(new Set(ended.map((a) => a.status))).toEqual(new Set(["COMPLETED"]));
    // A visit under way at the seed's instant is still booked: it has not happened yet.
    expect(clinic.appointments.filter((a) => a.status === "BOOKED" && new Date(a.endsAt) <= NOW)).toEqual([]);
  });

  it("includes a missed and a cancelled past visit for Alex", () => {
    const alex = clinic.appointments.filter((a) => a.patientId === demoPatientId() && new Date(a.startsAt) < HISTORY_END);
    expect(alex.filter((a) => a.status === "NO_SHOW")).toHaveLength(1);
    const [cancelled, ...others] = alex.filter((a) => a.status === "CANCELLED");
    expect(others).toHaveLength(0);
    expect(cancelled!.cancelReason).toBeTruthy();
    expect(new Date(cancelled!.cancelledAt!).getTime()).toBeLessThan(new Date(cancelled!.startsAt).getTime());
  });

  it("tells Alex's story: a severe penicillin allergy, a switch off lisinopril, a metformin dose step", () => {
    const patientId = demoPatientId();
    expect(clinic.allergies.filter((a) => a.patientId === patientId)).toContainEqual(
      expect.objectContaining({ substance: "Penicillin", rxnormCode: "70618", drugClass: "penicillins", severity: "SEVERE" }),
    );
    const classOf = new Map(Object.values(DRUGS).map((drug) => [drug.rxnormCode, drug.drugClass]));
    const prescriptions = clinic.prescriptions.filter((p) => p.patientId === patientId);
    expect(prescriptions.some((p) => classOf.get(p.rxnormCode) === "penicillins")).toBe(false);
    expect(prescriptions.find((p) => p.drugName.startsWith("lisinopril"))).toMatchObject({ status: "DISCONTINUED", discontinueReason: expect.stringMatching(/cough/) });
    expect(prescriptions.find((p) => p.drugName.startsWith("losartan"))?.status).toBe("ACTIVE");
    expect(prescriptions.find((p) => p.drugName === "metformin hydrochloride 500 MG Oral Tablet")?.status).toBe("DISCONTINUED");
    expect(prescriptions.find((p) => p.drugName === "metformin hydrochloride 1000 MG Oral Tablet")?.status).toBe("ACTIVE");
  });

  it("lowers Alex's LDL once a statin starts and lets her HbA1c creep up over the years", () => {
    const patientId = demoPatientId();
    const statinStart = new Date(clinic.prescriptions.find((p) => p.patientId === patientId && p.drugName.startsWith("atorvastatin"))!.prescribedAt!).getTime();
    const values = (loinc: string) =>
      clinic.labResults
        .filter((r) => r.patientId === patientId && r.loincCode === loinc)
        .map((r) => ({ at: new Date(r.effectiveAt).getTime(), value: r.valueNumeric! }));
    const onset = new Date(clinic.problems.find((p) => p.patientId === patientId && p.icd10Code === "E78.5")!.onsetDate!).getTime();
    const ldl = values("13457-7");
    const untreated = ldl.filter((r) => r.at >= onset && r.at < statinStart).map((r) => r.value);
    expect(untreated.length).toBeGreaterThan(0);
    const before = average(untreated);
    const after = average(ldl.filter((r) => r.at > statinStart + 90 * 86_400_000).map((r) => r.value));
    expect(after).toBeLessThan(before * 0.75);

    const doseStep = new Date(clinic.prescriptions.find((p) => p.patientId === patientId && p.drugName.includes("metformin hydrochloride 1000"))!.prescribedAt!).getTime();
    const onFullDose = values("4548-4").filter((r) => r.at > doseStep + 120 * 86_400_000);
    expect(onFullDose.length).toBeGreaterThan(4);
    expect(slopePerYear(onFullDose)).toBeGreaterThan(0.05);
  });

  it("links prescriptions to the visit where they were written, by that visit's physician", () => {
    const appointmentOfVisit = new Map(clinic.visits.map((visit) => [visit.id, clinic.appointments.find((a) => a.id === visit.appointmentId)!]));
    expect(clinic.prescriptions.length).toBeGreaterThan(40);
    for (const prescription of clinic.prescriptions) {
      const appointment = appointmentOfVisit.get(prescription.visitId!)!;
      expect(appointment).toMatchObject({ patientId: prescription.patientId, physicianId: prescription.prescriberId });
      expect(prescription.status === "DISCONTINUED").toBe(prescription.discontinueReason !== null);
    }
    const prescriptionIds = new Set(clinic.prescriptions.map((p) => p.id));
    for (const medication of clinic.medications) {
      if (medication.prescriptionId !== null) expect(prescriptionIds.has(medication.prescriptionId!)).toBe(true);
    }
  });

  it("lets Dr. Maya Lee offer follow-up and standard visits only, and every other physician every type", () => {
    const codeOf = new Map(clinic.visitTypes.map((type) => [type.id, type.code]));
    const emailOf = new Map(clinic.users.map((user) => [user.id, user.email]));
    const offered = new Map(clinic.physicians.map((physician) => [emailOf.get(physician.userId), [] as string[]]));
    for (const row of clinic.physicianVisitTypes) {
      const physician = clinic.physicians.find((entry) => entry.id === row.physicianId)!;
      offered.get(emailOf.get(physician.userId))!.push(codeOf.get(row.visitTypeId)!);
    }
    expect(Object.fromEntries([...offered].map(([email, codes]) => [email, codes.sort()]))).toEqual({
      "maya.lee@demo.clinic": ["FOLLOW_UP_15", "STANDARD_30"],
      "samuel.okafor@demo.clinic": ["FOLLOW_UP_15", "NEW_PATIENT_60", "STANDARD_30"],
      "lena.fischer@demo.clinic": ["FOLLOW_UP_15", "NEW_PATIENT_60", "STANDARD_30"],
    });
  });

  it("generates unique UUIDs for every row", () => {
    // Every table but the physicians' offered visit types, whose key is the pair it joins.
    const { physicianVisitTypes, ...withIds } = clinic;
    expect(physicianVisitTypes.length).toBeGreaterThan(0);
    const ids = Object.values(withIds).flatMap((rows: { id?: string }[]) => rows.map((row) => row.id));
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id ?? ""))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("refuses a patient count outside 1 to 100,000", () => {
    expect(() => generateClinic({ patients: 0, now: NOW }).next()).toThrow(/1 to 100000/);
    expect(() => generateClinic({ patients: 2.5, now: NOW }).next()).toThrow(/whole number/);
  });
});

function average(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Least-squares slope of value against time, per year. */
function slopePerYear(points: { at: number; value: number }[]): number {
  const meanAt = average(points.map((p) => p.at));
  const meanValue = average(points.map((p) => p.value));
  const covariance = points.reduce((sum, p) => sum + (p.at - meanAt) * (p.value - meanValue), 0);
  const variance = points.reduce((sum, p) => sum + (p.at - meanAt) ** 2, 0);
  return (covariance / variance) * YEAR_MS;
}
