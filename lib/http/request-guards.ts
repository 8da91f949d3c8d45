import { AppError } from "./app-error";

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
  constructor() {
    super("Send the request body as JSON (Content-Type: application/json).");
  }
}

const READ_ONLY_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Routes whose callers speak their own format: LiveKit posts its signed
 * webhooks (application/webhook+json) server to server, and Auth.js's
 * endpoints take its form posts, protected by its own CSRF token.
 */
const OWN_BODY_FORMAT = ["/api/livekit/webhook", "/api/auth/"];

export interface GuardedRequest {
  method: string;
  pathname: string;
  headers: Pick<Headers, "get" | "has">;
}

/** Why a state-changing API request is refused before it reaches its route, or null when it may go on. */
export function refusalOfApiRequest(request: GuardedRequest, appUrl = process.env.APP_URL): AppError | null {
  if (READ_ONLY_METHODS.has(request.method.toUpperCase())) return null;
  if (!fromOwnPages(request.headers, appUrl)) return new CrossSiteRequestError();
  if (!OWN_BODY_FORMAT.some((prefix) => request.pathname.startsWith(prefix)) && !isJsonBody(request.headers)) {
    return new UnsupportedContentTypeError();
  }
  return null;
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
  const type = headers.get("content-type");
  if (type === null) return Number(headers.get("content-length") ?? 0) === 0 && !headers.has("transfer-encoding");
  return type.split(";")[0]!.trim().toLowerCase() === "application/json";
}
