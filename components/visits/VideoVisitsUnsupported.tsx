"use client";

import { useTranslations } from "next-intl";
import { VisitNoticePanel } from "./VisitNoticePanel";

/**
 * Instead of the device check, in a browser that cannot make the call (no
 * WebRTC, or an http address where the browser hides the camera): what is
 * wrong and what to do instead, since the visit itself still goes ahead.
 */
export function VideoVisitsUnsupported({ secureContext, focusHeading }: { secureContext: boolean; focusHeading: boolean }) {
  const t = useTranslations("visit.unsupported");
  return secureContext ? (
    <VisitNoticePanel title={t("browserTitle")} focusHeading={focusHeading}>
      <p className="text-slate-700">{t("browserText")}</p>
      <ul className="list-disc space-y-2 pl-6 text-slate-700">
        <li>{t.rich("otherBrowser", { strong: (chunks) => <strong>{chunks}</strong> })}</li>
        <li>{t("byPhone")}</li>
      </ul>
    </VisitNoticePanel>
  ) : (
    <VisitNoticePanel title={t("insecureTitle")} focusHeading={focusHeading}>
      <p className="text-slate-700">{t("insecureText")}</p>
    </VisitNoticePanel>
  );
}
