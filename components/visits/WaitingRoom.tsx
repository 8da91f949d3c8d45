"use client";

import { useTranslations } from "next-intl";
import { LanguageAccessNotice } from "@/components/i18n/LanguageAccessNotice";
import { visitSecondaryButtonClassName } from "./styles";
import { VisitNoticePanel } from "./VisitNoticePanel";

/**
 * Where a patient or guest waits, connected but sending and receiving
 * nothing, until the physician admits them; the call then starts by itself.
 */
export function WaitingRoom({ physicianName, focusHeading, onLeave }: { physicianName: string; focusHeading: boolean; onLeave: () => void }) {
  const t = useTranslations("waitingRoom");
  return (
    <VisitNoticePanel title={t("title")} focusHeading={focusHeading}>
      <p className="text-lg text-slate-900">{t("letInShortly", { physicianName })}</p>
      <p className="text-slate-700">{t("keepOpen")}</p>
      <LanguageAccessNotice />
      <button type="button" onClick={onLeave} className={visitSecondaryButtonClassName}>
        {t("leave")}
      </button>
    </VisitNoticePanel>
  );
}
