"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { stateLabel } from "@/lib/geography/us-states";
import { asAppError } from "@/lib/http/route-errors";
import { licenseReference, licensureModeInput, removeLicense, saveLicense, saveLicenseInput, setLicensureMode } from "@/lib/licensure/licenses";

export interface LicensureActionState {
  outcome: "success" | "error" | null;
  message: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** Counts submissions, so the same message twice in a row is announced twice. */
  attempt: number;
}

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/** Runs the administrator's change; a refusal (not an administrator, bad input) comes back as the form's message. */
async function asAdministrator(
  attempt: number,
  values: Record<string, string> | undefined,
  change: () => Promise<string>,
): Promise<LicensureActionState> {
  try {
    const message = await change();
    revalidatePath("/admin/licensure");
    return { outcome: "success", message, attempt };
  } catch (error) {
    const refusal = asAppError(error);
    if (!refusal) throw error;
    const issues = (refusal.body() as { issues?: { path: string; message: string }[] }).issues ?? [];
    const fieldErrors = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    return { outcome: "error", message: issues.length > 0 ? "Check the highlighted fields." : refusal.message, fieldErrors, values, attempt };
  }
}

export async function saveLicenseAction(previous: LicensureActionState, formData: FormData): Promise<LicensureActionState> {
  const values = Object.fromEntries(Object.keys(saveLicenseInput.shape).map((name) => [name, text(formData, name)]));
  return asAdministrator(previous.attempt + 1, values, async () => {
    const license = await saveLicense(getDb(), await getRequestContext(), {
      physicianId: values.physicianId ?? "",
      state: values.state ?? "",
      licenseNumber: values.licenseNumber ?? "",
      expiresOn: values.expiresOn ?? "",
    });
    return `Saved the licence in ${license.stateLabel}, valid until ${license.expiresOn}.`;
  });
}

export async function removeLicenseAction(previous: LicensureActionState, formData: FormData): Promise<LicensureActionState> {
  const attempt = previous.attempt + 1;
  const parsed = licenseReference.safeParse({ licenseId: text(formData, "licenseId") });
  if (!parsed.success) return { outcome: "error", message: "Choose a licence from the list.", attempt };
  return asAdministrator(attempt, undefined, async () => {
    const removed = await removeLicense(getDb(), await getRequestContext(), parsed.data);
    return removed ? `Removed the licence in ${stateLabel(removed.state)}.` : "That licence was already removed.";
  });
}

export async function setLicensureModeAction(previous: LicensureActionState, formData: FormData): Promise<LicensureActionState> {
  const attempt = previous.attempt + 1;
  const parsed = licensureModeInput.safeParse({ mode: text(formData, "mode") });
  if (!parsed.success) return { outcome: "error", message: "Choose warn or block.", attempt };
  return asAdministrator(attempt, undefined, async () => {
    const mode = await setLicensureMode(getDb(), await getRequestContext(), parsed.data);
    return mode === "BLOCK"
      ? "Saved: physicians cannot admit a patient located where they are not licensed."
      : "Saved: physicians are warned and record a reason to admit a patient located where they are not licensed.";
  });
}
