import type { translatorFor } from "@/lib/i18n/translator";
import { INTL_LOCALES, type Locale } from "@/lib/i18n/locales";
import type { TextDocument } from "@/lib/pdf/text-document";
import { localDateOf } from "@/lib/scheduling/zoned-time";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import type { AfterVisitSummary } from "@/lib/visits/overview";
import type { AfterVisitSummaryWithFollowUp } from "./after-visit-summary";
import { handoutText } from "./handouts";

// The after-visit summary as a document in the patient's language, for the
// PDF: the same messages the page shows (afterVisitSummary.json), so the page,
// its printout and the download say the same things. Pure: the PDF route's
// lib function hands it a translator for the patient's locale.

export type SummaryTranslator = Awaited<ReturnType<typeof translatorFor<"afterVisitSummary">>>["t"];

/** The "prescription" message's values: one sentence per prescription, with its instructions and a stop said inside it. */
export function prescriptionValues(prescription: AfterVisitSummary["prescriptions"][number]) {
  return {
    drug: prescription.drugName,
    dose: prescription.dose,
    route: prescription.route,
    frequency: prescription.frequency,
    hasInstructions: prescription.instructions ? "yes" : "no",
    instructions: prescription.instructions ?? "",
    status: prescription.status,
  };
}

/** The "reconciledItem" message's values: a medication as reconciled, with the physician's reason when there is one. */
export function reconciledItemValues(item: NonNullable<AfterVisitSummary["reconciliation"]>["items"][number]) {
  return { name: item.name, dose: item.dose, status: item.status, hasReason: item.reason ? "yes" : "no", reason: item.reason ?? "" };
}

/** The visit's date in the patient's zone, as the file's name gives it. */
export function summaryDate(summary: AfterVisitSummaryWithFollowUp): string {
  return localDateOf(summary.visit.startsAt, summary.visit.patientTimeZone);
}

export function afterVisitSummaryDocument(summary: AfterVisitSummaryWithFollowUp, t: SummaryTranslator, locale: Locale): TextDocument {
  const { visit, followUp } = summary;
  const when = (instant: Date) => formatDateTimeInZone(instant, visit.patientTimeZone, INTL_LOCALES[locale]);
  return {
    title: t("heading"),
    subtitle: [
      visit.clinicName,
      t("patient", { name: visit.patientName }),
      t("visit", { physicianName: visit.physicianName, when: when(visit.startsAt) }),
      t("signed", { when: when(summary.signedAt) }),
    ],
    language: locale,
    sections: [
      { heading: t("plan"), lines: [summary.plan] },
      ...(summary.recommendations.length > 0
        ? [{ heading: t("recommendations"), lines: summary.recommendations.map((ruleId) => t(`careGap.${ruleId}`)) }]
        : []),
      ...(summary.prescriptions.length > 0
        ? [
            {
              heading: t("prescriptions"),
              lines: summary.prescriptions.map((prescription) => t.markup("prescription", { ...prescriptionValues(prescription), stopped: (chunks) => chunks })),
            },
          ]
        : []),
      ...(summary.reconciliation
        ? [
            {
              heading: t("reconciliation"),
              lines: [
                t("reconciledAt", { when: when(summary.reconciliation.recordedAt) }),
                ...summary.reconciliation.items.map((item) => t.markup("reconciledItem", { ...reconciledItemValues(item), stopped: (chunks) => chunks })),
              ],
            },
          ]
        : []),
      ...(summary.labOrders.length > 0
        ? [{ heading: t("labOrders"), lines: summary.labOrders.map((order) => t("labOrder", { panel: order.panelName, status: order.status })) }]
        : []),
      {
        heading: t("followUp"),
        lines: [
          ...followUp.instructions,
          followUp.nextVisit
            ? t("nextVisit", {
                visitType: followUp.nextVisit.visitTypeName,
                physicianName: followUp.nextVisit.physicianName,
                when: when(followUp.nextVisit.startsAt),
              })
            : t("noNextVisit"),
        ],
      },
      ...summary.handouts.map((key) => {
        const handout = handoutText(key, locale);
        return { heading: t("handout", { title: handout.title }), lines: [handout.body] };
      }),
    ],
  };
}
