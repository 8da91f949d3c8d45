import type { useTranslations } from "next-intl";
import { refusalCode, type ApiFailure } from "@/lib/client/api";

/**
 * What to tell the person about a refused booking or move, in the page's
 * language: a time taken meanwhile, and a visit someone else moved or
 * cancelled meanwhile, are the refusals people meet in normal use; any other
 * reason is the server's own (English) sentence.
 */
export function refusalMessage(result: ApiFailure, t: ReturnType<typeof useTranslations<"scheduling">>): string {
  switch (refusalCode(result)) {
    case "SLOT_TAKEN":
      return t("slots.taken");
    case "CHANGED_MEANWHILE":
      return t("slots.changedMeanwhile");
    default:
      return result.error;
  }
}
