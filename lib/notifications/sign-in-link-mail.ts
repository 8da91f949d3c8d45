import "server-only";
import { translatorFor } from "@/lib/i18n/translator";
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

/** The mail, in the patient's preferred language (English when unset or not one we speak). */
export async function sendSignInLinkMail(
  to: { email: string; name: string; preferredLanguage: string | null },
  url: string,
  validMinutes: number,
): Promise<void> {
  const { t } = await translatorFor(to.preferredLanguage, "mail");
  await sendMail({
    to: to.email,
    subject: t("signInLink.subject"),
    text: [
      t("greeting", { name: to.name }),
      "",
      t("signInLink.asked"),
      t("signInLink.validFor", { minutes: validMinutes }),
      "",
      url,
      "",
      t("signInLink.ignore"),
      t("signInLink.failedAttempts"),
    ].join("\n"),
  });
}
