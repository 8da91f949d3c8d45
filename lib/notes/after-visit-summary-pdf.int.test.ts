import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as summaryPdfRoute } from "@/app/api/visits/[appointmentId]/summary/pdf/route";
import type { RequestContext } from "@/lib/auth/access";
import { issueVisitLink, resolveVisitLink } from "@/lib/auth/links/visit-links";
import { auditRowsOf, contextOf, createChartFixture, daysAgo, prescribeLisinopril } from "@/lib/chart/testing/chart-fixtures";
import { getDb } from "@/lib/db/client";
import { askingAs, routeParams, routeRequest } from "@/lib/http/testing/route-requests";
import { readPdf } from "@/lib/pdf/testing/pdf-text";
import { localDateOf } from "@/lib/scheduling/zoned-time";
import { openDraftNote, saveNote, signNote } from "./notes";
import { completeNoteForSigning } from "./testing/complete-note";

// GET /api/visits/[appointmentId]/summary/pdf as Next calls it: who gets the
// PDF (the patient by session or visit link, the visit's physician) and who
// is refused (another patient, another physician, the desk), each audited as
// "visit.summary.read"; nothing is made before the note is signed; and the
// PDF is in the language the patient's pages are in.

vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

const db = getDb();
afterAll(() => db.$disconnect());

const PLAN = "- Empiece lisinopril 10 mg una vez al día.\n- ¿Mareos? Llame a la enfermera Muñoz.\n- Follow up by video in 3 months.";

/** A visit of Lucía's whose note is signed with a prescription and a handout; `signed: false` leaves it a draft. */
async function visitWithSummary({ signed = true, preferredLanguage = null as string | null } = {}) {
  const fixture = await createChartFixture(db);
  const { physician, patient } = fixture;
  await db.patient.update({ where: { id: patient.patientId }, data: { givenName: "Lucía", preferredLanguage } });
  const { appointmentId, startsAt } = await fixture.addAppointment({ at: daysAgo(3) });
  await openDraftNote(db, physician.context, { appointmentId });
  await prescribeLisinopril(db, fixture, appointmentId, "Tome 1 tableta por la mañana.");
  await saveNote(db, physician.context, { appointmentId, expectedVersion: 1, plan: PLAN, handouts: ["home-blood-pressure"] });
  if (signed) {
    await completeNoteForSigning(db, appointmentId);
    await signNote(db, physician.context, { appointmentId, expectedVersion: 2 });
  }
  const { timeZone } = await db.patient.findUniqueOrThrow({ where: { id: patient.patientId }, select: { timeZone: true } });
  return { ...fixture, appointmentId, day: localDateOf(startsAt, timeZone) };
}

async function visitLinkContext(appointmentId: string): Promise<RequestContext> {
  const resolved = await resolveVisitLink(db, (await issueVisitLink(db, appointmentId)).token);
  if (!("actor" in resolved)) throw new Error("The visit link should work.");
  return contextOf(resolved.actor);
}

function download(context: RequestContext, appointmentId: string, headers: Record<string, string> = {}) {
  askingAs.context = context;
  return summaryPdfRoute(routeRequest(`/api/visits/${appointmentId}/summary/pdf`, { headers }), routeParams({ appointmentId }));
}

const summaryReads = async (patientId: string) => (await auditRowsOf(db, patientId)).filter((row) => row.action === "visit.summary.read");

describe("the after-visit summary's PDF", () => {
  it("is the patient's, by session or by their visit link, and their physician's: a PDF attachment, not kept, read back with the summary", async () => {
    const { patient, physician, appointmentId, day } = await visitWithSummary();
    for (const context of [patient.context, await visitLinkContext(appointmentId), physician.context]) {
      const response = await download(context, appointmentId);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="after-visit-summary-${day}.pdf"`);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("content-language")).toBe("en");
      const read = await readPdf(new Uint8Array(await response.arrayBuffer()));
      expect(read.text).toContain("Patient: Lucía Morgan-");
      expect(read.text).toContain(`Visit with ${physician.name}, `);
      expect(read.text).toContain("Plan\n- Empiece lisinopril 10 mg una vez al día.\n- ¿Mareos? Llame a la enfermera Muñoz.");
      expect(read.text).toContain("lisinopril 10 MG Oral Tablet, 10 mg oral, once daily — Tome 1 tableta por la mañana.");
      expect(read.text).toContain("Follow-up\nFollow up by video in 3 months.\nNo follow-up visit is booked yet.");
      expect(read.text).toContain("Handout: Measuring your blood pressure at home");
    }
    expect((await summaryReads(patient.patientId)).map((row) => row.outcome)).toEqual(["ALLOWED", "ALLOWED", "ALLOWED"]);
  });

  it("is refused, and the refusal audited, to another patient, another physician, the desk and another visit's link", async () => {
    const fixture = await visitWithSummary();
    const { patient, otherPatient, otherPhysician, scheduler, appointmentId } = fixture;
    const elsewhere = await fixture.addAppointment({ at: daysAgo(10) });
    // Another visit's link answers as a link that does not work (401): it tells nothing about this visit.
    const refusals: Array<[RequestContext, number]> = [
      [otherPatient.context, 403],
      [otherPhysician.context, 403],
      [scheduler, 403],
      [await visitLinkContext(elsewhere.appointmentId), 401],
    ];
    for (const [context, status] of refusals) {
      const response = await download(context, appointmentId);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toMatchObject({ code: "ACCESS_DENIED" });
    }
    expect((await summaryReads(patient.patientId)).map((row) => [row.outcome, row.resourceId])).toEqual(
      Array.from({ length: 4 }, () => ["DENIED", appointmentId]),
    );
  });

  it("is not made before the note is signed: 409 NOTE_NOT_SIGNED, and the attempt is still audited", async () => {
    const { patient, appointmentId } = await visitWithSummary({ signed: false });
    const response = await download(patient.context, appointmentId);
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      code: "NOTE_NOT_SIGNED",
      error: "The after-visit summary is ready once the physician has signed the visit note. Nothing was generated.",
    });
    expect((await summaryReads(patient.patientId)).map((row) => row.outcome)).toEqual(["ALLOWED"]);
  });

  it("answers a malformed appointment id with 400 and an unknown one with 404", async () => {
    const { patient } = await visitWithSummary({ signed: false });
    expect((await download(patient.context, "1' OR '1'='1")).status).toBe(400);
    expect((await download(patient.context, "a".repeat(65))).status).toBe(400);
    expect((await download(patient.context, "no-such-appointment")).status).toBe(404);
  });

  it("speaks the patient's language as their pages do: their own choice, then their record, then their browser; the physician gets the record's", async () => {
    const { patient, physician, appointmentId, day } = await visitWithSummary({ preferredLanguage: "es" });
    const language = async (context: RequestContext, headers: Record<string, string> = {}) => {
      const response = await download(context, appointmentId, headers);
      return { language: response.headers.get("content-language"), file: response.headers.get("content-disposition"), read: await readPdf(new Uint8Array(await response.arrayBuffer())) };
    };

    const spanish = await language(patient.context, { "accept-language": "en-US" });
    expect(spanish.language).toBe("es");
    expect(spanish.file).toBe(`attachment; filename="resumen-de-la-consulta-${day}.pdf"`);
    expect(spanish.read).toMatchObject({ title: "Resumen de la consulta", language: "es" });
    expect(spanish.read.text).toContain("Paciente: Lucía Morgan-");
    expect(spanish.read.text).toContain("Recetas\nlisinopril 10 MG Oral Tablet, 10 mg oral, once daily — Tome 1 tableta por la mañana.");
    expect(spanish.read.text).toContain("Material informativo: Cómo medir su presión arterial en casa\nSiéntese tranquilo");
    expect(spanish.read.text).toMatch(/Consulta con .+, el (lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d+ de [a-z]+ de \d{4}/);

    // The switcher's choice wins over the record, for the patient's own copy only.
    expect((await language(patient.context, { cookie: "clinic-locale=en" })).language).toBe("en");
    expect((await language(await visitLinkContext(appointmentId), { cookie: "clinic-locale=en" })).language).toBe("en");
    expect((await language(physician.context, { cookie: "clinic-locale=en", "accept-language": "en-US" })).language).toBe("es");

    await db.patient.update({ where: { id: patient.patientId }, data: { preferredLanguage: null } });
    expect((await language(patient.context, { "accept-language": "es-MX,es;q=0.9" })).language).toBe("es");
    expect((await language(patient.context)).language).toBe("en");
  });
});
