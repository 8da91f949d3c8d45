import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { withMessages } from "@/lib/i18n/testing/messages";
import type { AfterVisitSummaryWithFollowUp } from "@/lib/notes/after-visit-summary";
import { AfterVisitSummaryView } from "./AfterVisitSummaryView";

const summary: AfterVisitSummaryWithFollowUp = {
  plan: "- Start lisinopril 10 mg once daily.\n- Follow up by video in 3 months. <script>alert(1)</script>",
  signedAt: new Date("2026-05-04T14:40:00Z"),
  prescriptions: [
    { drugName: "lisinopril 10 MG Oral Tablet", dose: "10 mg", route: "oral", frequency: "once daily", instructions: "Take in the morning.", status: "ACTIVE" },
    { drugName: "amoxicillin 500 MG Oral Capsule", dose: "500 mg", route: "oral", frequency: "twice daily", instructions: null, status: "DISCONTINUED" },
  ],
  followUp: {
    instructions: ["Follow up by video in 3 months. <script>alert(1)</script>"],
    nextVisit: { appointmentId: "next", startsAt: new Date("2026-08-03T14:00:00Z"), physicianName: "Dr. Lena Fischer", visitTypeName: "Follow-up visit" },
  },
};

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("the after-visit summary", () => {
  it("shows the plan, the prescriptions (a stopped one says so) and the follow-up with the next visit, all as text", () => {
    const html = renderToStaticMarkup(withMessages(<AfterVisitSummaryView summary={summary} timeZone="America/New_York" />));
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    const shown = text(html);
    expect(shown).toContain("Signed Monday, May 4, 2026 at 10:40 AM EDT");
    expect(shown).toContain("lisinopril 10 MG Oral Tablet, 10 mg oral, once daily — Take in the morning.");
    expect(shown).toContain("amoxicillin 500 MG Oral Capsule, 500 mg oral, twice daily (stopped: do not take)");
    expect(shown).toContain("Follow-up");
    expect(shown).toContain("Your next visit: Follow-up visit with Dr. Lena Fischer, Monday, August 3, 2026 at 10:00 AM EDT.");
  });

  it("says when no follow-up visit is booked, and what to expect before the note is signed", () => {
    const unbooked = renderToStaticMarkup(withMessages(<AfterVisitSummaryView summary={{ ...summary, followUp: { instructions: [], nextVisit: null } }} timeZone="America/New_York" />));
    expect(text(unbooked)).toContain("No follow-up visit is booked yet.");
    expect(text(renderToStaticMarkup(withMessages(<AfterVisitSummaryView summary={null} timeZone="America/New_York" />)))).toContain(
      "Your summary appears here once your physician has signed the visit note.",
    );
  });
});

describe("the after-visit summary in Spanish", () => {
  it("frames the physician's text in Spanish, with dates in Spanish in the patient's zone", () => {
    const shown = text(renderToStaticMarkup(withMessages(<AfterVisitSummaryView summary={summary} timeZone="America/New_York" />, "es")));
    expect(shown).toContain("Resumen de la consulta");
    expect(shown).toContain("Firmado el lunes, 4 de mayo de 2026, 10:40 a.m. EDT");
    expect(shown).toContain("amoxicillin 500 MG Oral Capsule, 500 mg oral, twice daily (suspendido: no lo tome)");
    expect(shown).toContain("Su próxima consulta: Follow-up visit con Dr. Lena Fischer, el lunes, 3 de agosto de 2026, 10:00 a.m. EDT.");
  });
});
