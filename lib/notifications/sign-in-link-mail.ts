import "server-only";
import type { JobRequest } from "@/lib/jobs/queue";
import { sendMail } from "@/lib/mail/send";

// The one-time sign-in link a patient asks for while password sign-in to
// their account is being slowed. The job carries no token: the handler
// (lib/auth/links/sign-in-links.ts) mints it when the mail goes out, so the
// Job table never holds a working link.

export const SIGN_IN_LINK_MAIL_KIND = "auth.sign_in_link";

/** The job that mails link `linkId`; `signInUrl` is the link page's address without the token. */
export function signInLinkMailJob(linkId: string, signInUrl: string, now: Date): JobRequest {
  return {
    kind: SIGN_IN_LINK_MAIL_KIND,
    payload: { linkId, signInUrl },
    runAt: now,
    dedupeKey: `${SIGN_IN_LINK_MAIL_KIND}:${linkId}`,
    // A link lives 15 minutes; retries after 1, 2 and 4 minutes fit in it.
    maxAttempts: 4,
  };
}

export async function sendSignInLinkMail(to: { email: string; name: string }, url: string, validMinutes: number): Promise<void> {
  await sendMail({
    to: to.email,
    subject: "Your sign-in link for Telemedicine Clinic",
    text: [
      `Hello ${to.name},`,
      "",
      "Someone, hopefully you, asked for a link to sign in to Telemedicine Clinic without a password.",
      `This link signs you in once, within the next ${validMinutes} minutes:`,
      "",
      url,
      "",
      "If you did not ask for it, ignore this email: nobody can use the link without access to your inbox.",
      "Your account had several failed sign-in attempts; if they were not yours, consider changing your password.",
    ].join("\n"),
  });
}
