import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { AppError, InvalidRequestError } from "./app-error";

/**
 * Our JSON bodies are small forms; anything bigger is refused before it is
 * parsed. A route whose body is long text states its own limit (a note save).
 */
const MAX_JSON_BODY_BYTES = 16 * 1024;

/** A request body that is too large (413) or is not JSON (400), found before any lib code ran. */
export class RequestBodyError extends AppError {
  override name = "RequestBodyError";
  readonly code: "BODY_NOT_JSON" | "BODY_TOO_LARGE";
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
    this.code = status === 413 ? "BODY_TOO_LARGE" : "BODY_NOT_JSON";
  }
}

/**
 * The request's JSON body, read at most `maxBytes` far (MAX_JSON_BODY_BYTES
 * unless the route says otherwise) whatever Content-Length claims, for the
 * route's zod schema to parse. An empty body is `{}`, so endpoints without
 * fields accept a bare POST.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const text = (await readTextBody(request, maxBytes)).trim();
  if (text === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestBodyError("The request body is not valid JSON.", 400);
  }
}

/** The raw request body as text, read at most `maxBytes` far whatever Content-Length claims (413 beyond). */
export async function readTextBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader!.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk.value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function tooLarge(maxBytes: number): RequestBodyError {
  return new RequestBodyError(`The request body is larger than the limit of ${formatBytes(maxBytes)}.`, 413);
}

/** 16 KB, 2 MB: the limits as people read them. */
function formatBytes(bytes: number): string {
  const MB = 1024 * 1024;
  return bytes >= MB ? `${Number((bytes / MB).toFixed(1))} MB` : `${Number((bytes / 1024).toFixed(1))} KB`;
}

/** The AppError a thrown value stands for, or null when it is a bug (anything else). */
export function asAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  // lib functions parse their input with the operation's zod schema and let its refusal through.
  if (error instanceof ZodError) {
    return new InvalidRequestError(error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })));
  }
  return null;
}

/**
 * Turns what a route's lib call threw into its JSON response: an AppError's
 * own status, body and headers; anything else is a 500 whose details stay in
 * the server log.
 */
export function errorResponse(error: unknown): NextResponse {
  const refusal = asAppError(error);
  if (refusal) return NextResponse.json(refusal.body(), { status: refusal.status, headers: refusal.headers() });
  console.error(error);
  return NextResponse.json({ error: "Something went wrong on our side." }, { status: 500 });
}
