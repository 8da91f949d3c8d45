import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { auditActor, type RequestContext } from "@/lib/auth/access";
import { ClinicalConflictError } from "@/lib/chart/errors";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { authorizeAppointment } from "./appointment";
import { VisitError } from "./errors";
import { viewerInCall } from "./members";

// The call's chat, kept with the visit. Messages travel between browsers over
// LiveKit's data channel (components/visits/ChatPanel.tsx); each sender's
// browser also posts its own message here, where it is saved as that
// participant's (the server works out who from the credential, never from the
// body) once they are in the call: the physician, or an admitted patient,
// guest or interpreter. The physician reads them beside the note and in the
// History tab, and chooses whether the patient's after-visit summary shows
// them (off unless ticked; fixed once the note is signed).

/** As the chat field allows (components/visits/chatMessages.ts MAX_CHAT_MESSAGE_LENGTH); the table's CHECK says the same. */
export const CHAT_MESSAGE_MAX = 1000;
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const saveChatMessageInput = z.strictObject({
  appointmentId: recordIdOf("appointment"),
  text: z
    .string("Write a message.")
    .trim()
    .min(1, "Write a message.")
    .refine((text) => Array.from(text).length <= CHAT_MESSAGE_MAX, `Keep a message to ${CHAT_MESSAGE_MAX} characters.`)
    .refine((text) => !CONTROL_CHARACTERS.test(text), "Remove control characters from the message."),
});
export type SaveChatMessageInput = z.input<typeof saveChatMessageInput>;

export interface ChatMessageView {
  id: string;
  senderName: string;
  senderRole: string;
  text: string;
  sentAt: Date;
}

const MESSAGE_SELECT = { id: true, senderName: true, senderRole: true, text: true, sentAt: true } as const;

/** Saves the sender's own message on the visit; 403 NOT_ADMITTED (audited) for someone not in the call. */
export async function saveChatMessage(db: Database, context: RequestContext, input: SaveChatMessageInput, options: { now?: Date } = {}): Promise<ChatMessageView> {
  const { appointmentId, text } = saveChatMessageInput.parse(input);
  const { viewer: sender, visit } = await viewerInCall(db, context, appointmentId, {
    action: "visit.chat.write",
    message: "Only people in the call can chat in it.",
  });
  return db.visitChatMessage.create({
    data: { visitId: visit.id, senderIdentity: sender.identity, senderName: sender.name, senderRole: sender.role, text, sentAt: options.now ?? new Date() },
    select: MESSAGE_SELECT,
  });
}

export const visitChatInput = z.strictObject({ appointmentId: recordIdOf("appointment") });
export type VisitChatInput = z.input<typeof visitChatInput>;

export interface VisitChat {
  /** Whether the patient's after-visit summary shows the chat. */
  includeInSummary: boolean;
  /** Fixed once the note is signed: the summary the patient has read does not change under them. */
  noteSigned: boolean;
  messages: ChatMessageView[];
}

/** The visit's chat, oldest first, for its physician beside the note (note.read). */
export async function getVisitChat(db: Database, context: RequestContext, input: VisitChatInput): Promise<VisitChat> {
  const { appointmentId } = visitChatInput.parse(input);
  await authorizeAppointment(db, context, appointmentId, "note.read");
  const visit = await db.visit.findUnique({
    where: { appointmentId },
    select: { includeChatInSummary: true, note: { select: { status: true } }, chatMessages: { orderBy: [{ sentAt: "asc" }, { id: "asc" }], select: MESSAGE_SELECT } },
  });
  return { includeInSummary: visit?.includeChatInSummary ?? false, noteSigned: visit?.note?.status === "SIGNED", messages: visit?.chatMessages ?? [] };
}

export const chatInSummaryInput = z.strictObject({ appointmentId: recordIdOf("appointment"), include: z.boolean("Say whether to include the chat.") });
export type ChatInSummaryInput = z.input<typeof chatInSummaryInput>;

/**
 * The physician ticks or unticks "Include the chat in the after-visit
 * summary" (note.write: the visit's own physician). Refused (409 NOTE_SIGNED,
 * audited, nothing changed) once the note is signed.
 */
export async function setChatInSummary(db: Database, context: RequestContext, input: ChatInSummaryInput): Promise<{ includeInSummary: boolean }> {
  const { appointmentId, include } = chatInSummaryInput.parse(input);
  const appointment = await authorizeAppointment(db, context, appointmentId, "note.write");
  const visit = await db.visit.findUnique({ where: { appointmentId }, select: { id: true, note: { select: { status: true } } } });
  if (!visit || visit.note?.status === "SIGNED") {
    await recordAudit(db, {
      ...auditActor(context),
      action: "note.write",
      patientId: appointment.patientId,
      resourceType: "appointment",
      resourceId: appointmentId,
      outcome: "DENIED",
      reason: visit ? "NOTE_SIGNED" : "no visit",
    });
    if (!visit) throw new VisitError("NOT_ADMITTED", "This visit has not started; it has no chat yet.");
    throw new ClinicalConflictError("NOTE_SIGNED", "The note is signed: what the after-visit summary shows can no longer change.");
  }
  const updated = await db.visit.update({ where: { id: visit.id }, data: { includeChatInSummary: include }, select: { includeChatInSummary: true } });
  return { includeInSummary: updated.includeChatInSummary };
}
