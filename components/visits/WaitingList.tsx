"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import { WaitingPatientCheckIn } from "@/components/checkin/WaitingPatientCheckIn";
import { formatTimeInZone } from "@/lib/scheduling/time-format";
import { licensureConcern } from "@/lib/licensure/status";
import { PatientLocationNotice } from "./PatientLocationNotice";
import { visitDangerButtonClassName, visitPanelClassName, visitPrimaryButtonClassName, visitSecondaryButtonClassName } from "./styles";
import { roleLabel } from "./participants";
import { callVisitApi, type VisitLobbyResponse, type VisitRole } from "./visitApi";

const POLL_INTERVAL_MS = 2_000;
const FINISHED: ReadonlySet<AppointmentStatus> = new Set(["COMPLETED", "CANCELLED", "NO_SHOW"]);
// A patient may come twice (the portal, and their visit link, perhaps forwarded to someone else): each waits on its own.
const CREDENTIAL_NAMES = { portal: "signed in to the portal", "visit-link": "with the visit link" } as const;

type Person = { identity: string; name: string; role: VisitRole; via?: keyof typeof CREDENTIAL_NAMES; language?: string };

/** What a button says after "Admit" or "Decline" to a screen reader: the name, and for a patient how they came. */
function label(person: Person): string {
  return person.via ? `${person.name}, ${CREDENTIAL_NAMES[person.via]}` : person.name;
}

function who(person: Person): string {
  const role = roleLabel(person.role, person.language);
  return person.via ? `${role}, ${CREDENTIAL_NAMES[person.via]}` : role;
}

/**
 * The physician's waiting room for one visit: who is waiting, with "Admit" and
 * "Decline" for each, and who is in the call. Polls the lobby every 2 seconds
 * while the visit page is open, and announces new arrivals.
 */
export function WaitingList({
  appointmentId,
  timeZone,
  onAdmitted,
}: {
  appointmentId: string;
  timeZone: string;
  /** Where focus goes after an admission (the call, once it is on); the list's heading otherwise. */
  onAdmitted?: () => void;
}) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [lobby, setLobby] = useState<VisitLobbyResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [pending, setPending] = useState<string | null>(null);
  const [confirmingRemoval, setConfirmingRemoval] = useState<string | null>(null);
  const [licensureReason, setLicensureReason] = useState("");

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    const seen = new Set<string>();
    const poll = async () => {
      const result = await callVisitApi<VisitLobbyResponse>(`/api/visits/${encodeURIComponent(appointmentId)}/lobby`, {
        signal: controller.signal,
        backgroundPoll: true,
      }).catch(() => null);
      if (result === null || controller.signal.aborted) return;
      if (result.ok) {
        setLobby(result.data);
        setError(null);
        const arrived = result.data.waiting.filter((person) => !seen.has(person.identity)).map((person) => person.name);
        if (arrived.length > 0) setAnnouncement(`${arrived.join(" and ")} ${arrived.length === 1 ? "is" : "are"} waiting.`);
        seen.clear();
        for (const person of result.data.waiting) seen.add(person.identity);
        if (FINISHED.has(result.data.status)) return;
      } else if (result.status === 401 || result.status === 403 || result.status === 404) {
        // Not this physician's visit, or signed out: asking again would not change that.
        setError(result.error);
        return;
      }
      // Otherwise (a network hiccup, a server error) keep asking quietly.
      timer = window.setTimeout(() => void poll(), POLL_INTERVAL_MS);
    };
    void poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [appointmentId]);

  async function act(action: "admit" | "decline", person: Person, inCall: boolean) {
    setPending(person.identity);
    setConfirmingRemoval(null);
    const result = await callVisitApi(`/api/visits/${encodeURIComponent(appointmentId)}/${action}`, {
      method: "POST",
      body: action === "admit" && person.role === "patient" && licensureReason.trim() ? { identity: person.identity, licensureReason } : { identity: person.identity },
    });
    setPending(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setLobby((current) => {
      if (!current) return current;
      const waiting = current.waiting.filter((entry) => entry.identity !== person.identity);
      const moved = current.waiting.find((entry) => entry.identity === person.identity);
      const admitted =
        action === "admit" && moved
          ? [...current.admitted, { identity: moved.identity, name: moved.name, role: moved.role, via: moved.via, language: moved.language }]
          : current.admitted.filter((entry) => entry.identity !== person.identity);
      return { ...current, waiting, admitted };
    });
    setAnnouncement(
      action === "admit" ? `${person.name} was admitted.` : inCall ? `${person.name} was removed from the call.` : `${person.name} was declined.`,
    );
    // The button that was used is gone: focus goes to the call when it shows the person admitted, else to the list's heading.
    if (action === "admit" && onAdmitted) onAdmitted();
    else headingRef.current?.focus();
  }

  const waiting = lobby?.waiting ?? [];
  const admitted = lobby?.admitted ?? [];
  const concern = lobby ? licensureConcern(lobby.licensure) : "none";

  return (
    <section aria-labelledby={headingId} className={`${visitPanelClassName} space-y-3`}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900">
        Waiting room
      </h2>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {error && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
      {lobby === null && !error ? (
        <p className="text-slate-700">Checking who is waiting…</p>
      ) : waiting.length === 0 ? (
        <p className="text-slate-700">Nobody is waiting.</p>
      ) : (
        <ul className="space-y-3">
          {waiting.map((person) => (
            <li key={person.identity} className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="text-slate-900">
                  <span className="font-semibold">{person.name}</span>{" "}
                  <span className="text-sm text-slate-700">
                    ({who(person)}, waiting since {formatTimeInZone(new Date(person.joinedAt), timeZone)})
                  </span>
                </p>
                <div className="flex flex-wrap gap-2">
                  {!(person.role === "patient" && concern === "blocked") && (
                    <button
                      type="button"
                      onClick={() => act("admit", person, false)}
                      disabled={pending === person.identity}
                      className={visitPrimaryButtonClassName}
                    >
                      Admit<span className="sr-only"> {label(person)}</span>
                    </button>
                  )}
                  <button
                    type="button"
                    onClick={() => act("decline", person, false)}
                    disabled={pending === person.identity}
                    className={visitSecondaryButtonClassName}
                  >
                    Decline<span className="sr-only"> {label(person)}</span>
                  </button>
                </div>
              </div>
              {person.role === "patient" && lobby && (
                <PatientLocationNotice
                  licensure={lobby.licensure}
                  reasonFieldId={`${headingId}-licensure-${person.identity}`}
                  reason={licensureReason}
                  onReasonChange={setLicensureReason}
                />
              )}
              {/* Shown open until someone is in the call; folded then, so the list stays short above the video. */}
              {person.role === "patient" && <WaitingPatientCheckIn appointmentId={appointmentId} timeZone={timeZone} open={admitted.length === 0} />}
            </li>
          ))}
        </ul>
      )}

      {admitted.length > 0 && (
        <>
          <h3 className="font-semibold text-slate-900">In the call</h3>
          <ul className="space-y-2">
            {admitted.map((person) => (
              <li key={person.identity} className="flex flex-wrap items-center justify-between gap-2">
                <p className="text-slate-900">
                  {person.name} <span className="text-sm text-slate-700">({who(person)})</span>
                </p>
                {confirmingRemoval === person.identity ? (
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="text-sm text-slate-900">Remove {person.name} from the call?</span>
                    <button
                      type="button"
                      onClick={() => act("decline", person, true)}
                      disabled={pending === person.identity}
                      className={visitDangerButtonClassName}
                    >
                      Yes, remove<span className="sr-only"> {person.name}</span>
                    </button>
                    <button type="button" onClick={() => setConfirmingRemoval(null)} className={visitSecondaryButtonClassName}>
                      Keep<span className="sr-only"> {person.name}</span>
                    </button>
                  </div>
                ) : (
                  <button type="button" onClick={() => setConfirmingRemoval(person.identity)} className={visitSecondaryButtonClassName}>
                    Remove<span className="sr-only"> {person.name}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
