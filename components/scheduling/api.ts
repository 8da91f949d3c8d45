// The scheduling screens' calls to our JSON APIs. Every refusal comes back as
// a value with the server's message (written for people), so components show
// it instead of throwing; a 409 also carries the next free slots.

export interface ApiSlot {
  start: string;
  end: string;
}

/** GET /api/slots: each physician's free slots. */
export interface SlotsResponse {
  physicians: Array<{ physicianId: string; physicianName: string; timeZone: string; slots: ApiSlot[] }>;
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: string; nextSlots?: ApiSlot[]; body: Record<string, unknown> };

export async function callApi<T>(
  path: string,
  options: { method?: string; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers: {
        ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
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
    nextSlots: Array.isArray(body.nextSlots) ? (body.nextSlots as ApiSlot[]) : undefined,
    body,
  };
}
