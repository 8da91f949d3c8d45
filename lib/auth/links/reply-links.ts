import "server-only";
import { signValue, verifySignedValue } from "../mfa/secret-box";

// The two links of the day-before confirm-or-cancel mail (lib/notifications/confirm-or-cancel-mail.ts).
// Signed with AUTH_SECRET like visit links, they name the appointment, its
// SEQUENCE, the answer and when they expire (the visit's start). They are single
// use without a table: a confirmed visit refuses another answer, and a
// cancellation raises the SEQUENCE (lib/scheduling/appointment-reply.ts checks both).

const PURPOSE = "appointment-reply";
export const MAX_REPLY_TOKEN_LENGTH = 300;

export type ReplyAnswer = "confirm" | "cancel";

export interface ReplyToken {
  appointmentId: string;
  sequence: number;
  answer: ReplyAnswer;
  expiresAt: number;
}

export function replyLinkUrl(appointment: { id: string; sequence: number; startsAt: Date }, answer: ReplyAnswer): string {
  const token = signValue([appointment.id, appointment.sequence, answer, appointment.startsAt.getTime()].join("~"), PURPOSE);
  return new URL(`/appointment-reply/${token}`, process.env.APP_URL ?? "http://localhost:3000").toString();
}

/** What a token says, or null when it was altered or is not one of ours. */
export function parseReplyToken(token: string): ReplyToken | null {
  const value = token.length <= MAX_REPLY_TOKEN_LENGTH ? verifySignedValue(token, PURPOSE) : null;
  const [appointmentId, sequence, answer, expiresAt] = value?.split("~") ?? [];
  if (!appointmentId || (answer !== "confirm" && answer !== "cancel")) return null;
  return { appointmentId, sequence: Number(sequence), answer, expiresAt: Number(expiresAt) };
}
