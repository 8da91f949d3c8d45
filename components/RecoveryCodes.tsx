import Link from "next/link";
import { primaryActionClassName } from "./actionStyles";
import { focusOnMount } from "./focusOnMount";

/** New recovery codes, shown once: when two-step verification is turned on, or when the person asks for new ones. */
export function RecoveryCodes({ heading, codes, continueHref }: { heading: string; codes: string[]; continueHref: string }) {
  return (
    <div className="space-y-4">
      <h3 ref={focusOnMount} tabIndex={-1} className="text-lg font-semibold text-slate-900">
        {heading}
      </h3>
      <p className="text-slate-700">
        If you lose your phone, each of these codes signs you in once instead of a code from the app. Keep them somewhere
        safe, such as a password manager or on paper. They will not be shown again.
      </p>
      <ol aria-label="Recovery codes" className="grid max-w-md grid-cols-2 gap-x-6 gap-y-2 rounded-lg bg-slate-100 p-4">
        {codes.map((code) => (
          <li key={code} className="font-mono text-lg tracking-wide text-slate-900">
            {code}
          </li>
        ))}
      </ol>
      {/* Not prefetched: a copy fetched before enrolment finished would still send staff back here. */}
      <Link href={continueHref} prefetch={false} className={primaryActionClassName}>
        I have saved these codes
      </Link>
    </div>
  );
}
