"use client";

import { useState } from "react";
import { callApi } from "@/lib/client/api";

/** What the server said was wrong: the first field's message for malformed input, else the refusal's text. */
export interface EditError {
  message: string;
  /** Bumped per failed attempt, so the alert is announced again when the same message repeats. */
  attempt: number;
}

/**
 * One chart edit at a time (POST/PATCH/PUT through callApi): `pending` while it
 * is sent, the server's refusal in `error`, and the answer on success.
 */
export function useChartEdit() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<EditError | null>(null);

  async function send<T>(path: string, method: "POST" | "PATCH" | "PUT", body: unknown): Promise<T | null> {
    setPending(true);
    const result = await callApi<T>(path, { method, body });
    setPending(false);
    if (result.ok) {
      setError(null);
      return result.data;
    }
    const issues = Array.isArray(result.body.issues) ? (result.body.issues as Array<{ message: string }>) : [];
    setError((previous) => ({ message: issues[0]?.message ?? result.error, attempt: (previous?.attempt ?? 0) + 1 }));
    return null;
  }

  return { pending, error, send, clearError: () => setError(null) };
}
