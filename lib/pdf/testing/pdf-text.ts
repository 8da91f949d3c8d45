import { extractText, getDocumentProxy, getMeta } from "unpdf";

// Reads a PDF back as a reader's software does (PDF.js, through unpdf): the
// text of its pages, decoded through each font's encoding, and its metadata.
// For tests only: what a patient's viewer would show, not what we meant to draw.

export interface ReadPdf {
  pages: number;
  /** The drawn lines, one per line. */
  text: string;
  /** The same with every run of whitespace as one space, for sentences a line may have wrapped. */
  flowing: string;
  title: string | undefined;
  language: string | undefined;
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  // PDF.js takes ownership of the buffer it is given.
  const document = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(document, { mergePages: true });
  const { info } = await getMeta(document);
  return { pages: totalPages, text, flowing: text.replace(/\s+/g, " "), title: info.Title as string | undefined, language: info.Language as string | undefined };
}
