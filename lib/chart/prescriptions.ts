import "server-only";
import { z } from "zod";
import { AccessDeniedError, auditActor, refuseMissing, type RequestContext } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import type { PrescriptionStatus } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { authorizeAppointment } from "@/lib/visits/appointment";
import { ensureVisit } from "@/lib/visits/rooms";
import { authorizePatient } from "./access";
import { controlledSubstanceRefusal, parseControlledSubstanceSettings } from "./controlled-substances";
import { pageSizeInput } from "./cursor";
import { DRUG_SEARCH_MAX_LIMIT, searchDrugs, type Drug } from "./drugs";
import { ClinicalConflictError, ClinicalValidationError, PrescriptionWarningsError } from "./errors";
import {
  acknowledgementRecord,
  checkPrescription,
  createPrescriptionInput,
  discontinuePrescriptionInput,
  missingReasons,
  prescriptionWarnings,
  unacknowledged,
  type ActiveTherapyFact,
  type AllergyFact,
  type CreatePrescription,
  type CreatePrescriptionInput,
  type DiscontinuePrescriptionInput,
  type PrescriptionWarning,
} from "./prescription-rules";

// The Prescriptions tab: active and past prescriptions; drug search over the
// bundled RxNorm subset, each hit with the warnings it would raise for this
// patient; writing a prescription, refused (409) until every allergy and
// duplicate-therapy warning is acknowledged, the acknowledgements kept on the
// prescription and in the audit trail; and discontinuing with a reason.

export { createPrescriptionInput, discontinuePrescriptionInput, FREQUENCIES } from "./prescription-rules";
export type { CreatePrescriptionInput, DiscontinuePrescriptionInput, PrescriptionWarning } from "./prescription-rules";

export interface PrescriptionView {
  id: string;
  rxnormCode: string;
  drugName: string;
  dose: string;
  route: string;
  frequency: string;
  quantity: number;
  refills: number;
  instructions: string | null;
  status: PrescriptionStatus;
  prescribedAt: Date;
  prescriberName: string;
  visitId: string | null;
  discontinuedAt: Date | null;
  discontinueReason: string | null;
  acknowledgedAlerts: string[];
  pdmpCheckedAt: Date | null;
}

const PRESCRIPTION_SELECT = {
  id: true,
  rxnormCode: true,
  drugName: true,
  dose: true,
  route: true,
  frequency: true,
  quantity: true,
  refills: true,
  instructions: true,
  status: true,
  prescribedAt: true,
  visitId: true,
  discontinuedAt: true,
  discontinueReason: true,
  acknowledgedAlerts: true,
  pdmpCheckedAt: true,
  prescriber: { select: { user: { select: { name: true } } } },
} as const;

interface PrescriptionRow extends Omit<PrescriptionView, "prescriberName"> {
  prescriber: { user: { name: string } };
}

function toView({ prescriber, ...row }: PrescriptionRow): PrescriptionView {
  return { ...row, prescriberName: prescriber.user.name };
}

export const listPrescriptionsInput = z.strictObject({
  patientId: recordIdOf("patient"),
});

export type ListPrescriptionsInput = z.input<typeof listPrescriptionsInput>;

const PRESCRIPTION_LIST_MAX = 500;

/** The patient's prescriptions, newest first: active ones, and past ones (completed or discontinued). */
export async function listPrescriptions(
  db: Database,
  context: RequestContext,
  input: ListPrescriptionsInput,
): Promise<{ active: PrescriptionView[]; past: PrescriptionView[] }> {
  const { patientId } = listPrescriptionsInput.parse(input);
  await authorizePatient(db, context, "chart.read", patientId);
  const rows = await db.prescription.findMany({
    where: { patientId },
    orderBy: [{ prescribedAt: "desc" }, { id: "desc" }],
    take: PRESCRIPTION_LIST_MAX,
    select: PRESCRIPTION_SELECT,
  });
  const views = rows.map(toView);
  return { active: views.filter((row) => row.status === "ACTIVE"), past: views.filter((row) => row.status !== "ACTIVE") };
}

// ---------------------------------------------------------------------------
// Drug search and warnings

export interface DrugView {
  rxcui: string;
  name: string;
  doseForm: string;
  routes: readonly string[];
  ingredients: string[];
  classes: readonly string[];
  schedule: string | null;
  /** A controlled substance: the last day the clinic's settings let a telehealth visit prescribe it. */
  telehealthUntil: string | null;
}

export function toDrugView(drug: Drug): DrugView {
  return {
    rxcui: drug.rxcui,
    name: drug.name,
    doseForm: drug.doseForm,
    routes: drug.routes,
    ingredients: drug.ingredients.map((ingredient) => ingredient.name),
    classes: drug.classes,
    schedule: drug.schedule,
    telehealthUntil: drug.schedule ? parseControlledSubstanceSettings(process.env).flexibilitiesEnd : null,
  };
}

export const drugSearchInput = z.strictObject({
  patientId: recordIdOf("patient"),
  query: z.string().trim().min(1, "Type part of a drug name.").max(100, "Search with at most 100 characters."),
  limit: pageSizeInput(20, DRUG_SEARCH_MAX_LIMIT),
});

export type DrugSearchInput = z.input<typeof drugSearchInput>;

type ChartFacts = { allergies: AllergyFact[]; therapies: ActiveTherapyFact[] };

type FactsDatabase = Pick<Database, "allergy" | "medication" | "prescription">;

/** The allergies and active therapies a new prescription is checked against. */
async function chartFacts(db: FactsDatabase, patientId: string): Promise<ChartFacts> {
  // One query after another: in a transaction they share one connection anyway.
  const allergies = await db.allergy.findMany({
    where: { patientId, resolvedAt: null },
    select: { id: true, substance: true, rxnormCode: true, drugClass: true, reaction: true, severity: true },
  });
  const medications = await db.medication.findMany({
    where: { patientId, status: "ACTIVE" },
    select: { id: true, name: true, rxnormCode: true, prescriptionId: true },
  });
  const prescriptions = await db.prescription.findMany({
    where: { patientId, status: "ACTIVE" },
    select: { id: true, drugName: true, rxnormCode: true },
  });
  // An active prescription is usually on the medication list too: count it once.
  const listed = new Set(medications.flatMap((medication) => (medication.prescriptionId ? [medication.prescriptionId] : [])));
  return {
    allergies,
    therapies: [
      ...medications.map((medication) => ({ ref: `medication:${medication.id}`, name: medication.name, rxnormCode: medication.rxnormCode })),
      ...prescriptions
        .filter((prescription) => !listed.has(prescription.id))
        .map((prescription) => ({ ref: `prescription:${prescription.id}`, name: prescription.drugName, rxnormCode: prescription.rxnormCode })),
    ],
  };
}

/**
 * Drugs matching the query, each with the warnings prescribing it would raise
 * for this patient, so the form can flag them before anything is submitted.
 */
export async function searchDrugsForPatient(
  db: Database,
  context: RequestContext,
  input: DrugSearchInput,
): Promise<Array<{ drug: DrugView; warnings: PrescriptionWarning[] }>> {
  const { patientId, query, limit } = drugSearchInput.parse(input);
  await authorizePatient(db, context, "chart.read", patientId);
  const drugs = searchDrugs(query, limit);
  if (drugs.length === 0) return [];
  const facts = await chartFacts(db, patientId);
  return drugs.map((drug) => ({ drug: toDrugView(drug), warnings: prescriptionWarnings(drug, facts.allergies, facts.therapies) }));
}

// ---------------------------------------------------------------------------
// Writing and discontinuing

export interface CreatedPrescription {
  prescription: PrescriptionView;
  /** The warnings the prescriber acknowledged, as they were shown. */
  acknowledged: PrescriptionWarning[];
}

function todayUtc(now: Date): Date {
  return new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
}

/**
 * Writes a prescription (and puts it on the medication list). Refused with
 * PrescriptionWarningsError (409) listing every warning whose code is not in
 * `acknowledgedWarnings`; once all are acknowledged, their text is kept on the
 * prescription (`acknowledgedAlerts`) and an audit event records who
 * acknowledged which.
 */
export async function createPrescription(
  db: Database,
  context: RequestContext,
  input: CreatePrescriptionInput,
  options: { now?: Date } = {},
): Promise<CreatedPrescription> {
  const parsed = createPrescriptionInput.parse(input);
  const now = options.now ?? new Date();
  let appointmentId: string | null = null;
  let modality: "VIDEO" | "AUDIO_ONLY" | null = null;
  if (parsed.appointmentId) {
    const appointment = await authorizeAppointment(db, context, parsed.appointmentId, "prescription.write");
    if (appointment.patientId !== parsed.patientId) {
      throw new ClinicalValidationError("PATIENT_MISMATCH", "That appointment is for a different patient.");
    }
    appointmentId = appointment.id;
    modality = await visitModality(db, appointment.id);
  } else {
    await authorizePatient(db, context, "prescription.write", parsed.patientId);
  }
  const prescriberId = context.actor.kind === "user" ? context.actor.physicianId : null;
  if (!prescriberId) throw new AccessDeniedError("Only a physician can write prescriptions.", 403);
  const drug = checkPrescription(parsed);
  const pdmpCheckedAt = parsed.pdmpCheckedAt ? new Date(parsed.pdmpCheckedAt) : null;
  const controlled = controlledSubstanceRefusal({
    drugName: drug.name,
    schedule: drug.schedule,
    modality,
    pdmpCheckedAt,
    now,
    settings: parseControlledSubstanceSettings(process.env),
  });
  if (controlled) {
    await refusePrescribing(db, context, parsed.patientId, "prescription.controlled", `${controlled.code}: ${drug.name}`);
    throw new ClinicalValidationError(controlled.code, controlled.message);
  }
  await refuseAcknowledgementsWithoutReason(db, context, parsed.patientId, drug, parsed.acknowledgedWarnings);

  return db.$transaction(async (tx) => {
    const facts = await chartFacts(tx, parsed.patientId);
    const warnings = prescriptionWarnings(drug, facts.allergies, facts.therapies);
    const missing = unacknowledged(warnings, parsed.acknowledgedWarnings);
    if (missing.length > 0) throw new PrescriptionWarningsError(missing);
    // Written at a visit: link it (creating the Visit row as the video room does,
    // when the call has not started yet) so it shows in the after-visit summary.
    const visitId = appointmentId ? (await ensureVisit(tx, appointmentId)).id : null;
    const prescription = await tx.prescription.create({
      data: {
        patientId: parsed.patientId,
        prescriberId,
        visitId,
        rxnormCode: drug.rxcui,
        drugName: drug.name,
        dose: parsed.dose,
        route: parsed.route,
        frequency: parsed.frequency,
        quantity: parsed.quantity,
        refills: parsed.refills,
        instructions: parsed.instructions || null,
        prescribedAt: now,
        acknowledgedAlerts: warnings.map((warning) => acknowledgementRecord(warning, parsed.acknowledgedWarnings)),
        pdmpCheckedAt: drug.schedule ? pdmpCheckedAt : null,
      },
      select: PRESCRIPTION_SELECT,
    });
    await tx.medication.create({
      data: {
        patientId: parsed.patientId,
        prescriptionId: prescription.id,
        rxnormCode: drug.rxcui,
        name: drug.name,
        dose: parsed.dose,
        route: parsed.route,
        frequency: parsed.frequency,
        startedOn: todayUtc(now),
      },
    });
    if (warnings.length > 0) {
      await recordAudit(tx, {
        ...auditActor(context),
        action: "prescription.acknowledge",
        patientId: parsed.patientId,
        resourceType: "prescription",
        resourceId: prescription.id,
        outcome: "ALLOWED",
        reason: `Acknowledged ${warnings.map((warning) => `${warning.kind} (${warning.code})`).join("; ")}`,
      });
    }
    return { prescription: toView(prescription), acknowledged: warnings };
  });
}

/** Audits a prescription refused by a prescribing rule (nothing is written): the caller throws the refusal. */
function refusePrescribing(db: Database, context: RequestContext, patientId: string, action: string, reason: string): Promise<void> {
  return recordAudit(db, { ...auditActor(context), action, patientId, resourceType: "patient", resourceId: patientId, outcome: "DENIED", reason });
}

/**
 * The visit's recorded modality: the note's telehealth block once the physician
 * has set it there, else what the visit recorded (video unless it fell back to
 * audio only).
 */
async function visitModality(db: Database, appointmentId: string): Promise<"VIDEO" | "AUDIO_ONLY"> {
  const visit = await db.visit.findUnique({ where: { appointmentId }, select: { modality: true, note: { select: { telehealth: true } } } });
  const noted = (visit?.note?.telehealth as { modality?: unknown } | null | undefined)?.modality;
  return noted === "VIDEO" || noted === "AUDIO_ONLY" ? noted : (visit?.modality ?? "VIDEO");
}

/**
 * An interaction acknowledged without the prescriber's reason is refused (422,
 * nothing written) and the refusal audited: the reason is what the record keeps
 * of why a contraindicated pair was prescribed anyway.
 */
async function refuseAcknowledgementsWithoutReason(
  db: Database,
  context: RequestContext,
  patientId: string,
  drug: Drug,
  acknowledged: CreatePrescription["acknowledgedWarnings"],
): Promise<void> {
  if (acknowledged.length === 0) return;
  const facts = await chartFacts(db, patientId);
  const withoutReason = missingReasons(prescriptionWarnings(drug, facts.allergies, facts.therapies), acknowledged);
  if (withoutReason.length === 0) return;
  await refusePrescribing(db, context, patientId, "prescription.acknowledge", `No reason given for ${withoutReason.map((warning) => warning.code).join("; ")}`);
  throw new ClinicalValidationError(
    "ACKNOWLEDGEMENT_REASON_REQUIRED",
    `Give your reason for prescribing ${drug.name} despite ${withoutReason.length === 1 ? "this interaction" : "these interactions"}.`,
  );
}

/** Stops an active prescription with the prescriber's reason, and takes it off the active medication list. */
export async function discontinuePrescription(
  db: Database,
  context: RequestContext,
  input: DiscontinuePrescriptionInput,
  options: { now?: Date } = {},
): Promise<PrescriptionView> {
  const { prescriptionId, reason } = discontinuePrescriptionInput.parse(input);
  const now = options.now ?? new Date();
  const existing = await db.prescription.findUnique({ where: { id: prescriptionId }, select: { id: true, patientId: true } });
  if (!existing) return refuseMissing(db, context, "prescription.write", "prescription", prescriptionId);
  await authorizePatient(db, context, "prescription.write", existing.patientId);
  return db.$transaction(async (tx) => {
    const { count } = await tx.prescription.updateMany({
      where: { id: prescriptionId, status: "ACTIVE" },
      data: { status: "DISCONTINUED", discontinuedAt: now, discontinueReason: reason },
    });
    if (count === 0) {
      throw new ClinicalConflictError("PRESCRIPTION_NOT_ACTIVE", "This prescription is no longer active; it cannot be discontinued again.");
    }
    await tx.medication.updateMany({
      where: { prescriptionId, status: "ACTIVE" },
      data: { status: "DISCONTINUED", endedOn: todayUtc(now) },
    });
    return toView(await tx.prescription.findUniqueOrThrow({ where: { id: prescriptionId }, select: PRESCRIPTION_SELECT }));
  });
}
