import { AppError } from "@/lib/http/app-error";

/**
 * A sensitive change to an account (two-step verification, recovery codes, the
 * password) asked for by a session that has not confirmed who is at the
 * keyboard within the last few minutes. Nothing was changed.
 */
export class ReauthenticationRequiredError extends AppError {
  override name = "ReauthenticationRequiredError";
  readonly status = 403;
  readonly code = "REAUTHENTICATION_REQUIRED";
  constructor() {
    super("For your security, confirm it's you first: it has been more than 5 minutes since you last did.");
  }
}
