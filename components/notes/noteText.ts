import type { NoteSections } from "@/lib/notes/types";
import { characterCount, NOTE_SECTION_MAX_CHARS, SOAP_SECTIONS, type SoapSection } from "@/lib/notes/note-text";

// The note's text as the editor handles it: the four SOAP sections, compared
// exactly as typed (no trimming: a trailing space is still the physician's
// text, and "the server has exactly this text" is what allows a local draft to
// be thrown away).

export { SOAP_SECTIONS, type SoapSection };

/** The fields' visible labels, which are also their accessible names. */
export const SECTION_LABELS: Readonly<Record<SoapSection, string>> = {
  subjective: "Subjective",
  objective: "Objective",
  assessment: "Assessment",
  plan: "Plan",
};

export const EMPTY_SECTIONS: NoteSections = { subjective: "", objective: "", assessment: "", plan: "" };

/** Just the four sections of a note, draft or snapshot. */
export function sectionsOf(note: NoteSections): NoteSections {
  return { subjective: note.subjective, objective: note.objective, assessment: note.assessment, plan: note.plan };
}

export function sameSections(a: NoteSections, b: NoteSections): boolean {
  return SOAP_SECTIONS.every((section) => a[section] === b[section]);
}

/** The sections whose text differs, in SOAP order. */
export function differingSections(a: NoteSections, b: NoteSections): SoapSection[] {
  return SOAP_SECTIONS.filter((section) => a[section] !== b[section]);
}

export interface OverLimit {
  section: SoapSection;
  length: number;
}

/**
 * The sections longer than the server accepts (it refuses the whole save, so
 * the editor does not send it). Counted in code points, as the server counts.
 */
export function sectionsOverLimit(sections: NoteSections): OverLimit[] {
  return SOAP_SECTIONS.flatMap((section) => {
    const text = sections[section];
    // Counting code points matters only when the UTF-16 length is over the limit.
    if (text.length <= NOTE_SECTION_MAX_CHARS) return [];
    const length = characterCount(text);
    return length > NOTE_SECTION_MAX_CHARS ? [{ section, length }] : [];
  });
}

export function overLimitMessage({ section, length }: OverLimit): string {
  const over = length - NOTE_SECTION_MAX_CHARS;
  return `${SECTION_LABELS[section]} is ${over.toLocaleString("en-US")} ${over === 1 ? "character" : "characters"} over the limit of ${NOTE_SECTION_MAX_CHARS.toLocaleString("en-US")}. Shorten it, or move part of it to another section.`;
}
