import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { AppointmentLinkNotice } from "@/components/scheduling/AppointmentLinkNotice";
import { PageHeader } from "@/components/PageHeader";
import { primaryActionClassName, secondaryActionClassName } from "@/components/actionStyles";
import { getDb } from "@/lib/db/client";
import { INTL_LOCALES } from "@/lib/i18n/locales";
import { describeReplyLink } from "@/lib/scheduling/appointment-reply";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { replyToAppointmentAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentLinks.reply");
  return { title: t("pageTitle"), robots: { index: false } };
}

// Opened from the confirm-or-cancel mail. Opening it changes nothing (mail
// scanners fetch links); the one button posts the answer.
export default async function AppointmentReplyPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const view = await describeReplyLink(getDb(), token);
  if (!view) notFound();
  const [t, locale] = await Promise.all([getTranslations("appointmentLinks.reply"), getLocale()]);
  const when = formatDateTimeInZone(view.startsAt, view.timeZone, INTL_LOCALES[locale]);
  const notice = view.outcome ?? view.problem;
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("heading", { physicianName: view.physicianName, when })}
        description={view.answer === "confirm" ? t("confirmIntro") : t("cancelIntro")}
      />
      {notice ? (
        <AppointmentLinkNotice>{t(notice)}</AppointmentLinkNotice>
      ) : (
        <form action={replyToAppointmentAction}>
          <input type="hidden" name="token" value={token} />
          <button type="submit" className={view.answer === "confirm" ? primaryActionClassName : secondaryActionClassName}>
            {view.answer === "confirm" ? t("confirmButton") : t("cancelButton")}
          </button>
        </form>
      )}
    </div>
  );
}
