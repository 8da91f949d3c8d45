import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { NextIntlClientProvider } from "next-intl";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeServer, heldAnswer, refusal } from "@/lib/client/testing/fakeServer";
import en from "@/lib/i18n/messages/en/afterVisitSummary.json";
import es from "@/lib/i18n/messages/es/afterVisitSummary.json";
import { SummaryNotReadyError } from "@/lib/notes/errors";
import { AfterVisitSummaryActions } from "./AfterVisitSummaryActions";
import type { VisitCredentials } from "./visitApi";

// The summary's Print and Download PDF controls: printing opens the browser's
// dialog; the PDF is fetched with the patient's credentials (a visit link's in
// its header) and handed to the browser's downloads under the server's name;
// while it comes the button says so, and a failure is said in the patient's
// language and can be tried again. All of it from the keyboard.

const PDF_PATH = "/api/visits/appt-1/summary/pdf";

function pdfAnswer(fileName = "resumen-de-la-consulta-2026-05-04.pdf"): Response {
  return new Response("%PDF-1.7 summary", {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${fileName}"` },
  });
}

function renderActions(locale: "en" | "es", credentials: VisitCredentials) {
  render(
    <NextIntlClientProvider locale={locale} messages={{ afterVisitSummary: locale === "en" ? en : es }}>
      <AfterVisitSummaryActions appointmentId="appt-1" credentials={credentials} />
    </NextIntlClientProvider>,
  );
}

/** What the page handed to the browser's downloads: each link it clicked, with the file it pointed at. */
let saved: Array<{ download: string; href: string; blob: Blob | undefined }>;
let revoked: string[];

beforeEach(() => {
  saved = [];
  revoked = [];
  const blobs = new Map<string, Blob>();
  // jsdom has no object URLs and does not download: both are the browser's.
  vi.stubGlobal(
    "URL",
    class extends URL {
      static override createObjectURL(blob: Blob) {
        const url = `blob:test/${blobs.size + 1}`;
        blobs.set(url, blob);
        return url;
      }
      static override revokeObjectURL(url: string) {
        revoked.push(url);
      }
    },
  );
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ download: this.download, href: this.href, blob: blobs.get(this.href) });
  });
});
afterEach(() => vi.restoreAllMocks());

describe("AfterVisitSummaryActions", () => {
  it("downloads the PDF with the visit link's credentials under the server's file name, in Spanish, from the keyboard", async () => {
    const server = fakeServer();
    const answer = heldAnswer();
    server.answer("GET", PDF_PATH, answer.route);
    const user = userEvent.setup();
    renderActions("es", { kind: "visitLink", token: "link-token" });

    expect(screen.getByRole("group", { name: "Guarde una copia" })).toBeInTheDocument();
    await user.tab();
    expect(screen.getByRole("button", { name: "Imprimir" })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("button", { name: "Descargar PDF" })).toHaveFocus();
    await user.keyboard("{Enter}");

    // While the PDF is made, the button says so and cannot be pressed twice.
    expect(await screen.findByRole("button", { name: "Preparando el PDF…" })).toBeDisabled();
    expect(server.sent("GET", PDF_PATH)).toHaveLength(1);
    expect(server.sent("GET", PDF_PATH)[0]!.headers).toMatchObject({ Authorization: "VisitLink link-token" });
    answer.release(pdfAnswer());

    expect(await screen.findByRole("button", { name: "Descargar PDF" })).toBeEnabled();
    expect(saved).toHaveLength(1);
    expect(saved[0]!.download).toBe("resumen-de-la-consulta-2026-05-04.pdf");
    expect(await saved[0]!.blob!.text()).toBe("%PDF-1.7 summary");
    await vi.waitFor(() => expect(revoked).toEqual([saved[0]!.href]));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("asks with the session alone when signed in", async () => {
    const server = fakeServer();
    server.answer("GET", PDF_PATH, () => pdfAnswer("after-visit-summary-2026-05-04.pdf"));
    const user = userEvent.setup();
    renderActions("en", { kind: "session" });

    await user.click(screen.getByRole("button", { name: "Download PDF" }));
    await vi.waitFor(() => expect(saved.map((file) => file.download)).toEqual(["after-visit-summary-2026-05-04.pdf"]));
    expect(server.sent("GET", PDF_PATH)[0]!.headers).not.toHaveProperty("Authorization");
  });

  it("says in the patient's language when the PDF could not be had, saves nothing, and lets them try again", async () => {
    const server = fakeServer();
    server.answer("GET", PDF_PATH, () => refusal(new SummaryNotReadyError()));
    const user = userEvent.setup();
    renderActions("es", { kind: "session" });

    await user.click(screen.getByRole("button", { name: "Descargar PDF" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("No se pudo descargar el PDF. Vuelva a cargar la página e inténtelo de nuevo.");
    expect(saved).toEqual([]);

    server.answer("GET", PDF_PATH, () => pdfAnswer());
    await user.click(screen.getByRole("button", { name: "Descargar PDF" }));
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("opens the browser's print dialog", async () => {
    const print = vi.fn();
    vi.stubGlobal("print", print);
    const user = userEvent.setup();
    renderActions("en", { kind: "session" });

    await user.click(screen.getByRole("button", { name: "Print" }));
    expect(print).toHaveBeenCalledOnce();
  });
});
