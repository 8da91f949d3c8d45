import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { resolveVisitGuest } from "@/lib/auth/links/visit-guests";
import { createPrismaClient } from "@/lib/db/prisma";
import { admitToVisit, getVisitLobby } from "./admission";
import { inviteVisitGuest, listVisitGuests } from "./guests";
import { getVisitRoster } from "./members";
import { guestIdentity } from "./participants";
import { getVisitRoomView } from "./room-view";
import { auditRows, contextOf, createTestVisit, FakeRooms, TEST_LIVEKIT, type TestVisit } from "./testing/visits";
import { issueVisitToken } from "./tokens";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const SPANISH_INTERPRETER = { displayName: "Lucía Ortega", role: "INTERPRETER", language: "es" } as const;

async function interpreterContext(link: string) {
  const resolved = await resolveVisitGuest(db, link.split("/").pop()!);
  if (!("actor" in resolved)) throw new Error("interpreter link did not resolve");
  return contextOf(resolved.actor);
}

const guestCount = (visit: TestVisit) => db.visitGuest.count({ where: { appointmentId: visit.appointmentId } });

describe("interpreters", () => {
  it("are invited by the physician with the language they interpret, and join as the interpreter", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: -2 });
    const { guest, link } = await inviteVisitGuest(db, visit.physician.context, visit.appointmentId, SPANISH_INTERPRETER);
    expect(guest).toMatchObject({ displayName: "Lucía Ortega", role: "INTERPRETER", language: "es", relationship: "" });
    expect(await listVisitGuests(db, visit.physician.context, visit.appointmentId)).toEqual([guest]);

    const context = await interpreterContext(link);
    expect(context.actor).toMatchObject({ kind: "visitGuest", interpreterLanguage: "es" });
    expect(await getVisitRoomView(db, context, visit.appointmentId)).toMatchObject({ role: "interpreter", language: "es", displayName: "Lucía Ortega" });

    // Waiting, then admitted: the physician's lists and the roster (which the note reads) say "interpreter".
    await issueVisitToken(db, visit.physician.context, visit.appointmentId, { config: TEST_LIVEKIT, rooms: new FakeRooms() });
    const { roomName } = await db.visit.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
    const identity = guestIdentity(visit.appointmentId, guest.id);
    const rooms = new FakeRooms();
    rooms.join(roomName, { identity: visit.physician.identity, physician: { name: "Lena Fischer" } });
    rooms.join(roomName, { identity });
    expect((await getVisitLobby(db, visit.physician.context, visit.appointmentId, { rooms })).waiting).toEqual([
      { identity, name: "Lucía Ortega", role: "interpreter", language: "es", joinedAt: expect.any(Date) },
    ]);
    await admitToVisit(db, visit.physician.context, visit.appointmentId, identity, { rooms });
    expect(await getVisitRoster(db, visit.physician.context, visit.appointmentId, { rooms })).toContainEqual({ identity, name: "Lucía Ortega", role: "interpreter", language: "es" });
  });

  it("are arranged by a scheduler too, who may not invite other guests", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 60 });
    const { guest } = await inviteVisitGuest(db, visit.scheduler, visit.appointmentId, { ...SPANISH_INTERPRETER, language: "ase" });
    expect(guest).toMatchObject({ role: "INTERPRETER", language: "ase" });
    const schedulerId = visit.scheduler.actor.kind === "user" ? visit.scheduler.actor.userId : "";
    expect((await db.visitGuest.findUniqueOrThrow({ where: { id: guest.id } })).createdById).toBe(schedulerId);

    await expect(inviteVisitGuest(db, visit.scheduler, visit.appointmentId, { displayName: "Sam", relationship: "Brother" })).rejects.toMatchObject({ status: 403 });
    expect(await guestCount(visit)).toBe(1);
  });

  it("are refused to the patient, another physician and a guest, who change nothing and are audited", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 60 });
    const { link } = await inviteVisitGuest(db, visit.physician.context, visit.appointmentId, SPANISH_INTERPRETER);
    const interpreter = await interpreterContext(link);
    for (const context of [visit.patient.context, visit.visitLink, visit.otherPhysician.context, interpreter]) {
      await expect(inviteVisitGuest(db, context, visit.appointmentId, SPANISH_INTERPRETER)).rejects.toMatchObject({ name: "AccessDeniedError", status: 403 });
    }
    expect(await guestCount(visit)).toBe(1);
    const denied = (await auditRows(db, visit.patient.patientId)).filter((row) => row.action === "visit.interpreter.invite" && row.outcome === "DENIED");
    expect(denied).toHaveLength(4);
  });

  it("need a language from the list; other guests have none", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 60 });
    for (const input of [
      { displayName: "Lucía", role: "INTERPRETER" },
      { displayName: "Lucía", role: "INTERPRETER", language: "xx-nowhere" },
      { displayName: "Lucía", role: "INTERPRETER", language: "<script>" },
      { displayName: "Sam", relationship: "Brother", language: "es" },
      { displayName: "Sam", role: "PHYSICIAN" },
    ]) {
      await expect(inviteVisitGuest(db, visit.physician.context, visit.appointmentId, input as never), JSON.stringify(input)).rejects.toBeInstanceOf(ZodError);
    }
    expect(await guestCount(visit)).toBe(0);
  });
});
