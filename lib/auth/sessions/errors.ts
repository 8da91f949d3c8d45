import { AppError } from "@/lib/http/app-error";

/**
 * The request came with a session that has ended (signed out elsewhere, idle,
 * past its 12 hours) or a cookie that is not one. 401, and the response tells
 * the browser to forget what it kept of the session, the cookie included.
 */
export class SessionEndedError extends AppError {
  override name = "SessionEndedError";
  readonly status = 401;
  readonly code = "SESSION_ENDED";

  constructor(private readonly endHeaders: Record<string, string>) {
    super("Your session has ended. Sign in again to continue.");
  }

  override headers(): Record<string, string> {
    return this.endHeaders;
  }
}
