import type { TextDocument } from "@/lib/pdf/text-document";
import type { Superbill } from "./billing";

// The superbill as a document: what the printable page shows, as the PDF's
// sections. Pure, so the PDF and the page say the same things.

export const POS_LABELS = { "02": "02 — Telehealth provided other than in patient's home", "10": "10 — Telehealth provided in patient's home" } as const;

export function superbillDocument(bill: Superbill): TextDocument {
  const { line } = bill;
  return {
    title: "Superbill",
    subtitle: `${bill.clinicName} — date of service ${bill.dateOfService}`,
    language: "en",
    sections: [
      {
        heading: "Physician",
        lines: [
          bill.physician.name,
          bill.physician.specialty,
          `License ${bill.physician.licenseNumber}${bill.physician.licenseState ? ` (${bill.physician.licenseState})` : ""}`,
        ],
      },
      {
        heading: "Patient",
        lines: [bill.patient.name, `Date of birth ${bill.patient.dateOfBirth}`, `MRN ${bill.patient.mrn}`, `Payer ${bill.patient.payer ?? "not on file"}`],
      },
      {
        heading: "Service",
        lines: [
          `Place of service ${POS_LABELS[line.placeOfService]}`,
          `CPT ${line.cptCode}${line.modifier ? `-${line.modifier}` : ""} — ${line.cptLabel}`,
          `Modifier ${line.modifier ?? "none"}`,
          ...line.diagnoses.map((diagnosis, index) => `Diagnosis ${String.fromCharCode(65 + index)}: ${diagnosis.code} — ${diagnosis.label}`),
        ],
      },
      { heading: "Telehealth", lines: bill.telehealthStatement },
      { heading: "Signed", lines: [`${bill.signedByName}, ${bill.signedAt.toISOString()}`] },
    ],
  };
}
