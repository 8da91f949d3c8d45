import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AccessDeniedError } from "@/lib/auth/access";
import { listVisitHistory } from "@/lib/chart/history";
import { ClinicalConflictError } from "@/lib/chart/errors";
import { createPrismaClient } from "@/lib/db/prisma";
import { getAfterVisitSummary } from "./overview";
import { getVisitChat, saveChatMessage, setChatInSummary } from "./chat";
import { VisitError } from "./errors";
import { auditRows, contextOf, createTestGuest, createTestVisit, FakeRooms, TEST_LIVEKIT } from "./testing/visits";
import { issueVisitToken } from "./tokens";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

/** A visit under way: the physician is in the room, the patient (portal) admitted, a guest still waiting. */
async function visitInProgress() {
  const visit = await createTestVisit(db, { startsInMinutes: -5 });
  await issueVisitToken(db, visit.physician.context, visit.appointmentId, { config: TEST_LIVEKIT, rooms: new FakeRooms() });
  const { id: visitId } = await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId }, select: { id: true } });
  // As admitToVisit records an admission.
  await db.visitParticipantEvent.create({ data: { visitId, type: "ADMITTED", participantIdentity: visit.patient.identity, occurredAt: new Date() } });
  const guest = await createTestGuest(db, visit, "Sam Morgan");
  const guestContext = contextOf({ kind: "visitGuest", appointmentId: visit.appointmentId, patientId: visit.patient.patientId, guestId: guest.id, displayName: "Sam Morgan" });
  return { visit, visitId, guestContext };
}

const messagesOf = (visitId: string) => db.visitChatMessage.findMany({ where: { visitId }, orderBy: { sentAt: "asc" } });

describe("the call's chat kept with the visit", () => {
  it("saves the physician's and the admitted patient's messages as theirs, and the physician reads them beside the note and in History", async () => {
    const { visit, visitId } = await visitInProgress();
    await saveChatMessage(db, visit.physician.context, { appointmentId: visit.appointmentId, text: "Can you hear me?" }, { now: new Date(Date.now() - 2000) });
    await saveChatMessage(db, visit.patient.context, { appointmentId: visit.appointmentId, text: "  Yes, loud and clear.\nThanks " }, { now: new Date(Date.now() - 1000) });

    const chat = await getVisitChat(db, visit.physician.context, { appointmentId: visit.appointmentId });
    expect(chat.includeInSummary).toBe(false);
    expect(chat.messages.map((message) => [message.senderName, message.senderRole, message.text])).toEqual([
      ["Lena Fischer", "physician", "Can you hear me?"],
      [expect.stringMatching(/^Alex Morgan-/), "patient", "Yes, loud and clear.\nThanks"],
    ]);
    expect((await messagesOf(visitId)).map((message) => message.senderIdentity)).toEqual([visit.physician.identity, visit.patient.identity]);

    await db.appointment.update({ where: { id: visit.appointmentId }, data: { startsAt: new Date(Date.now() - 60_000) } });
    const history = await listVisitHistory(db, visit.physician.context, { patientId: visit.patient.patientId });
    expect(history.visits[0]!.chat.map((message) => message.text)).toEqual(["Can you hear me?", "Yes, loud and clear.\nThanks"]);
  });

  it("refuses someone still waiting (403 NOT_ADMITTED, audited), outsiders, and hostile or oversized text, saving nothing", async () => {
    const { visit, visitId, guestContext } = await visitInProgress();
    const waiting = await saveChatMessage(db, guestContext, { appointmentId: visit.appointmentId, text: "hello?" }).catch((error: unknown) => error);
    expect(waiting).toBeInstanceOf(VisitError);
    expect((waiting as VisitError).body()).toMatchObject({ code: "NOT_ADMITTED" });
    expect((await auditRows(db, visit.patient.patientId)).at(-1)).toMatchObject({ action: "visit.chat.write", outcome: "DENIED" });
    for (const outsider of [visit.otherPhysician.context, visit.scheduler, visit.otherPatient.context]) {
      await expect(saveChatMessage(db, outsider, { appointmentId: visit.appointmentId, text: "hi" })).rejects.toBeInstanceOf(AccessDeniedError);
    }
    for (const text of ["", "   ", "x".repeat(1001), "bell\u0007"]) {
      await expect(saveChatMessage(db, visit.physician.context, { appointmentId: visit.appointmentId, text })).rejects.toBeInstanceOf(ZodError);
    }
    expect(await messagesOf(visitId)).toEqual([]);
    // The patient reads the summary, not the physician's record of the chat.
    await expect(getVisitChat(db, visit.patient.context, { appointmentId: visit.appointmentId })).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it("is left out of the after-visit summary unless the physician includes it, and fixed once the note is signed", async () => {
    const { visit, visitId } = await visitInProgress();
    await saveChatMessage(db, visit.patient.context, { appointmentId: visit.appointmentId, text: "Which pharmacy?" });
    const note = await db.consultationNote.create({ data: { visitId, authorId: visit.physician.userId, plan: "Rest." } });
    const sign = () => db.consultationNote.update({ where: { id: note.id }, data: { status: "SIGNED", signedAt: new Date(), signedById: visit.physician.userId } });

    await expect(setChatInSummary(db, visit.patient.context, { appointmentId: visit.appointmentId, include: true })).rejects.toBeInstanceOf(AccessDeniedError);
    expect(await setChatInSummary(db, visit.physician.context, { appointmentId: visit.appointmentId, include: true })).toEqual({ includeInSummary: true });
    expect(await setChatInSummary(db, visit.physician.context, { appointmentId: visit.appointmentId, include: false })).toEqual({ includeInSummary: false });
    await sign();
    expect((await getAfterVisitSummary(db, visit.patient.context, visit.appointmentId))!.chat).toEqual([]);

    const refusal = await setChatInSummary(db, visit.physician.context, { appointmentId: visit.appointmentId, include: true }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ClinicalConflictError);
    expect((refusal as ClinicalConflictError).code).toBe("NOTE_SIGNED");
    expect(await db.visit.findUniqueOrThrow({ where: { id: visitId }, select: { includeChatInSummary: true } })).toEqual({ includeChatInSummary: false });
    expect((await auditRows(db, visit.patient.patientId)).at(-1)).toMatchObject({ action: "note.write", outcome: "DENIED", reason: "NOTE_SIGNED" });
  });

  it("shows the included chat in the after-visit summary", async () => {
    const { visit, visitId } = await visitInProgress();
    await saveChatMessage(db, visit.physician.context, { appointmentId: visit.appointmentId, text: "Pharmacy: Main St." });
    await setChatInSummary(db, visit.physician.context, { appointmentId: visit.appointmentId, include: true });
    const note = await db.consultationNote.create({ data: { visitId, authorId: visit.physician.userId, plan: "Rest." } });
    await db.consultationNote.update({ where: { id: note.id }, data: { status: "SIGNED", signedAt: new Date(), signedById: visit.physician.userId } });
    expect((await getAfterVisitSummary(db, visit.patient.context, visit.appointmentId))!.chat).toEqual([
      { senderName: "Lena Fischer", text: "Pharmacy: Main St.", sentAt: expect.any(Date) },
    ]);
  });
});
