// The browser's one way to call our APIs (JSON, and files to download). Every refusal comes back as a
// value carrying the server's message (written for people) and its body, so
// components show it instead of throwing; a network failure is status 0.

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: string; body: Record<string, unknown> };

export type ApiFailure = Extract<ApiResult<unknown>, { ok: false }>;

interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

const UNREACHABLE: ApiFailure = { ok: false, status: 0, error: "The clinic could not be reached. Check your connection and try again.", body: {} };

/** The server's response, or the failure of a request that never reached it. */
async function send(path: string, options: RequestOptions): Promise<{ response: Response } | { failure: ApiFailure }> {
  try {
    const response = await fetch(path, {
      method: options.method ?? "GET",
      headers: {
        // A form's type (multipart, with its boundary) is the browser's to write.
        ...(options.body === undefined || options.body instanceof FormData
          ? {}
          : { "Content-Type": options.body instanceof Blob ? "application/octet-stream" : "application/json" }),
        ...options.headers,
      },
      // A file (a photo) or a form of files (a study) is sent as it is; anything else as JSON.
      body: options.body === undefined ? undefined : options.body instanceof Blob || options.body instanceof FormData ? options.body : JSON.stringify(options.body),
      signal: options.signal,
      cache: "no-store",
    });
    return { response };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { failure: UNREACHABLE };
  }
}

function refused(status: number, body: Record<string, unknown>): ApiFailure {
  return { ok: false, status, error: typeof body.error === "string" ? body.error : "Something went wrong. Try again.", body };
}

const jsonBody = async (response: Response) => (await response.json().catch(() => ({}))) as Record<string, unknown>;

export async function callApi<T>(path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const sent = await send(path, options);
  if ("failure" in sent) return sent.failure;
  const { response } = sent;
  const body = await jsonBody(response);
  if (response.ok) return { ok: true, status: response.status, data: body as T };
  return refused(response.status, body);
}

/** A file the server sends as an attachment (a PDF), with the name its Content-Disposition gives; refusals as callApi's. */
export async function fetchFile(path: string, options: RequestOptions = {}): Promise<ApiResult<{ blob: Blob; fileName: string | null }>> {
  const sent = await send(path, options);
  if ("failure" in sent) return sent.failure;
  const { response } = sent;
  if (!response.ok) return refused(response.status, await jsonBody(response));
  // The connection can drop while the file is still arriving.
  const blob = await response.blob().catch(() => null);
  if (!blob) return UNREACHABLE;
  const fileName = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? null;
  return { ok: true, status: response.status, data: { blob, fileName } };
}

/** The machine-readable reason the server gave for a refusal (`ENDED`, `SLOT_TAKEN`…), if any. */
export function refusalCode(result: ApiResult<unknown>): string | null {
  return !result.ok && typeof result.body.code === "string" ? result.body.code : null;
}
