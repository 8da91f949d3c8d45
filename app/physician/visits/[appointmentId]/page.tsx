import type { Metadata } from "next";
import { ChartPanel } from "@/components/chart/ChartPanel";
import { VisitChatRecord } from "@/components/notes/VisitChatRecord";
import { asJson } from "@/components/chart/types";
import { VisitChartLayout } from "@/components/chart/VisitChartLayout";
import { NoteEditor } from "@/components/notes/NoteEditor";
import { PageHeader } from "@/components/PageHeader";
import { GuestInvite } from "@/components/visits/GuestInvite";
import { opensAtText } from "@/components/visits/joinWindowText";
import { VisitRoom } from "@/components/visits/VisitRoom";
import { requireSignedIn } from "@/lib/auth/guards";
import { FREQUENCIES } from "@/lib/chart/prescription-rules";
import { getChartSummary } from "@/lib/chart/summary";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { AREA_NAMES } from "@/lib/navigation";
import { formatDateTimeInZone, formatTimeInZone, zoneName } from "@/lib/scheduling/time-format";
import { getVisitRoomView } from "@/lib/visits/room-view";
import { joinWindow } from "@/lib/visits/window";

export const metadata: Metadata = { title: "Video visit" };

const OVER: Record<"ended" | "cancelled", string> = {
  ended: "This visit has ended.",
  cancelled: "This visit was cancelled.",
};

export default async function PhysicianVisitPage({ params }: { params: Promise<{ appointmentId: string }> }) {
  const { appointmentId } = await params;
  const context = await requireSignedIn({ roles: ["PHYSICIAN"], returnTo: `/physician/visits/${appointmentId}` });
  const db = getDb();
  const view = await orPageError(getVisitRoomView(db, context, appointmentId));
  // The summary comes with the page, so the physician sees the chart without a
  // request after the page loads. Should it fail, the Summary tab asks again
  // and says why.
  const summary = await getChartSummary(db, context, { patientId: view.patientId }).then(asJson, () => undefined);
  const now = new Date();
  const join = joinWindow(view, now);
  const when = `${formatDateTimeInZone(view.startsAt, view.timeZone)} to ${formatTimeInZone(view.endsAt, view.timeZone)} ${zoneName(view.endsAt, view.timeZone)}`;
  const open = join.state === "open" || join.state === "not-open-yet";

  return (
    <div data-workspace className="space-y-6 xl:space-y-4">
      <PageHeader eyebrow={AREA_NAMES.PHYSICIAN} title={`Video visit with ${view.patientName}`} description={when} />
      {/* The chart stays beside the call whatever the call's state, and without one: reading it and writing the note need no call. */}
      <VisitChartLayout
        call={
          <div className="space-y-6">
            {open ? (
              <VisitRoom
                appointmentId={view.appointmentId}
                role="physician"
                credentials={{ kind: "session" }}
                physicianName={view.physicianName}
                opensAt={join.opensAt.toISOString()}
                opensAtText={opensAtText(join.opensAt, view.timeZone, now)}
                initiallyOpen={join.state === "open"}
                homeHref="/physician"
                waitingListTimeZone={view.timeZone}
              />
            ) : (
              <p className="rounded-xl border border-slate-200 bg-white p-6 text-lg text-slate-900 shadow-sm">{OVER[join.state]}</p>
            )}
            {open && <GuestInvite appointmentId={view.appointmentId} />}
          </div>
        }
        chart={
          <ChartPanel
            patientId={view.patientId}
            appointmentId={view.appointmentId}
            timeZone={view.timeZone}
            frequencies={FREQUENCIES}
            initialSummary={summary}
            note={
              <div className="space-y-6">
                <NoteEditor appointmentId={view.appointmentId} physicianName={view.physicianName} />
                <VisitChatRecord appointmentId={view.appointmentId} timeZone={view.timeZone} />
              </div>
            }
          />
        }
      />
    </div>
  );
}
