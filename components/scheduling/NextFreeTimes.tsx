"use client";

import { formatDateTimeInZone } from "@/lib/scheduling/time-format";
import type { ApiSlot } from "./api";
import { secondaryButtonClassName } from "./styles";

/** After a 409: the physician's next free times, each one press away. */
export function NextFreeTimes({
  slots,
  timeZone,
  actionLabel,
  onChoose,
}: {
  slots: ApiSlot[];
  timeZone: string;
  /** What choosing does, e.g. "Book" or "Move to". */
  actionLabel: string;
  onChoose: (slot: ApiSlot) => void;
}) {
  if (slots.length === 0) return <p className="text-slate-700">There are no other free times in the next two weeks.</p>;
  return (
    <div className="space-y-2">
      <p className="font-medium text-slate-900">Next free times</p>
      <ul className="flex flex-wrap gap-2">
        {slots.map((slot) => (
          <li key={slot.start}>
            <button type="button" onClick={() => onChoose(slot)} className={secondaryButtonClassName}>
              {actionLabel} {formatDateTimeInZone(new Date(slot.start), timeZone)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
