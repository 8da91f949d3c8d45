import type { useTranslations } from "next-intl";
import { refusalCode, type ApiFailure } from "@/lib/client/api";

/**
 * What to tell the person about a refused booking or move, in the page's
 * language: a time taken meanwhile is the refusal people meet in normal use;
 * any other reason is the server's own (English) sentence.
 */
export function refusalMessage(result: ApiFailure, t: ReturnType<typeof useTranslations<"scheduling">>): string {
  return refusalCode(result) === "SLOT_TAKEN" ? t("slots.taken") : result.error;
}
