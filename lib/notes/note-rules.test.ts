import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { ClinicalValidationError } from "@/lib/chart/errors";
import { NoteTooLongError } from "./errors";
import { addendumInput, checkNoteText, checkText, isBlankNote, noteRefInput, openDraftInput, sameText, saveNoteInput, signNoteInput } from "./note-rules";
import { characterCount, NOTE_SECTION_MAX_CHARS } from "./note-text";

describe("note text limits", () => {
  it("counts characters as code points", () => {
    expect(characterCount("abc")).toBe(3);
    expect(characterCount("🙂🙂")).toBe(2);
    expect(characterCount("é")).toBe(1);
  });

  it("accepts a section of exactly the limit, even of two-unit characters", () => {
    expect(() => checkNoteText({ plan: "x".repeat(NOTE_SECTION_MAX_CHARS) })).not.toThrow();
    expect(() => checkNoteText({ plan: "🙂".repeat(NOTE_SECTION_MAX_CHARS) })).not.toThrow();
  });

  it("refuses a 1 MB section whole, naming the section, its length and the limit", () => {
    const megabyte = "a".repeat(1024 * 1024);
    try {
      checkNoteText({ subjective: "fine", plan: megabyte });
      throw new Error("not refused");
    } catch (error) {
      expect(error).toBeInstanceOf(NoteTooLongError);
      const refusal = error as NoteTooLongError;
      expect(refusal.status).toBe(413);
      expect(refusal.message).toBe(
        "The plan section is 1,048,576 characters long; the limit is 100,000 characters. Nothing was saved: shorten it, or move part of it to another section.",
      );
      expect(refusal.body()).toMatchObject({ code: "TEXT_TOO_LONG", field: "plan section", length: 1_048_576, limit: 100_000 });
    }
    expect(() => checkNoteText({ objective: "y".repeat(NOTE_SECTION_MAX_CHARS + 1) })).toThrow(NoteTooLongError);
  });

  it("refuses a NUL character, which PostgreSQL cannot store, but keeps tabs, line breaks and markup", () => {
    expect(() => checkNoteText({ plan: "a\u0000b" })).toThrow(ClinicalValidationError);
    expect(() => checkNoteText({ assessment: "\u0000" })).toThrow(
      "The assessment section contains a NUL character, which cannot be stored. Remove it and save again.",
    );
    expect(() => checkNoteText({ plan: "line 1\n\tline 2\r\n<script>alert(1)</script>" })).not.toThrow();
  });
});

describe("note saves", () => {
  it("need a version and at least one section, kept exactly as typed", () => {
    expect(saveNoteInput.parse({ appointmentId: "a1", expectedVersion: 3, plan: "  spaced  \n" })).toEqual({
      appointmentId: "a1",
      expectedVersion: 3,
      plan: "  spaced  \n",
    });
    expect(() => saveNoteInput.parse({ appointmentId: "a1", expectedVersion: 3 })).toThrow(ZodError);
    expect(() => saveNoteInput.parse({ appointmentId: "a1", plan: "x" })).toThrow(ZodError);
    expect(() => saveNoteInput.parse({ appointmentId: "a1", expectedVersion: 0, plan: "x" })).toThrow(ZodError);
  });

  it("recognise a retry of text the server already has, and an empty note", () => {
    const current = { subjective: "s", objective: "o", assessment: "a", plan: "p" };
    expect(sameText(current, { plan: "p", subjective: "s" })).toBe(true);
    expect(sameText(current, { plan: "p2" })).toBe(false);
    expect(isBlankNote({ subjective: " ", objective: "\n", assessment: "", plan: "\t" })).toBe(true);
    expect(isBlankNote(current)).toBe(false);
  });
});

/** The messages a person sees when the request is refused, in the order zod found them. */
function refusals(schema: { safeParse: (input: unknown) => { error?: ZodError } }, input: unknown): string[] {
  return schema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];
}

describe("note text limits, section by section", () => {
  it("checks every section a save carries, not only the first", () => {
    for (const section of ["subjective", "objective", "assessment", "plan"] as const) {
      expect(() => checkNoteText({ subjective: "fine", [section]: "z".repeat(NOTE_SECTION_MAX_CHARS + 1) })).toThrow(`The ${section} section`);
    }
  });

  it("counts an over-long text of two-unit characters by what a reader sees, naming that length", () => {
    // 60,001 emoji are 120,002 UTF-16 units but 60,001 characters: under a 100,000 limit, over a 60,000 one.
    const emoji = "🙂".repeat(60_001);
    expect(() => checkText("plan section", emoji, NOTE_SECTION_MAX_CHARS)).not.toThrow();
    expect(() => checkText("addendum", emoji, 60_000)).toThrow("The addendum is 60,001 characters long; the limit is 60,000 characters.");
  });
});

describe("note requests", () => {
  it("name what is missing or wrong in words a person reads", () => {
    expect(refusals(saveNoteInput, { appointmentId: "a1", expectedVersion: "3", plan: "x" })).toEqual(["Give the note's version as a number."]);
    expect(refusals(saveNoteInput, { appointmentId: "a1", expectedVersion: 2.5, plan: "x" })).toEqual(["A version is a whole number."]);
    expect(refusals(saveNoteInput, { appointmentId: "a1", expectedVersion: 0, plan: "x" })).toEqual(["A version starts at 1."]);
    expect(refusals(saveNoteInput, { appointmentId: "a1", expectedVersion: 1 })).toEqual(["Send at least one section or detail to save."]);
    expect(refusals(saveNoteInput, { appointmentId: "a1", expectedVersion: 1, plan: 7 })).toEqual(["Each section is text."]);
    expect(refusals(signNoteInput, { appointmentId: "a1", expectedVersion: 0 })).toEqual(["A version starts at 1."]);
    expect(refusals(addendumInput, { appointmentId: "a1", body: 5 })).toEqual(["The addendum is text."]);
    expect(refusals(addendumInput, { appointmentId: "a1", body: " \n\t" })).toEqual(["Write the addendum."]);
  });

  it("accept any one section, and refuse fields they do not know", () => {
    for (const section of ["subjective", "objective", "assessment", "plan"]) {
      expect(refusals(saveNoteInput, { appointmentId: "a1", expectedVersion: 1, [section]: "" })).toEqual([]);
    }
    expect(refusals(addendumInput, { appointmentId: "a1", body: "Called back: better." })).toEqual([]);
    expect(refusals(signNoteInput, { appointmentId: "a1", expectedVersion: 4 })).toEqual([]);
    for (const schema of [noteRefInput, openDraftInput]) {
      expect(refusals(schema, { appointmentId: "a1" })).toEqual([]);
      expect(refusals(schema, { appointmentId: "a1", status: "SIGNED" })).toHaveLength(1);
      expect(refusals(schema, {})).toEqual(["Give the appointment."]);
    }
    expect(refusals(signNoteInput, { appointmentId: "a1", expectedVersion: 4, signedById: "u1" })).toHaveLength(1);
  });

  it("see a section as changed when it differs, and a note as written when any one section has text", () => {
    const current = { subjective: "s", objective: "o", assessment: "a", plan: "p" };
    for (const section of ["subjective", "objective", "assessment", "plan"] as const) {
      expect(sameText(current, { [section]: `${current[section]}!` })).toBe(false);
      expect(isBlankNote({ subjective: "", objective: "", assessment: "", plan: "", [section]: " x " })).toBe(false);
    }
    expect(sameText(current, {})).toBe(true);
  });
});
