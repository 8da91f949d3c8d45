"use client";

import { RoomEvent, type RemoteParticipant, type Room } from "livekit-client";
import { useTranslations } from "next-intl";
import { useEffect, useEffectEvent, useId, useRef, useState, type FormEvent } from "react";
import { CHAT_TOPIC, chatLine, decodeChatMessage, encodeChatMessage, MAX_CHAT_MESSAGE_LENGTH, type ChatLine } from "./chatMessages";
import { participantName, type Roster } from "./participants";
import { visitFieldClassName, visitPrimaryButtonClassName } from "./styles";

/**
 * The call's text chat. Messages live with the caller (`messages`), so they
 * survive a reconnect; this panel receives, sends and shows them. Each of the
 * viewer's own messages is kept with the visit (`keepMessage`) before it goes
 * out, so what the record holds is what was said; one the server did not keep
 * is not sent, and the viewer is told.
 */
export function ChatPanel({
  room,
  roster,
  messages,
  onMessage,
  keepMessage,
}: {
  room: Room;
  roster: Roster;
  messages: ChatLine[];
  onMessage: (line: ChatLine) => void;
  keepMessage: (text: string) => Promise<boolean>;
}) {
  const t = useTranslations("call.chat");
  const someone = useTranslations("call")("someone");
  const headingId = useId();
  const fieldId = useId();
  const [draft, setDraft] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const logRef = useRef<HTMLDivElement>(null);

  const received = useEffectEvent((payload: Uint8Array, participant: RemoteParticipant | undefined, topic: string | undefined) => {
    if (topic !== CHAT_TOPIC || !participant) return;
    const text = decodeChatMessage(payload);
    if (text !== null) onMessage(chatLine(participantName(participant, roster) ?? someone, text));
  });

  useEffect(() => {
    const listener = (payload: Uint8Array, participant?: RemoteParticipant, _kind?: unknown, topic?: string) =>
      received(payload, participant, topic);
    room.on(RoomEvent.DataReceived, listener);
    return () => {
      room.off(RoomEvent.DataReceived, listener);
    };
  }, [room]);

  // Keep the newest message in view.
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [messages.length]);

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = draft.trim();
    if (text === "" || sending) return;
    setSending(true);
    try {
      if (!(await keepMessage(text))) throw new Error("The message was not kept with the visit.");
      // LiveKit relays data to everyone in the room, even those who may not
      // subscribe, so the chat is addressed to admitted people only: someone
      // still in the waiting room must not read it.
      const admitted = [...room.remoteParticipants.values()]
        .filter((participant) => participant.permissions?.canSubscribe)
        .map((participant) => participant.identity);
      if (admitted.length > 0) {
        await room.localParticipant.publishData(encodeChatMessage(text), {
          reliable: true,
          topic: CHAT_TOPIC,
          destinationIdentities: admitted,
        });
      }
      onMessage(chatLine(participantName(room.localParticipant, roster) ?? someone, text));
      setDraft("");
      setError(null);
    } catch {
      setError(t("sendFailed"));
    } finally {
      setSending(false);
    }
  }

  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h3 id={headingId} className="text-lg font-semibold text-slate-900">
        {t("heading")}
      </h3>
      {/* Focusable, so keyboard users can scroll back through a long conversation. */}
      <div
        ref={logRef}
        role="log"
        aria-label={t("messages")}
        tabIndex={0}
        className="max-h-60 min-h-16 space-y-2 overflow-y-auto rounded-md border border-slate-300 bg-slate-50 p-3"
      >
        {messages.length === 0 ? (
          <p className="text-slate-700">{t("none")}</p>
        ) : (
          messages.map((line) => (
            <p key={line.id} className="break-words whitespace-pre-wrap text-slate-900">
              <span className="font-semibold">{line.sender}:</span> {line.text}
            </p>
          ))
        )}
      </div>
      <form aria-label={t("heading")} onSubmit={send} className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 basis-48 space-y-1.5">
          <label htmlFor={fieldId} className="block font-medium text-slate-900">
            {t("message")}
          </label>
          <input
            id={fieldId}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            maxLength={MAX_CHAT_MESSAGE_LENGTH}
            autoComplete="off"
            className={visitFieldClassName}
          />
        </div>
        <button type="submit" disabled={sending} className={visitPrimaryButtonClassName}>
          {t("send")}
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </section>
  );
}
