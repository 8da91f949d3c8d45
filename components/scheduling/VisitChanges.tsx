"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { CancelVisitForm } from "./CancelVisitForm";
import { RescheduleVisitForm } from "./RescheduleVisitForm";
import { secondaryButtonClassName } from "./styles";

type Task = "reschedule" | "cancel";

/** A patient's own changes to one visit: another free time with the same physician, or cancelling it. */
export function VisitChanges({
  appointmentId,
  timeZone,
  visitLabel,
  canMove,
  canCancel,
  onChanged,
}: {
  appointmentId: string;
  timeZone: string;
  /** Which visit, for screen readers: every card has these buttons. */
  visitLabel: string;
  canMove: boolean;
  canCancel: boolean;
  onChanged: (message: string) => void;
}) {
  const t = useTranslations("scheduling.changes");
  const [task, setTask] = useState<Task | null>(null);
  const tasks: Array<[Task, string]> = [
    ...(canMove ? [["reschedule", t("reschedule")] as [Task, string]] : []),
    ...(canCancel ? [["cancel", t("cancel")] as [Task, string]] : []),
  ];
  if (tasks.length === 0) return null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2">
        {tasks.map(([value, label]) => (
          <button
            key={value}
            type="button"
            aria-expanded={task === value}
            onClick={() => setTask(task === value ? null : value)}
            className={`${secondaryButtonClassName} aria-expanded:border-primary-700 aria-expanded:bg-primary-50`}
          >
            {label}
            <span className="sr-only"> {visitLabel}</span>
          </button>
        ))}
      </div>
      {task === "reschedule" && (
        <RescheduleVisitForm
          appointmentId={appointmentId}
          timeZone={timeZone}
          onMoved={() => onChanged(t("moved", { visit: visitLabel }))}
        />
      )}
      {task === "cancel" && (
        <CancelVisitForm appointmentId={appointmentId} onCancelled={() => onChanged(t("cancelled", { visit: visitLabel }))} />
      )}
    </div>
  );
}
