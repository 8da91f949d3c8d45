import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ChangePasswordForm } from "@/components/ChangePasswordForm";
import { ConfirmItsYou } from "@/components/ConfirmItsYou";
import { MfaEnrolment } from "@/components/MfaEnrolment";
import { PageHeader } from "@/components/PageHeader";
import { RecoveryCodesRenewal } from "@/components/RecoveryCodesRenewal";
import { SignOutEverywhere } from "@/components/SignOutEverywhere";
import { isRecentlyAuthenticated } from "@/lib/auth/accounts/reauthentication";
import { requireSignedIn } from "@/lib/auth/guards";
import { mfaStatus } from "@/lib/auth/mfa/mfa";
import { isStaffRole } from "@/lib/auth/sessions/sessions";
import { ACCOUNT_SECURITY_PATH } from "@/lib/auth/sign-in/sign-in-destination";
import { getDb } from "@/lib/db/client";
import { ROLE_HOMES } from "@/lib/navigation";

export const metadata: Metadata = { title: "Account security" };

export default async function AccountSecurityPage() {
  // Staff who still have to set up two-step verification are sent here, so this page must let them in.
  const { actor, sessionKey } = await requireSignedIn({ allowPendingMfa: true, returnTo: ACCOUNT_SECURITY_PATH });
  const [mfa, confirmed] = await Promise.all([
    mfaStatus(getDb(), actor.userId),
    isRecentlyAuthenticated(getDb(), sessionKey ?? null),
  ]);
  const mfaRequired = isStaffRole(actor.role);

  return (
    <div className="space-y-12">
      <PageHeader
        title="Account security"
        description="Two-step verification, your password, and the devices you are signed in on."
      />

      <ConfirmItsYou confirmed={confirmed} asksForCode={mfa.enabled}>
      <AccountSection id="two-step-verification" title="Two-step verification">
        {mfa.enabled ? (
          <>
            <p className="text-slate-700">
              On. Signing in asks for a code from your authenticator app. You have {mfa.unusedRecoveryCodes} unused
              recovery {mfa.unusedRecoveryCodes === 1 ? "code" : "codes"}.
            </p>
            <RecoveryCodesRenewal continueHref={ROLE_HOMES[actor.role]} />
          </>
        ) : (
          <>
            {mfaRequired ? (
              <p className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950">
                <strong className="font-semibold">Two-step verification is required for your role.</strong> Set it up to
                continue to the rest of the clinic.
              </p>
            ) : (
              <p className="text-slate-700">
                Optional, and recommended: besides your password, signing in will ask for a code from an app on your
                phone, so a stolen password alone cannot open your account.
              </p>
            )}
            <MfaEnrolment continueHref={ROLE_HOMES[actor.role]} />
          </>
        )}
      </AccountSection>

      <AccountSection id="password" title="Password">
        <ChangePasswordForm />
      </AccountSection>
      </ConfirmItsYou>

      <AccountSection id="signed-in-devices" title="Signed-in devices">
        <SignOutEverywhere userName={actor.name} />
      </AccountSection>
    </div>
  );
}

function AccountSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id={id} className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}
