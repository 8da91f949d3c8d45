import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { resolveVisitGuest } from "@/lib/auth/links/visit-guests";
import type { Database } from "@/lib/db/prisma";
import { runDueJobs } from "@/lib/jobs/queue";
import { readMailbox } from "@/lib/mail/mailbox";
import { mailTestSetup } from "@/lib/mail/testing/mail-test-setup";
import { createTestStaff } from "@/lib/scheduling/testing/clinic";
import { inviteInterpreterByMail, revokeVisitGuestAccess } from "@/lib/visits/guests";
import type { InterpreterInvitationInput } from "@/lib/visits/inputs";
import { auditRows, createTestVisit, FakeRooms, type TestVisit } from "@/lib/visits/testing/visits";
import { interpreterMailHandlers } from "./interpreter-mail";

// A database of its own, so the only due jobs are the ones these tests queue.
const mailTest = mailTestSetup("interpreter-mail");
let db: Database;
let mailDir: string;
beforeAll(() => {
  ({ db, mailDir } = mailTest);
});

const LINK = /https:\/\/clinic\.example\.test\/visit\/guest\/([\w-]{43})/;
/** Intl puts no-break spaces in times ("9:00 AM"); the assertions read them as the spaces they look like. */
const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");
let counter = 0;
const interpreter = (overrides: Record<string, unknown> = {}): InterpreterInvitationInput => ({
  displayName: "Lucía Ortega",
  language: "es",
  email: `interpreter-${Date.now()}-${(counter += 1)}@example.test`,
  timeZone: "America/Los_Angeles",
  ...overrides,
});

async function mailsTo(email: string) {
  await runDueJobs(db, interpreterMailHandlers, { workerId: "interpreter-mail.int.test", now: new Date(), limit: 100 });
  return (await readMailbox(mailDir)).filter((mail) => mail.to.includes(email));
}

const guestsOf = (visit: TestVisit) => db.visitGuest.findMany({ where: { appointmentId: visit.appointmentId } });

describe("interpreters invited by email", () => {
  it("are invited by the scheduler: the interpreter is mailed, in English, a link that joins them as the interpreter and the time in their zone", async () => {
    // 2031-03-03 17:00 UTC is 9:00 AM in Los Angeles.
    const visit = await createTestVisit(db, { now: new Date("2031-03-03T17:00:00Z"), startsInMinutes: 0 });
    await db.patient.update({ where: { id: visit.patient.patientId }, data: { preferredLanguage: "es" } });
    const input = interpreter();
    const { guest } = await inviteInterpreterByMail(db, visit.scheduler, visit.appointmentId, input);
    expect(guest).toMatchObject({ displayName: "Lucía Ortega", role: "INTERPRETER", language: "es", email: input.email, revokedAt: null });
    expect(guest).not.toHaveProperty("link");

    // The queued job names the guest only: no working link is stored.
    const [job] = await db.job.findMany({ where: { kind: "visit.interpreter_invitation", payload: { equals: { guestId: guest.id } } } });
    expect(JSON.stringify(job?.payload)).not.toMatch(/visit\/guest/);

    const [mail, ...more] = await mailsTo(input.email);
    expect(more).toHaveLength(0);
    expect(spaced(mail!.subject)).toBe("Interpreting (Spanish): video visit on Monday, March 3, 2031 at 9:00 AM PST");
    expect(spaced(mail!.text)).toContain("Hello Lucía Ortega,");
    expect(spaced(mail!.text)).toContain("You are invited to interpret (Spanish) at a video visit with Lena Fischer on Monday, March 3, 2031 at 9:00 AM PST.");
    // Not the patient's name: the link's page shows it.
    expect(mail!.text).not.toContain("Morgan");
    const token = LINK.exec(mail!.text)?.[1];
    const resolved = await resolveVisitGuest(db, token!);
    expect(resolved).toMatchObject({ actor: { kind: "visitGuest", guestId: guest.id, appointmentId: visit.appointmentId, interpreterLanguage: "es" } });

    const [allowed] = (await auditRows(db, visit.patient.patientId)).filter((row) => row.action === "visit.interpreter.invite");
    expect(allowed).toMatchObject({ actorRole: "SCHEDULER", outcome: "ALLOWED", resourceId: visit.appointmentId, reason: "interpreter (es) invited by email" });
  });

  it("are invited by the visit's physician too", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 60 });
    const input = interpreter({ language: "ase" });
    await inviteInterpreterByMail(db, visit.physician.context, visit.appointmentId, input);
    const [mail] = await mailsTo(input.email);
    expect(mail!.subject).toMatch(/^Interpreting \(American Sign Language\): video visit on /);
  });

  it("are refused to the patient, their visit link, another physician, an administrator and nobody, who change nothing and are audited", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 60 });
    const refused = [visit.patient.context, visit.visitLink, visit.otherPhysician.context, visit.otherPatient.context, await createTestStaff(db, "ADMIN")];
    for (const context of refused) {
      await expect(inviteInterpreterByMail(db, context, visit.appointmentId, interpreter())).rejects.toMatchObject({ name: "AccessDeniedError", status: 403 });
    }
    expect(await guestsOf(visit)).toEqual([]);
    const denied = (await auditRows(db, visit.patient.patientId)).filter((row) => row.action === "visit.interpreter.invite" && row.outcome === "DENIED");
    expect(denied).toHaveLength(refused.length);
  });

  it("refuse bad input with nothing stored or mailed", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 60 });
    for (const overrides of [
      { displayName: "" },
      { displayName: "x".repeat(81) },
      { displayName: "Lucía\r\nBcc: everyone@example.test" },
      { language: "xx" },
      { language: undefined },
      { email: "not an address" },
      { email: "a@example.test\r\nBcc: b@example.test" },
      { email: `${"a".repeat(250)}@example.test` },
      { timeZone: "Mars/Olympus_Mons" },
      { role: "GUEST" },
      { relationship: "Brother" },
    ]) {
      await expect(inviteInterpreterByMail(db, visit.scheduler, visit.appointmentId, interpreter(overrides)), JSON.stringify(overrides)).rejects.toBeInstanceOf(ZodError);
    }
    expect(await guestsOf(visit)).toEqual([]);
  });

  it("are not invited to a cancelled or ended visit, nor to one that does not exist", async () => {
    const cancelled = await createTestVisit(db, { startsInMinutes: 60, status: "CANCELLED" });
    await expect(inviteInterpreterByMail(db, cancelled.scheduler, cancelled.appointmentId, interpreter())).rejects.toMatchObject({ status: 409, code: "CANCELLED" });
    const ended = await createTestVisit(db, { startsInMinutes: -90, status: "COMPLETED" });
    await expect(inviteInterpreterByMail(db, ended.scheduler, ended.appointmentId, interpreter())).rejects.toMatchObject({ status: 409 });
    await expect(inviteInterpreterByMail(db, ended.scheduler, "no-such-appointment", interpreter())).rejects.toMatchObject({ status: 404 });
    expect([...(await guestsOf(cancelled)), ...(await guestsOf(ended))]).toEqual([]);
  });

  it("send nothing when the link was revoked or the visit cancelled before the mail went out", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 60 });
    const revoked = interpreter();
    const { guest } = await inviteInterpreterByMail(db, visit.scheduler, visit.appointmentId, revoked);
    await revokeVisitGuestAccess(db, visit.physician.context, visit.appointmentId, guest.id, { rooms: new FakeRooms() });
    expect(await mailsTo(revoked.email)).toEqual([]);

    const later = await createTestVisit(db, { startsInMinutes: 60 });
    const cancelled = interpreter();
    await inviteInterpreterByMail(db, later.scheduler, later.appointmentId, cancelled);
    await db.appointment.update({ where: { id: later.appointmentId }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    expect(await mailsTo(cancelled.email)).toEqual([]);
  });
});
