import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import type { Database } from "@/lib/db/prisma";
import { requireOwnAccount, signOutEverywhere } from "../accounts/account";
import { clientInfoFrom } from "../client-info";
import { getRequestContext } from "../request-context";
import { currentRequestSession, currentSessionEndHeaders } from "./auth";
import { endSession } from "./sessions";

export const signOutInput = z
  .strictObject({
    /** "idle": the browser saw no activity for the idle limit and signs its user out (audited as an expiry). */
    reason: z.enum(["signed-out", "idle"]).default("signed-out"),
    /** End every session of the user, on every device, this one included. */
    everywhere: z.literal(true).optional(),
  })
  .refine((input) => !(input.everywhere && input.reason === "idle"), { message: "Signing out everywhere is never for being idle.", path: ["everywhere"] });

/**
 * Ends this browser's session (or, `everywhere`, every session of its user),
 * audited, and returns the headers that make the browser forget it: the
 * cookie, and what it kept (lib/http/clear-site-data.ts). Without a session
 * there is nothing to end, and the browser is cleared all the same; signing
 * out everywhere needs one (401).
 */
export async function signOutThisBrowser(db: Database, rawInput: unknown): Promise<Record<string, string>> {
  const input = signOutInput.parse(rawInput);
  if (input.everywhere) {
    await signOutEverywhere(db, await requireOwnAccount(db, await getRequestContext(), "auth.sessions.revoke_all"));
  } else {
    const session = await currentRequestSession();
    if (session.kind === "active") {
      await endSession(db, session.user.sessionKey, input.reason === "idle" ? "idle" : "sign-out", clientInfoFrom(await headers()));
    }
  }
  return currentSessionEndHeaders();
}
