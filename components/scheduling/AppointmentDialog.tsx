"use client";

import { useState } from "react";
import { FormAlert } from "@/components/FormAlert";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import { callApi } from "@/lib/client/api";
import type { CalendarAppointmentJson } from "./api";
import { CancelVisitForm } from "./CancelVisitForm";
import { Dialog } from "./Dialog";
import { InterpreterInviteForm } from "./InterpreterInviteForm";
import { RescheduleVisitForm } from "./RescheduleVisitForm";
import { canCancel, canMove } from "./status";
import { dangerButtonClassName, secondaryButtonClassName } from "./styles";
import { VisitStatusBadge } from "./VisitStatusBadge";


type Task = "reschedule" | "cancel" | "no-show" | "interpreter";

/** One visit on the scheduler's calendar (its popover): its details and status, and moving, cancelling or marking it a no-show. */
export function AppointmentDialog({
  appointment,
  timeZone,
  now,
  onChanged,
  onClose,
}: {
  appointment: CalendarAppointmentJson;
  timeZone: string;
  now: string;
  /** What happened, for the calendar to announce; the id of the visit to focus, if it still shows. */
  onChanged: (change: { message: string; focusAppointmentId?: string }) => void;
  onClose: () => void;
}) {
  const [task, setTask] = useState<Task | null>(null);
  const [error, setError] = useState<{ message: string; attempt: number } | null>(null);
  const when = formatDateTimeInZone(new Date(appointment.startsAt), timeZone);
  const due = Date.parse(appointment.startsAt) <= Date.parse(now);
  const tasks: Array<[Task, string]> = [
    ...(canMove(appointment.status) ? [["reschedule", "Reschedule"] as [Task, string]] : []),
    ...(canCancel(appointment.status) ? [["cancel", "Cancel visit"] as [Task, string]] : []),
    ...(canCancel(appointment.status) && due ? [["no-show", "Mark as no-show"] as [Task, string]] : []),
    // Language access is arranged with the booking, until the visit is over.
    ...(canCancel(appointment.status) ? [["interpreter", "Invite an interpreter"] as [Task, string]] : []),
  ];

  async function markNoShow() {
    const result = await callApi(`/api/appointments/${appointment.id}/no-show`, { method: "POST" });
    if (result.ok) onChanged({ message: `Marked ${appointment.patientName}'s visit at ${when} as a no-show.`, focusAppointmentId: appointment.id });
    else setError({ message: result.error, attempt: (error?.attempt ?? 0) + 1 });
  }

  return (
    <Dialog title={`${appointment.patientName}, ${when}`} onClose={onClose}>
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-700">Physician</dt>
        <dd>{appointment.physicianName}</dd>
        <dt className="font-medium text-slate-700">Visit type</dt>
        <dd>{appointment.visitTypeName}</dd>
        <dt className="font-medium text-slate-700">Reason</dt>
        <dd>{appointment.reason}</dd>
        <dt className="font-medium text-slate-700">Status</dt>
        <dd>
          <VisitStatusBadge status={appointment.visitStatus} late={appointment.late} />
        </dd>
      </dl>

      {tasks.length > 0 && (
        <div role="group" aria-label="What to do" className="flex flex-wrap gap-2">
          {tasks.map(([value, label]) => (
            <button key={value} type="button" aria-pressed={task === value} onClick={() => setTask(value)} className={`${secondaryButtonClassName} aria-pressed:border-primary-700 aria-pressed:bg-primary-50`}>
              {label}
            </button>
          ))}
        </div>
      )}

      {task === "reschedule" && (
        <RescheduleVisitForm
          appointmentId={appointment.id}
          timeZone={timeZone}
          onMoved={(movedId) => onChanged({ message: `Moved ${appointment.patientName}'s visit. The patient gets the new time by email.`, focusAppointmentId: movedId })}
        />
      )}
      {task === "cancel" && (
        <CancelVisitForm
          appointmentId={appointment.id}
          onCancelled={() => onChanged({ message: `Cancelled ${appointment.patientName}'s visit at ${when}. The patient is told by email.` })}
        />
      )}
      {task === "interpreter" && (
        <InterpreterInviteForm
          appointmentId={appointment.id}
          defaultTimeZone={timeZone}
          onInvited={({ displayName, language, email }) =>
            onChanged({
              message: `Invited ${displayName} to interpret (${language}) at ${appointment.patientName}'s visit. Their link is on its way to ${email}.`,
              focusAppointmentId: appointment.id,
            })
          }
        />
      )}
      {task === "no-show" && (
        <div className="space-y-3">
          <p>Record that {appointment.patientName} did not come? The time becomes free again.</p>
          <button type="button" onClick={() => void markNoShow()} className={dangerButtonClassName}>
            Yes, mark as no-show
          </button>
        </div>
      )}
      {error && (
        <div key={error.attempt}>
          <FormAlert tone="error">{error.message}</FormAlert>
        </div>
      )}
    </Dialog>
  );
}
