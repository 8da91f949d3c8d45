import type { CapturedMail } from "@/lib/mail/mailbox";
import { formatDateTimeInZone } from "@/lib/scheduling/time-format";

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/;

/** The plain-text body with its addresses clickable, so a developer can follow a visit or invitation link. */
function BodyText({ text }: { text: string }) {
  return (
    <pre className="overflow-x-auto rounded-md bg-slate-50 p-4 font-sans text-sm whitespace-pre-wrap text-slate-800">
      {text.split(URL_PATTERN).map((part, index) =>
        // split() with a capturing group puts the matches at the odd indexes.
        index % 2 === 1 ? (
          <a key={index} href={part} className="break-all text-primary-700 underline underline-offset-2">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

/** The messages the local mail catcher kept: who, what, when, the body and each attachment's text. */
export function CapturedMailList({ messages }: { messages: CapturedMail[] }) {
  if (messages.length === 0) return <p className="text-slate-700">No mail has been sent yet.</p>;
  return (
    <ol className="space-y-6">
      {messages.map((message) => {
        const headingId = `mail-${message.file.replace(/\W/g, "-")}`;
        return (
          <li key={message.file}>
            <article aria-labelledby={headingId} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
              <h2 id={headingId} className="text-lg font-semibold text-slate-900">
                {message.subject || "(no subject)"}
              </h2>
              <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                <dt className="font-medium text-slate-700">To</dt>
                <dd className="text-slate-900">{message.to}</dd>
                <dt className="font-medium text-slate-700">Received</dt>
                {/* The catcher's clock has no reader's zone to follow, so UTC, named. */}
                <dd className="text-slate-900">{formatDateTimeInZone(message.receivedAt, "UTC")}</dd>
              </dl>
              <BodyText text={message.text} />
              {message.attachments.length > 0 && (
                <ul className="space-y-2">
                  {message.attachments.map((attachment, index) => (
                    <li key={index}>
                      <details className="rounded-md border border-slate-200">
                        <summary className="cursor-pointer px-4 py-2 text-sm font-medium text-slate-900">
                          Attachment: {attachment.filename} ({attachment.contentType})
                        </summary>
                        <pre className="overflow-x-auto border-t border-slate-200 p-4 text-xs text-slate-800">{attachment.content}</pre>
                      </details>
                    </li>
                  ))}
                </ul>
              )}
            </article>
          </li>
        );
      })}
    </ol>
  );
}
