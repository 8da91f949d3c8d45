import { describe, expect, it } from "vitest";
import { NOTE_REQUEST_MAX_BYTES } from "@/lib/notes/note-rules";
import { MAX_TRANSACTION_BYTES } from "@/lib/fhir/import/transaction";
import { IMAGING_UPLOAD_BODY_BYTES } from "@/lib/imaging/types";
import { bodyCeilingOf, refusalOfOversizedBody } from "./body-limits";

const MB = 1024 * 1024;

describe("refusalOfOversizedBody", () => {
  it("refuses a declared length over the ceiling of the route's kind with 413 BODY_TOO_LARGE", () => {
    expect(refusalOfOversizedBody("/api/appointments", String(2 * MB + 1))).toMatchObject({ status: 413, code: "BODY_TOO_LARGE" });
    expect(refusalOfOversizedBody("/fhir/R4", String(20 * MB + 1))?.body()).toEqual({
      error: "The request body is larger than the limit of 20 MB.",
      code: "BODY_TOO_LARGE",
    });
    expect(refusalOfOversizedBody("/admin/users", String(MB + 1))?.status).toBe(413);
  });

  it("lets a body up to the ceiling, no body and a body without a length through to the route's own limit", () => {
    expect(refusalOfOversizedBody("/api/appointments", String(2 * MB))).toBeNull();
    expect(refusalOfOversizedBody("/sign-in", "0")).toBeNull();
    expect(refusalOfOversizedBody("/sign-in", undefined)).toBeNull();
  });

  it("holds every route's own limit: a note save through the API, a transaction Bundle through FHIR", () => {
    expect(bodyCeilingOf("/api/visits/x/note")).toBeGreaterThanOrEqual(NOTE_REQUEST_MAX_BYTES);
    expect(bodyCeilingOf("/fhir/R4")).toBeGreaterThanOrEqual(MAX_TRANSACTION_BYTES);
    expect(bodyCeilingOf("/fhir/R4")).toBeGreaterThan(bodyCeilingOf("/api/appointments"));
  });

  it("lets a study upload through to its own limit, on its one route only", () => {
    expect(bodyCeilingOf("/api/patients/p1/imaging/studies")).toBe(IMAGING_UPLOAD_BODY_BYTES);
    expect(refusalOfOversizedBody("/api/patients/p1/imaging/studies", String(IMAGING_UPLOAD_BODY_BYTES + 1))?.status).toBe(413);
    expect(bodyCeilingOf("/api/patients/p1/imaging/studies/1.2.3")).toBe(2 * MB);
    expect(bodyCeilingOf("/api/patients/p1/notes")).toBe(2 * MB);
  });
});
