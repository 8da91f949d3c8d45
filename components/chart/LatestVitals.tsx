import { useId } from "react";
import { LabFlag } from "@/components/clinical/LabFlag";
import { formatChartDate, formatLabValue } from "./format";
import { WarningIcon } from "./icons";
import { sectionHeadingClassName } from "./styles";
import type { ChartSummaryJson } from "./types";

/** The newest value of each vital sign, with the day it was taken; out-of-range values say so in words. */
export function LatestVitals({ vitals, timeZone }: { vitals: ChartSummaryJson["vitals"]; timeZone: string }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Latest vitals
      </h3>
      {vitals.length === 0 ? (
        <p className="text-sm text-slate-700">No vital signs recorded.</p>
      ) : (
        <dl className="divide-y divide-slate-200 text-sm text-slate-900">
          {vitals.map((vital) => (
            <div key={vital.loincCode} className="flex flex-wrap justify-between gap-x-3 py-1.5">
              <dt className="font-medium">{vital.label}</dt>
              <dd className="text-right">
                <span className={vital.abnormal ? "inline-flex items-center gap-1 font-bold text-red-800" : undefined}>
                  {vital.abnormal && <WarningIcon className="h-3.5 w-3.5" />}
                  {formatLabValue(vital.value, vital.valueText)} {vital.unit}
                  {vital.abnormal && (
                    <>
                      {" "}
                      (<LabFlag flag={vital.flag} />)
                    </>
                  )}
                </span>
                <span className="block text-slate-700">
                  {formatChartDate(vital.effectiveAt, timeZone)}
                  {vital.vitalSource === "HOME_READING" && " (home reading)"}
                </span>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
