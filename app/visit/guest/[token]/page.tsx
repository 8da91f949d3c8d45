import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/PageHeader";
import { opensAtText } from "@/components/visits/joinWindowText";
import { VisitRoom } from "@/components/visits/VisitRoom";
import { getVisitGuestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { INTL_LOCALES } from "@/lib/i18n/locales";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { languageName } from "@/lib/visits/interpreter-languages";
import { getVisitRoomView } from "@/lib/visits/room-view";
import { joinWindow } from "@/lib/visits/window";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("visit.guest");
  return { title: t("pageTitle"), robots: { index: false } };
}

// A guest (a relative, an interpreter) the physician or scheduler invited. The
// token in the URL is their only credential: the room sends it to our visit
// APIs in the Authorization header, and Referrer-Policy keeps it from leaking.
// The page speaks the guest's browser's language (or the one they choose).
export default async function VisitGuestPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const context = await getVisitGuestContext(token);
  if (context.actor.kind !== "visitGuest") notFound();
  const view = await orPageError(getVisitRoomView(getDb(), context, context.actor.appointmentId));
  const [t, locale] = await Promise.all([getTranslations("visit.guest"), getLocale()]);
  const intlLocale = INTL_LOCALES[locale];
  const now = new Date();
  const join = joinWindow(view, now);
  const introArguments = { patientName: view.patientName, when: formatDateTimeInZone(view.startsAt, view.timeZone, intlLocale), displayName: view.displayName };
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("heading", { physicianName: view.physicianName })}
        description={
          view.role === "interpreter"
            ? t("interpreterIntro", { ...introArguments, language: languageName(view.language ?? "und", locale) })
            : t("guestIntro", introArguments)
        }
      />
      {join.state === "open" || join.state === "not-open-yet" ? (
        <VisitRoom
          appointmentId={view.appointmentId}
          role={view.role}
          credentials={{ kind: "visitGuest", token }}
          physicianName={view.physicianName}
          opensAt={join.opensAt.toISOString()}
          opensAtText={opensAtText(join.opensAt, view.timeZone, now, intlLocale)}
          initiallyOpen={join.state === "open"}
        />
      ) : (
        <p className="rounded-xl border border-slate-200 bg-white p-6 text-lg text-slate-900 shadow-sm">
          {join.state === "cancelled" ? t("cancelled") : t("ended")}
        </p>
      )}
    </div>
  );
}
