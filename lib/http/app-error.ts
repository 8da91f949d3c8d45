// The one base of every error the app refuses a request with. Each carries its
// HTTP status, a machine-readable code and the JSON body the client gets, so a
// route turns any of them into a response in one place (route-errors.ts) and a
// page into a redirect, 403 or 404 (page-errors.ts), without knowing which
// domain threw it. Anything that is not an AppError is a bug: a 500 whose
// details stay in the server log.

export type AppErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

export abstract class AppError extends Error {
  abstract readonly status: AppErrorStatus;
  abstract readonly code: string;

  /** The JSON body of the response: the message people read, the code programs branch on, and any details. */
  body(): Record<string, unknown> {
    return { error: this.message, code: this.code, ...this.details() };
  }

  /** Extra fields a refusal carries (the next free slots, both texts of a conflict…). */
  protected details(): Record<string, unknown> {
    return {};
  }

  /** Headers the response needs besides the body (Retry-After…). */
  headers(): Record<string, string> {
    return {};
  }
}

/** Input that does not have the operation's shape (a zod schema refused it). */
export class InvalidRequestError extends AppError {
  override name = "InvalidRequestError";
  readonly status = 400;
  readonly code = "INVALID_REQUEST";
  constructor(readonly issues: { path: string; message: string }[]) {
    super("The request is not valid.");
  }

  protected override details() {
    return { issues: this.issues };
  }
}
