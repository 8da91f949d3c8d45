// Not `server-only`: the app server (scripts/support/app-server.ts) and the job
// worker log through it outside Next's react-server build, so every line of the
// app, wherever it runs, has one shape.
//
// One JSON object per line on stdout (pino): `level` (a name), `time` (ISO
// 8601), `msg`, the request's `requestId` when a request is being handled, and
// fields. Log ids, never patient data: no names, emails, MRNs, dates of birth
// or free text. `redact` is a safety net for the keys that would hold them.
import pino from "pino";
import { currentRequestId } from "./request-context";

/** Keys whose values are patient data or secrets, at the top of a line's fields or one level down. */
export const REDACTED_KEYS = [
  "name",
  "givenName",
  "familyName",
  "fullName",
  "email",
  "mrn",
  "dateOfBirth",
  "birthDate",
  "phone",
  "address",
  "text",
  "reason",
  "password",
  "token",
  "cookie",
  "authorization",
] as const;

export const REDACTED = "[redacted]";

export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      redact: { paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]), censor: REDACTED },
    },
    destination,
  );
}

/** The process's logger. */
export const log = createLogger();
