// The browser's one way to call our JSON APIs. Every refusal comes back as a
// value carrying the server's message (written for people) and its body, so
// components show it instead of throwing; a network failure is status 0.

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: string; body: Record<string, unknown> };

export type ApiFailure = Extract<ApiResult<unknown>, { ok: false }>;

export async function callApi<T>(
  path: string,
  options: { method?: string; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers: {
        ...(options.body === undefined ? {} : { "Content-Type": options.body instanceof Blob ? "application/octet-stream" : "application/json" }),
        ...options.headers,
      },
      // A file (a photo) is sent as it is; anything else as JSON.
      body: options.body === undefined ? undefined : options.body instanceof Blob ? options.body : JSON.stringify(options.body),
      signal: options.signal,
      cache: "no-store",
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { ok: false, status: 0, error: "The clinic could not be reached. Check your connection and try again.", body: {} };
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return { ok: true, status: response.status, data: body as T };
  return {
    ok: false,
    status: response.status,
    error: typeof body.error === "string" ? body.error : "Something went wrong. Try again.",
    body,
  };
}

/** The machine-readable reason the server gave for a refusal (`ENDED`, `SLOT_TAKEN`…), if any. */
export function refusalCode(result: ApiResult<unknown>): string | null {
  return !result.ok && typeof result.body.code === "string" ? result.body.code : null;
}
