import { useTranslations } from "next-intl";
import { primaryActionClassName } from "./actionStyles";
import { PageHeader } from "./PageHeader";

/**
 * What people see when a page fails. The error's message and stack stay in the
 * server logs; only the digest is shown, so support can find the matching entry.
 */
export function SomethingWentWrong({ error, onTryAgain }: { error: unknown; onTryAgain: () => void }) {
  const t = useTranslations("common.error");
  const referenceCode = digestOf(error);
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} />
      {referenceCode && (
        <p className="text-slate-700">
          {t.rich("reference", {
            referenceCode,
            code: (chunks) => <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-900">{chunks}</code>,
          })}
          <span className="block text-sm text-slate-600">{t("referenceHelp")}</span>
        </p>
      )}
      <button type="button" onClick={onTryAgain} className={primaryActionClassName}>
        {t("tryAgain")}
      </button>
    </div>
  );
}

function digestOf(error: unknown): string | undefined {
  if (error instanceof Error && "digest" in error && typeof error.digest === "string") return error.digest;
  return undefined;
}
