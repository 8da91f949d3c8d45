"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireOwnAccount, type OwnAccount } from "@/lib/auth/accounts/account";
import { changePassword, passwordChangeInput } from "@/lib/auth/accounts/password-change";
import { confirmIdentity, confirmIdentityInput } from "@/lib/auth/accounts/reauthentication";
import { ReauthenticationRequiredError } from "@/lib/auth/errors";
import { signOut } from "@/lib/auth/sessions/auth";
import { beginMfaEnrolment, confirmMfaEnrolment, regenerateRecoveryCodes } from "@/lib/auth/mfa/mfa";
import { getRequestContext } from "@/lib/auth/request-context";
import { ACCOUNT_SECURITY_PATH } from "@/lib/auth/sign-in/sign-in-destination";
import { getDb } from "@/lib/db/client";
import { asAppError } from "@/lib/http/route-errors";

/** Everything here acts on the caller's own account; someone whose session has ended signs in again. */
async function ownAccount(action: string): Promise<OwnAccount> {
  try {
    return await requireOwnAccount(getDb(), await getRequestContext(), action);
  } catch (error) {
    if (asAppError(error)?.status !== 401) throw error;
  }
  redirect(`/sign-in?returnTo=${encodeURIComponent(ACCOUNT_SECURITY_PATH)}`);
}

/** The answer to a sensitive change asked for without a recent "confirm it's you": the form asks for it. */
export type IdentityConfirmationNeeded = { status: "confirm-identity"; message: string };

/** Runs a sensitive change, or answers that the person must confirm it's them first (nothing was changed). */
async function unlessConfirmationNeeded<T>(change: () => Promise<T>): Promise<T | IdentityConfirmationNeeded> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof ReauthenticationRequiredError)) throw error;
    return { status: "confirm-identity", message: error.message };
  }
}

export type ConfirmIdentityState =
  | { status: "idle" | "error"; errors: { password?: string; code?: string }; attempt: number }
  | { status: "confirmed"; attempt: number };

export async function confirmIdentityAction(previous: ConfirmIdentityState, formData: FormData): Promise<ConfirmIdentityState> {
  const attempt = previous.attempt + 1;
  const own = await ownAccount("auth.reauthenticate");
  const parsed = confirmIdentityInput.safeParse({
    password: formData.get("password") ?? "",
    code: formData.get("code") ?? undefined,
  });
  if (!parsed.success) return { status: "error", errors: { password: parsed.error.issues[0]!.message }, attempt };
  const result = await confirmIdentity(getDb(), own, parsed.data);
  if (!result.ok) return { status: "error", errors: { [result.field]: result.problem }, attempt };
  return { status: "confirmed", attempt };
}

const ALREADY_ON = "Two-step verification is already on for your account.";

export type MfaEnrolmentStartState =
  | { status: "idle" }
  | { status: "started"; secret: string; otpauthUri: string; qrCodeDataUri: string }
  | { status: "error"; message: string }
  | IdentityConfirmationNeeded;

export async function startMfaEnrolmentAction(): Promise<MfaEnrolmentStartState> {
  const own = await ownAccount("auth.mfa.enrol");
  return unlessConfirmationNeeded(async () => {
    const result = await beginMfaEnrolment(getDb(), own);
    if (!result.ok) return { status: "error", message: ALREADY_ON } as const;
    // As an image, the SVG cannot run script or style the page.
    const qrCodeDataUri = `data:image/svg+xml;base64,${Buffer.from(result.qrSvg).toString("base64")}`;
    return { status: "started", secret: result.secret, otpauthUri: result.otpauthUri, qrCodeDataUri } as const;
  });
}

export type MfaConfirmationState =
  | { status: "idle" | "error"; message: string | null; attempt: number }
  | { status: "confirmed"; recoveryCodes: string[] }
  | IdentityConfirmationNeeded;

const confirmationForm = z.object({
  code: z
    .string()
    .transform((code) => code.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.")),
});

const CONFIRMATION_PROBLEMS = {
  "invalid-code": "That code didn't work. Try again.",
  "not-started": "This setup has expired. Reload the page and start again.",
  "already-enabled": ALREADY_ON,
};

export async function confirmMfaEnrolmentAction(
  previous: MfaConfirmationState,
  formData: FormData,
): Promise<MfaConfirmationState> {
  const attempt = "attempt" in previous ? previous.attempt + 1 : 1;
  const own = await ownAccount("auth.mfa.enrol");
  const parsed = confirmationForm.safeParse({ code: formData.get("code") ?? "" });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]!.message, attempt };

  return unlessConfirmationNeeded(async () => {
    const result = await confirmMfaEnrolment(getDb(), own, parsed.data.code);
    if (!result.ok) return { status: "error", message: CONFIRMATION_PROBLEMS[result.problem], attempt } as const;
    return { status: "confirmed", recoveryCodes: result.recoveryCodes } as const;
  });
}

export type RecoveryCodesRenewalState =
  | { status: "idle" }
  | { status: "error"; message: string }
  | { status: "renewed"; recoveryCodes: string[] }
  | IdentityConfirmationNeeded;

export async function regenerateRecoveryCodesAction(): Promise<RecoveryCodesRenewalState> {
  const own = await ownAccount("auth.mfa.recovery_codes.regenerate");
  return unlessConfirmationNeeded(async () => {
    const result = await regenerateRecoveryCodes(getDb(), own);
    if (!result.ok) return { status: "error", message: "Two-step verification is off, so there are no recovery codes." } as const;
    // The page counts the unused codes: it must show the new ten.
    revalidatePath(ACCOUNT_SECURITY_PATH);
    return { status: "renewed", recoveryCodes: result.recoveryCodes } as const;
  });
}

export type ChangePasswordState = { status: "idle" | "error"; error: string | null; attempt: number } | IdentityConfirmationNeeded;

export async function changePasswordAction(previous: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> {
  const attempt = "attempt" in previous ? previous.attempt + 1 : 1;
  const own = await ownAccount("auth.password.change");
  const parsed = passwordChangeInput.safeParse({ newPassword: formData.get("newPassword") ?? "" });
  if (!parsed.success) return { status: "error", error: parsed.error.issues[0]!.message, attempt };

  const result = await unlessConfirmationNeeded(() => changePassword(getDb(), own, parsed.data));
  if ("status" in result) return result;
  if (!result.ok) return { status: "error", error: result.problem, attempt };
  // The change already ended this session; signing out also clears its cookie.
  await signOut({ redirectTo: "/sign-in?reason=password-changed" });
  return { status: "idle", error: null, attempt };
}
