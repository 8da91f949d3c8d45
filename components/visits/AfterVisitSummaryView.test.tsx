import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { withMessages } from "@/lib/i18n/testing/messages";
import { sampleSummary } from "@/lib/notes/testing/summary";
import { AfterVisitSummaryView } from "./AfterVisitSummaryView";

const summary = sampleSummary();
const session = { kind: "session" } as const;
const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("the after-visit summary", () => {
  it("shows the visit, the plan, the prescriptions (a stopped one says so), the medications reconciled, the lab orders with their status, the follow-up with the next visit and the handout, all as text", () => {
    const html = renderToStaticMarkup(withMessages(<AfterVisitSummaryView summary={summary} appointmentId="visit-1" credentials={session} />));
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    const shown = text(html);
    expect(shown).toContain("Visit with Dr. Maya Lee, Monday, May 4, 2026 at 10:00 AM EDT");
    expect(shown).toContain("Signed Monday, May 4, 2026 at 10:40 AM EDT");
    expect(shown).toContain("lisinopril 10 MG Oral Tablet, 10 mg oral, once daily — Take in the morning.");
    expect(shown).toContain("amoxicillin 500 MG Oral Capsule, 500 mg oral, twice daily (stopped: do not take)");
    expect(html).toContain("<strong");
    expect(shown).toContain("Medications reconciled at Monday, May 4, 2026 at 10:05 AM EDT.");
    expect(shown).toContain("simvastatin 20 MG Oral Tablet 20 mg: keep taking");
    expect(shown).toContain("omeprazole 20 MG Delayed Release Oral Capsule 20 mg: stopped: do not take (No more heartburn)");
    expect(shown).toContain("Lab tests ordered");
    expect(shown).toMatch(/BMP ○Pending/);
    expect(shown).toContain("Follow-up");
    expect(shown).toContain("Your next visit: Follow-up visit with Dr. Lena Fischer, Monday, August 3, 2026 at 10:00 AM EDT.");
    expect(shown).toContain("Handouts from your physician");
    expect(shown).toContain("Measuring your blood pressure at home");
    expect(shown).toContain("Sit quietly for 5 minutes with your back supported and feet flat.");
  });

  it("leaves the call's chat out unless the physician included it, then shows each message as text", () => {
    expect(text(renderToStaticMarkup(withMessages(<AfterVisitSummaryView summary={summary} appointmentId="visit-1" credentials={session} />)))).not.toContain(
      "Messages from the visit",
    );
    const chat = [{ senderName: "Dr. Maya Lee", text: "Pharmacy: <b>Main St.</b>", sentAt: new Date("2026-05-04T14:12:00Z") }];
    const html = renderToStaticMarkup(withMessages(<AfterVisitSummaryView summary={{ ...summary, chat }} appointmentId="visit-1" credentials={session} />));
    expect(html).not.toContain("<b>");
    expect(text(html)).toContain("Messages from the visit");
    expect(text(html)).toContain("Dr. Maya Lee, Monday, May 4, 2026 at 10:12 AM EDT: Pharmacy: &lt;b&gt;Main St.&lt;/b&gt;");
  });

  it("prints the summary alone, headed by the clinic and the patient, without its controls", () => {
    const html = renderToStaticMarkup(withMessages(<AfterVisitSummaryView summary={summary} appointmentId="visit-1" credentials={session} />));
    expect(html).toMatch(/<p class="hidden print:block">Riverside Telemedicine<\/p>/);
    expect(html).toMatch(/<p class="hidden print:block">Patient: Lucía Muñoz<\/p>/);
    expect(html).toMatch(/<div class="[^"]*print:hidden"><div role="group" aria-label="Keep a copy"/);
    // A handout and a prescription are not split across pages.
    expect(html).toMatch(/<article aria-labelledby="handout-home-blood-pressure" class="[^"]*break-inside-avoid/);
  });

  it("says when no follow-up visit is booked, and what to expect before the note is signed", () => {
    const unbooked = renderToStaticMarkup(
      withMessages(<AfterVisitSummaryView summary={{ ...summary, followUp: { instructions: [], nextVisit: null } }} appointmentId="visit-1" credentials={session} />),
    );
    expect(text(unbooked)).toContain("No follow-up visit is booked yet.");
    const unsigned = renderToStaticMarkup(withMessages(<AfterVisitSummaryView summary={null} appointmentId="visit-1" credentials={session} />));
    expect(text(unsigned)).toContain("Your summary appears here once your physician has signed the visit note.");
    // Nothing to print or download yet.
    expect(text(unsigned)).not.toContain("Download PDF");
  });
});

describe("the after-visit summary in Spanish", () => {
  it("frames the physician's text in Spanish, with dates in Spanish in the patient's zone and the handout's Spanish text", () => {
    const shown = text(renderToStaticMarkup(withMessages(<AfterVisitSummaryView summary={summary} appointmentId="visit-1" credentials={session} />, "es")));
    expect(shown).toContain("Resumen de la consulta");
    expect(shown).toContain("Consulta con Dr. Maya Lee, el lunes, 4 de mayo de 2026, 10:00 a.m. EDT");
    expect(shown).toContain("Firmado el lunes, 4 de mayo de 2026, 10:40 a.m. EDT");
    expect(shown).toContain("amoxicillin 500 MG Oral Capsule, 500 mg oral, twice daily (suspendido: no lo tome)");
    expect(shown).toContain("Su próxima consulta: Follow-up visit con Dr. Lena Fischer, el lunes, 3 de agosto de 2026, 10:00 a.m. EDT.");
    expect(shown).toContain("Medicamentos conciliados el lunes, 4 de mayo de 2026, 10:05 a.m. EDT.");
    expect(shown).toContain("omeprazole 20 MG Delayed Release Oral Capsule 20 mg: suspendido: no lo tome (No more heartburn)");
    expect(shown).toContain("Materiales de su médico");
    expect(shown).toContain("Cómo medir su presión arterial en casa");
    expect(shown).toContain("Siéntese tranquilo durante 5 minutos");
    expect(shown).toContain("Descargar PDF");
    expect(shown).toContain("Imprimir");
  });
});
