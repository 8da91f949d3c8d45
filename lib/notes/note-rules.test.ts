import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { ClinicalValidationError } from "@/lib/chart/errors";
import { NoteTooLongError } from "./errors";
import { checkNoteText, isBlankNote, sameText, saveNoteInput } from "./note-rules";
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
