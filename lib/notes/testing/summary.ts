import type { AfterVisitSummaryWithFollowUp } from "../after-visit-summary";

// An after-visit summary as the server gives it, for the tests of its page,
// its printout and its PDF: a plan with a follow-up line and hostile text, a
// prescription with instructions and a stopped one, an accepted recommendation, a medication reconciliation
// with a stop, a booked next visit and a handout, for a patient whose name needs an accent.

export function sampleSummary(overrides: Partial<AfterVisitSummaryWithFollowUp> = {}): AfterVisitSummaryWithFollowUp {
  return {
    plan: "- Start lisinopril 10 mg once daily.\n- Follow up by video in 3 months. <script>alert(1)</script>",
    signedAt: new Date("2026-05-04T14:40:00Z"),
    prescriptions: [
      { drugName: "lisinopril 10 MG Oral Tablet", dose: "10 mg", route: "oral", frequency: "once daily", instructions: "Take in the morning.", status: "ACTIVE" },
      { drugName: "amoxicillin 500 MG Oral Capsule", dose: "500 mg", route: "oral", frequency: "twice daily", instructions: null, status: "DISCONTINUED" },
    ],
    labOrders: [{ panelName: "BMP", status: "PENDING" }],
    handouts: ["home-blood-pressure"],
    recommendations: ["uspstf-colorectal-cancer-screening"],
    chat: [],
    reconciliation: {
      recordedAt: new Date("2026-05-04T14:05:00Z"),
      items: [
        { name: "simvastatin 20 MG Oral Tablet", dose: "20 mg", status: "TAKING", reason: null },
        { name: "omeprazole 20 MG Delayed Release Oral Capsule", dose: "20 mg", status: "STOPPED", reason: "No more heartburn" },
      ],
    },
    visit: {
      clinicName: "Riverside Telemedicine",
      patientName: "Lucía Muñoz",
      physicianName: "Dr. Maya Lee",
      startsAt: new Date("2026-05-04T14:00:00Z"),
      patientTimeZone: "America/New_York",
    },
    followUp: {
      instructions: ["Follow up by video in 3 months. <script>alert(1)</script>"],
      nextVisit: { appointmentId: "next", startsAt: new Date("2026-08-03T14:00:00Z"), physicianName: "Dr. Lena Fischer", visitTypeName: "Follow-up visit" },
    },
    ...overrides,
  };
}
