"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/request-context";
import { deletePayerRule, payerRuleInput, payerRuleRefInput, savePayerRule } from "@/lib/billing/billing";
import { getDb } from "@/lib/db/client";
import { asAppError } from "@/lib/http/route-errors";

export interface PayerRuleActionState {
  outcome: "success" | "error" | null;
  message: string;
  /** Counts submissions, so the same message twice in a row is announced twice. */
  attempt: number;
}

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

export async function savePayerRuleAction(previous: PayerRuleActionState, formData: FormData): Promise<PayerRuleActionState> {
  const attempt = previous.attempt + 1;
  const values = { payer: text(formData, "payer"), modality: text(formData, "modality"), modifier: text(formData, "modifier") };
  const parsed = payerRuleInput.safeParse(values);
  if (!parsed.success) return { outcome: "error", message: parsed.error.issues[0]!.message, attempt };
  try {
    const rule = await savePayerRule(getDb(), await getRequestContext(), { ...values, modality: parsed.data.modality });
    revalidatePath("/admin/billing");
    return { outcome: "success", message: `${rule.payer}, ${rule.modality === "VIDEO" ? "video" : "audio-only"}: ${rule.modifier ? `modifier ${rule.modifier}` : "no modifier"}.`, attempt };
  } catch (error) {
    const refusal = asAppError(error);
    if (!refusal) throw error;
    return { outcome: "error", message: refusal.message, attempt };
  }
}

export async function deletePayerRuleAction(previous: PayerRuleActionState, formData: FormData): Promise<PayerRuleActionState> {
  const attempt = previous.attempt + 1;
  const parsed = payerRuleRefInput.safeParse({ id: text(formData, "id") });
  if (!parsed.success) return { outcome: "error", message: "Choose a rule from the list.", attempt };
  try {
    await deletePayerRule(getDb(), await getRequestContext(), parsed.data);
    revalidatePath("/admin/billing");
    return { outcome: "success", message: "Removed. That payer's visits follow the default rule.", attempt };
  } catch (error) {
    const refusal = asAppError(error);
    if (!refusal) throw error;
    return { outcome: "error", message: refusal.message, attempt };
  }
}
