import type { PrescriptionWarningView } from "@/lib/chart/types";

// The new-prescription form's rules without React: which answer of the server
// belongs to which field, and whether every warning has been acknowledged.

export type PrescriptionField = "drug" | "dose" | "route" | "frequency" | "quantity" | "refills" | "instructions";

export type FieldErrors = Partial<Record<PrescriptionField, string>>;

const FIELD_OF_PATH: Record<string, PrescriptionField> = {
  rxnormCode: "drug",
  dose: "dose",
  route: "route",
  frequency: "frequency",
  quantity: "quantity",
  refills: "refills",
  instructions: "instructions",
};

const FIELD_OF_CODE: Record<string, PrescriptionField> = {
  UNKNOWN_DRUG: "drug",
  ROUTE_NOT_FOR_DRUG: "route",
  TOO_MANY_REFILLS: "refills",
};

/**
 * A refusal's messages by field: a 400's zod issues by their path, a 422's
 * clinical rule by its code. What belongs to no field stays in `form`.
 */
export function refusalByField(body: Record<string, unknown>, message: string): { fields: FieldErrors; form: string | null } {
  const fields: FieldErrors = {};
  const loose: string[] = [];
  if (Array.isArray(body.issues)) {
    for (const issue of body.issues as Array<{ path?: unknown; message?: unknown }>) {
      const field = typeof issue.path === "string" ? FIELD_OF_PATH[issue.path.split(".")[0] ?? ""] : undefined;
      const text = typeof issue.message === "string" ? issue.message : null;
      if (!text) continue;
      if (field && !fields[field]) fields[field] = text;
      else if (!field) loose.push(text);
    }
    return { fields, form: Object.keys(fields).length === 0 ? (loose[0] ?? message) : (loose[0] ?? null) };
  }
  const field = typeof body.code === "string" ? FIELD_OF_CODE[body.code] : undefined;
  if (field) return { fields: { [field]: message }, form: null };
  return { fields, form: message };
}

/** The form's own checks before anything is sent: what the server would refuse anyway, said at once. */
export function checkPrescriptionForm(values: {
  drugChosen: boolean;
  dose: string;
  route: string;
  frequency: string;
  quantity: string;
  refills: string;
}): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.drugChosen) errors.drug = "Choose a drug from the list.";
  if (values.dose.trim() === "") errors.dose = "Give the dose, such as 500 mg or 2 puffs.";
  if (values.route === "") errors.route = "Choose a route.";
  if (values.frequency === "") errors.frequency = "Choose how often.";
  if (!/^\d+$/.test(values.quantity.trim())) errors.quantity = "Give the quantity to dispense as a whole number.";
  if (!/^\d+$/.test(values.refills.trim())) errors.refills = "Give the number of refills as a whole number (0 for none).";
  return errors;
}

/** The warnings of a 409 refusal (PrescriptionWarningsError.body()), or null when it is another refusal. */
export function warningsOf(status: number, body: Record<string, unknown>): PrescriptionWarningView[] | null {
  if (status !== 409 || !Array.isArray(body.warnings)) return null;
  return (body.warnings as Array<Record<string, unknown>>).flatMap((warning) =>
    typeof warning.code === "string" && typeof warning.message === "string"
      ? [
          {
            code: warning.code,
            kind: typeof warning.kind === "string" ? warning.kind : "",
            severity: typeof warning.severity === "string" ? warning.severity : "",
            message: warning.message,
            reasonRequired: warning.reasonRequired === true,
            ...(typeof warning.source === "string" ? { source: warning.source } : {}),
          },
        ]
      : [],
  );
}

/** Every warning ticked, and every interaction given a reason: only then may the prescriber prescribe anyway. */
export function allAcknowledged(
  warnings: ReadonlyArray<Pick<PrescriptionWarningView, "code" | "reasonRequired">>,
  acknowledged: ReadonlySet<string>,
  reasons: ReadonlyMap<string, string>,
): boolean {
  return (
    warnings.length > 0 &&
    warnings.every((warning) => acknowledged.has(warning.code) && (!warning.reasonRequired || (reasons.get(warning.code) ?? "").trim() !== ""))
  );
}

/** What the form sends for the acknowledged warnings: a code, or a code with the reason an interaction needs. */
export function acknowledgementsOf(
  warnings: ReadonlyArray<Pick<PrescriptionWarningView, "code" | "reasonRequired">>,
  reasons: ReadonlyMap<string, string>,
): Array<string | { code: string; reason: string }> {
  return warnings.map((warning) => (warning.reasonRequired ? { code: warning.code, reason: (reasons.get(warning.code) ?? "").trim() } : warning.code));
}

/**
 * The message of an acknowledged warning as a prescription keeps it
 * ("<code> <KIND>: <message>[ Source: …][ Reason: …]", lib/chart/prescription-rules.ts acknowledgementRecord),
 * for showing without the machine-readable prefix.
 */
export function acknowledgedWarningText(record: string): string {
  const match = /^\S+ [A-Z_]+: /.exec(record);
  return match ? record.slice(match[0].length) : record;
}
