import { useFormatter, useTranslations } from "next-intl";
import type { ImagingStudyView } from "@/lib/imaging/types";

/** The patient's imaging studies in the portal, newest first, each with the radiologist's report. */
export function PatientImagingStudies({ studies }: { studies: ImagingStudyView[] }) {
  const t = useTranslations("portal.imaging");
  const format = useFormatter();
  return (
    <section aria-labelledby="your-imaging" className="space-y-4">
      <h2 id="your-imaging" className="text-xl font-semibold text-slate-900">
        {t("heading")}
      </h2>
      {studies.length === 0 ? (
        <p className="text-slate-700">{t("none")}</p>
      ) : (
        <ul className="space-y-4">
          {studies.map((study) => (
            <li key={study.studyInstanceUid} className="space-y-2 rounded-md border border-slate-200 p-4">
              <h3 className="font-medium text-slate-900">
                {t("study", {
                  description: study.report?.title ?? study.description ?? study.modalities.join(", "),
                  // The study's calendar date, as the archive records it: no zone to convert.
                  date: study.date ? format.dateTime(new Date(`${study.date}T12:00:00Z`), { dateStyle: "medium", timeZone: "UTC" }) : "",
                })}
              </h3>
              <p className="text-sm text-slate-700">{t("images", { count: study.imageCount })}</p>
              {study.report ? (
                <div className="space-y-1 text-slate-900">
                  <p className="text-sm text-slate-700">{t("report", { radiologist: study.report.radiologist })}</p>
                  <p>
                    <span className="font-medium">{t("findings")}:</span> {study.report.findings}
                  </p>
                  <p>
                    <span className="font-medium">{t("impression")}:</span> {study.report.impression}
                  </p>
                </div>
              ) : (
                <p className="text-slate-700">{t("noReport")}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
