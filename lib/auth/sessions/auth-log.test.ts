import { AuthError, CredentialsSignin } from "@auth/core/errors";
import { describe, expect, it, vi } from "vitest";
import { logAuthError } from "./auth-log";

describe("logAuthError", () => {
  it("keeps a refused sign-in (and its subclasses) out of the log", () => {
    class Refused extends CredentialsSignin {}
    const write = vi.fn();
    logAuthError(new CredentialsSignin(), write);
    logAuthError(new Refused(), write);
    expect(write).not.toHaveBeenCalled();
  });

  it("logs anything else Auth.js reports", () => {
    const write = vi.fn();
    const failure = new AuthError("The callback failed");
    logAuthError(failure, write);
    expect(write).toHaveBeenCalledWith(failure);
  });
});
