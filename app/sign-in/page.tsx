import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ForgetOfflinePages } from "@/components/ForgetOfflinePages";
import { PageHeader } from "@/components/PageHeader";
import { SignInForm } from "@/components/SignInForm";
import { getRequestContext } from "@/lib/auth/request-context";
import { safeReturnTo, signInDestination } from "@/lib/auth/sign-in/sign-in-destination";

export const metadata: Metadata = { title: "Sign in" };

const signInReason = z.enum(["idle", "signed-out", "password-changed"]);

const NOTICES: Record<z.infer<typeof signInReason>, string> = {
  idle: "You were signed out after 15 minutes without activity.",
  "signed-out": "You have been signed out.",
  "password-changed": "Your password has been changed. Sign in with your new password.",
};

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

  return (
    <div className="mx-auto max-w-md space-y-8">
      <ForgetOfflinePages />
      <PageHeader title="Sign in" description="Use the email address and password you were given by the clinic." />
      {reason && (
        <p role="status" className="rounded-md border border-primary-200 bg-primary-50 px-4 py-3 text-primary-900">
          {NOTICES[reason]}
        </p>
      )}
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <SignInForm returnTo={safeReturn} />
      </div>
    </div>
  );
}
