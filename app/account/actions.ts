"use server";

import { z } from "zod";
import { signOut } from "@/lib/auth/sessions/auth";

const signOutReason = z.enum(["signed-out", "idle"]);

/** Why the sign-in page says the person was signed out. */
export type SignOutReason = z.infer<typeof signOutReason>;

/** Ends this session (Auth.js revokes it in the database) and shows the sign-in page with the reason. */
export async function signOutAction(reason: SignOutReason): Promise<void> {
  // Anyone can post to a server action, so even this argument is checked.
  const parsed = signOutReason.catch("signed-out").parse(reason);
  await signOut({ redirectTo: `/sign-in?reason=${parsed}` });
}
