import { describe, expect, it } from "vitest";
import { AUDIT_CSV_HEADER, auditCsvRecord, auditFiltersInput, auditPageInput, csvField, csvRecord, type AuditEventRow } from "./search";

describe("auditFiltersInput", () => {
  it("treats blank fields as no filter", () => {
    expect(auditFiltersInput.parse({ patientId: "", actor: "  ", action: "", outcome: "", from: "", to: "" })).toEqual({
      breakGlass: false,
    });
  });

  it("reads instants with their offset, the outcome and the break-glass switch", () => {
    expect(
      auditFiltersInput.parse({
        action: " chart. ",
        outcome: "DENIED",
        from: "2026-11-28T23:00:00.000Z",
        to: "2026-11-29T23:00:00+01:00",
        breakGlass: "true",
      }),
    ).toEqual({
      action: "chart.",
      outcome: "DENIED",
      from: new Date("2026-11-28T23:00:00.000Z"),
      to: new Date("2026-11-29T22:00:00.000Z"),
      breakGlass: true,
    });
  });

  it.each([
    [{ from: "2026-11-29" }, "from"],
    [{ outcome: "MAYBE" }, "outcome"],
    [{ action: "chart.read%" }, "action"],
    [{ patientId: "x".repeat(65) }, "patientId"],
    [{ from: "2026-11-29T00:00:00Z", to: "2026-11-28T00:00:00Z" }, "to"],
    [{ breakGlass: "yes" }, "breakGlass"],
  ])("refuses %j with a message on %s", (input, field) => {
    const result = auditFiltersInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
    expect(result.error?.issues[0]?.message).not.toMatch(/^Invalid input/);
  });
});

describe("csvField", () => {
  it("leaves plain text alone and writes null as an empty field", () => {
    expect(csvField("chart.read")).toBe("chart.read");
    expect(csvField("")).toBe("");
    expect(csvField(null)).toBe("");
  });

  it("quotes fields with commas, quotes or line breaks, doubling the quotes (RFC 4180)", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
  });

  it.each(["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])(
    "defuses %j so a spreadsheet shows it as text",
    (value) => {
      const field = csvField(value);
      expect(field.replace(/^"/, "").startsWith("'")).toBe(true);
      expect(field).toContain(value.replaceAll('"', '""'));
    },
  );

  it("quotes a defused field that also needs quoting", () => {
    expect(csvField("=1,2")).toBe(`"'=1,2"`);
  });
});

describe("audit CSV records", () => {
  const row: AuditEventRow = {
    id: "42",
    occurredAt: new Date("2026-11-29T14:03:12.345Z"),
    actorId: "user-1",
    actorEmail: "dr.lee@example.test",
    actorRole: "PHYSICIAN",
    action: "chart.read",
    outcome: "ALLOWED",
    breakGlass: true,
    reason: "Unconscious patient, no appointment",
    patientId: "patient-7",
    resourceType: "patient",
    resourceId: "patient-7",
    ip: "203.0.113.7",
    userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
  };

  it("has a header row naming every column, ended with CRLF", () => {
    expect(AUDIT_CSV_HEADER).toBe(
      "id,occurred_at,actor_id,actor_email,actor_role,action,outcome,break_glass,reason,patient_id,resource_type,resource_id,ip,user_agent\r\n",
    );
  });

  it("writes one line per event in the header's order, times in UTC", () => {
    expect(auditCsvRecord(row)).toBe(
      '42,2026-11-29T14:03:12.345Z,user-1,dr.lee@example.test,PHYSICIAN,chart.read,ALLOWED,true,"Unconscious patient, no appointment",patient-7,patient,patient-7,203.0.113.7,Mozilla/5.0 (X11; Linux x86_64)\r\n',
    );
    expect(auditCsvRecord({ ...row, actorId: null, actorEmail: null, actorRole: null, reason: null })).toMatch(/^42,[^,]+,,,,chart\.read,/);
  });

  it("joins fields with commas", () => {
    expect(csvRecord(["a", null, "b,c"])).toBe('a,,"b,c"\r\n');
  });
});

describe("auditPageInput", () => {
  it("is newest first unless oldest first is asked for", () => {
    expect(auditPageInput.parse({})).toEqual({ order: "newest" });
    expect(auditPageInput.parse({ order: "oldest", after: "42" })).toEqual({ order: "oldest", after: "42" });
    expect(auditPageInput.parse({ before: "42" })).toEqual({ order: "newest", before: "42" });
  });

  it.each(["", "OLDEST", "asc", ["oldest", "newest"], "oldest; drop"])("reads the order %j as newest first", (order) => {
    expect(auditPageInput.parse({ order }).order).toBe("newest");
  });

  it("refuses a cursor that is no event id", () => {
    expect(auditPageInput.safeParse({ order: "oldest", after: "0" }).success).toBe(false);
    expect(auditPageInput.safeParse({ before: "1 OR 1=1" }).success).toBe(false);
  });
});
