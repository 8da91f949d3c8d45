import { log } from "@/lib/observability/log";

// What Auth.js reports goes to the server log (as a structured line with the
// request's id), except a refused sign-in: that is an expected event, audited
// where it happens and counted (lib/auth/sign-in), and Auth.js's default
// logger would print a stack trace for every wrong password.

interface AuthJsError {
  name: string;
  /** Auth.js's error class name ("CredentialsSignin" for a refused credentials sign-in, also in subclasses). */
  type?: string;
}

export function logAuthError(error: AuthJsError, write: (error: AuthJsError) => void = (err) => log.error({ err }, "Auth.js reported an error")): void {
  if (error.type === "CredentialsSignin") return;
  write(error);
}
