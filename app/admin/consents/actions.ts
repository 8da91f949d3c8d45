"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/request-context";
import { publishConsentVersion, setStateConsentExpiry } from "@/lib/checkin/consents";
import { stateName } from "@/lib/geography/us-states";
import { getDb } from "@/lib/db/client";
import { asAppError } from "@/lib/http/route-errors";

export interface ConsentActionState {
  outcome: "success" | "error" | null;
  message: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** Counts submissions, so the same message twice in a row is announced twice. */
  attempt: number;
}

function fields(formData: FormData, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, String(formData.get(name) ?? "")]));
}

/** The refusal as the form shows it: one message per field the schema named, or the refusal's own message. */
function refused(error: unknown, values: Record<string, string>, attempt: number): ConsentActionState {
  const refusal = asAppError(error);
  if (!refusal) throw error;
  const { issues } = refusal.body() as { issues?: { path: string; message: string }[] };
  if (issues) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of issues) fieldErrors[issue.path] ??= issue.message;
    return { outcome: "error", message: "Check the highlighted fields.", fieldErrors, values, attempt };
  }
  return { outcome: "error", message: refusal.message, values, attempt };
}

export async function publishConsentAction(previous: ConsentActionState, formData: FormData): Promise<ConsentActionState> {
  const attempt = previous.attempt + 1;
  const values = fields(formData, ["kind", "title", "bodyEn", "bodyEs"]);
  try {
    const published = await publishConsentVersion(getDb(), await getRequestContext(), values);
    revalidatePath("/admin/consents");
    const name = published.kind === "TELEHEALTH" ? "telehealth" : "recording";
    return { outcome: "success", message: `Published version ${published.version} of the ${name} consent. Patients sign it at their next check-in.`, attempt };
  } catch (error) {
    return refused(error, values, attempt);
  }
}

export async function setStateExpiryAction(previous: ConsentActionState, formData: FormData): Promise<ConsentActionState> {
  const attempt = previous.attempt + 1;
  const values = fields(formData, ["state", "consentExpiryMonths"]);
  try {
    const policy = await setStateConsentExpiry(getDb(), await getRequestContext(), values);
    revalidatePath("/admin/consents");
    return { outcome: "success", message: `Telehealth consents signed in ${stateName(policy.state)} now last ${policy.consentExpiryMonths} months.`, attempt };
  } catch (error) {
    return refused(error, values, attempt);
  }
}
