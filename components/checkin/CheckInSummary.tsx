import type { CheckInSummaryView } from "@/lib/checkin/types";

const CONSENT_STATUS = {
  valid: "Signed",
  expired: "Expired: the patient must sign again",
  superseded: "Signed an older version: the patient must sign the current one",
  missing: "Not signed",
} as const;

/** A language's English name by its BCP 47 code ("es" → "Spanish"), through the browser's own data. */
function languageInEnglish(code: string): string {
  return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
}

function dateIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone }).format(new Date(iso));
}

/** Whether the date of birth was confirmed, and how many wrong dates came first. */
function dateOfBirthText({ dateOfBirthConfirmedAt, dateOfBirthFailedTries: failed }: CheckInSummaryView): string {
  if (dateOfBirthConfirmedAt) return failed > 0 ? `Confirmed after ${failed} wrong ${failed === 1 ? "try" : "tries"}` : "Confirmed";
  return failed > 0 ? `Not confirmed after ${failed} ${failed === 1 ? "try" : "tries"}: verify identity in the call` : "Not confirmed";
}

/**
 * What the patient said at check-in, for the physician before and during the
 * visit: whether they are at home (the address on request), how to call them
 * back, their consent, whether they confirmed their date of birth, and their
 * language, with an interpreter need set apart so it is not missed. The state
 * they are in is the waiting list's licensure notice (PatientLocationNotice),
 * which says it once, beside the licences it is weighed against.
 */
export function CheckInSummary({ summary, timeZone }: { summary: CheckInSummaryView; timeZone: string }) {
  const { location, consent } = summary;
  return (
    <div className="space-y-2 text-sm text-slate-900">
      {summary.interpreterNeeded && (
        <p className="rounded-md border border-amber-500 bg-amber-100 px-3 py-2 text-base font-semibold">
          Interpreter needed: {summary.interpreterLanguage ? languageInEnglish(summary.interpreterLanguage) : "language not given"}
        </p>
      )}
      {!summary.completedAt && <p className="font-semibold text-red-800">Check-in not finished</p>}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="font-medium">Address</dt>
        <dd>
          {location ? (
            <details>
              <summary className="cursor-pointer">{location.locationKind === "HOME" ? "At home" : "Not at home"}</summary>
              <p>
                {location.addressLine}, {location.city}, {location.state} {location.postalCode}
              </p>
            </details>
          ) : (
            "Not given"
          )}
        </dd>
        <dt className="font-medium">Callback phone</dt>
        <dd>{location ? <a href={`tel:${location.callbackPhone}`} className="underline">{location.callbackPhone}</a> : "Not given"}</dd>
        <dt className="font-medium">Telehealth consent</dt>
        <dd>
          {CONSENT_STATUS[consent.status]}
          {consent.status === "valid" && consent.signedAt && (
            <>
              {" "}
              (version {consent.version}, {dateIn(consent.signedAt, timeZone)}
              {consent.expiresAt && `, until ${dateIn(consent.expiresAt, timeZone)}`})
            </>
          )}
        </dd>
        <dt className="font-medium">Recording consent</dt>
        <dd>{summary.recordingConsent === "accepted" ? "Agreed (recording stays off)" : summary.recordingConsent === "declined" ? "Declined" : "Not answered"}</dd>
        <dt className="font-medium">Date of birth</dt>
        <dd className={!summary.dateOfBirthConfirmedAt && summary.dateOfBirthFailedTries > 0 ? "font-semibold text-red-800" : undefined}>{dateOfBirthText(summary)}</dd>
        <dt className="font-medium">Preferred language</dt>
        <dd>{summary.preferredLanguage ? languageInEnglish(summary.preferredLanguage) : "Not given"}</dd>
      </dl>
    </div>
  );
}
