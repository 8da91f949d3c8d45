import type { Observation, Resource } from "@medplum/fhirtypes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/prisma";
import type { ScratchDatabase } from "@/lib/db/testing/scratch-database";
import { validationIssues } from "../definitions";
import { FHIR_TYPES } from "../registry";
import { SERVED_TYPES } from "../systems";
import { allCandidates, seededDemoClinic } from "../testing/demo-clinic";

// Every resource the API serves for the demo clinic, patient by patient,
// validated against the FHIR R4 structure definitions in process.

let database: ScratchDatabase;
let db: Database;

beforeAll(async () => {
  ({ database, db } = await seededDemoClinic());
}, 300_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

function problemsOf(resources: readonly Resource[]) {
  return resources
    .map((resource) => ({ resource: `${resource.resourceType}/${resource.id}`, issues: validationIssues(resource) }))
    .filter((result) => result.issues.length > 0);
}

describe("the demo clinic through the FHIR API", () => {
  it("serves only valid FHIR R4 for every patient's record, of every type", async () => {
    const patients = await db.patient.findMany({ select: { id: true }, orderBy: { mrn: "asc" } });
    expect(patients).toHaveLength(40);
    const served = new Map<string, number>();
    const problems: unknown[] = [];
    // One read per type for all forty patients: the same resources, without 480 round trips (slow on PGlite).
    for (const type of SERVED_TYPES.filter((name) => FHIR_TYPES[name].compartment === "patient")) {
      const resources = (await allCandidates(db, FHIR_TYPES[type], patients.map(({ id }) => id))).map((candidate) => candidate.resource);
      served.set(type, resources.length);
      expect(resources.every((resource) => resource.resourceType === type)).toBe(true);
      problems.push(...problemsOf(resources));
    }
    expect(problems.slice(0, 5)).toEqual([]);
    for (const type of ["Patient", "Encounter", "Condition", "AllergyIntolerance", "MedicationRequest", "Observation", "DiagnosticReport", "DocumentReference", "Provenance", "Appointment"]) {
      expect(served.get(type), type).toBeGreaterThan(0);
    }
    // Thousands of resources validated in process, on PGlite too: a generous limit, not a speed claim.
  }, 240_000);

  it("serves valid directory resources: practitioners, the clinic, schedules and free slots", async () => {
    for (const type of ["Practitioner", "Organization", "Schedule", "Slot"] as const) {
      const resources = (await allCandidates(db, FHIR_TYPES[type], null)).map((candidate) => candidate.resource);
      expect(resources.length, type).toBeGreaterThan(0);
      expect(problemsOf(resources)).toEqual([]);
    }
  });

  it("gives blood pressure as one vital-signs Observation with systolic and diastolic components", async () => {
    const alex = await db.patient.findUniqueOrThrow({ where: { mrn: "MRN-000001" }, select: { id: true } });
    const observations = (await allCandidates(db, FHIR_TYPES.Observation, [alex.id])).map((candidate) => candidate.resource as Observation);
    const pressures = observations.filter((observation) => observation.code.coding?.[0]?.code === "85354-9");
    expect(pressures.length).toBeGreaterThan(0);
    expect(pressures[0]!.component?.map((component) => component.code.coding?.[0]?.code)).toEqual(["8480-6", "8462-4"]);
    expect(observations.some((observation) => observation.code.coding?.[0]?.code === "8462-4")).toBe(false);
    const glucose = observations.find((observation) => observation.code.coding?.[0]?.code === "2345-7")!;
    expect(glucose).toMatchObject({
      category: [{ coding: [{ code: "laboratory" }] }],
      valueQuantity: { system: "http://unitsofmeasure.org", code: "mg/dL" },
      referenceRange: [{ low: { value: 70 }, high: { value: 99 } }],
      interpretation: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation" }] }],
    });
  });
});
