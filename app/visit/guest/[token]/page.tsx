import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/PageHeader";
import { opensAtText } from "@/components/visits/joinWindowText";
import { VisitRoom } from "@/components/visits/VisitRoom";
import { getVisitGuestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { orPageError } from "@/lib/http/page-errors";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { languageName } from "@/lib/visits/interpreter-languages";
import { getVisitRoomView } from "@/lib/visits/room-view";
import { joinWindow } from "@/lib/visits/window";

export const metadata: Metadata = { title: "Join a video visit", robots: { index: false } };

// A guest (a relative, an interpreter) the physician invited. The token in the
// URL is their only credential: the room sends it to our visit APIs in the
// Authorization header, and Referrer-Policy keeps it from leaking.
export default async function VisitGuestPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const context = await getVisitGuestContext(token);
  if (context.actor.kind !== "visitGuest") notFound();
  const view = await orPageError(getVisitRoomView(getDb(), context, context.actor.appointmentId));
  const now = new Date();
  const join = joinWindow(view, now);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Video visit with Dr. ${view.physicianName}`}
        description={
          view.role === "interpreter"
            ? `${view.patientName}'s visit on ${formatDateTimeInZone(view.startsAt, view.timeZone)}. You are joining as the interpreter (${languageName(view.language ?? "und")}), ${view.displayName}.`
            : `${view.patientName}'s visit on ${formatDateTimeInZone(view.startsAt, view.timeZone)}. You join as ${view.displayName}.`
        }
      />
      {join.state === "open" || join.state === "not-open-yet" ? (
        <VisitRoom
          appointmentId={view.appointmentId}
          role={view.role}
          credentials={{ kind: "visitGuest", token }}
          physicianName={view.physicianName}
          opensAt={join.opensAt.toISOString()}
          opensAtText={opensAtText(join.opensAt, view.timeZone, now)}
          initiallyOpen={join.state === "open"}
        />
      ) : (
        <p className="rounded-xl border border-slate-200 bg-white p-6 text-lg text-slate-900 shadow-sm">
          {join.state === "cancelled" ? "This visit was cancelled." : "This visit has ended."}
        </p>
      )}
    </div>
  );
}
