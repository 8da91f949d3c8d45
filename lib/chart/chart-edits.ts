import "server-only";
import { z } from "zod";
import { AccessDeniedError, auditActor, ResourceNotFoundError, type RequestContext } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import type { ChartEntity } from "@/lib/db/generated/enums";
import type { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { authorizePatient } from "./access";
import {
  addAllergyInput,
  addProblemInput,
  attestNoKnownAllergiesInput,
  changeAllergyInput,
  findIcd10,
  icd10SearchInput,
  recordVitalInput,
  resolveProblemInput,
  revisionChanges,
  searchIcd10,
  vitalDefinition,
  vitalReading,
  type AddAllergyInput,
  type AddProblemInput,
  type AttestNoKnownAllergiesInput,
  type ChangeAllergyInput,
  type Icd10Code,
  type Icd10SearchInput,
  type RecordVitalInput,
  type ResolveProblemInput,
  type RevisionChange,
  type RevisionSnapshot,
} from "./chart-edit-rules";
import { ClinicalConflictError } from "./errors";

// Editing the chart during the visit: allergies added, corrected and resolved,
// "no known allergies" attested, problems added from the bundled ICD-10-CM
// subset and resolved, vital signs recorded (measured at the visit or the
// patient's home reading). Each change is authorized as "chart.write" (the
// treating physician), and written in one transaction with its ChartRevision
// (who, when, the row before and after), which the History tab lists. Rows
// from outside records stay read-only. A refusal after the access check (a
// duplicate allergy, an allergy already resolved) changes nothing and is
// audited as a DENIED chart.write with its code.

export {
  addAllergyInput,
  addProblemInput,
  attestNoKnownAllergiesInput,
  changeAllergyInput,
  icd10SearchInput,
  recordVitalInput,
  resolveProblemInput,
} from "./chart-edit-rules";

export interface ChartRevisionView {
  id: string;
  entityType: ChartEntity;
  entityId: string;
  action: string;
  /** What the row is, in a few words: the substance, the diagnosis, the vital sign. */
  subject: string;
  changes: RevisionChange[];
  actorName: string;
  at: Date;
}

interface Revision {
  entityType: ChartEntity;
  entityId: string;
  action: "added" | "updated" | "resolved" | "attested";
  before: RevisionSnapshot | null;
  after: RevisionSnapshot | null;
}

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Authorizes "chart.write" on the patient, runs the change and writes its
 * revision in one transaction. A ClinicalConflictError from the change, or a
 * row not on this patient's chart (ResourceNotFoundError), rolls it back, is
 * audited as refused, and is thrown on.
 */
async function editChart<T extends { revision: Revision }>(
  db: Database,
  context: RequestContext,
  patientId: string,
  change: (tx: Prisma.TransactionClient, editor: { userId: string; name: string }) => Promise<T>,
): Promise<T> {
  await authorizePatient(db, context, "chart.write", patientId);
  const actor = context.actor;
  if (actor.kind !== "user" || !actor.physicianId) throw new AccessDeniedError("Only a physician can edit the chart.", 403);
  const editor = { userId: actor.userId, name: actor.name };
  try {
    return await db.$transaction(async (tx) => {
      const result = await change(tx, editor);
      const { revision } = result;
      await tx.chartRevision.create({
        data: {
          patientId,
          entityType: revision.entityType,
          entityId: revision.entityId,
          action: revision.action,
          before: revision.before ?? undefined,
          after: revision.after ?? undefined,
          actorId: editor.userId,
          actorName: editor.name,
        },
      });
      return result;
    });
  } catch (error) {
    if (error instanceof ClinicalConflictError || error instanceof ResourceNotFoundError) {
      await recordAudit(db, {
        ...auditActor(context),
        action: "chart.write",
        patientId,
        resourceType: "patient",
        resourceId: patientId,
        outcome: "DENIED",
        reason: error instanceof ResourceNotFoundError ? "not found" : error.code,
      });
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Allergies

const ALLERGY_SNAPSHOT = { id: true, patientId: true, substance: true, reaction: true, severity: true, resolvedAt: true, importedResourceId: true } as const;

function allergySnapshot(allergy: { substance: string; reaction: string; severity: string; resolvedAt: Date | null }): RevisionSnapshot {
  return { substance: allergy.substance, reaction: allergy.reaction, severity: allergy.severity, resolvedAt: allergy.resolvedAt?.toISOString() ?? null };
}

/** The row of this patient's chart, or 404: an id from another patient's chart is as good as none. */
function orNotFound<T>(row: T | null, what: string): T {
  if (!row) throw new ResourceNotFoundError(`No ${what} on this chart`);
  return row;
}

/** Adds an allergy; refused (409 DUPLICATE_ALLERGY) when an active one names the same substance. Clears "no known allergies". */
export async function addAllergy(db: Database, context: RequestContext, input: AddAllergyInput) {
  const { patientId, substance, reaction, severity } = addAllergyInput.parse(input);
  return editChart(db, context, patientId, async (tx) => {
    const duplicate = await tx.allergy.findFirst({
      where: { patientId, resolvedAt: null, substance: { equals: substance, mode: "insensitive" } },
      select: { id: true },
    });
    if (duplicate) throw new ClinicalConflictError("DUPLICATE_ALLERGY", `An allergy to ${substance} is already on the chart. Update that one instead.`);
    const allergy = await tx.allergy.create({ data: { patientId, substance, reaction, severity }, select: ALLERGY_SNAPSHOT });
    await tx.patient.update({ where: { id: patientId }, data: { noKnownAllergiesAt: null, noKnownAllergiesById: null } });
    return { allergy, revision: { entityType: "ALLERGY", entityId: allergy.id, action: "added", before: null, after: allergySnapshot(allergy) } satisfies Revision };
  });
}

/** Corrects an allergy's reaction and severity, or resolves it. Outside records and resolved allergies are refused (409). */
export async function changeAllergy(db: Database, context: RequestContext, input: ChangeAllergyInput, options: { now?: Date } = {}) {
  const { patientId, allergyId, change } = changeAllergyInput.parse(input);
  const now = options.now ?? new Date();
  return editChart(db, context, patientId, async (tx) => {
    const before = orNotFound(await tx.allergy.findFirst({ where: { id: allergyId, patientId }, select: ALLERGY_SNAPSHOT }), "allergy");
    if (before.importedResourceId) throw new ClinicalConflictError("OUTSIDE_RECORD_READ_ONLY", "This allergy came from an outside record; it cannot be changed here.");
    if (before.resolvedAt) throw new ClinicalConflictError("ALREADY_RESOLVED", "This allergy was already resolved.");
    const data = change.action === "resolve" ? { resolvedAt: now } : { reaction: change.reaction, severity: change.severity };
    const allergy = await tx.allergy.update({ where: { id: allergyId }, data, select: ALLERGY_SNAPSHOT });
    const action = change.action === "resolve" ? "resolved" : "updated";
    return { allergy, revision: { entityType: "ALLERGY", entityId: allergyId, action, before: allergySnapshot(before), after: allergySnapshot(allergy) } satisfies Revision };
  });
}

/** Attests "no known allergies" (who and when); refused (409 ALLERGIES_ACTIVE) while the chart lists an allergy. */
export async function attestNoKnownAllergies(db: Database, context: RequestContext, input: AttestNoKnownAllergiesInput, options: { now?: Date } = {}) {
  const { patientId } = attestNoKnownAllergiesInput.parse(input);
  const now = options.now ?? new Date();
  return editChart(db, context, patientId, async (tx, editor) => {
    const active = await tx.allergy.count({ where: { patientId, resolvedAt: null } });
    if (active > 0) throw new ClinicalConflictError("ALLERGIES_ACTIVE", "The chart lists allergies. Resolve them before attesting no known allergies.");
    const before = await tx.patient.findUniqueOrThrow({ where: { id: patientId }, select: { noKnownAllergiesAt: true } });
    await tx.patient.update({ where: { id: patientId }, data: { noKnownAllergiesAt: now, noKnownAllergiesById: editor.userId } });
    return {
      noKnownAllergies: { attestedAt: now, attestedByName: editor.name },
      revision: {
        entityType: "NO_KNOWN_ALLERGIES",
        entityId: patientId,
        action: "attested",
        before: { attestedAt: before.noKnownAllergiesAt?.toISOString() ?? null },
        after: { attestedAt: now.toISOString(), attestedBy: editor.name },
      } satisfies Revision,
    };
  });
}

// ---------------------------------------------------------------------------
// Problems

const PROBLEM_SNAPSHOT = { id: true, icd10Code: true, description: true, status: true, onsetDate: true, resolvedDate: true, importedResourceId: true } as const;

function problemSnapshot(problem: { icd10Code: string; description: string; status: string; onsetDate: Date | null; resolvedDate: Date | null }): RevisionSnapshot {
  return {
    icd10Code: problem.icd10Code,
    description: problem.description,
    status: problem.status,
    onsetDate: problem.onsetDate?.toISOString().slice(0, 10) ?? null,
    resolvedDate: problem.resolvedDate?.toISOString().slice(0, 10) ?? null,
  };
}

/** Adds an active problem coded from the bundled ICD-10-CM subset; refused (409 DUPLICATE_PROBLEM) when that code is already active. */
export async function addProblem(db: Database, context: RequestContext, input: AddProblemInput) {
  const { patientId, icd10Code, onsetDate } = addProblemInput.parse(input);
  const code = findIcd10(icd10Code)!;
  return editChart(db, context, patientId, async (tx) => {
    const duplicate = await tx.problem.findFirst({ where: { patientId, icd10Code: code.code, codeSystem: null, status: "ACTIVE" }, select: { id: true } });
    if (duplicate) throw new ClinicalConflictError("DUPLICATE_PROBLEM", `${code.description} (${code.code}) is already an active problem.`);
    const problem = await tx.problem.create({
      data: { patientId, icd10Code: code.code, description: code.description, onsetDate: onsetDate ? new Date(`${onsetDate}T00:00:00Z`) : null },
      select: PROBLEM_SNAPSHOT,
    });
    return { problem, revision: { entityType: "PROBLEM", entityId: problem.id, action: "added", before: null, after: problemSnapshot(problem) } satisfies Revision };
  });
}

/** Resolves an active problem (today, unless a date is given). Outside records and problems no longer active are refused (409). */
export async function resolveProblem(db: Database, context: RequestContext, input: ResolveProblemInput, options: { now?: Date } = {}) {
  const { patientId, problemId, resolvedDate } = resolveProblemInput.parse(input);
  const day = resolvedDate ?? today(options.now ?? new Date());
  return editChart(db, context, patientId, async (tx) => {
    const before = orNotFound(await tx.problem.findFirst({ where: { id: problemId, patientId }, select: PROBLEM_SNAPSHOT }), "problem");
    if (before.importedResourceId) throw new ClinicalConflictError("OUTSIDE_RECORD_READ_ONLY", "This problem came from an outside record; it cannot be changed here.");
    if (before.status !== "ACTIVE") throw new ClinicalConflictError("ALREADY_RESOLVED", "This problem is no longer active.");
    const problem = await tx.problem.update({
      where: { id: problemId },
      data: { status: "RESOLVED", resolvedDate: new Date(`${day}T00:00:00Z`) },
      select: PROBLEM_SNAPSHOT,
    });
    return { problem, revision: { entityType: "PROBLEM", entityId: problemId, action: "resolved", before: problemSnapshot(before), after: problemSnapshot(problem) } satisfies Revision };
  });
}

/** Codes of the bundled ICD-10-CM subset matching the text, for the problem form. */
export async function searchIcd10ForPatient(db: Database, context: RequestContext, input: Icd10SearchInput): Promise<Icd10Code[]> {
  const { patientId, query, limit } = icd10SearchInput.parse(input);
  await authorizePatient(db, context, "chart.read", patientId);
  return searchIcd10(query, limit);
}

// ---------------------------------------------------------------------------
// Vital signs

/** Records a vital sign as a row of the Vitals panel, flagged against the patient's range, saying where it was measured. */
export async function recordVital(db: Database, context: RequestContext, input: RecordVitalInput, options: { now?: Date } = {}) {
  const { patientId, loincCode, value, source } = recordVitalInput.parse(input);
  const now = options.now ?? new Date();
  const analyte = vitalDefinition(loincCode);
  return editChart(db, context, patientId, async (tx) => {
    const { sex } = await tx.patient.findUniqueOrThrow({ where: { id: patientId }, select: { sex: true } });
    const previous = await tx.labResult.findFirst({
      where: { patientId, loincCode },
      orderBy: { effectiveAt: "desc" },
      select: { valueNumeric: true, effectiveAt: true },
    });
    const reading = vitalReading(loincCode, value, sex);
    const vital = await tx.labResult.create({
      data: {
        patientId,
        panel: "Vitals",
        loincCode,
        analyte: analyte.analyte,
        valueNumeric: reading.value,
        unit: analyte.unit,
        referenceLow: reading.low,
        referenceHigh: reading.high,
        flag: reading.flag,
        effectiveAt: now,
        vitalSource: source,
      },
      select: { id: true, loincCode: true, valueNumeric: true, unit: true, flag: true, effectiveAt: true, vitalSource: true },
    });
    const snapshot = (reading: { valueNumeric: number | null; effectiveAt: Date }) => ({
      vital: analyte.analyte,
      value: reading.valueNumeric,
      unit: analyte.unit,
      measuredAt: reading.effectiveAt.toISOString(),
    });
    return {
      vital,
      revision: {
        entityType: "VITAL",
        entityId: vital.id,
        action: "added",
        // "Before" is the newest earlier reading, so History shows what the new one replaces on the chart.
        before: previous ? snapshot(previous) : null,
        after: { ...snapshot(vital), source: source === "HOME_READING" ? "home reading" : "measured at the visit" },
      } satisfies Revision,
    };
  });
}

// ---------------------------------------------------------------------------
// History

export const listChartRevisionsInput = z.strictObject({ patientId: recordIdOf("patient") });
export type ListChartRevisionsInput = z.input<typeof listChartRevisionsInput>;

const REVISIONS_MAX = 200;

function subjectOf(entityType: ChartEntity, snapshot: RevisionSnapshot): string {
  switch (entityType) {
    case "ALLERGY":
      return `Allergy: ${snapshot.substance}`;
    case "PROBLEM":
      return `Problem: ${snapshot.description} (${snapshot.icd10Code})`;
    case "VITAL":
      return `Vital sign: ${snapshot.vital}`;
    case "NO_KNOWN_ALLERGIES":
      return "No known allergies";
  }
}

/** The chart's changes, newest first (the latest 200): who, when, and each field before → after. */
export async function listChartRevisions(db: Database, context: RequestContext, input: ListChartRevisionsInput): Promise<ChartRevisionView[]> {
  const { patientId } = listChartRevisionsInput.parse(input);
  await authorizePatient(db, context, "note.read", patientId);
  const rows = await db.chartRevision.findMany({ where: { patientId }, orderBy: [{ at: "desc" }, { id: "desc" }], take: REVISIONS_MAX });
  return rows.map((row) => {
    const before = row.before as RevisionSnapshot | null;
    const after = row.after as RevisionSnapshot | null;
    return {
      id: row.id,
      entityType: row.entityType,
      entityId: row.entityId,
      action: row.action,
      subject: subjectOf(row.entityType, after ?? before ?? {}),
      changes: revisionChanges(before, after),
      actorName: row.actorName,
      at: row.at,
    };
  });
}
