import "server-only";
import { signValue, verifySignedValue } from "../mfa/secret-box";

// The link in a waitlist offer: signed (AUTH_SECRET), naming the waitlist entry
// and the cancelled appointment whose time it offers. The claim needs the
// patient signed in as well, and spends the entry (lib/scheduling/waitlist.ts).

const PURPOSE = "waitlist-offer";
export const MAX_OFFER_TOKEN_LENGTH = 300;

export function waitlistOfferUrl(entryId: string, appointmentId: string): string {
  return new URL(`/waitlist-offer/${signValue(`${entryId}~${appointmentId}`, PURPOSE)}`, process.env.APP_URL ?? "http://localhost:3000").toString();
}

export function parseWaitlistOfferToken(token: string): { entryId: string; appointmentId: string } | null {
  const value = token.length <= MAX_OFFER_TOKEN_LENGTH ? verifySignedValue(token, PURPOSE) : null;
  const [entryId, appointmentId] = value?.split("~") ?? [];
  return entryId && appointmentId ? { entryId, appointmentId } : null;
}
