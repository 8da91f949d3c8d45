import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as getIntakeRoute, PUT as saveIntakeRoute } from "@/app/api/visits/[appointmentId]/intake/route";
import { POST as verifyIdentityRoute } from "@/app/api/visits/[appointmentId]/intake/identity/route";
import { getDb } from "@/lib/db/client";
import { askingAs, routeParams, routeRequest } from "@/lib/http/testing/route-requests";
import { auditRows, contextOf } from "@/lib/visits/testing/visits";
import { getIntake, saveIntakeAnswers, verifyIdentity } from "./intake";
import { createIntakeVisit } from "./testing/intake-visit";

// The intake answers and the identity attestation against PostgreSQL: what is
// stored, what is refused (storing nothing, audited), and who may do which.

vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

const db = getDb();
afterAll(() => db.$disconnect());

const checkInOf = (appointmentId: string) => db.visitCheckIn.findUnique({ where: { appointmentId } });

function put(appointmentId: string, json: unknown) {
  return saveIntakeRoute(routeRequest(`/api/visits/${appointmentId}/intake`, { method: "PUT", json }), routeParams({ appointmentId }));
}

describe("intake answers", () => {
  it("are saved as the patient goes, resumed, and completed once every required question is answered", async () => {
    const visit = await createIntakeVisit(db);
    const partial = { reason: "Sugar readings high", glucose: 212 };
    const saved = await saveIntakeAnswers(db, visit.visitLink, { appointmentId: visit.appointmentId, answers: partial, complete: false });
    expect(saved).toMatchObject({ answers: partial, completedAt: null, questionnaire: { id: visit.questionnaireId, version: 1 } });
    expect(await checkInOf(visit.appointmentId)).toMatchObject({
      patientId: visit.patient.patientId,
      intakeQuestionnaireId: visit.questionnaireId,
      intakeAnswers: partial,
      intakeCompletedAt: null,
      state: null,
      telehealthConsentId: null,
    });

    // Resumed in the portal: the same answers come back.
    expect((await getIntake(db, visit.patient.context, visit.appointmentId)).answers).toEqual(partial);

    await expect(
      saveIntakeAnswers(db, visit.patient.context, { appointmentId: visit.appointmentId, answers: partial, complete: true }),
    ).rejects.toMatchObject({ status: 400, issues: [{ path: "allergies", message: "“Have your allergies changed since your last visit?” needs an answer." }] });
    expect((await checkInOf(visit.appointmentId))?.intakeCompletedAt).toBeNull();

    const complete = {
      ...partial,
      allergies: { changed: false, details: "" },
      medications: [{ medicationId: visit.medicationId, response: "notTaking", note: "ran out" }],
    };
    const done = await saveIntakeAnswers(db, visit.patient.context, { appointmentId: visit.appointmentId, answers: complete, complete: true });
    expect(done.completedAt).toBeInstanceOf(Date);
    expect(done.answersText).toContain("- Are you taking your current medications?: \n  - Metformin 500 mg: not taking (ran out)");

    // The physician reads the same answers.
    const physicianView = await getIntake(db, visit.physician.context, visit.appointmentId);
    expect(physicianView.answers).toEqual(complete);
    expect(physicianView.medications).toEqual([{ id: visit.medicationId, name: "Metformin", dose: "500 mg", frequency: "twice daily" }]);
  });

  it("that do not fit are refused with a 400 naming the question, and nothing is stored", async () => {
    const visit = await createIntakeVisit(db);
    askingAs.context = visit.patient.context;
    await put(visit.appointmentId, { answers: { reason: "Headache" }, complete: false });
    const cases: Array<[unknown, { path: string; message: string }]> = [
      [{ glucose: "high" }, { path: "glucose", message: expect.stringMatching(/^“Blood sugar measured at home”: /) }],
      [{ glucose: 9000 }, { path: "glucose", message: "“Blood sugar measured at home”: must be at most 600 mg/dL" }],
      [{ reason: "<script>alert(1)</script>" }, { path: "reason", message: "“What is the main reason for your visit today?”: must not contain “<” or control characters" }],
      [{ reason: "a".repeat(4001) }, { path: "reason", message: "“What is the main reason for your visit today?”: at most 4000 characters" }],
      [{ shoeSize: 44 }, { path: "shoeSize", message: "There is no question “shoeSize” in this check-in." }],
      [{ medications: [{ medicationId: "another-patients-medication", response: "taking" }] }, { path: "medications.0.medicationId", message: "“Are you taking your current medications?”: is not one of your current medications" }],
    ];
    for (const [answers, issue] of cases) {
      const response = await put(visit.appointmentId, { answers, complete: false });
      expect(response.status, JSON.stringify(answers).slice(0, 60)).toBe(400);
      expect(await response.json()).toEqual({ error: "The request is not valid.", code: "INVALID_REQUEST", issues: [issue] });
    }
    expect((await checkInOf(visit.appointmentId))?.intakeAnswers).toEqual({ reason: "Headache" });
    expect((await put(visit.appointmentId, { answers: [], complete: false })).status).toBe(400);
    expect((await put(visit.appointmentId, { answers: {}, complete: "yes" })).status).toBe(400);
    expect((await put("not an id!", { answers: {}, complete: false })).status).toBe(400);
  });

  it("are the visit's patient's to write: another patient, the physician, a colleague, a scheduler and an admin are refused and audited", async () => {
    const visit = await createIntakeVisit(db);
    const other = await createIntakeVisit(db);
    const input = { appointmentId: visit.appointmentId, answers: { reason: "Not mine" }, complete: false };
    for (const context of [visit.otherPatient.context, other.visitLink, visit.physician.context, visit.otherPhysician.context, visit.scheduler, visit.admin]) {
      await expect(saveIntakeAnswers(db, context, input)).rejects.toMatchObject({ status: expect.any(Number) });
    }
    // Another visit's link is answered as a link that does not work.
    await expect(saveIntakeAnswers(db, other.visitLink, input)).rejects.toMatchObject({ status: 401 });
    await expect(saveIntakeAnswers(db, visit.otherPatient.context, input)).rejects.toMatchObject({ status: 403 });
    expect(await checkInOf(visit.appointmentId)).toBeNull();
    const denied = (await auditRows(db, visit.patient.patientId)).filter((row) => row.action === "intake.write");
    expect(denied.map((row) => row.outcome)).toEqual(Array(8).fill("DENIED"));

    // Reading: the visit's physician and patient only.
    for (const context of [visit.otherPatient.context, visit.otherPhysician.context, visit.scheduler, visit.admin]) {
      await expect(getIntake(db, context, visit.appointmentId)).rejects.toMatchObject({ status: 403 });
    }
    askingAs.context = visit.scheduler;
    expect((await getIntakeRoute(routeRequest(`/api/visits/${visit.appointmentId}/intake`), routeParams({ appointmentId: visit.appointmentId }))).status).toBe(403);
    askingAs.context = visit.physician.context;
    expect((await getIntakeRoute(routeRequest(`/api/visits/missing/intake`), routeParams({ appointmentId: "missing" }))).status).toBe(404);
  });

  it("are not changed once the visit is over", async () => {
    const visit = await createIntakeVisit(db, { status: "COMPLETED", startsInMinutes: -90 });
    await expect(
      saveIntakeAnswers(db, visit.patient.context, { appointmentId: visit.appointmentId, answers: { reason: "Late" }, complete: false }),
    ).rejects.toMatchObject({ status: 409, code: "VISIT_OVER" });
    expect(await checkInOf(visit.appointmentId)).toBeNull();
  });
});

describe("identity attestation", () => {
  it("is the visit's physician's, recorded once with who and when, and audited", async () => {
    const visit = await createIntakeVisit(db);
    askingAs.context = visit.physician.context;
    const first = await verifyIdentityRoute(routeRequest(`/api/visits/${visit.appointmentId}/intake/identity`, { method: "POST" }), routeParams({ appointmentId: visit.appointmentId }));
    expect(first.status).toBe(200);
    const { identityVerified } = await first.json();
    expect(identityVerified).toEqual({ at: expect.any(String), byName: "Lena Fischer" });
    const again = await verifyIdentity(db, visit.physician.context, visit.appointmentId);
    expect(again?.at.toISOString()).toBe(identityVerified.at);
    expect(await checkInOf(visit.appointmentId)).toMatchObject({ identityVerifiedById: visit.physician.userId, patientId: visit.patient.patientId });

    for (const context of [visit.patient.context, visit.visitLink, visit.otherPhysician.context, visit.scheduler, visit.admin, contextOf({ kind: "anonymous" })]) {
      await expect(verifyIdentity(db, context, visit.appointmentId)).rejects.toMatchObject({ status: expect.any(Number) });
    }
    const rows = (await auditRows(db, visit.patient.patientId)).filter((row) => row.action === "identity.verify");
    expect(rows.map((row) => row.outcome)).toEqual(["ALLOWED", "ALLOWED", "DENIED", "DENIED", "DENIED", "DENIED", "DENIED", "DENIED"]);
    expect((await checkInOf(visit.appointmentId))?.identityVerifiedById).toBe(visit.physician.userId);
  });
});
