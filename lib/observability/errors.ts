import "server-only";
import { AppError } from "@/lib/http/app-error";

/** No METRICS_TOKEN is configured: the endpoint does not exist on this deployment. */
export class MetricsNotConfiguredError extends AppError {
  override name = "MetricsNotConfiguredError";
  readonly status = 404;
  readonly code = "NOT_FOUND";
  constructor() {
    super("Not found.");
  }
}

/** The bearer token is missing or not METRICS_TOKEN. */
export class MetricsTokenError extends AppError {
  override name = "MetricsTokenError";
  readonly status = 401;
  readonly code = "METRICS_TOKEN_REQUIRED";
  constructor() {
    super("A valid metrics bearer token is required.");
  }

  override headers(): Record<string, string> {
    return { "WWW-Authenticate": 'Bearer realm="metrics"' };
  }
}
