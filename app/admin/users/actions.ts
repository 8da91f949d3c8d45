"use server";

import { revalidatePath } from "next/cache";
import type { RequestContext } from "@/lib/auth/access";
import { ReauthenticationRequiredError } from "@/lib/auth/errors";
import { getRequestContext } from "@/lib/auth/request-context";
import {
  createUser,
  createUserInput,
  disableUser,
  enableUser,
  fieldErrorsFrom,
  resendInvitation,
  resetMfa,
  userReference,
  type FieldErrors,
  type UserChangeResult,
  type UserReference,
} from "@/lib/auth/accounts/users";
import { getDb } from "@/lib/db/client";
import type { Database } from "@/lib/db/prisma";
import { asAppError } from "@/lib/http/route-errors";

export interface UserActionState {
  outcome: "success" | "error" | null;
  message: string;
  fieldErrors?: FieldErrors;
  /** What was typed, so the form can show it again after a refusal. */
  values?: Record<string, string>;
  /** Counts submissions, so the same message twice in a row is announced twice. */
  attempt: number;
  /** Refused because the administrator has not confirmed it's them in the last 5 minutes. */
  confirmIdentity?: boolean;
}

const CREATE_USER_FIELDS = ["name", "email", "role", "specialty", "licenseNumber", "timeZone"] as const;

function textFields(formData: FormData, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = formData.get(name);
    if (typeof value === "string") values[name] = value;
  }
  return values;
}

async function asAdministrator(
  attempt: number,
  change: (db: Database, context: RequestContext) => Promise<UserActionState>,
): Promise<UserActionState> {
  try {
    return await change(getDb(), await getRequestContext());
  } catch (error) {
    // The policy's reasons ("Sign in to continue.", "This is for administrators.") are written for people.
    const refusal = asAppError(error);
    if (refusal) {
      return { outcome: "error", message: refusal.message, attempt, confirmIdentity: error instanceof ReauthenticationRequiredError };
    }
    throw error;
  }
}

export async function createUserAction(previous: UserActionState, formData: FormData): Promise<UserActionState> {
  const attempt = previous.attempt + 1;
  const values = textFields(formData, CREATE_USER_FIELDS);
  const refused = (message: string, fieldErrors?: FieldErrors): UserActionState => ({
    outcome: "error",
    message,
    fieldErrors,
    values,
    attempt,
  });
  const parsed = createUserInput.safeParse(values);
  if (!parsed.success) return refused("Check the highlighted fields.", fieldErrorsFrom(parsed.error));

  return asAdministrator(attempt, async (db, context) => {
    const result = await createUser(db, context, parsed.data);
    if (!result.ok) return refused(result.error, result.fieldErrors);
    revalidatePath("/admin/users");
    return {
      outcome: "success",
      message: result.invitationSent
        ? `Added ${result.user.name}. An invitation to set a password is on its way to ${result.user.email}; the link works for 72 hours.`
        : `Added ${result.user.name}, but the invitation email could not be sent. Use “Resend invitation” in the list once mail is working.`,
      attempt,
    };
  });
}

async function changeUser(
  previous: UserActionState,
  formData: FormData,
  change: (db: Database, context: RequestContext, input: UserReference) => Promise<UserChangeResult>,
  describe: (name: string) => string,
): Promise<UserActionState> {
  const attempt = previous.attempt + 1;
  const parsed = userReference.safeParse(textFields(formData, ["userId"]));
  if (!parsed.success) return { outcome: "error", message: "Choose a user from the list.", attempt };
  return asAdministrator(attempt, async (db, context) => {
    const result = await change(db, context, parsed.data);
    if (!result.ok) return { outcome: "error", message: result.error, attempt };
    revalidatePath("/admin/users");
    return { outcome: "success", message: describe(result.user.name), attempt };
  });
}

export async function disableUserAction(previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return changeUser(previous, formData, disableUser, (name) => `Disabled ${name}'s account and ended their sessions.`);
}

export async function enableUserAction(previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return changeUser(previous, formData, enableUser, (name) => `Enabled ${name}'s account. They can sign in again.`);
}

export async function resetMfaAction(previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return changeUser(
    previous,
    formData,
    resetMfa,
    (name) => `Reset two-step verification for ${name}. They are signed out and will set it up again at their next sign-in.`,
  );
}

export async function resendInvitationAction(previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return changeUser(previous, formData, resendInvitation, (name) => `Sent ${name} a new invitation. Earlier links no longer work.`);
}
