import { AppError } from "./app-error";
import { IMAGING_UPLOAD_ROUTE } from "../imaging/types";
import { RequestBodyError } from "./body-limits";

// The checks every state-changing API request passes before any route code
// runs (proxy.ts applies them): it comes from the clinic's own pages, and its
// body is JSON. Together they refuse cross-site request forgery: another site
// can make a browser send a form or a simple request with the clinic's
// cookies, but not with our Origin, nor as application/json without a CORS
// preflight that the app never grants. Pure, so the rules are unit-tested.

/** 403: the request was sent by a page of another site (or another subdomain). */
export class CrossSiteRequestError extends AppError {
  override name = "CrossSiteRequestError";
  readonly status = 403;
  readonly code = "CROSS_SITE_REQUEST";
  constructor() {
    super("This request did not come from the clinic's own pages, so it was refused.");
  }
}

/** 415: the body is not JSON (a form post, plain text, or a body without a Content-Type). */
export class UnsupportedContentTypeError extends AppError {
  override name = "UnsupportedContentTypeError";
  readonly status = 415;
  readonly code = "UNSUPPORTED_CONTENT_TYPE";
  constructor(message = "Send the request body as JSON (Content-Type: application/json).") {
    super(message);
  }
}

const READ_ONLY_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Routes whose callers speak their own format: LiveKit posts its signed
 * webhooks (application/webhook+json) server to server, and Auth.js's
 * endpoints take its form posts, protected by its own CSRF token.
 */
const OWN_BODY_FORMAT = ["/api/livekit/webhook", "/api/auth/"];

/**
 * Routes that take a file as the body (a check-in photo), sent as
 * application/octet-stream: like JSON, a type no page of another site can send
 * without a preflight. What the file is, its route decides by its content.
 */
const FILE_BODY = ["/api/uploads/"];

/**
 * A study upload (lib/imaging/upload.ts) is a form of files, multipart/form-data,
 * which a page of another site can send without a preflight. So it must also
 * say where it came from (Sec-Fetch-Site or Origin, which every browser that
 * sends such a form sends, and which fromOwnPages checks): one with neither is refused.
 */
const FORM_OF_FILES = [IMAGING_UPLOAD_ROUTE];

export interface GuardedRequest {
  method: string;
  pathname: string;
  headers: Pick<Headers, "get" | "has">;
}

/** Why a state-changing API request is refused before it reaches its route, or null when it may go on. */
export function refusalOfApiRequest(request: GuardedRequest, appUrl = process.env.APP_URL): AppError | null {
  if (READ_ONLY_METHODS.has(request.method.toUpperCase())) return null;
  if (!fromOwnPages(request.headers, appUrl)) return new CrossSiteRequestError();
  if (FORM_OF_FILES.some((route) => route.test(request.pathname))) {
    if (!request.headers.has("sec-fetch-site") && !request.headers.has("origin")) return new CrossSiteRequestError();
    return mediaTypeOf(request.headers) === "multipart/form-data" ? null : new UnsupportedContentTypeError("Send the files as multipart/form-data.");
  }
  if (FILE_BODY.some((prefix) => request.pathname.startsWith(prefix))) {
    const fileOrNone = mediaTypeOf(request.headers) === "application/octet-stream" || hasNoBody(request.headers);
    return fileOrNone ? null : new UnsupportedContentTypeError("Send the file as application/octet-stream.");
  }
  if (!OWN_BODY_FORMAT.some((prefix) => request.pathname.startsWith(prefix)) && !isJsonBody(request.headers)) {
    return new UnsupportedContentTypeError();
  }
  return null;
}

/**
 * A server action (a POST to a page with Next's `Next-Action` header) sent by
 * a page of another site. Next refuses those too, but as a 500 that reads like
 * a fault of ours; this is the same refusal the API gives.
 */
export function refusalOfServerAction(request: Omit<GuardedRequest, "pathname">, appUrl = process.env.APP_URL): AppError | null {
  if (request.method.toUpperCase() !== "POST" || !request.headers.has("next-action")) return null;
  return fromOwnPages(request.headers, appUrl) ? null : new CrossSiteRequestError();
}

/**
 * A server action's arguments come as React's reply encoding: a JSON array,
 * alone as text or as the form field "0" beside the rows, files and form
 * fields it refers to. Next answers anything else with a 500 (a fault of ours,
 * by its status); this refuses it as the client's (400), before Next decodes
 * it. Reads a copy of the body: Next still gets the original.
 */
export async function refusalOfServerActionBody(request: Pick<Request, "method" | "headers" | "clone">): Promise<AppError | null> {
  if (request.method.toUpperCase() !== "POST" || !request.headers.has("next-action")) return null;
  const copy = request.clone();
  const multipart = request.headers.get("content-type")?.toLowerCase().startsWith("multipart/form-data") ?? false;
  const form = multipart ? await copy.formData().catch(() => null) : null;
  const encoded = multipart ? form?.get("0") : await copy.text();
  const rows = new Set(form ? [...form.keys()] : []);
  const readable = typeof encoded === "string" && argumentsOf(encoded)?.every((value) => referencesResolve(value, rows));
  return readable ? null : new RequestBodyError("The server action's arguments could not be read.", 400);
}

function argumentsOf(text: string): unknown[] | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

// In the reply encoding a string that starts with "$" is a reference, except
// an escaped "$$…" and the values written in place (undefined, NaN, ±Infinity,
// -0, a date, a bigint, form fields by prefix, a temporary reference). Any
// other names a row ("$1", "$@2", "$Q3:key"), which must be in the body.
const IN_PLACE = /^\$(\$|undefined$|NaN$|-?Infinity$|-0$|D|n|K|T$)/;
const ROW_REFERENCE = /^\$[A-Za-z@]?([0-9a-f]+)(:|$)/;

function referencesResolve(value: unknown, rows: ReadonlySet<string>): boolean {
  if (typeof value === "string") {
    if (!value.startsWith("$") || IN_PLACE.test(value)) return true;
    const row = ROW_REFERENCE.exec(value)?.[1];
    return row !== undefined && rows.has(row);
  }
  if (Array.isArray(value)) return value.every((item) => referencesResolve(item, rows));
  if (value !== null && typeof value === "object") return Object.values(value).every((item) => referencesResolve(item, rows));
  return true;
}

/**
 * Fetch metadata first (Sec-Fetch-Site: browsers set it and pages cannot);
 * else the Origin, against the host the request was sent to (or APP_URL,
 * should a proxy rewrite the Host); a request with neither was not sent by a
 * browser, so it carries no one's cookies but its sender's.
 */
function fromOwnPages(headers: Pick<Headers, "get">, appUrl: string | undefined): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none";
  const origin = headers.get("origin");
  if (origin === null) return true;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false; // "null": a sandboxed frame, a data: URL, a redirect from elsewhere
  }
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (host !== null && originUrl.host === host) return true;
  return appUrl !== undefined && URL.canParse(appUrl) && originUrl.origin === new URL(appUrl).origin;
}

/** JSON, or no body at all (a bare POST such as "end the visit"). */
function isJsonBody(headers: Pick<Headers, "get" | "has">): boolean {
  return hasNoBody(headers) || mediaTypeOf(headers) === "application/json";
}

function hasNoBody(headers: Pick<Headers, "get" | "has">): boolean {
  return headers.get("content-type") === null && Number(headers.get("content-length") ?? 0) === 0 && !headers.has("transfer-encoding");
}

function mediaTypeOf(headers: Pick<Headers, "get">): string | null {
  return headers.get("content-type")?.split(";")[0]!.trim().toLowerCase() ?? null;
}
