import { useTranslations } from "next-intl";

/** "Download my record": the patient's whole record as a FHIR file they can keep or give to another clinic. */
export function DownloadRecordLink({ patientId }: { patientId: string }) {
  const t = useTranslations("portal.record");
  return (
    <section aria-labelledby="your-record" className="space-y-2 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="your-record" className="text-xl font-semibold text-slate-900">
        {t("heading")}
      </h2>
      <p className="text-slate-700">{t("description")}</p>
      <a
        href={`/api/patients/${patientId}/record`}
        download
        className="inline-block rounded-md border border-slate-500 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary-700"
      >
        {t("download")}
      </a>
    </section>
  );
}
