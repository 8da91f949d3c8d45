"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireOwnAccount, type OwnAccount } from "@/lib/auth/accounts/account";
import { signOut } from "@/lib/auth/sessions/auth";
import { beginMfaEnrolment, confirmMfaEnrolment } from "@/lib/auth/mfa/mfa";
import { changePassword } from "@/lib/auth/accounts/password-change";
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

const ALREADY_ON = "Two-step verification is already on for your account.";

export type MfaEnrolmentStartState =
  | { status: "idle" }
  | { status: "started"; secret: string; otpauthUri: string; qrCodeDataUri: string }
  | { status: "error"; message: string };

export async function startMfaEnrolmentAction(): Promise<MfaEnrolmentStartState> {
  const { userId, client } = await ownAccount("auth.mfa.enrol");
  const result = await beginMfaEnrolment(getDb(), userId, client);
  if (!result.ok) return { status: "error", message: ALREADY_ON };
  // As an image, the SVG cannot run script or style the page.
  const qrCodeDataUri = `data:image/svg+xml;base64,${Buffer.from(result.qrSvg).toString("base64")}`;
  return { status: "started", secret: result.secret, otpauthUri: result.otpauthUri, qrCodeDataUri };
}

export type MfaConfirmationState =
  | { status: "idle" | "error"; message: string | null; attempt: number }
  | { status: "confirmed"; recoveryCodes: string[] };

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
  const attempt = previous.status === "confirmed" ? 1 : previous.attempt + 1;
  const { userId, client, sessionKey } = await ownAccount("auth.mfa.enrol");
  const parsed = confirmationForm.safeParse({ code: formData.get("code") ?? "" });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]!.message, attempt };

  const result = await confirmMfaEnrolment(getDb(), userId, parsed.data.code, client, { keepSession: sessionKey });
  if (!result.ok) return { status: "error", message: CONFIRMATION_PROBLEMS[result.problem], attempt };
  return { status: "confirmed", recoveryCodes: result.recoveryCodes };
}

export interface ChangePasswordState {
  errors: { currentPassword?: string; newPassword?: string };
  attempt: number;
}

const passwordForm = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(1024),
  newPassword: z.string().min(1, "Enter a new password.").max(1024),
});

export async function changePasswordAction(
  previous: ChangePasswordState,
  formData: FormData,
): Promise<ChangePasswordState> {
  const attempt = previous.attempt + 1;
  const { userId, client } = await ownAccount("auth.password.change");
  const parsed = passwordForm.safeParse({
    currentPassword: formData.get("currentPassword") ?? "",
    newPassword: formData.get("newPassword") ?? "",
  });
  if (!parsed.success) {
    const errors: ChangePasswordState["errors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof ChangePasswordState["errors"];
      errors[field] ??= issue.message;
    }
    return { errors, attempt };
  }

  const result = await changePassword(getDb(), userId, parsed.data, client);
  if (!result.ok) return { errors: { [result.field]: result.problem }, attempt };
  // The change already ended this session; signing out also clears its cookie.
  await signOut({ redirectTo: "/sign-in?reason=password-changed" });
  return { errors: {}, attempt };
}
