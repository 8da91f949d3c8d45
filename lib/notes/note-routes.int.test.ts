import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as getNoteRoute, POST as openNoteRoute, PUT as saveNoteRoute } from "@/app/api/visits/[appointmentId]/note/route";
import { POST as addAddendumRoute } from "@/app/api/visits/[appointmentId]/note/addenda/route";
import { POST as signNoteRoute } from "@/app/api/visits/[appointmentId]/note/sign/route";
import { createChartFixture, daysAgo, grantBreakGlass } from "@/lib/chart/testing/chart-fixtures";
import { getDb } from "@/lib/db/client";
import { askingAs, routeParams, routeRequest } from "@/lib/http/testing/route-requests";
import { NOTE_REQUEST_MAX_BYTES } from "./note-rules";
import { COMPLETE_TELEHEALTH_BLOCK } from "./testing/complete-note";
import { NOTE_SECTION_MAX_CHARS } from "./note-text";

// The note routes over HTTP semantics: status codes and JSON bodies, the body
// size limit of a note save, and malformed ids; the note rules themselves are
// notes.int.test.ts's.

vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

const db = getDb();
afterAll(() => db.$disconnect());

async function visitWithDraft() {
  const fixture = await createChartFixture(db);
  const { appointmentId } = await fixture.addAppointment({ at: daysAgo(30) });
  askingAs.context = fixture.physician.context;
  const opened = await openNoteRoute(routeRequest(`/api/visits/${appointmentId}/note`, { method: "POST" }), routeParams({ appointmentId }));
  expect(opened.status).toBe(201);
  return { ...fixture, appointmentId };
}

const noteRow = (appointmentId: string) => db.consultationNote.findFirstOrThrow({ where: { visit: { appointmentId } } });

function put(appointmentId: string, init: { json?: unknown; body?: string }) {
  return saveNoteRoute(routeRequest(`/api/visits/${appointmentId}/note`, { method: "PUT", ...init }), routeParams({ appointmentId }));
}

describe("the note routes", () => {
  it("open the draft (201, then 200 with the same note), read it, save it, sign it and take addenda", async () => {
    const fixture = await createChartFixture(db);
    const { appointmentId } = await fixture.addAppointment({ at: daysAgo(30) });
    askingAs.context = fixture.physician.context;
    const read = () => getNoteRoute(routeRequest(`/api/visits/${appointmentId}/note`), routeParams({ appointmentId }));

    expect(await (await read()).json()).toEqual({ note: null });
    const opened = await openNoteRoute(routeRequest(`/api/visits/${appointmentId}/note`, { method: "POST" }), routeParams({ appointmentId }));
    expect(opened.status).toBe(201);
    expect(opened.headers.get("cache-control")).toBe("no-store");
    const { note } = await opened.json();
    expect(note).toMatchObject({ status: "DRAFT", version: 1, appointmentId, authorName: fixture.physician.name, addenda: [] });
    const again = await openNoteRoute(routeRequest(`/api/visits/${appointmentId}/note`, { method: "POST" }), routeParams({ appointmentId }));
    expect(again.status).toBe(200);
    expect((await again.json()).note.id).toBe(note.id);

    const saved = await put(appointmentId, { json: { expectedVersion: 1, plan: "Follow up in 2 weeks." } });
    expect(saved.status).toBe(200);
    expect((await saved.json()).note).toMatchObject({ version: 2, plan: "Follow up in 2 weeks." });

    // Without a check-in or a call, the draft block lacks the patient's place, the time, consent and identity.
    const incomplete = await signNoteRoute(routeRequest(`/api/visits/${appointmentId}/note/sign`, { json: { expectedVersion: 2 } }), routeParams({ appointmentId }));
    expect(incomplete.status).toBe(409);
    expect(await incomplete.json()).toMatchObject({
      code: "TELEHEALTH_BLOCK_INCOMPLETE",
      missing: expect.arrayContaining(["patientLocation.state", "physicianLocation.type", "time", "consent", "identity", "cptCode", "diagnosisCodes"]),
    });
    const details = { telehealth: COMPLETE_TELEHEALTH_BLOCK, cptCode: "98005", diagnosisCodes: ["I10", "E11.9"] };
    const stated = await put(appointmentId, { json: { expectedVersion: 2, ...details } });
    expect(stated.status).toBe(200);
    expect((await stated.json()).note).toMatchObject({ version: 3, ...details });

    const signed = await signNoteRoute(routeRequest(`/api/visits/${appointmentId}/note/sign`, { json: { expectedVersion: 3 } }), routeParams({ appointmentId }));
    expect(signed.status).toBe(200);
    expect((await signed.json()).note).toMatchObject({ status: "SIGNED", version: 4, signedByName: fixture.physician.name, signedAt: expect.any(String) });

    const addendum = await addAddendumRoute(
      routeRequest(`/api/visits/${appointmentId}/note/addenda`, { json: { body: "Potassium 4.1 mmol/L." } }),
      routeParams({ appointmentId }),
    );
    expect(addendum.status).toBe(201);
    expect((await addendum.json()).note.addenda).toEqual([
      { id: expect.any(String), authorId: fixture.physician.userId, authorName: fixture.physician.name, body: "Potassium 4.1 mmol/L.", createdAt: expect.any(String) },
    ]);
    expect((await (await read()).json()).note).toMatchObject({ status: "SIGNED", addenda: [{ body: "Potassium 4.1 mmol/L." }] });
  });

  it("answer a save of a stale version with 409 and both texts, and overwrite nothing", async () => {
    const { appointmentId } = await visitWithDraft();
    expect((await put(appointmentId, { json: { expectedVersion: 1, assessment: "Tab A: well controlled." } })).status).toBe(200);

    const conflict = await put(appointmentId, { json: { expectedVersion: 1, assessment: "Tab B: subclinical.", plan: "Tab B's plan" } });
    expect(conflict.status).toBe(409);
    const body = await conflict.json();
    expect(body).toEqual({
      error: expect.stringContaining("changed elsewhere"),
      code: "NOTE_VERSION_CONFLICT",
      expectedVersion: 1,
      current: {
        version: 2,
        status: "DRAFT",
        updatedAt: expect.any(String),
        subjective: expect.any(String),
        objective: expect.any(String),
        assessment: "Tab A: well controlled.",
        plan: expect.any(String),
        telehealth: expect.objectContaining({ modality: "VIDEO" }),
        cptCode: null,
        diagnosisCodes: [],
        handouts: [],
      },
      attempted: { assessment: "Tab B: subclinical.", plan: "Tab B's plan" },
    });
    expect(await noteRow(appointmentId)).toMatchObject({ version: 2, assessment: "Tab A: well controlled.", plan: body.current.plan });
  });

  it("refuse a 1 MB section with 413 stating the limit, and change nothing", async () => {
    const { appointmentId } = await visitWithDraft();
    const before = await noteRow(appointmentId);
    const megabyte = "x".repeat(1024 * 1024);
    const response = await put(appointmentId, { json: { expectedVersion: 1, subjective: "short", objective: megabyte } });
    expect(response.status).toBe(413);
    const body = await response.json();
    expect(body).toMatchObject({ code: "TEXT_TOO_LONG", field: "objective section", length: 1_048_576, limit: NOTE_SECTION_MAX_CHARS });
    expect(body.error).toContain("the limit is 100,000 characters");
    expect(await noteRow(appointmentId)).toEqual(before);
  });

  it("read a 200 KB save whole and store it when each section is within the limit", async () => {
    const { appointmentId } = await visitWithDraft();
    const subjective = "s".repeat(NOTE_SECTION_MAX_CHARS);
    const objective = "o".repeat(NOTE_SECTION_MAX_CHARS);
    const json = JSON.stringify({ expectedVersion: 1, subjective, objective });
    expect(json.length).toBeGreaterThan(200_000);
    const response = await put(appointmentId, { body: json });
    expect(response.status).toBe(200);
    expect((await response.json()).note).toMatchObject({ version: 2 });
    expect(await noteRow(appointmentId)).toMatchObject({ version: 2, subjective, objective });
  });

  it("refuse a body over the note limit before parsing it, and other routes' bodies over 16 KB", async () => {
    const { appointmentId } = await visitWithDraft();
    const before = await noteRow(appointmentId);
    const tooLarge = await put(appointmentId, { json: { expectedVersion: 1, plan: "p".repeat(NOTE_REQUEST_MAX_BYTES) } });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ error: "The request body is larger than the limit of 2 MB.", code: "BODY_TOO_LARGE" });

    const sign = await signNoteRoute(
      routeRequest(`/api/visits/${appointmentId}/note/sign`, { json: { expectedVersion: 1, padding: "p".repeat(20_000) } }),
      routeParams({ appointmentId }),
    );
    expect(sign.status).toBe(413);
    expect(await sign.json()).toEqual({ error: "The request body is larger than the limit of 16 KB.", code: "BODY_TOO_LARGE" });
    expect(await noteRow(appointmentId)).toEqual(before);
  });

  it("answer malformed ids, bodies and versions with 400, and a body naming another appointment too", async () => {
    const { appointmentId } = await visitWithDraft();
    const before = await noteRow(appointmentId);
    for (const badId of ["1' OR '1'='1", "a".repeat(65), "../note", ""]) {
      const params = routeParams({ appointmentId: badId });
      expect((await getNoteRoute(routeRequest("/api/visits/x/note"), params)).status).toBe(400);
      expect((await openNoteRoute(routeRequest("/api/visits/x/note", { method: "POST" }), params)).status).toBe(400);
      expect((await saveNoteRoute(routeRequest("/api/visits/x/note", { method: "PUT", json: { expectedVersion: 1, plan: "x" } }), params)).status).toBe(400);
      expect((await signNoteRoute(routeRequest("/api/visits/x/note/sign", { json: { expectedVersion: 1 } }), params)).status).toBe(400);
      expect((await addAddendumRoute(routeRequest("/api/visits/x/note/addenda", { json: { body: "x" } }), params)).status).toBe(400);
    }
    for (const body of [{ json: { expectedVersion: "1", plan: "x" } }, { json: { expectedVersion: 1 } }, { json: [1] }, { body: "{not json" }]) {
      expect((await put(appointmentId, body)).status).toBe(400);
    }
    const otherAppointment = await put(appointmentId, { json: { appointmentId: "someone-elses", expectedVersion: 1, plan: "x" } });
    expect(otherAppointment.status).toBe(400);
    expect((await otherAppointment.json()).issues).toEqual([{ path: "appointmentId", message: "The body's appointmentId is not the one in the address." }]);
    expect(await noteRow(appointmentId)).toEqual(before);
  });

  it("refuse other people with 401 or 403, and a physician outside the care relationship is offered break-glass for reading", async () => {
    const { appointmentId, otherPhysician, patient } = await visitWithDraft();
    const before = await noteRow(appointmentId);
    askingAs.context = { actor: { kind: "anonymous" }, ip: null, userAgent: null };
    expect((await put(appointmentId, { json: { expectedVersion: 1, plan: "anonymous" } })).status).toBe(401);
    for (const outsider of [otherPhysician.context, patient.context]) {
      askingAs.context = outsider;
      expect((await put(appointmentId, { json: { expectedVersion: 1, plan: "outsider" } })).status).toBe(403);
    }
    expect(await noteRow(appointmentId)).toEqual(before);

    askingAs.context = otherPhysician.context;
    const read = () => getNoteRoute(routeRequest(`/api/visits/${appointmentId}/note`), routeParams({ appointmentId }));
    const refused = await read();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ breakGlassAvailable: true });
    // Through break-glass the note opens, but a draft stays its author's.
    await grantBreakGlass(db, otherPhysician.userId, patient.patientId);
    const throughBreakGlass = await read();
    expect(throughBreakGlass.status).toBe(200);
    expect(await throughBreakGlass.json()).toEqual({ note: null });
    expect(before.status).toBe("DRAFT");
  });
});
