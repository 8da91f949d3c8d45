import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ForgetOfflinePages } from "@/components/ForgetOfflinePages";
import { PageHeader } from "@/components/PageHeader";
import { SignInForm } from "@/components/SignInForm";
import { getRequestContext } from "@/lib/auth/request-context";
import { safeReturnTo, signInDestination } from "@/lib/auth/sign-in/sign-in-destination";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("signIn");
  return { title: t("pageTitle") };
}

const signInReason = z.enum(["idle", "signed-out", "password-changed"]);

const searchParamsSchema = z.object({
  returnTo: z.string().optional().catch(undefined),
  reason: signInReason.optional().catch(undefined),
});

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { returnTo, reason } = searchParamsSchema.parse(await searchParams);
  const safeReturn = safeReturnTo(returnTo);
  const { actor } = await getRequestContext();
  if (actor.kind === "user") {
    redirect(signInDestination({ role: actor.role, mfaEnabled: actor.mfaSatisfied }, safeReturn));
  }

  const t = await getTranslations("signIn");
  return (
    <div className="mx-auto max-w-md space-y-8">
      <ForgetOfflinePages />
      <PageHeader title={t("pageTitle")} description={t("description")} />
      {reason && (
        <p role="status" className="rounded-md border border-primary-200 bg-primary-50 px-4 py-3 text-primary-900">
          {t(`notices.${reason}`)}
        </p>
      )}
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <SignInForm returnTo={safeReturn} />
      </div>
    </div>
  );
}
