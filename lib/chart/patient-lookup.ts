import "server-only";
import { z } from "zod";
import { authorize, type RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";

// How a physician reaches a chart that is not on their calendar (a patient in
// front of them in an emergency, a colleague's patient they cover): by the
// medical record number, exactly, from a wristband or a referral. No search by
// name: browsing for patients is not care. The lookup is audited with the
// number asked for; opening the chart is then up to the policy (break-glass
// outside the care relationship).

const MRN_DIGITS = /^(?:mrn-?)?(\d{1,15})$/i;

export const patientLookupInput = z.strictObject({
  mrn: z
    .string("Enter the medical record number.")
    .trim()
    .regex(MRN_DIGITS, "Enter a medical record number like MRN-000123."),
});

export type PatientLookupInput = z.input<typeof patientLookupInput>;

/** The number as the clinic writes it: MRN- and at least six digits. */
export function canonicalMrn(mrn: string): string {
  const digits = MRN_DIGITS.exec(mrn.trim())?.[1] ?? "";
  return `MRN-${digits.padStart(6, "0")}`;
}

/** The record id of the patient with this medical record number, or null when nobody has it. */
export async function findPatientByMrn(db: Database, context: RequestContext, input: PatientLookupInput): Promise<string | null> {
  const mrn = canonicalMrn(patientLookupInput.parse(input).mrn);
  await authorize(db, context, "patient.lookup", { type: "clinic" }, { detail: `MRN ${mrn}` });
  const patient = await db.patient.findUnique({ where: { mrn }, select: { id: true } });
  return patient?.id ?? null;
}
