// The shape and limits of a note's text, shared by the server's rules
// (note-rules.ts) and the editor in the browser, which must not pull in the
// server's validation library to know them.

/** Each SOAP section, and each addendum, holds at most this many characters (Unicode code points). */
export const NOTE_SECTION_MAX_CHARS = 100_000;
export const ADDENDUM_MAX_CHARS = 100_000;

export const SOAP_SECTIONS = ["subjective", "objective", "assessment", "plan"] as const;
export type SoapSection = (typeof SOAP_SECTIONS)[number];

/** Characters as a reader counts them: code points, so an emoji is one, not two. */
export function characterCount(text: string): number {
  return text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
}
