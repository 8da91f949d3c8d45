import { z } from "zod";
import type { AllergySeverity } from "@/lib/db/generated/enums";
import { recordIdOf } from "@/lib/http/ids";
import { INTERACTION_PAIRS, type InteractionPair, type InteractionSide } from "./data/drug-interactions";
import { findDrug, ingredientsOfMedication, ROUTES, type Drug, type DrugClass, type DrugIngredient } from "./drugs";
import { ClinicalValidationError } from "./errors";

// The rules of a new prescription, without the database: the input schema the
// route reuses, the checks zod cannot express (route fits the dose form, refill
// limits of controlled substances), and the warnings the prescriber must
// acknowledge: an allergy to the drug or its class, duplicate therapy, and a
// high-priority interaction with a current medication (acknowledged with a reason).

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const plainText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Give the ${label}.`)
    .max(max, `Keep the ${label} to ${max} characters.`)
    .refine((value) => !CONTROL_CHARACTERS.test(value) && !/[\r\n]/.test(value), `Write the ${label} on one line.`);


/** How often, as prescriptions on this chart say it. */
export const FREQUENCIES = [
  "once daily",
  "twice daily",
  "three times daily",
  "four times daily",
  "every morning",
  "every evening",
  "at bedtime",
  "every 4 hours",
  "every 6 hours",
  "every 8 hours",
  "every 12 hours",
  "once weekly",
  "once daily as needed",
  "twice daily as needed",
  "every 4 to 6 hours as needed",
  "every 6 hours as needed",
  "every 8 hours as needed",
  "as needed",
] as const;

export const MAX_QUANTITY = 1000;
/** Federal limits: no refills for schedule II, at most 5 for III–V; 11 for anything else (a year of monthly fills). */
export const MAX_REFILLS = 11;
export const MAX_CONTROLLED_REFILLS = 5;

const warningCode = z.string().max(200);

export const createPrescriptionInput = z.strictObject({
  patientId: recordIdOf("patient"),
  /** The visit it is written at, when there is one; it then shows in that visit's after-visit summary. */
  appointmentId: recordIdOf("appointment").optional(),
  rxnormCode: z.string().trim().regex(/^\d{1,10}$/, "Choose a drug from the list."),
  dose: plainText("dose", 80).refine((value) => /\d/.test(value), "Give the dose with its amount, such as 500 mg or 2 puffs."),
  route: z.enum(ROUTES, "Choose a route from the list."),
  frequency: z.enum(FREQUENCIES, "Choose a frequency from the list."),
  quantity: z
    .number("Give the quantity as a number.")
    .int("Give a whole number to dispense.")
    .min(1, "Dispense at least 1.")
    .max(MAX_QUANTITY, `Dispense at most ${MAX_QUANTITY}.`),
  refills: z
    .number("Give the refills as a number.")
    .int("Give a whole number of refills.")
    .min(0, "Refills cannot be negative.")
    .max(MAX_REFILLS, `At most ${MAX_REFILLS} refills.`),
  instructions: z
    .string()
    .trim()
    .max(1000, "Keep the instructions to 1000 characters.")
    .refine((value) => !CONTROL_CHARACTERS.test(value), "Remove control characters from the instructions.")
    .optional(),
  /** A controlled substance: when the prescriber checked the state's PDMP for this patient (their attestation). */
  pdmpCheckedAt: z.iso.datetime({ offset: true, message: "Give the time of the PDMP check as an ISO date and time." }).optional(),
  /**
   * The warnings the prescriber saw and accepted: a code, or a code with the
   * prescriber's reason (which an interaction needs). An empty reason is let
   * through here so that its refusal is a clinical one, audited.
   */
  acknowledgedWarnings: z
    .array(
      z.union([
        warningCode,
        z.strictObject({
          code: warningCode,
          reason: z
            .string()
            .trim()
            .max(500, "Keep the reason to 500 characters.")
            .refine((value) => !CONTROL_CHARACTERS.test(value) && !/[\r\n]/.test(value), "Write the reason on one line."),
        }),
      ]),
    )
    .max(50)
    .default([]),
});

export type WarningAcknowledgement = CreatePrescription["acknowledgedWarnings"][number];

export type CreatePrescriptionInput = z.input<typeof createPrescriptionInput>;
export type CreatePrescription = z.output<typeof createPrescriptionInput>;

export const discontinuePrescriptionInput = z.strictObject({
  prescriptionId: recordIdOf("prescription"),
  reason: plainText("reason", 500),
});

export type DiscontinuePrescriptionInput = z.input<typeof discontinuePrescriptionInput>;

/** The catalog drug, checked against the route and refills asked for; throws ClinicalValidationError. */
export function checkPrescription(input: Pick<CreatePrescription, "rxnormCode" | "route" | "refills">): Drug {
  const drug = findDrug(input.rxnormCode);
  if (!drug) throw new ClinicalValidationError("UNKNOWN_DRUG", "That drug is not in the catalog. Choose one from the search.");
  if (!drug.routes.includes(input.route)) {
    throw new ClinicalValidationError(
      "ROUTE_NOT_FOR_DRUG",
      `${drug.name} is given by the ${drug.routes.join(" or ")} route, not ${input.route}.`,
    );
  }
  if (drug.schedule === "II" && input.refills > 0) {
    throw new ClinicalValidationError("TOO_MANY_REFILLS", `${drug.name} is a schedule II controlled substance: it cannot have refills.`);
  }
  if (drug.schedule && input.refills > MAX_CONTROLLED_REFILLS) {
    throw new ClinicalValidationError(
      "TOO_MANY_REFILLS",
      `${drug.name} is a schedule ${drug.schedule} controlled substance: at most ${MAX_CONTROLLED_REFILLS} refills.`,
    );
  }
  return drug;
}

// ---------------------------------------------------------------------------
// Warnings

export type WarningKind =
  | "ALLERGY_INGREDIENT"
  | "ALLERGY_CLASS"
  | "ALLERGY_CROSS_REACTIVITY"
  | "DUPLICATE_INGREDIENT"
  | "DUPLICATE_CLASS"
  | "DRUG_INTERACTION";

export type WarningSeverity = "HIGH" | "MODERATE" | "LOW";

export interface PrescriptionWarning {
  /** Stable for the same chart: what the prescriber acknowledges. */
  code: string;
  kind: WarningKind;
  severity: WarningSeverity;
  message: string;
  /** Whether acknowledging it takes the prescriber's reason (interactions do). */
  reasonRequired: boolean;
  /** Where the warning's knowledge comes from, when it is a published table. */
  source?: string;
}

export interface AllergyFact {
  id: string;
  substance: string;
  rxnormCode: string | null;
  drugClass: string | null;
  reaction: string;
  severity: AllergySeverity;
}

export interface ActiveTherapyFact {
  /** "medication:<id>" or "prescription:<id>". */
  ref: string;
  name: string;
  rxnormCode: string | null;
}

/** Classes with known cross-sensitivity: an allergy to the first warns on the second. */
const CROSS_REACTIVE: ReadonlyArray<readonly [DrugClass, DrugClass]> = [
  ["penicillins", "cephalosporins"],
  ["cephalosporins", "penicillins"],
];

const ALLERGY_SEVERITY: Record<AllergySeverity, WarningSeverity> = {
  LIFE_THREATENING: "HIGH",
  SEVERE: "HIGH",
  MODERATE: "MODERATE",
  MILD: "LOW",
};

const severityWords: Record<AllergySeverity, string> = {
  LIFE_THREATENING: "life-threatening",
  SEVERE: "severe",
  MODERATE: "moderate",
  MILD: "mild",
};

/** "Sulfamethoxazole (sulfa antibiotics)" → "sulfamethoxazole". */
function substanceName(substance: string): string {
  return substance
    .replace(/\([^)]*\)/g, " ")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

function allergyWarning(drug: Drug, allergy: AllergyFact): PrescriptionWarning | null {
  const reaction = `${allergy.reaction.toLowerCase()}, ${severityWords[allergy.severity]}`;
  const substance = substanceName(allergy.substance);
  const sameIngredient = drug.ingredients.find(
    (ingredient) =>
      (allergy.rxnormCode !== null && ingredient.rxcui === allergy.rxnormCode) ||
      ingredient.name.toLowerCase() === substance ||
      ingredient.name.toLowerCase().startsWith(`${substance} `),
  );
  if (sameIngredient) {
    return {
      code: `allergy:${allergy.id}`,
      kind: "ALLERGY_INGREDIENT",
      severity: ALLERGY_SEVERITY[allergy.severity],
      reasonRequired: false,
      message: `Allergy to ${allergy.substance} (${reaction}): ${drug.name} contains ${sameIngredient.name}.`,
    };
  }
  const allergyClass = allergy.drugClass as DrugClass | null;
  if (allergyClass && drug.classes.includes(allergyClass)) {
    return {
      code: `allergy:${allergy.id}`,
      kind: "ALLERGY_CLASS",
      severity: ALLERGY_SEVERITY[allergy.severity],
      reasonRequired: false,
      message: `Allergy to ${allergy.substance} (${reaction}): ${drug.name} is in the same class, ${allergyClass}.`,
    };
  }
  const cross = CROSS_REACTIVE.find(([from, to]) => from === allergyClass && drug.classes.includes(to));
  if (cross) {
    return {
      code: `allergy:${allergy.id}`,
      kind: "ALLERGY_CROSS_REACTIVITY",
      severity: allergy.severity === "LIFE_THREATENING" ? "HIGH" : "MODERATE",
      reasonRequired: false,
      message: `Allergy to ${allergy.substance} (${reaction}): ${drug.name} is one of the ${cross[1]}, which can cross-react with ${cross[0]}.`,
    };
  }
  return null;
}

function duplicateWarning(drug: Drug, therapy: ActiveTherapyFact): PrescriptionWarning | null {
  const theirs = ingredientsOfMedication(therapy);
  const shared = drug.ingredients.find((ingredient) => theirs.some((other) => other.key === ingredient.key));
  if (shared) {
    return {
      code: `duplicate:${therapy.ref}`,
      kind: "DUPLICATE_INGREDIENT",
      severity: "MODERATE",
      reasonRequired: false,
      message: `Duplicate therapy: the patient already takes ${therapy.name}, which also contains ${shared.name}.`,
    };
  }
  const theirClasses = new Set(theirs.flatMap((ingredient) => ingredient.classes));
  const sharedClass = drug.classes.find((drugClass) => theirClasses.has(drugClass));
  if (sharedClass) {
    return {
      code: `duplicate:${therapy.ref}`,
      kind: "DUPLICATE_CLASS",
      severity: "MODERATE",
      reasonRequired: false,
      message: `Duplicate therapy: the patient already takes ${therapy.name}, also one of the ${sharedClass}.`,
    };
  }
  return null;
}

const hasMember = (ingredients: readonly DrugIngredient[], side: InteractionSide) =>
  ingredients.find((ingredient) => side.members.includes(ingredient.key));

/** The high-priority pairs `ours` and `theirs` make, either way round, with the ingredient of each side. */
export function interactionsBetween(
  ours: readonly DrugIngredient[],
  theirs: readonly DrugIngredient[],
): Array<{ pair: InteractionPair; ourIngredient: DrugIngredient; theirIngredient: DrugIngredient }> {
  return INTERACTION_PAIRS.flatMap((pair) => {
    for (const [mine, other] of [
      [pair.object, pair.precipitant],
      [pair.precipitant, pair.object],
    ] as const) {
      const ourIngredient = hasMember(ours, mine);
      const theirIngredient = hasMember(theirs, other);
      if (ourIngredient && theirIngredient) return [{ pair, ourIngredient, theirIngredient }];
    }
    return [];
  });
}

function interactionWarnings(drug: Drug, therapy: ActiveTherapyFact): PrescriptionWarning[] {
  return interactionsBetween(drug.ingredients, ingredientsOfMedication(therapy)).map(({ pair, ourIngredient, theirIngredient }) => ({
    code: `interaction:${pair.id}:${therapy.ref}`,
    kind: "DRUG_INTERACTION",
    severity: pair.severity,
    reasonRequired: true,
    message: `Interaction: the patient takes ${therapy.name}; ${ourIngredient.name} with ${theirIngredient.name} (${pair.object.label} with ${pair.precipitant.label}) risks ${pair.effect}. Contraindicated.`,
    source: pair.source,
  }));
}

const SEVERITY_ORDER: Record<WarningSeverity, number> = { HIGH: 0, MODERATE: 1, LOW: 2 };

/** Every warning prescribing `drug` raises on this chart: allergies first, then the most severe first. */
export function prescriptionWarnings(
  drug: Drug,
  allergies: readonly AllergyFact[],
  activeTherapies: readonly ActiveTherapyFact[],
): PrescriptionWarning[] {
  const warnings = [
    ...allergies.map((allergy) => allergyWarning(drug, allergy)),
    ...activeTherapies.map((therapy) => duplicateWarning(drug, therapy)),
    ...activeTherapies.flatMap((therapy) => interactionWarnings(drug, therapy)),
  ].filter((warning): warning is PrescriptionWarning => warning !== null);
  const allergyFirst = (warning: PrescriptionWarning) => (warning.kind.startsWith("ALLERGY") ? 0 : 1);
  return warnings.sort(
    (a, b) => allergyFirst(a) - allergyFirst(b) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code),
  );
}

const codeOf = (acknowledgement: WarningAcknowledgement) => (typeof acknowledgement === "string" ? acknowledgement : acknowledgement.code);
const reasonOf = (acknowledgement: WarningAcknowledgement) => (typeof acknowledgement === "string" ? "" : acknowledgement.reason);

/** The warnings whose codes the prescriber did not acknowledge. */
export function unacknowledged(warnings: readonly PrescriptionWarning[], acknowledged: readonly WarningAcknowledgement[]): PrescriptionWarning[] {
  const seen = new Set(acknowledged.map(codeOf));
  return warnings.filter((warning) => !seen.has(warning.code));
}

/** The acknowledged warnings that need a reason and were given none. */
export function missingReasons(warnings: readonly PrescriptionWarning[], acknowledged: readonly WarningAcknowledgement[]): PrescriptionWarning[] {
  const reasons = new Map(acknowledged.map((acknowledgement) => [codeOf(acknowledgement), reasonOf(acknowledgement)]));
  return warnings.filter((warning) => warning.reasonRequired && reasons.has(warning.code) && reasons.get(warning.code) === "");
}

/** How an acknowledged warning is kept on the prescription: its code, the text the prescriber saw, its source and the reason given. */
export function acknowledgementRecord(warning: PrescriptionWarning, acknowledged: readonly WarningAcknowledgement[] = []): string {
  const reason = reasonOf(acknowledged.find((acknowledgement) => codeOf(acknowledgement) === warning.code) ?? "");
  return [`${warning.code} ${warning.kind}: ${warning.message}`, warning.source ? ` Source: ${warning.source}.` : "", reason ? ` Reason: ${reason}` : ""].join("");
}
