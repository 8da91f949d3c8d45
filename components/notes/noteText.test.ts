import { describe, expect, it } from "vitest";
import { NOTE_SECTION_MAX_CHARS } from "@/lib/notes/note-text";
import { differingSections, overLimitMessage, sameSections, sectionsOf, sectionsOverLimit } from "./noteText";

const note = { subjective: "S", objective: "O", assessment: "A", plan: "P" };

describe("comparing note texts", () => {
  it("compares exactly as typed: whitespace counts", () => {
    expect(sameSections(note, { ...note })).toBe(true);
    expect(sameSections(note, { ...note, plan: "P " })).toBe(false);
    expect(differingSections(note, { ...note, subjective: "s", plan: "P\n" })).toEqual(["subjective", "plan"]);
  });

  it("takes just the four sections of a note", () => {
    expect(sectionsOf({ ...note, version: 3, status: "DRAFT" } as typeof note)).toEqual(note);
  });
});

describe("the section limit", () => {
  it("counts characters as the server does: an emoji is one", () => {
    const emoji = "🩺".repeat(NOTE_SECTION_MAX_CHARS);
    expect(emoji.length).toBe(2 * NOTE_SECTION_MAX_CHARS);
    expect(sectionsOverLimit({ ...note, plan: emoji })).toEqual([]);
    expect(sectionsOverLimit({ ...note, plan: `${emoji}x` })).toEqual([{ section: "plan", length: NOTE_SECTION_MAX_CHARS + 1 }]);
  });

  it("names the section and how far over it is", () => {
    expect(overLimitMessage({ section: "assessment", length: NOTE_SECTION_MAX_CHARS + 1_234 })).toBe(
      "Assessment is 1,234 characters over the limit of 100,000. Shorten it, or move part of it to another section.",
    );
    expect(overLimitMessage({ section: "plan", length: NOTE_SECTION_MAX_CHARS + 1 })).toMatch(/^Plan is 1 character over/);
  });
});
