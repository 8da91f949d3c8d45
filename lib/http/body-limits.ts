// Not `server-only`: the app server (scripts/support/app-server.ts) imports
// this outside Next's react-server build, to refuse an oversized body from its
// Content-Length before Next reads a byte of it.
import { IMAGING_UPLOAD_BODY_BYTES, IMAGING_UPLOAD_ROUTE } from "../imaging/types";
import { AppError } from "./app-error";

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

export function bodyTooLarge(maxBytes: number): RequestBodyError {
  return new RequestBodyError(`The request body is larger than the limit of ${formatBytes(maxBytes)}.`, 413);
}

const MB = 1024 * 1024;

/**
 * The largest body any route of a kind takes, by path prefix (or pattern), first match.
 * FHIR: a transaction Bundle (lib/fhir/import/transaction.ts). Uploads: a photo. The JSON API:
 * a consultation note (lib/notes/note-rules.ts). Everything else is a page,
 * whose POSTs are server actions and Auth.js's forms: Next's own
 * serverActions.bodySizeLimit, 1 MB. Routes still read their bodies against
 * their own, often smaller limits (readJsonBody), which also holds for a body
 * sent without a length.
 */
const BODY_CEILINGS: ReadonlyArray<readonly [route: string | RegExp, maxBytes: number]> = [
  ["/fhir/", 20 * MB],
  // A study a physician uploads (lib/imaging/upload.ts), read against the same limit.
  [IMAGING_UPLOAD_ROUTE, IMAGING_UPLOAD_BODY_BYTES],
  // A check-in photo (lib/intake/uploads.ts, 5 MB), which its route reads against its own limit.
  ["/api/uploads/", 6 * MB],
  ["/api/", 2 * MB],
  ["/", 1 * MB],
];

/** The ceiling of the route kind `pathname` belongs to. */
export function bodyCeilingOf(pathname: string): number {
  return BODY_CEILINGS.find(([route]) => (typeof route === "string" ? pathname.startsWith(route) : route.test(pathname)))?.[1] ?? MB;
}

/** 413 when the declared Content-Length is over the ceiling of the route's kind; null when the body may be read. */
export function refusalOfOversizedBody(pathname: string, contentLength: string | undefined): RequestBodyError | null {
  const declared = Number(contentLength ?? 0);
  const ceiling = bodyCeilingOf(pathname);
  return declared > ceiling ? bodyTooLarge(ceiling) : null;
}

/** 16 KB, 2 MB: the limits as people read them. */
function formatBytes(bytes: number): string {
  return bytes >= MB ? `${Number((bytes / MB).toFixed(1))} MB` : `${Number((bytes / 1024).toFixed(1))} KB`;
}
