import { describe, expect, it } from "vitest";
import { createLogger, REDACTED } from "./log";
import { runWithRequestContext } from "./request-context";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe("the log", () => {
  it("writes one JSON object per line with a level name, an ISO time and the message", () => {
    const { logger, lines } = capture();
    logger.info({ appointmentId: "cm0appointment" }, "booked");
    expect(lines).toEqual([expect.objectContaining({ level: "info", msg: "booked", appointmentId: "cm0appointment" })]);
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time);
  });

  it("puts the request's id on every line written while the request is handled", async () => {
    const { logger, lines } = capture();
    await runWithRequestContext({ requestId: "request-0002" }, async () => {
      logger.info("first");
      await Promise.resolve();
      logger.warn("second");
    });
    logger.info("outside");
    expect(lines.map((line) => line.requestId)).toEqual(["request-0002", "request-0002", undefined]);
  });

  it("redacts patient data and secrets under the keys that would hold them, at the top and one level down", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        patientId: "cm0patient",
        name: "Alex Morgan",
        email: "alex.morgan@demo.clinic",
        mrn: "MRN-000001",
        dateOfBirth: "1980-02-14",
        patient: { id: "cm0patient", givenName: "Alex", familyName: "Morgan", phone: "+1 555 0100", address: "1 Main St" },
        note: { text: "Chest pain since Tuesday" },
        headers: { cookie: "session=secret", authorization: "Bearer secret" },
      },
      "checked in",
    );
    const text = JSON.stringify(lines);
    for (const leaked of ["Alex", "Morgan", "alex.morgan@demo.clinic", "MRN-000001", "1980-02-14", "555 0100", "Main St", "Chest pain", "secret"]) {
      expect(text).not.toContain(leaked);
    }
    expect(lines[0]).toMatchObject({ patientId: "cm0patient", name: REDACTED, patient: { id: "cm0patient", givenName: REDACTED }, note: { text: REDACTED } });
  });

  it("logs an error with its type, message and stack", () => {
    const { logger, lines } = capture();
    logger.error({ err: new TypeError("boom") }, "failed");
    expect(lines[0]).toMatchObject({ level: "error", err: { type: "TypeError", message: "boom", stack: expect.stringContaining("TypeError: boom") } });
  });
});
