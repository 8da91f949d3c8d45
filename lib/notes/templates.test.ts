import { describe, expect, it } from "vitest";
import { VISIT_TYPES } from "@/lib/db/seed/demo-clinic";
import { extractFollowUp } from "./follow-up";
import { checkNoteText } from "./note-rules";
import { SOAP_SECTIONS } from "./note-text";
import { listTemplates, NOTE_TEMPLATES, templateFor } from "./templates";

describe("SOAP templates", () => {
  it("exist for every visit type the demo clinic offers", () => {
    for (const visitType of VISIT_TYPES) {
      expect(NOTE_TEMPLATES[visitType.code], visitType.code).toBeDefined();
      expect(templateFor(visitType.code).code).toBe(visitType.code);
    }
  });

  it("fall back to the general template for other visit types", () => {
    expect(templateFor("TELEDERM_20").code).toBe("DEFAULT");
  });

  it("fill every section, fit the limits, and end the plan with a follow-up line", () => {
    for (const template of listTemplates()) {
      for (const section of SOAP_SECTIONS) expect(template.sections[section].trim(), `${template.code} ${section}`).not.toBe("");
      expect(() => checkNoteText(template.sections)).not.toThrow();
      expect(template.sections.plan.split("\n").at(-1)).toBe("Follow-up: ");
    }
  });

  it("ask more of a new patient than of a follow-up", () => {
    expect(templateFor("NEW_PATIENT_60").sections.subjective).toContain("Family history: ");
    expect(templateFor("FOLLOW_UP_15").sections.subjective).toContain("Interval history since last visit: ");
  });
});

describe("follow-up in the after-visit summary", () => {
  it("lifts the plan's follow-up lines, without list markers", () => {
    const plan = [
      "- Continue lisinopril 10 MG Oral Tablet, 10 mg once daily.",
      "- Labs before the next visit: HbA1c, BMP.",
      "- Follow up by video in about 3 months.",
      "2) Return sooner if chest pain or shortness of breath.",
    ].join("\n");
    expect(extractFollowUp(plan)).toEqual([
      "Labs before the next visit: HbA1c, BMP.",
      "Follow up by video in about 3 months.",
      "Return sooner if chest pain or shortness of breath.",
    ]);
  });

  it("ignores a template heading left empty", () => {
    expect(extractFollowUp(templateFor("STANDARD_30").sections.plan)).toEqual([]);
    expect(extractFollowUp("Follow-up: in 2 weeks")).toEqual(["Follow-up: in 2 weeks"]);
  });
});
