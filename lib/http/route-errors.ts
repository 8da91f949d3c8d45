import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { AccessDeniedError, ResourceNotFoundError } from "@/lib/auth/access";
import { ClinicalError } from "@/lib/chart/errors";
import { SchedulingError, SlotTakenError } from "@/lib/scheduling/errors";
import { VisitError } from "@/lib/visits/errors";

/**
 * Our JSON bodies are small forms; anything bigger is refused before it is
 * parsed. A route whose body is long text states its own limit (a note save).
 */
const MAX_JSON_BODY_BYTES = 16 * 1024;

/** A request body that is too large (413) or is not JSON (400), found before any lib code ran. */
export class RequestBodyError extends Error {
  override name = "RequestBodyError";
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
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

/**
 * Turns the errors our lib functions throw into clear JSON 4xx responses;
 * anything else is a 500 whose details stay in the server log.
 */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof AccessDeniedError) {
    return NextResponse.json({ error: error.message, breakGlassAvailable: error.breakGlassAvailable }, { status: error.status });
  }
  if (error instanceof ResourceNotFoundError) return NextResponse.json({ error: "Not found." }, { status: 404 });
  if (error instanceof RequestBodyError) return NextResponse.json({ error: error.message }, { status: error.status });
  // Someone else holds the time: say so, and offer the next free ones of the same physician and visit type.
  if (error instanceof SlotTakenError) return NextResponse.json({ error: error.message, nextSlots: error.nextSlots }, { status: 409 });
  // Well-formed but against a scheduling rule (in the past, outside hours…): the message says which.
  if (error instanceof SchedulingError) return NextResponse.json({ error: error.message, code: error.code }, { status: 422 });
  // A video visit that is not open, someone not in its room, or an unsigned LiveKit webhook: the message says which.
  if (error instanceof VisitError) return NextResponse.json({ error: error.message, code: error.code }, { status: error.status });
  // A chart or note refusal: against a clinical rule (422), a stale note version
  // or unacknowledged prescribing warnings (409, with both texts or the
  // warnings), or text over its limit (413): the body carries the details.
  if (error instanceof ClinicalError) return NextResponse.json(error.body(), { status: error.status });
  if (error instanceof ZodError) {
    return NextResponse.json(
      { error: "The request is not valid.", issues: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) },
      { status: 400 },
    );
  }
  console.error(error);
  return NextResponse.json({ error: "Something went wrong on our side." }, { status: 500 });
}
