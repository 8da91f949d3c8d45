import "server-only";
import { DatabaseUnavailableError, isDatabaseUnavailable } from "@/lib/db/errors";
import { log } from "@/lib/observability/log";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { AppError, InvalidRequestError } from "./app-error";
import { bodyTooLarge, RequestBodyError } from "./body-limits";

/**
 * Our JSON bodies are small forms; anything bigger is refused before it is
 * parsed. A route whose body is long text states its own limit (a note save).
 */
const MAX_JSON_BODY_BYTES = 16 * 1024;

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
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes));
}

/**
 * The raw request body, read at most `maxBytes` far whatever Content-Length
 * claims: a larger body is refused with `tooLarge` (413 unless the route says
 * otherwise) as soon as its length or its bytes pass the limit, never held whole.
 */
export async function readBodyBytes(request: Request, maxBytes: number, tooLarge: (maxBytes: number) => AppError = bodyTooLarge): Promise<Buffer> {
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
  return Buffer.concat(chunks);
}

/** The AppError a thrown value stands for, or null when it is a bug (anything else). */
export function asAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  // PostgreSQL restarting or failing over is not a bug: a 503 to retry, whichever query met it.
  if (isDatabaseUnavailable(error)) {
    // One line, no stack: the database's own log says why it went away.
    log.warn({ code: "DATABASE_UNAVAILABLE" }, "database unavailable: answered 503");
    return new DatabaseUnavailableError();
  }
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
  log.error({ err: error }, "unexpected error answered with 500");
  return NextResponse.json({ error: "Something went wrong on our side." }, { status: 500 });
}
