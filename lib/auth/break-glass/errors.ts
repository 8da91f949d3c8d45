import { AppError } from "@/lib/http/app-error";

/** Too many refused break-glass attempts in a row: a guessed code, or a session in the wrong hands. */
export class BreakGlassThrottledError extends AppError {
  override name = "BreakGlassThrottledError";
  readonly status = 429;
  readonly code = "BREAK_GLASS_THROTTLED";
  constructor(readonly retryAfterSeconds: number) {
    super("Too many refused break-glass attempts. Wait a few minutes, then try again with a new code.");
  }

  override headers() {
    return { "Retry-After": String(this.retryAfterSeconds) };
  }
}
