import { describe, expect, it } from "vitest";
import { recordId, recordIdOf } from "./ids";

describe("record ids", () => {
  it("accept cuid- and uuid-like ids only", () => {
    for (const id of ["cm9x1y2z30000abcd1234efgh", "3f2b8c1e-9a4d-4f6e-8b7a-1c2d3e4f5a6b", "visit_matrix-1"]) expect(recordId.parse(id)).toBe(id);
    for (const id of ["", "a".repeat(65), "1' OR '1'='1", "../x", " padded ", "x\u0000"]) expect(recordId.safeParse(id).success).toBe(false);
  });

  it("name what the id is of in a form's messages", () => {
    const patient = recordIdOf("patient");
    expect(patient.safeParse("").error?.issues[0]?.message).toBe("Give the patient.");
    expect(patient.safeParse(undefined).error?.issues[0]?.message).toBe("Give the patient.");
    expect(patient.safeParse("not an id").error?.issues[0]?.message).toBe("That is not a patient.");
    expect(recordIdOf("appointment").safeParse("x".repeat(65)).error?.issues[0]?.message).toBe("That is not an appointment.");
    expect(patient.parse("cm9x1y2z30000abcd1234efgh")).toBe("cm9x1y2z30000abcd1234efgh");
  });
});
