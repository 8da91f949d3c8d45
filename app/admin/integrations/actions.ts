"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clientReference, registerClient, registerClientInput, revokeClient } from "@/lib/fhir/smart/clients";
import { asAppError } from "@/lib/http/route-errors";

export interface IntegrationActionState {
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

export async function registerIntegrationAction(previous: IntegrationActionState, formData: FormData): Promise<IntegrationActionState> {
  const attempt = previous.attempt + 1;
  const values = { name: text(formData, "name"), jwks: text(formData, "jwks"), scopes: formData.getAll("scopes").filter((scope) => typeof scope === "string").join(" ") };
  const parsed = registerClientInput.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return { outcome: "error", message: "Check the highlighted fields.", fieldErrors, values, attempt };
  }
  try {
    const client = await registerClient(getDb(), await getRequestContext(), values);
    revalidatePath("/admin/integrations");
    return { outcome: "success", message: `Registered ${client.name}. Its client id is ${client.id}: give it to the integration with the token endpoint.`, attempt };
  } catch (error) {
    const refusal = asAppError(error);
    if (!refusal) throw error;
    const body = refusal.body() as { issues?: { path: string; message: string }[] };
    return { outcome: "error", message: body.issues?.[0]?.message ?? refusal.message, values, attempt };
  }
}

export async function revokeIntegrationAction(previous: IntegrationActionState, formData: FormData): Promise<IntegrationActionState> {
  const attempt = previous.attempt + 1;
  const parsed = clientReference.safeParse({ clientId: text(formData, "clientId") });
  if (!parsed.success) return { outcome: "error", message: "Choose a client from the list.", attempt };
  try {
    const client = await revokeClient(getDb(), await getRequestContext(), parsed.data);
    if (!client) return { outcome: "error", message: "That client does not exist.", attempt };
    revalidatePath("/admin/integrations");
    return { outcome: "success", message: `Revoked ${client.name}. Its tokens stop working now.`, attempt };
  } catch (error) {
    const refusal = asAppError(error);
    if (!refusal) throw error;
    return { outcome: "error", message: refusal.message, attempt };
  }
}
