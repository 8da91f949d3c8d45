import "server-only";
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";

// A printable document as a PDF: a title, then headed sections of text lines,
// wrapped to the page and continued on new pages. The standard Helvetica font
// draws WinAnsi (Latin-1 and a few more, such as € and curly quotes), which
// covers English and Spanish; text is composed first (NFC), so an accent typed
// as a separate combining mark is drawn too, and a character the font cannot
// draw is shown as "?" rather than failing the whole document.

export interface TextSection {
  heading: string;
  lines: readonly string[];
}

export interface TextDocument {
  title: string;
  /** Shown under the title (the clinic, the date), a line each. */
  subtitle?: string | readonly string[];
  sections: readonly TextSection[];
  /** The document's language (BCP 47), recorded in its metadata. */
  language: string;
}

const PAGE = { width: 612, height: 792 }; // US Letter, in points
const MARGIN = 54;
const BODY_SIZE = 11;
const HEADING_SIZE = 13;
const TITLE_SIZE = 18;
const LEADING = 1.35;

function drawable(font: PDFFont, text: string): string {
  return [...text.normalize("NFC")]
    .map((character) => {
      try {
        font.encodeText(character);
        return character;
      } catch {
        return "?";
      }
    })
    .join("");
}

/** A word wider than the line (a long link, a run of letters), cut where the line ends. */
function fitted(font: PDFFont, size: number, word: string, width: number): string[] {
  if (font.widthOfTextAtSize(word, size) <= width) return [word];
  const pieces: string[] = [];
  let piece = "";
  let pieceWidth = 0;
  // Measured a character at a time, so a page-long run costs no more than its length.
  for (const character of word) {
    const characterWidth = font.widthOfTextAtSize(character, size);
    if (piece !== "" && pieceWidth + characterWidth > width) {
      pieces.push(piece);
      piece = "";
      pieceWidth = 0;
    }
    piece += character;
    pieceWidth += characterWidth;
  }
  return [...pieces, piece];
}

/** The text's lines as drawn: its own line breaks kept, tabs and runs of spaces as one space, long lines wrapped to `width`. */
function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = "";
    // Words are made drawable after splitting: a tab or line break is not a character the font can draw.
    const words = paragraph
      .split(/\s+/)
      .filter(Boolean)
      .flatMap((word) => fitted(font, size, drawable(font, word), width));
    for (const word of words) {
      const candidate = line === "" ? word : `${line} ${word}`;
      if (font.widthOfTextAtSize(candidate, size) <= width || line === "") line = candidate;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

export async function renderTextDocument(document: TextDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(document.title);
  pdf.setLanguage(document.language);
  pdf.setProducer("Telemedicine clinic");
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = PAGE.width - 2 * MARGIN;
  let page: PDFPage = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;

  function write(text: string, font: PDFFont, size: number) {
    for (const line of wrap(font, size, text, width)) {
      if (y - size < MARGIN) {
        page = pdf.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - MARGIN;
      }
      y -= size;
      page.drawText(line, { x: MARGIN, y, size, font });
      y -= size * (LEADING - 1);
    }
  }

  write(document.title, bold, TITLE_SIZE);
  for (const line of [document.subtitle ?? []].flat()) write(line, regular, BODY_SIZE);
  for (const section of document.sections) {
    y -= BODY_SIZE;
    write(section.heading, bold, HEADING_SIZE);
    for (const line of section.lines) write(line, regular, BODY_SIZE);
  }
  return pdf.save();
}
