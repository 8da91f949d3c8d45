import { describe, expect, it } from "vitest";
import { readPdf } from "./testing/pdf-text";
import { renderTextDocument } from "./text-document";

// The PDF as a reader's software reads it back (PDF.js): what the patient or
// the biller sees, whatever text the document was given.

const render = (lines: string[], subtitle?: string | string[]) =>
  renderTextDocument({ title: "Título", subtitle, language: "es", sections: [{ heading: "Sección", lines }] });

describe("a text document as a PDF", () => {
  it("draws Spanish as written, with its title and language in the metadata", async () => {
    const read = await readPdf(await render(["¿Preguntas? Llame a la señora Muñoz: Lucía, 39.4 °C — «sí»."], ["Clínica", "Consulta del lunes"]));
    expect(read.text).toBe("Título\nClínica\nConsulta del lunes\nSección\n¿Preguntas? Llame a la señora Muñoz: Lucía, 39.4 °C — «sí».");
    expect(read).toMatchObject({ pages: 1, title: "Título", language: "es" });
  });

  it("keeps the text's own line breaks, reads tabs as spaces, and composes accents typed as combining marks", async () => {
    const read = await readPdf(await render(["- Start lisinopril.\r\n- Recheck\tin 3 months.", "Luci\u0301a Mun\u0303oz"]));
    expect(read.text).toContain("- Start lisinopril.\n- Recheck in 3 months.\nLucía Muñoz");
  });

  it("shows a character the font cannot draw as ?, and still makes the document", async () => {
    const read = await readPdf(await render(["BP ≥ 140 😀 ok"]));
    expect(read.text).toContain("BP ? 140 ? ok");
  });

  it("wraps long lines and cuts a word wider than the page, losing nothing, and continues on new pages", async () => {
    const run = "x".repeat(400);
    const read = await readPdf(await render([`${"word ".repeat(80)}end`, run, ...Array.from({ length: 80 }, (_, index) => `Line ${index + 1}`)]));
    const lines = read.text.split("\n");
    expect(lines.filter((line) => line.startsWith("word")).length).toBeGreaterThan(1);
    expect(lines.filter((line) => /^x+$/.test(line)).join("")).toBe(run);
    expect(lines.filter((line) => /^x+$/.test(line)).length).toBeGreaterThan(1);
    expect(read.pages).toBeGreaterThan(1);
    expect(lines.at(-1)).toBe("Line 80");
  });
});
