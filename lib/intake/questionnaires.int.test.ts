import { afterAll, describe, expect, it, vi } from "vitest";
import { POST as publishRoute } from "@/app/api/admin/intake/[visitTypeId]/route";
import { getDb } from "@/lib/db/client";
import { DEMO_INTAKE_QUESTIONS } from "@/lib/db/seed/intake-questionnaire";
import { askingAs, routeParams, routeRequest } from "@/lib/http/testing/route-requests";
import { getIntake, saveIntakeAnswers } from "./intake";
import { listQuestionnaires } from "./questionnaires";
import { createIntakeVisit } from "./testing/intake-visit";

// Publishing a visit type's questionnaire: a new version each time, for
// administrators only, checked whole; check-ins already answered keep theirs.

vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

const db = getDb();
afterAll(() => db.$disconnect());

function publish(visitTypeId: string, json: unknown) {
  return publishRoute(routeRequest(`/api/admin/intake/${visitTypeId}`, { json }), routeParams({ visitTypeId }));
}

describe("publishing a questionnaire", () => {
  it("makes a new version for new check-ins; a check-in already answered keeps the version it answered", async () => {
    const visit = await createIntakeVisit(db);
    await saveIntakeAnswers(db, visit.patient.context, { appointmentId: visit.appointmentId, answers: { reason: "Cough" }, complete: false });
    askingAs.context = visit.admin;
    const shorter = DEMO_INTAKE_QUESTIONS.slice(0, 2);
    const response = await publish(visit.visitTypeId, { basedOnVersion: 1, questions: shorter });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ version: 2 });
    const listed = (await listQuestionnaires(db, visit.admin)).find((each) => each.visitTypeId === visit.visitTypeId);
    expect(listed?.current).toMatchObject({ version: 2, questions: shorter });
    expect((await getIntake(db, visit.patient.context, visit.appointmentId)).questionnaire).toMatchObject({ version: 1 });
  });

  it("refuses an invalid questionnaire naming the question, a stale version, and anyone but an administrator; nothing is published", async () => {
    const visit = await createIntakeVisit(db);
    askingAs.context = visit.admin;
    const hostile = [{ ...DEMO_INTAKE_QUESTIONS[0]!, label: { en: "<b>Reason</b>", es: "Motivo" } }];
    const invalid = await publish(visit.visitTypeId, { basedOnVersion: 1, questions: hostile });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).issues).toEqual([{ path: "questions.0.label.en", message: "must not contain “<” or control characters" }]);
    const stale = await publish(visit.visitTypeId, { basedOnVersion: 0, questions: DEMO_INTAKE_QUESTIONS });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: "STALE_VERSION" });
    for (const context of [visit.scheduler, visit.physician.context, visit.patient.context]) {
      askingAs.context = context;
      expect((await publish(visit.visitTypeId, { basedOnVersion: 1, questions: DEMO_INTAKE_QUESTIONS })).status).toBe(403);
    }
    expect(await db.intakeQuestionnaire.count({ where: { visitTypeId: visit.visitTypeId } })).toBe(1);
  });
});
