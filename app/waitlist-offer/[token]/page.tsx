import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { AppointmentLinkNotice } from "@/components/scheduling/AppointmentLinkNotice";
import { PageHeader } from "@/components/PageHeader";
import { primaryActionClassName } from "@/components/actionStyles";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { INTL_LOCALES } from "@/lib/i18n/locales";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { describeWaitlistOffer } from "@/lib/scheduling/waitlist";
import { claimWaitlistOfferAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentLinks.offer");
  return { title: t("pageTitle"), robots: { index: false } };
}

// Opened from a waitlist offer; the patient signs in first, since the claim books in their name.
export default async function WaitlistOfferPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  await requireSignedIn({ roles: ["PATIENT"], returnTo: `/waitlist-offer/${token}` });
  const offer = await describeWaitlistOffer(getDb(), token);
  if (!offer) notFound();
  const [t, locale] = await Promise.all([getTranslations("appointmentLinks.offer"), getLocale()]);
  const intlLocale = INTL_LOCALES[locale];
  const { physicianName, problem } = offer;
  return (
    <div className="space-y-6">
      <PageHeader title={t("heading", { physicianName, when: formatDateTimeInZone(offer.startsAt, offer.timeZone, intlLocale) })} description={t("intro")} />
      {problem ? (
        <AppointmentLinkNotice>{t(problem)}</AppointmentLinkNotice>
      ) : (
        <form action={claimWaitlistOfferAction}>
          <input type="hidden" name="token" value={token} />
          <button type="submit" className={primaryActionClassName}>
            {t("claim")}
          </button>
        </form>
      )}
      {offer.nextSlots.length > 0 && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold text-slate-900">{t("nextSlots", { physicianName })}</h2>
          <ul className="list-disc pl-6 text-slate-800">
            {offer.nextSlots.map((slot) => (
              <li key={slot.start.toISOString()}>{formatDateTimeInZone(slot.start, offer.timeZone, intlLocale)}</li>
            ))}
          </ul>
          <p className="text-slate-700">{t("bookInPortal")}</p>
        </section>
      )}
    </div>
  );
}
