import { afterAll, describe, expect, it, vi } from "vitest";
import { POST as uploadRoute } from "@/app/api/uploads/[appointmentId]/route";
import { DELETE as deleteUploadRoute, GET as readUploadRoute } from "@/app/api/uploads/[appointmentId]/[uploadId]/route";
import { getDb } from "@/lib/db/client";
import { askingAs, routeParams } from "@/lib/http/testing/route-requests";
import { auditRows } from "@/lib/visits/testing/visits";
import { createIntakeVisit } from "./testing/intake-visit";
import { HTML_PRETENDING_TO_BE_JPEG, solidPng } from "./testing/images";
import { UPLOAD_MAX_BYTES } from "./uploads";

// Check-in photos over the routes against PostgreSQL: content decides what a
// file is, limits hold, refusals store nothing, and only the visit's
// physician sees a photo, each view audited.

vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

const db = getDb();
afterAll(() => db.$disconnect());

function upload(appointmentId: string, kind: string, body: Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  const request = new Request(`http://localhost/api/uploads/${appointmentId}?kind=${kind}`, {
    method: "POST",
    body: body as BodyInit,
    headers: { "content-type": "application/octet-stream", ...headers },
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  return uploadRoute(request, routeParams({ appointmentId }));
}

function view(appointmentId: string, uploadId: string) {
  return readUploadRoute(new Request(`http://localhost/api/uploads/${appointmentId}/${uploadId}`), routeParams({ appointmentId, uploadId }));
}

const stored = (appointmentId: string) => db.visitUpload.count({ where: { appointmentId } });

describe("check-in photos", () => {
  it("are stored with the type their content shows, and served to the visit's physician inline, unsniffed and uncached", async () => {
    const visit = await createIntakeVisit(db);
    askingAs.context = visit.visitLink;
    const png = solidPng(4, 3, [200, 30, 30]);
    const response = await upload(visit.appointmentId, "CONDITION_PHOTO", png, { "content-type": "application/octet-stream" });
    expect(response.status).toBe(201);
    const { upload: saved } = await response.json();
    expect(saved).toEqual({ id: expect.any(String), kind: "CONDITION_PHOTO", contentType: "image/png", byteSize: png.length, createdAt: expect.any(String) });

    askingAs.context = visit.physician.context;
    const shown = await view(visit.appointmentId, saved.id);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("content-type")).toBe("image/png");
    expect(shown.headers.get("content-disposition")).toBe("inline");
    expect(shown.headers.get("x-content-type-options")).toBe("nosniff");
    expect(shown.headers.get("cache-control")).toBe("no-store, private");
    expect(Buffer.from(await shown.arrayBuffer()).equals(png)).toBe(true);
    const views = (await auditRows(db, visit.patient.patientId)).filter((row) => row.action === "intake.photo.read");
    expect(views).toEqual([expect.objectContaining({ actorId: visit.physician.userId, outcome: "ALLOWED", reason: `upload ${saved.id}` })]);
  });

  it("refuse a non-image named and declared a JPEG, an oversized file (by length or by bytes), a fourth condition photo and a second ID photo, storing nothing", async () => {
    const visit = await createIntakeVisit(db);
    askingAs.context = visit.patient.context;
    const notAnImage = await upload(visit.appointmentId, "CONDITION_PHOTO", HTML_PRETENDING_TO_BE_JPEG, { "content-disposition": 'attachment; filename="rash.jpg"' });
    expect(notAnImage.status).toBe(415);
    expect(await notAnImage.json()).toMatchObject({ code: "NOT_AN_IMAGE", error: expect.stringContaining("JPEG, PNG, WebP or HEIC") });

    const declaredTooBig = await upload(visit.appointmentId, "CONDITION_PHOTO", new Uint8Array(8), { "content-length": String(UPLOAD_MAX_BYTES + 1) });
    expect(declaredTooBig.status).toBe(413);
    expect(await declaredTooBig.json()).toMatchObject({ code: "FILE_TOO_LARGE", error: "A photo can be at most 5 MB." });
    // Sent without a length: refused once the bytes pass the limit.
    const big = solidPng(1, 1, [0, 0, 0]);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(big);
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    expect((await upload(visit.appointmentId, "CONDITION_PHOTO", stream)).status).toBe(413);
    expect(await stored(visit.appointmentId)).toBe(0);

    for (const colour of [1, 2, 3]) {
      expect((await upload(visit.appointmentId, "CONDITION_PHOTO", solidPng(2, 2, [colour, 0, 0]))).status).toBe(201);
    }
    const fourth = await upload(visit.appointmentId, "CONDITION_PHOTO", solidPng(2, 2, [4, 0, 0]));
    expect(fourth.status).toBe(409);
    expect(await fourth.json()).toMatchObject({ code: "TOO_MANY_PHOTOS", error: "At most 3 photos can be sent for a visit." });
    expect((await upload(visit.appointmentId, "ID_PHOTO", solidPng(2, 2, [9, 9, 9]))).status).toBe(201);
    expect((await upload(visit.appointmentId, "ID_PHOTO", solidPng(2, 2, [9, 9, 8]))).status).toBe(409);
    expect((await upload(visit.appointmentId, "SELFIE", solidPng(2, 2, [9, 9, 8]))).status).toBe(400);
    expect(await stored(visit.appointmentId)).toBe(4);
  });

  it("hold the limit when photos arrive together", async () => {
    const visit = await createIntakeVisit(db);
    askingAs.context = visit.patient.context;
    const statuses = await Promise.all([1, 2, 3, 4, 5].map((n) => upload(visit.appointmentId, "CONDITION_PHOTO", solidPng(2, 2, [n, n, n])).then((r) => r.status)));
    expect(statuses.sort()).toEqual([201, 201, 201, 409, 409]);
    expect(await stored(visit.appointmentId)).toBe(3);
  });

  it("are sent only by the visit's patient, and seen only by its physician: the ID photo not by staff, not even the patient", async () => {
    const visit = await createIntakeVisit(db);
    const other = await createIntakeVisit(db);
    for (const context of [visit.otherPatient.context, other.visitLink, visit.physician.context, visit.scheduler, visit.admin]) {
      askingAs.context = context;
      expect([401, 403]).toContain((await upload(visit.appointmentId, "CONDITION_PHOTO", solidPng(2, 2, [1, 1, 1]))).status);
    }
    expect(await stored(visit.appointmentId)).toBe(0);

    askingAs.context = visit.visitLink;
    const condition = (await (await upload(visit.appointmentId, "CONDITION_PHOTO", solidPng(2, 2, [1, 2, 3]))).json()).upload;
    const id = (await (await upload(visit.appointmentId, "ID_PHOTO", solidPng(2, 2, [3, 2, 1]))).json()).upload;
    for (const context of [visit.patient.context, visit.visitLink, visit.otherPhysician.context, visit.scheduler, visit.admin]) {
      askingAs.context = context;
      expect((await view(visit.appointmentId, condition.id)).status).toBe(403);
      expect((await view(visit.appointmentId, id.id)).status).toBe(403);
    }
    askingAs.context = visit.physician.context;
    expect((await view(visit.appointmentId, id.id)).status).toBe(200);
    // Another visit's photo, asked for through this visit: not found.
    expect((await view(other.appointmentId, id.id)).status).toBe(403);
    expect((await view(visit.appointmentId, "no-such-upload")).status).toBe(404);
    const idRows = (await auditRows(db, visit.patient.patientId)).filter((row) => row.action === "intake.idPhoto.read");
    expect(idRows.map((row) => [row.outcome, row.reason])).toEqual([
      ...Array(5).fill(["DENIED", expect.any(String)]),
      ["ALLOWED", `upload ${id.id}`],
    ]);
  });

  it("are taken back by the patient, and by nobody else", async () => {
    const visit = await createIntakeVisit(db);
    askingAs.context = visit.patient.context;
    const saved = (await (await upload(visit.appointmentId, "CONDITION_PHOTO", solidPng(2, 2, [1, 2, 3]))).json()).upload;
    const remove = () =>
      deleteUploadRoute(new Request(`http://localhost/api/uploads/${visit.appointmentId}/${saved.id}`, { method: "DELETE" }), routeParams({ appointmentId: visit.appointmentId, uploadId: saved.id }));
    askingAs.context = visit.physician.context;
    expect((await remove()).status).toBe(403);
    expect(await stored(visit.appointmentId)).toBe(1);
    askingAs.context = visit.visitLink;
    expect((await remove()).status).toBe(204);
    expect((await remove()).status).toBe(404);
    expect(await stored(visit.appointmentId)).toBe(0);
  });
});
