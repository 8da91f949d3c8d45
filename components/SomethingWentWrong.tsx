import { primaryActionClassName } from "./actionStyles";
import { PageHeader } from "./PageHeader";

/**
 * What people see when a page fails. The error's message and stack stay in the
 * server logs; only the digest is shown, so support can find the matching entry.
 */
export function SomethingWentWrong({ error, onTryAgain }: { error: unknown; onTryAgain: () => void }) {
  const referenceCode = digestOf(error);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Something went wrong"
        description="This page could not be shown. Please try again. If it keeps happening, contact the clinic."
      />
      {referenceCode && (
        <p className="text-slate-700">
          Reference code: <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-900">{referenceCode}</code>
          <span className="block text-sm text-slate-600">Quoting it helps the clinic find out what happened.</span>
        </p>
      )}
      <button type="button" onClick={onTryAgain} className={primaryActionClassName}>
        Try again
      </button>
    </div>
  );
}

function digestOf(error: unknown): string | undefined {
  if (error instanceof Error && "digest" in error && typeof error.digest === "string") return error.digest;
  return undefined;
}
