"use client";

import { useId, useState } from "react";
import { useChartResource } from "@/components/chart/chartApi";
import { LoadFailed } from "@/components/chart/ChartStates";
import { EditRefusal } from "@/components/chart/EditRefusal";
import { formatChartDateTime } from "@/components/chart/format";
import { sectionHeadingClassName, secondaryButtonClassName } from "@/components/chart/styles";
import type { Json } from "@/components/chart/types";
import { useChartEdit } from "@/components/chart/useChartEdit";
import type { VisitChat } from "@/lib/visits/chat";

type Chat = Json<VisitChat>;

/**
 * "Chat from this visit" under the note: the call's messages as kept on the
 * visit (who, when, what), and "Include the chat in the after-visit summary",
 * off unless the physician ticks it and fixed once the note is signed.
 * `refreshKey` rereads it (the chat grows while the call goes on).
 */
export function VisitChatRecord({ appointmentId, timeZone }: { appointmentId: string; timeZone: string }) {
  const headingId = useId();
  const checkboxId = useId();
  const [reads, setReads] = useState(0);
  const path = `/api/visits/${encodeURIComponent(appointmentId)}/chat`;
  const chat = useChartResource<{ chat: Chat }>(path, reads);
  const edit = useChartEdit();
  const data = chat.data?.chat ?? null;

  async function toggle(include: boolean) {
    if (await edit.send(`${path}/summary`, "PUT", { include })) setReads((count) => count + 1);
  }

  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <h3 id={headingId} className={sectionHeadingClassName}>
          Chat from this visit
        </h3>
        <button type="button" onClick={() => setReads((count) => count + 1)} className={secondaryButtonClassName}>
          Refresh chat
        </button>
      </div>
      {chat.error && <LoadFailed what="the visit's chat" error={chat.error} onRetry={chat.reload} />}
      {data && (
        <>
          {data.messages.length === 0 ? (
            <p className="text-sm text-slate-700">No chat messages at this visit.</p>
          ) : (
            <ul className="space-y-1 text-sm text-slate-900">
              {data.messages.map((message) => (
                <li key={message.id} className="break-words whitespace-pre-wrap">
                  <span className="font-semibold">{message.senderName}</span>{" "}
                  <span className="text-slate-700">({formatChartDateTime(message.sentAt, timeZone)})</span>: {message.text}
                </li>
              ))}
            </ul>
          )}
          <div className="flex items-center gap-2">
            <input
              id={checkboxId}
              type="checkbox"
              checked={data.includeInSummary}
              disabled={data.noteSigned || edit.pending}
              onChange={(event) => void toggle(event.currentTarget.checked)}
              className="h-4 w-4"
            />
            <label htmlFor={checkboxId} className="text-sm text-slate-900">
              Include the chat in the after-visit summary{data.noteSigned ? " (the note is signed)" : ""}
            </label>
          </div>
          <EditRefusal id={`${checkboxId}-error`} error={edit.error} />
        </>
      )}
    </section>
  );
}
