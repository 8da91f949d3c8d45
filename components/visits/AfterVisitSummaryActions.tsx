"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { secondaryActionClassName } from "@/components/actionStyles";
import { PrintButton } from "@/components/PrintButton";
import { saveFile } from "@/lib/client/save-file";
import { fetchVisitFile, type VisitCredentials } from "./visitApi";

// Print the summary, or keep it as a PDF. The PDF is fetched rather than
// linked: a patient who came by visit link proves it in a header, which a
// link cannot send. Neither control is printed.

export function AfterVisitSummaryActions({ appointmentId, credentials }: { appointmentId: string; credentials: VisitCredentials }) {
  const t = useTranslations("afterVisitSummary");
  const [state, setState] = useState<"idle" | "preparing" | "failed">("idle");

  async function download() {
    setState("preparing");
    const result = await fetchVisitFile(`/api/visits/${encodeURIComponent(appointmentId)}/summary/pdf`, credentials);
    if (!result.ok) {
      setState("failed");
      return;
    }
    saveFile(result.data.blob, result.data.fileName);
    setState("idle");
  }

  return (
    <div className="space-y-2 print:hidden">
      <div role="group" aria-label={t("actions")} className="flex flex-wrap gap-3">
        <PrintButton label={t("print")} />
        <button type="button" className={`${secondaryActionClassName} disabled:opacity-60`} onClick={download} disabled={state === "preparing"}>
          {state === "preparing" ? t("preparingPdf") : t("downloadPdf")}
        </button>
      </div>
      {state === "failed" && (
        <p role="alert" className="text-sm text-red-800">
          {t("downloadFailed")}
        </p>
      )}
    </div>
  );
}
