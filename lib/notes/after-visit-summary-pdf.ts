import "server-only";
import { z } from "zod";
import type { RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { chooseLocale, type LanguageChoice, type Locale } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translator";
import { renderTextDocument } from "@/lib/pdf/text-document";
import { loadAfterVisitSummary } from "./after-visit-summary";
import { afterVisitSummaryDocument, summaryDate } from "./after-visit-summary-document";
import { SummaryNotReadyError } from "./errors";

// The after-visit summary as a PDF the patient keeps: for whoever may read the
// summary (authorized and audited as "visit.summary.read", as its JSON is), in
// the patient's language, once the note is signed.

export const afterVisitSummaryPdfInput = z.strictObject({ appointmentId: recordIdOf("appointment") });

export interface AfterVisitSummaryPdf {
  pdf: Uint8Array;
  fileName: string;
  locale: Locale;
}

/**
 * The patient's own request (by session or by their visit link) is answered in
 * the language their pages are in: their switcher's choice, their record's
 * preference, their browser's. Anyone else who may read it (the visit's
 * physician) gets the copy the patient would: in the record's language.
 */
function summaryLocale(context: RequestContext, patientId: string, preferred: string | null, request: LanguageChoice): Locale {
  const { actor } = context;
  const isThePatient = actor.kind === "visitLink" || (actor.kind === "user" && actor.patientId === patientId);
  return chooseLocale(isThePatient ? { ...request, preferred } : { preferred });
}

/** 409 NOTE_NOT_SIGNED, with nothing made, until the visit's note is signed. */
export async function getAfterVisitSummaryPdf(
  db: Database,
  context: RequestContext,
  input: z.input<typeof afterVisitSummaryPdfInput>,
  language: LanguageChoice,
): Promise<AfterVisitSummaryPdf> {
  const { appointmentId } = afterVisitSummaryPdfInput.parse(input);
  const loaded = await loadAfterVisitSummary(db, context, appointmentId);
  if (!loaded) throw new SummaryNotReadyError();
  const locale = summaryLocale(context, loaded.patientId, loaded.preferredLanguage, language);
  const { t } = await translatorFor(locale, "afterVisitSummary");
  return {
    pdf: await renderTextDocument(afterVisitSummaryDocument(loaded.summary, t, locale)),
    fileName: t("pdfFileName", { date: summaryDate(loaded.summary) }),
    locale,
  };
}
