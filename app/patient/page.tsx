import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { LanguageAccessNotice } from "@/components/i18n/LanguageAccessNotice";
import { DownloadRecordLink } from "@/components/DownloadRecordLink";
import { PageHeader } from "@/components/PageHeader";
import { PatientLabResults } from "@/components/clinical/PatientLabResults";
import { PatientImagingStudies } from "@/components/imaging/PatientImagingStudies";
import { BookVisitForm } from "@/components/scheduling/BookVisitForm";
import { PastVisits } from "@/components/scheduling/PastVisits";
import { UpcomingVisits } from "@/components/scheduling/UpcomingVisits";
import { WaitlistSection } from "@/components/scheduling/WaitlistSection";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { listImagingStudies } from "@/lib/imaging/studies";
import { notifiedResultsOf } from "@/lib/orders/inbox";
import { listVisitTypes } from "@/lib/scheduling/availability";
import { patientPastVisits, patientUpcoming } from "@/lib/scheduling/calendar";
import { listPhysicianDirectory } from "@/lib/scheduling/directory";
import { patientWaitlist } from "@/lib/scheduling/waitlist";
import { INTL_LOCALES } from "@/lib/i18n/locales";
import { zoneName } from "@/lib/scheduling/time-format";
import { schedulingNow } from "@/lib/scheduling/clock";
import { joinWaitlistAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal");
  return { title: t("pageTitle") };
}

export default async function PatientHomePage() {
  const context = await requireSignedIn({ roles: ["PATIENT"], returnTo: "/patient" });
  const [t, common] = await Promise.all([getTranslations("portal"), getTranslations("common")]);
  const db = getDb();
  const now = schedulingNow();
  const [visits, pastVisits, physicians, visitTypes, waitlist] = await Promise.all([
    orPageError(patientUpcoming(db, context, { now })),
    orPageError(patientPastVisits(db, context, { now })),
    listPhysicianDirectory(),
    listVisitTypes(db),
    orPageError(patientWaitlist(db, context)),
  ]);
  const timeZone = visits[0]?.timeZone ?? pastVisits[0]?.patientTimeZone;
  const patientId = context.actor.kind === "user" ? context.actor.patientId : null;
  const [results, imaging] = patientId
    ? await Promise.all([orPageError(notifiedResultsOf(db, context, { patientId })), orPageError(listImagingStudies(db, context, { patientId }))])
    : [[], null];
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={common("navigation.patientArea")}
        title={t("pageTitle")}
        description={
          timeZone
            ? t("introWithZone", { zone: timeZone.replaceAll("_", " "), zoneName: zoneName(now, timeZone, INTL_LOCALES[await getLocale()]) })
            : t("intro")
        }
      />
      <LanguageAccessNotice />
      <UpcomingVisits visits={visits} now={now} />
      {patientId && (
        <section aria-labelledby="book-visit" className="space-y-4">
          <h2 id="book-visit" className="text-xl font-semibold text-slate-900">
            {t("bookHeading")}
          </h2>
          <BookVisitForm patientId={patientId} physicians={physicians} visitTypes={visitTypes} />
        </section>
      )}
      {patientId && <WaitlistSection places={waitlist} physicians={physicians} joinAction={joinWaitlistAction} />}
      <PastVisits visits={pastVisits} />
      {patientId && <PatientLabResults orders={results} timeZone={timeZone ?? "UTC"} />}
      {/* Without an image archive there is nothing to list, so the section is left out. */}
      {imaging?.configured && <PatientImagingStudies studies={imaging.studies} />}
      {patientId && <DownloadRecordLink patientId={patientId} />}
    </div>
  );
}
