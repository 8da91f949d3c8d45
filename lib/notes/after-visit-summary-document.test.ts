import { describe, expect, it } from "vitest";
import { translatorFor } from "@/lib/i18n/translator";
import type { Locale } from "@/lib/i18n/locales";
import { readPdf } from "@/lib/pdf/testing/pdf-text";
import { renderTextDocument } from "@/lib/pdf/text-document";
import { afterVisitSummaryDocument, summaryDate } from "./after-visit-summary-document";
import { sampleSummary } from "./testing/summary";

// The after-visit summary's PDF read back as the patient's PDF viewer reads it:
// in their language, with the visit in their time zone, the physician's text
// as typed, the prescriptions, the follow-up and the handouts.

async function pdfOf(summary: ReturnType<typeof sampleSummary>, locale: Locale) {
  const { t } = await translatorFor(locale, "afterVisitSummary");
  return readPdf(await renderTextDocument(afterVisitSummaryDocument(summary, t, locale)));
}

describe("the after-visit summary's PDF", () => {
  it("in English: the clinic, patient and visit in the patient's zone, the plan as typed, prescriptions, lab orders, follow-up and the handout", async () => {
    const read = await pdfOf(sampleSummary({ plan: "- Start lisinopril 10 mg once daily.\n- Follow up by video in 3 months. <script>alert(1)</script>" }), "en");
    expect(read.title).toBe("After-visit summary");
    expect(read.language).toBe("en");
    expect(read.text).toContain(
      [
        "After-visit summary",
        "Riverside Telemedicine",
        "Patient: Lucía Muñoz",
        "Visit with Dr. Maya Lee, Monday, May 4, 2026 at 10:00 AM EDT",
        "Signed Monday, May 4, 2026 at 10:40 AM EDT",
        "Plan",
        "- Start lisinopril 10 mg once daily.",
        "- Follow up by video in 3 months. <script>alert(1)</script>",
        "Recommended at this visit",
        "Colorectal cancer screening (a colonoscopy or a stool test).",
        "Prescriptions",
        "lisinopril 10 MG Oral Tablet, 10 mg oral, once daily — Take in the morning.",
        "amoxicillin 500 MG Oral Capsule, 500 mg oral, twice daily (stopped: do not take)",
        "Your medications",
        "Medications reconciled at Monday, May 4, 2026 at 10:05 AM EDT.",
        "simvastatin 20 MG Oral Tablet 20 mg: keep taking",
        "omeprazole 20 MG Delayed Release Oral Capsule 20 mg: stopped: do not take (No more heartburn)",
        "Lab tests ordered",
        "BMP: pending",
        "Follow-up",
        "Follow up by video in 3 months. <script>alert(1)</script>",
        "Your next visit: Follow-up visit with Dr. Lena Fischer, Monday, August 3, 2026 at 10:00 AM EDT.",
        "Handout: Measuring your blood pressure at home",
        "Sit quietly for 5 minutes with your back supported and feet flat.",
      ].join("\n"),
    );
  });

  it("in Spanish: the frame, dates and handout in Spanish, accents and ¿ ñ drawn, the physician's text as they wrote it", async () => {
    const read = await pdfOf(sampleSummary({ plan: "¿Mareos? Llame a la enfermera Muñoz.\nVuelva en 3 meses." }), "es");
    expect(read.title).toBe("Resumen de la consulta");
    expect(read.language).toBe("es");
    expect(read.text).toContain("Resumen de la consulta\nRiverside Telemedicine\nPaciente: Lucía Muñoz\nConsulta con Dr. Maya Lee, el lunes, 4 de mayo de 2026, 10:00 a.m. EDT");
    expect(read.text).toContain(
      "Plan\n¿Mareos? Llame a la enfermera Muñoz.\nVuelva en 3 meses.\nRecomendado en esta visita\nDetección del cáncer colorrectal (una colonoscopia o un análisis de heces).\nRecetas",
    );
    expect(read.text).toContain("amoxicillin 500 MG Oral Capsule, 500 mg oral, twice daily (suspendido: no lo tome)");
    expect(read.text).toContain("Sus medicamentos\nMedicamentos conciliados el lunes, 4 de mayo de 2026, 10:05 a.m. EDT.");
    expect(read.flowing).toContain("omeprazole 20 MG Delayed Release Oral Capsule 20 mg: suspendido: no lo tome (No more heartburn)");
    expect(read.text).toContain("Análisis de laboratorio solicitados\nBMP: pendiente");
    expect(read.text).toContain("Seguimiento");
    expect(read.flowing).toContain("Su próxima consulta: Follow-up visit con Dr. Lena Fischer, el lunes, 3 de agosto de 2026, 10:00 a.m. EDT.");
    expect(read.text).toContain("Material informativo: Cómo medir su presión arterial en casa\nSiéntese tranquilo durante 5 minutos");
    expect(read.flowing).toContain("Llámenos si la lectura es mayor de 180/120 o si tiene dolor de pecho, falta de aire o debilidad.");
    expect(read.text).not.toContain("?Mareos");
  });

  it("leaves out what the visit did not have: no prescriptions heading, no recommendations, no reconciliation, no lab orders, no handouts, and says no follow-up is booked", async () => {
    const read = await pdfOf(
      sampleSummary({ prescriptions: [], handouts: [], recommendations: [], reconciliation: null, labOrders: [], followUp: { instructions: [], nextVisit: null } }),
      "en",
    );
    expect(read.text).not.toContain("Prescriptions");
    expect(read.text).not.toContain("Recommended");
    expect(read.text).not.toContain("Your medications");
    expect(read.text).not.toContain("Lab tests ordered");
    expect(read.text).not.toContain("Handout");
    expect(read.text).toContain("Follow-up\nNo follow-up visit is booked yet.");
  });

  it("names the file by the visit's date where the patient is", () => {
    // 03:30 UTC on 5 May is still the evening of 4 May in Chicago.
    const late = sampleSummary({ visit: { ...sampleSummary().visit, startsAt: new Date("2026-05-05T03:30:00Z"), patientTimeZone: "America/Chicago" } });
    expect(summaryDate(late)).toBe("2026-05-04");
  });
});
