import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/lib/db/generated/client";
import type { AdministrativeSex } from "@/lib/db/generated/enums";
import { jsonRowsInsert } from "@/lib/db/json-rows";
import type { Database } from "@/lib/db/prisma";
import { CLINIC_TIME_ZONE } from "@/lib/db/seed/demo-clinic";
import { attachImportedResults } from "@/lib/orders/orders";
import { findResource } from "../api";
import { OperationOutcomeError, type FhirIssue } from "../errors";
import { FHIR_TYPES } from "../registry";
import { CLINIC_ORGANIZATION_ID, clinicSystems, FHIR_ID, isServedType } from "../systems";
import { problemsOf, sanitized } from "./checks";
import { imagingImportEndpoints } from "@/lib/imaging/dicomweb";
import { importedImagingStudy, type ImportedImagingStudyFields } from "./imaging-study";
import type { FhirJson, ImportEntry } from "./input";
import { allergyRow, labResultRows, medicationRow, problemRow } from "./projections";

// Importing outside records, all or nothing: every resource is checked and
// every reference resolved before anything is written, then one transaction
// writes them. Patients are matched by identifier; a patient who only shares a
// name and birth date with one of ours is created apart and reported as a
// possible duplicate for a person to confirm. A record imported before (same
// identifier, or same source and id) is left as it is, so importing the same
// file twice changes nothing.

/** The resource types an import keeps; anything else is listed in the report as not imported. */
export const IMPORTED_TYPES = new Set([
  "Patient",
  "Practitioner",
  "Organization",
  "Encounter",
  "Condition",
  "AllergyIntolerance",
  "MedicationRequest",
  "MedicationStatement",
  "Observation",
  "DiagnosticReport",
  "DocumentReference",
  "Provenance",
  "Appointment",
  "ImagingStudy",
]);

export interface ImportOptions {
  /** What the records came from, for their meta.source when they carry none: a file's name, a client's. */
  source: string;
  /** The organization the records came from, when the caller knows it better than the records do. */
  organizationName?: string;
  onProgress?: (progress: { written: number; total: number }) => void;
  now?: Date;
}

export interface ImportReport {
  created: Record<string, number>;
  unchanged: Record<string, number>;
  /** Types the clinic does not keep, with how many of each were left out. */
  notImported: Record<string, number>;
  possibleDuplicates: Array<{ patientId: string; matchedPatientId: string; name: string }>;
  /** Every patient whose record the import touched. */
  patientIds: string[];
  /** Each reference the input used ("urn:uuid:…", "Patient/123") → the resource it became here ("Patient/<id>"). */
  references: Record<string, string>;
  sourceOrganization: string | null;
}

type Planned = {
  entry: ImportEntry;
  type: string;
  localId: string;
  isNew: boolean;
  patientId: string | null;
  sourceKey: string;
  source: string;
};

const count = (tally: Record<string, number>, type: string) => {
  tally[type] = (tally[type] ?? 0) + 1;
};

const REFERENCE_TAIL = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** "Type/id" of a reference string, when it has that form (relative or absolute). */
function typedId(reference: string): string | null {
  const match = REFERENCE_TAIL.exec(reference);
  return match ? `${match[1]}/${match[2]}` : null;
}

/** Visits every Reference (an object with a string `reference`) in a resource, with its path. */
function eachReference(value: unknown, path: string, visit: (holder: { reference: string; display?: string }, path: string) => void): void {
  if (Array.isArray(value)) value.forEach((item, index) => eachReference(item, `${path}[${index}]`, visit));
  else if (value && typeof value === "object") {
    const holder = value as { reference?: unknown };
    if (typeof holder.reference === "string") visit(holder as { reference: string }, `${path}.reference`);
    for (const [key, item] of Object.entries(value)) if (key !== "reference") eachReference(item, `${path}.${key}`, visit);
  }
}

function firstIdentifier(resource: FhirJson): { system: string; value: string } | null {
  const found = ((resource.identifier as { system?: string; value?: string }[] | undefined) ?? []).find((identifier) => identifier.system && identifier.value);
  return found ? { system: found.system!, value: found.value! } : null;
}

const GENDERS: Record<string, AdministrativeSex> = { female: "FEMALE", male: "MALE", other: "OTHER", unknown: "UNKNOWN" };

export async function importRecords(db: Database, entries: readonly ImportEntry[], options: ImportOptions): Promise<ImportReport> {
  const now = options.now ?? new Date();
  const report: ImportReport = { created: {}, unchanged: {}, notImported: {}, possibleDuplicates: [], patientIds: [], references: {}, sourceOrganization: null };
  const kept = entries.filter((entry) => {
    if (IMPORTED_TYPES.has(entry.resource.resourceType)) return true;
    count(report.notImported, entry.resource.resourceType);
    return false;
  });

  // 1. Every resource valid, every reference resolvable: else nothing is written.
  const problems: FhirIssue[] = kept.flatMap(problemsOf);
  // An imaging study is kept only with an endpoint on the allow-list; its images stay there.
  const allowedImaging = imagingImportEndpoints().map((endpoint) => endpoint.url);
  const imaging = new Map<ImportEntry, ImportedImagingStudyFields>();
  for (const entry of kept.filter((one) => one.resource.resourceType === "ImagingStudy")) {
    const found = importedImagingStudy(entry, entries, allowedImaging);
    if ("issue" in found) problems.push(found.issue);
    else imaging.set(entry, found.fields);
  }
  const inUnit = new Map<string, number>();
  kept.forEach((entry, index) => {
    if (entry.fullUrl) inUnit.set(entry.fullUrl, index);
    if (entry.resource.id) inUnit.set(`${entry.resource.resourceType}/${entry.resource.id}`, index);
  });
  const leftOut = new Map<string, string>();
  entries.forEach((entry) => {
    if (IMPORTED_TYPES.has(entry.resource.resourceType)) return;
    if (entry.fullUrl) leftOut.set(entry.fullUrl, entry.resource.resourceType);
    if (entry.resource.id) leftOut.set(`${entry.resource.resourceType}/${entry.resource.id}`, entry.resource.resourceType);
  });
  const targetOf = (reference: string) => inUnit.get(reference) ?? (typedId(reference) !== null ? inUnit.get(typedId(reference)!) : undefined);
  const outside = new Map<string, string[]>();
  for (const entry of kept) {
    eachReference(entry.resource, entry.path, (holder, path) => {
      const reference = holder.reference;
      if (reference.startsWith("#") || targetOf(reference) !== undefined || leftOut.has(reference) || leftOut.has(typedId(reference) ?? "")) return;
      const local = typedId(reference);
      if (local === null) problems.push({ code: "invalid", diagnostics: `"${reference.slice(0, 200)}" refers to nothing in this import.`, expression: [path] });
      else outside.set(local, [...(outside.get(local) ?? []), path]);
    });
  }
  for (const [reference, paths] of outside) {
    if (!(await existsHere(db, reference))) problems.push({ code: "invalid", diagnostics: `"${reference}" refers to nothing in this import or in the clinic.`, expression: paths });
  }
  if (problems.length > 0) throw new OperationOutcomeError(422, problems);

  // 2. Where the records come from.
  const sourceOrg = await sourceOrganization(db, kept, options, report);
  const sourceOrganizationId = sourceOrg?.id ?? null;
  const writes: Array<(tx: Database) => Promise<unknown>> = sourceOrg?.write ? [sourceOrg.write] : [];

  // 3. Who each resource becomes here: matched patients and organizations, records imported before, new ones.
  const planned: Planned[] = [];
  const localRef = new Map<number, string>();
  for (const [index, entry] of kept.entries()) {
    const { resource } = entry;
    const type = resource.resourceType;
    const source = typeof (resource.meta as { source?: unknown } | undefined)?.source === "string" ? String((resource.meta as { source: string }).source) : options.source;
    if (type === "Patient") {
      const { patientId, write } = await planPatient(db, resource, entry, options, report);
      localRef.set(index, `Patient/${patientId}`);
      if (write) writes.push(write);
      continue;
    }
    if (type === "Organization") {
      const sameAsSource = sourceOrg?.identifier && JSON.stringify(firstIdentifier(resource)) === JSON.stringify(sourceOrg.identifier);
      const { id, write } = sameAsSource ? { id: sourceOrg.id, write: undefined } : await planOrganization(db, resource, report);
      localRef.set(index, `Organization/${id}`);
      if (write) writes.push(write);
      continue;
    }
    const identifier = firstIdentifier(resource);
    const sourceKey = identifier ? `${type}|${identifier.system}|${identifier.value}` : `${source}|${type}|${entry.fullUrl ?? resource.id ?? randomUUID()}`;
    planned.push({ entry, type, localId: randomUUID(), isNew: true, patientId: null, sourceKey, source });
    localRef.set(index, `${type}/${planned[planned.length - 1]!.localId}`);
  }
  const existing = new Map(
    (await db.importedResource.findMany({ where: { sourceKey: { in: planned.map((plan) => plan.sourceKey) } }, select: { id: true, sourceKey: true } })).map((row) => [row.sourceKey, row.id]),
  );
  const planOf = new Map(planned.map((plan) => [plan.entry, plan]));
  kept.forEach((entry, index) => {
    const plan = planOf.get(entry);
    const known = plan ? existing.get(plan.sourceKey) : undefined;
    if (plan && known) {
      plan.localId = known;
      plan.isNew = false;
      localRef.set(index, `${plan.type}/${known}`);
    }
    for (const key of [entry.fullUrl, entry.resource.id ? `${entry.resource.resourceType}/${entry.resource.id}` : null]) if (key) report.references[key] = localRef.get(index)!;
  });

  // 4. References rewritten to what they became here; the patient each record is about.
  const rewrite = (resource: FhirJson, path: string): FhirJson => {
    const copy = sanitized(resource);
    eachReference(copy, path, (holder) => {
      const index = targetOf(holder.reference);
      if (index !== undefined) holder.reference = localRef.get(index)!;
      else if (leftOut.has(holder.reference) || leftOut.has(typedId(holder.reference) ?? "")) {
        // Its target was not imported: keep what it said, not a link to nothing.
        const type = leftOut.get(holder.reference) ?? leftOut.get(typedId(holder.reference) ?? "");
        delete (holder as { reference?: string }).reference;
        holder.display ??= `${type} (not imported)`;
      } else if (typedId(holder.reference)) holder.reference = typedId(holder.reference)!;
    });
    return copy;
  };
  const rows = planned.filter((plan) => plan.isNew).map((plan) => {
    const resource = rewrite(plan.entry.resource, plan.entry.path);
    const subject = (resource.subject ?? resource.patient ?? (resource.participant as { actor?: unknown }[] | undefined)?.find((participant) => String((participant.actor as { reference?: string } | undefined)?.reference).startsWith("Patient/"))?.actor) as { reference?: string } | undefined;
    const target = (resource.target as { reference?: string }[] | undefined)?.[0]?.reference;
    plan.patientId = subject?.reference?.startsWith("Patient/") ? subject.reference.slice(8) : null;
    const { meta, ...rest } = resource as FhirJson & { meta?: Record<string, unknown> };
    // Our own lastUpdated replaces theirs; their version ids mean nothing here.
    const keptMeta = Object.fromEntries(Object.entries(meta ?? {}).filter(([key]) => key !== "lastUpdated" && key !== "versionId"));
    const stored: FhirJson = { ...rest, id: plan.localId, meta: { ...keptMeta, source: plan.source } };
    return { plan, stored, target };
  });
  // Provenance is about its target's patient.
  const patientOf = new Map(rows.map((row) => [`${row.plan.type}/${row.plan.localId}`, row.plan.patientId]));
  for (const row of rows) {
    if (row.plan.patientId === null && row.target) row.plan.patientId = patientOf.get(row.target) ?? null;
  }
  const panels = new Map<string, string>();
  for (const { plan, stored } of rows) {
    if (plan.type !== "DiagnosticReport") continue;
    const code = stored.code as { text?: string; coding?: { display?: string }[] } | undefined;
    const name = code?.text ?? code?.coding?.[0]?.display ?? "Outside report";
    for (const result of (stored.result as { reference?: string }[] | undefined) ?? []) if (result.reference) panels.set(result.reference, name);
  }

  // 5. One transaction: all of it, or nothing.
  const total = rows.length + writes.length;
  let written = 0;
  await db.$transaction(
    async (tx) => {
      for (const write of writes) await write(tx as unknown as Database);
      written += writes.length;
      for (let start = 0; start < rows.length; start += 500) {
        const batch = rows.slice(start, start + 500);
        const insert = jsonRowsInsert(
          "ImportedResource",
          batch.map(({ plan, stored }) => ({
            id: plan.localId,
            resourceType: plan.type,
            patientId: plan.patientId,
            organizationId: sourceOrganizationId,
            sourceKey: plan.sourceKey,
            source: plan.source,
            resource: stored,
            importedAt: now,
          })),
          1,
        )!;
        await tx.$queryRawUnsafe(insert.sql, insert.json);
        await project(tx as unknown as Database, batch, panels, now, { imaging, sourceLabel: report.sourceOrganization });
        written += batch.length;
        options.onProgress?.({ written, total });
      }
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
  for (const plan of planned) count(plan.isNew ? report.created : report.unchanged, plan.type);
  report.patientIds = [...new Set([...report.patientIds, ...planned.map((plan) => plan.patientId).filter((id): id is string => id !== null)])];
  return report;

  async function planPatient(db: Database, resource: FhirJson, entry: ImportEntry, options: ImportOptions, report: ImportReport) {
    const identifiers = ((resource.identifier as { system?: string; value?: string }[] | undefined) ?? [])
      .filter((identifier) => identifier.system && identifier.value)
      .map((identifier) => ({ system: identifier.system!, value: identifier.value! }));
    // A record without identifiers gets one from where it came, so importing it again finds it.
    if (identifiers.length === 0) identifiers.push({ system: `urn:fhir-import:${options.source}`, value: entry.fullUrl ?? resource.id ?? randomUUID() });
    const mrnSystem = clinicSystems().mrn;
    const mrns = identifiers.filter((identifier) => identifier.system === mrnSystem).map((identifier) => identifier.value);
    const others = identifiers.filter((identifier) => identifier.system !== mrnSystem);
    const match = await db.patient.findFirst({
      where: { OR: [{ mrn: { in: mrns } }, ...others.map((identifier) => ({ identifiers: { some: identifier } }))] },
      select: { id: true },
    });
    if (match) {
      count(report.unchanged, "Patient");
      report.patientIds.push(match.id);
      return { patientId: match.id, write: null };
    }
    const name = (resource.name as { family?: string; given?: string[] }[]).find((one) => one.family)!;
    const birthDate = new Date(`${String(resource.birthDate).slice(0, 10)}T00:00:00Z`);
    const givenName = (name.given ?? []).join(" ") || "(no given name)";
    const namesake = await db.patient.findMany({
      where: { familyName: { equals: name.family!, mode: "insensitive" }, givenName: { equals: givenName, mode: "insensitive" }, dateOfBirth: birthDate },
      select: { id: true },
    });
    const patientId = randomUUID();
    const telecom = (resource.telecom as { system?: string; value?: string }[] | undefined) ?? [];
    count(report.created, "Patient");
    report.patientIds.push(patientId);
    report.possibleDuplicates.push(...namesake.map((other) => ({ patientId, matchedPatientId: other.id, name: `${givenName} ${name.family}` })));
    const mrn = mrns[0] && !(await db.patient.findUnique({ where: { mrn: mrns[0] }, select: { id: true } })) ? mrns[0] : `EXT-${patientId.slice(0, 8).toUpperCase()}`;
    return {
      patientId,
      write: (tx: Database) =>
        tx.patient.create({
          data: {
            id: patientId,
            mrn,
            givenName,
            familyName: name.family!,
            dateOfBirth: birthDate,
            sex: GENDERS[String(resource.gender)] ?? "UNKNOWN",
            email: telecom.find((point) => point.system === "email")?.value ?? null,
            phone: telecom.find((point) => point.system === "phone")?.value ?? null,
            timeZone: CLINIC_TIME_ZONE,
            identifiers: { create: others },
            possibleDuplicates: { create: namesake.map((other) => ({ matchedPatientId: other.id })) },
          },
        }),
    };
  }
}

/** Whether "Type/id" names something the clinic already has (its own record, or one imported before). */
async function existsHere(db: Database, reference: string): Promise<boolean> {
  const [type, id] = reference.split("/") as [string, string];
  if (!FHIR_ID.test(id)) return false;
  if (isServedType(type)) return (await findResource(db, FHIR_TYPES[type], id)) !== null;
  // A result may name the clinic's lab order it answers (lib/orders attaches it).
  if (type === "ServiceRequest") return (await db.labOrder.findUnique({ where: { id }, select: { id: true } })) !== null;
  return (await db.importedResource.findFirst({ where: { id, resourceType: type }, select: { id: true } })) !== null;
}

/** The clinic itself, a source organization known by identifier or name, or a new one. */
async function planOrganization(db: Database, resource: FhirJson, report: ImportReport): Promise<{ id: string; write?: (tx: Database) => Promise<unknown> }> {
  const identifier = firstIdentifier(resource);
  if (identifier?.system === clinicSystems().organization && identifier.value === CLINIC_ORGANIZATION_ID) return { id: CLINIC_ORGANIZATION_ID };
  const name = typeof resource.name === "string" && resource.name.trim() ? resource.name.trim().slice(0, 200) : "Unnamed organization";
  const found = await db.organization.findFirst({
    where: identifier ? { identifierSystem: identifier.system, identifierValue: identifier.value } : { name, identifierSystem: null },
    select: { id: true },
  });
  if (found) {
    count(report.unchanged, "Organization");
    return { id: found.id };
  }
  count(report.created, "Organization");
  const id = randomUUID();
  return { id, write: (tx) => tx.organization.create({ data: { id, name, identifierSystem: identifier?.system ?? null, identifierValue: identifier?.value ?? null } }) };
}

/**
 * The organization the records are from: the one the caller names, the one
 * Organization of the import that is not the clinic, or one named after the
 * records' source. Null when they are the clinic's own (its own export).
 */
async function sourceOrganization(
  db: Database,
  entries: readonly ImportEntry[],
  options: ImportOptions,
  report: ImportReport,
): Promise<{ id: string; identifier: { system: string; value: string } | null; write?: (tx: Database) => Promise<unknown> } | null> {
  const ownSource = clinicSystems().source;
  const organizations = entries.filter((entry) => entry.resource.resourceType === "Organization" && firstIdentifier(entry.resource)?.value !== CLINIC_ORGANIZATION_ID);
  const sources = new Set(entries.map((entry) => (entry.resource.meta as { source?: string } | undefined)?.source).filter(Boolean));
  if (!options.organizationName && organizations.length === 0 && sources.size === 1 && sources.has(ownSource)) return null;
  const name = options.organizationName ?? (organizations.length === 1 ? String(organizations[0]!.resource.name ?? "") : "");
  const chosen = name.trim() || `Outside records (${options.source})`;
  report.sourceOrganization = chosen;
  const identifier = organizations.length === 1 && !options.organizationName ? firstIdentifier(organizations[0]!.resource) : null;
  const found = await db.organization.findFirst({ where: identifier ? { identifierSystem: identifier.system, identifierValue: identifier.value } : { name: chosen }, select: { id: true } });
  if (found) return { id: found.id, identifier };
  const id = randomUUID();
  return { id, identifier, write: (tx) => tx.organization.create({ data: { id, name: chosen, identifierSystem: identifier?.system ?? null, identifierValue: identifier?.value ?? null } }) };
}

/** The chart rows the outside records appear as. */
async function project(
  tx: Database,
  batch: ReadonlyArray<{ plan: Planned; stored: FhirJson }>,
  panels: ReadonlyMap<string, string>,
  importedAt: Date,
  outside: { imaging: ReadonlyMap<ImportEntry, ImportedImagingStudyFields>; sourceLabel: string | null },
): Promise<void> {
  const problems: Prisma.ProblemCreateManyInput[] = [];
  const allergies: Prisma.AllergyCreateManyInput[] = [];
  const medications: Prisma.MedicationCreateManyInput[] = [];
  const labs: Prisma.LabResultCreateManyInput[] = [];
  const studies: Prisma.ImportedImagingStudyCreateManyInput[] = [];
  for (const { plan, stored } of batch) {
    const patientId = plan.patientId;
    if (patientId === null) continue;
    const link = { patientId, importedResourceId: plan.localId };
    switch (plan.type) {
      case "Condition":
        problems.push({ ...link, ...problemRow(stored, importedAt) });
        break;
      case "AllergyIntolerance":
        allergies.push({ ...link, ...allergyRow(stored, importedAt) });
        break;
      case "MedicationRequest":
      case "MedicationStatement": {
        const row = medicationRow(stored, importedAt);
        if (row) medications.push({ ...link, ...row });
        break;
      }
      case "Observation":
        labs.push(...labResultRows(stored, panels.get(`Observation/${plan.localId}`) ?? null).map((row) => ({ ...link, ...row })));
        break;
      case "ImagingStudy":
        studies.push({ ...link, ...outside.imaging.get(plan.entry)!, sourceLabel: (outside.sourceLabel ?? plan.source).slice(0, 200), importedAt });
        break;
    }
  }
  if (problems.length > 0) await tx.problem.createMany({ data: problems });
  if (allergies.length > 0) await tx.allergy.createMany({ data: allergies });
  if (medications.length > 0) await tx.medication.createMany({ data: medications });
  if (studies.length > 0) await tx.importedImagingStudy.createMany({ data: studies });
  if (labs.length > 0) {
    // Many rows per batch of outside records: one JSON parameter, not createMany (lib/db/json-rows.ts).
    const insert = jsonRowsInsert("LabResult", labs.map((lab) => ({ id: randomUUID(), ...lab })), 1, `id, "patientId", "loincCode", "importedResourceId"`)!;
    const written = await tx.$queryRawUnsafe<{ id: string; patientId: string; loincCode: string; importedResourceId: string | null }[]>(insert.sql, insert.json);
    const basedOn = new Map(batch.map(({ plan, stored }) => [plan.localId, referencesOf(stored.basedOn)]));
    await attachImportedResults(
      tx,
      written.map((row) => ({ ...row, basedOn: basedOn.get(row.importedResourceId ?? "") ?? [] })),
      importedAt,
    );
  }
}

/** The references of a resource's `basedOn` (the orders it answers), as written in the record. */
function referencesOf(basedOn: unknown): string[] {
  if (!Array.isArray(basedOn)) return [];
  return basedOn.flatMap((entry) => (typeof entry?.reference === "string" ? [entry.reference as string] : []));
}
