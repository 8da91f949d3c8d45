import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveVisitLink } from "@/lib/auth/links/visit-links";
import type { Database } from "@/lib/db/prisma";
import { runDueJobs } from "@/lib/jobs/queue";
import { mailTestSetup } from "@/lib/mail/testing/mail-test-setup";
import { readMailbox, type CapturedMail } from "@/lib/mail/mailbox";
import { bookAppointment, cancelAppointment, rescheduleAppointment } from "@/lib/scheduling/booking";
import { findFreeSlots } from "@/lib/scheduling/slot-search";
import { calendarValue, readCalendar } from "@/lib/scheduling/testing/ical-reader";
import { createTestPatient, createTestPhysician, createTestStaff, createTestVisitType } from "@/lib/scheduling/testing/clinic";
import { createLogger } from "@/lib/observability/log";
import { startReminderWorker } from "@/scripts/support/reminder-worker";
import { appointmentMailHandlers } from "./appointment-mail";
import { waitlistOfferMailHandlers } from "./waitlist-offer-mail";

// A database of its own, so the only due jobs are the ones these tests queue.
const mailTest = mailTestSetup("appointment-mail");
let db: Database;
let mailDir: string;
beforeAll(() => {
  ({ db, mailDir } = mailTest);
});

// Monday 2031-03-03: 14:00 UTC is 09:00 in the physician's New York and 08:00 in the patient's Chicago.
const bookedAt = new Date("2031-03-01T12:00:00Z");
// With the offer to the waitlist that every cancellation of a future visit queues (none waits here, so it sends nothing).
const runJobs = (now: Date) => runDueJobs(db, { ...appointmentMailHandlers, ...waitlistOfferMailHandlers }, { workerId: "test-worker", now });

/** Intl puts no-break spaces in times ("8:00 a.m."); the assertions read them as the spaces they look like. */
const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

async function mailTo(email: string): Promise<CapturedMail[]> {
  return (await readMailbox(mailDir)).filter((mail) => mail.to.includes(email)).reverse();
}

function invite(mail: CapturedMail | undefined) {
  const attachment = mail?.attachments.find((file) => file.filename === "invite.ics");
  if (!attachment) throw new Error(`No invite.ics in "${mail?.subject}"`);
  expect(attachment.contentType).toBe("text/calendar");
  const properties = readCalendar(attachment.content);
  return (name: string) => calendarValue(properties, name);
}

async function bookedVisit(options: { email?: string | null; preferredLanguage?: string } = {}) {
  const physician = await createTestPhysician(db, { name: "Dr. Amara Okafor" });
  const patient = await createTestPatient(db, { email: options.email, givenName: "Lena" });
  if (options.preferredLanguage) await db.patient.update({ where: { id: patient.patientId }, data: { preferredLanguage: options.preferredLanguage } });
  const scheduler = await createTestStaff(db, "SCHEDULER");
  const visitType = await createTestVisitType(db, { durationMinutes: 30 });
  const booking = await bookAppointment(
    db,
    scheduler,
    { patientId: patient.patientId, physicianId: physician.physicianId, visitTypeId: visitType.id, startsAt: "2031-03-03T14:00:00Z", reason: "Migraine" },
    { now: bookedAt },
  );
  return { patient, scheduler, booking, email: patient.email! };
}

describe("appointment mail", () => {
  it("invites the patient with the time in their zone, their visit link and a calendar event", async () => {
    const { booking, email } = await bookedVisit();
    await runJobs(bookedAt);

    const [mail] = await mailTo(email);
    expect(mail?.subject).toBe("Your visit with Dr. Amara Okafor on Monday, March 3, 2031 at 8:00 AM CST");
    expect(mail?.text).toContain("Hello Lena,");
    expect(mail?.text).toContain(booking.visitUrl!);
    const event = invite(mail);
    expect(event("METHOD")).toBe("REQUEST");
    expect(event("UID")).toBe(`${booking.appointment.id}@clinic.localhost`);
    expect(event("SEQUENCE")).toBe("0");
    expect(event("DTSTART")).toBe("20310303T140000Z");
    expect(event("DTEND")).toBe("20310303T143000Z");
    expect(event("LOCATION")).toBe(booking.visitUrl);
    // Outlook and Apple Mail offer "Add to calendar" only when the part names its method.
    expect(await readFile(path.join(mailDir, mail!.file), "utf8")).toMatch(/Content-Type: text\/calendar; method=REQUEST; charset=UTF-8/i);

    const token = booking.visitUrl!.split("/visit/")[1]!;
    expect(await resolveVisitLink(db, token, bookedAt)).toMatchObject({ actor: { appointmentId: booking.appointment.id } });
  });

  it("reminds the patient a day and a quarter of an hour before, with the link", async () => {
    const { booking, email } = await bookedVisit();
    await runJobs(bookedAt);
    await runJobs(new Date("2031-03-02T14:00:00Z"));
    await runJobs(new Date("2031-03-03T13:45:00Z"));

    const mails = await mailTo(email);
    expect(mails.map((mail) => mail.subject)).toEqual([
      "Your visit with Dr. Amara Okafor on Monday, March 3, 2031 at 8:00 AM CST",
      "Reminder: your visit with Dr. Amara Okafor on Monday, March 3, 2031 at 8:00 AM CST",
      "Your visit with Dr. Amara Okafor starts at 8:00 AM CST: you can join now",
    ]);
    expect(mails.every((mail) => mail.text.includes(booking.visitUrl!))).toBe(true);
  });

  it("on a move, updates the same calendar event, retires the old link and reminds only of the new time", async () => {
    const { booking, scheduler, email } = await bookedVisit();
    await runJobs(bookedAt);
    const moved = await rescheduleAppointment(db, scheduler, { appointmentId: booking.appointment.id, startsAt: "2031-03-03T16:00:00Z" }, { now: bookedAt });
    await runJobs(bookedAt);

    const [, update] = await mailTo(email);
    expect(update?.subject).toBe("Your visit with Dr. Amara Okafor has moved to Monday, March 3, 2031 at 10:00 AM CST");
    expect(update?.text).toContain("It was moved from Monday, March 3, 2031 at 8:00 AM CST.");
    expect(update?.text).toContain(moved.visitUrl!);
    const event = invite(update);
    expect(event("UID")).toBe(`${booking.appointment.id}@clinic.localhost`);
    expect(event("SEQUENCE")).toBe("1");
    expect(event("DTSTART")).toBe("20310303T160000Z");
    expect(await resolveVisitLink(db, booking.visitUrl!.split("/visit/")[1]!, bookedAt)).toMatchObject({ problem: "revoked" });

    // The old visit's 15-minute reminder was due at 13:45; only the new one's, at 15:45, goes out.
    await runJobs(new Date("2031-03-03T13:45:00Z"));
    await runJobs(new Date("2031-03-03T15:45:00Z"));
    const reminders = (await mailTo(email)).filter((mail) => mail.subject.includes("join now"));
    expect(reminders.map((mail) => mail.subject)).toEqual(["Your visit with Dr. Amara Okafor starts at 10:00 AM CST: you can join now"]);
  });

  it("on a cancellation, removes the event from the patient's calendar and sends no more reminders", async () => {
    const { booking, scheduler, email } = await bookedVisit();
    await runJobs(bookedAt);
    await cancelAppointment(db, scheduler, { appointmentId: booking.appointment.id, reason: "Physician ill" }, { now: bookedAt });
    await runJobs(bookedAt);
    await runJobs(new Date("2031-03-02T14:00:00Z"));
    await runJobs(new Date("2031-03-03T13:45:00Z"));

    const mails = await mailTo(email);
    expect(mails.map((mail) => mail.subject)).toEqual([
      "Your visit with Dr. Amara Okafor on Monday, March 3, 2031 at 8:00 AM CST",
      "Cancelled: your visit with Dr. Amara Okafor on Monday, March 3, 2031 at 8:00 AM CST",
    ]);
    const event = invite(mails[1]);
    expect(event("METHOD")).toBe("CANCEL");
    expect(event("STATUS")).toBe("CANCELLED");
    expect(event("UID")).toBe(`${booking.appointment.id}@clinic.localhost`);
    expect(event("SEQUENCE")).toBe("1");
  });

  it("writes to a patient who prefers Spanish in Spanish, mail and calendar event alike, with Spanish dates in their zone", async () => {
    const { booking, scheduler, email } = await bookedVisit({ preferredLanguage: "es" });
    await runJobs(bookedAt);
    await runJobs(new Date("2031-03-02T14:00:00Z"));
    const moved = await rescheduleAppointment(db, scheduler, { appointmentId: booking.appointment.id, startsAt: "2031-03-03T16:00:00Z" }, { now: bookedAt });
    await runJobs(bookedAt);
    await cancelAppointment(db, scheduler, { appointmentId: moved.appointment.id, reason: "Physician ill" }, { now: bookedAt });
    await runJobs(bookedAt);

    const mails = await mailTo(email);
    expect(mails.map((mail) => spaced(mail.subject))).toEqual([
      "Su consulta con Dr. Amara Okafor el lunes, 3 de marzo de 2031, 8:00 a.m. CST",
      "Recordatorio: su consulta con Dr. Amara Okafor el lunes, 3 de marzo de 2031, 8:00 a.m. CST",
      "Su consulta con Dr. Amara Okafor se cambió al lunes, 3 de marzo de 2031, 10:00 a.m. CST",
      "Cancelada: su consulta con Dr. Amara Okafor el lunes, 3 de marzo de 2031, 10:00 a.m. CST",
    ]);
    const [invitation, , update, cancellation] = mails;
    expect(invite(cancellation)("DESCRIPTION")).toBe("Esta consulta con Dr. Amara Okafor se canceló.");
    expect(invitation?.text).toContain("Hola, Lena:");
    expect(spaced(invitation!.text)).toContain("Su standard visit (30 minutos) con Dr. Amara Okafor está programada para el lunes, 3 de marzo de 2031, 8:00 a.m. CST.");
    expect(invitation?.text).toContain(`Entre a la consulta por video aquí:\n${booking.visitUrl}`);
    expect(spaced(update!.text)).toContain("Antes estaba programada para el lunes, 3 de marzo de 2031, 8:00 a.m. CST.");
    const event = invite(invitation);
    expect(event("SUMMARY")).toBe("Consulta por video con Dr. Amara Okafor");
    expect(event("DESCRIPTION")).toContain("con Dr. Amara Okafor.");
    expect(event("DESCRIPTION")).toContain("cualquier persona que lo tenga puede entrar a su consulta");
  });

  it("writes in English to a patient whose preferred language the clinic does not offer", async () => {
    const { email } = await bookedVisit({ preferredLanguage: "fr" });
    await runJobs(bookedAt);
    const [mail] = await mailTo(email);
    expect(mail?.subject).toBe("Your visit with Dr. Amara Okafor on Monday, March 3, 2031 at 8:00 AM CST");
    expect(invite(mail)("SUMMARY")).toBe("Video visit with Dr. Amara Okafor");
  });

  it("drops an invitation for a visit cancelled before it went out", async () => {
    const { booking, scheduler, email } = await bookedVisit();
    await cancelAppointment(db, scheduler, { appointmentId: booking.appointment.id, reason: "Booked by mistake" }, { now: bookedAt });
    expect(await runJobs(bookedAt)).toMatchObject({ completed: 3, retried: 0 });
    expect((await mailTo(email)).map((mail) => mail.subject)).toEqual([
      "Cancelled: your visit with Dr. Amara Okafor on Monday, March 3, 2031 at 8:00 AM CST",
    ]);
  });

  it("completes the jobs of a patient without an email address without sending anything", async () => {
    const before = (await readMailbox(mailDir)).length;
    await bookedVisit({ email: null });
    expect(await runJobs(bookedAt)).toEqual({ completed: 1, retried: 0, failed: 0 });
    expect(await readMailbox(mailDir)).toHaveLength(before);
  });

  it("goes out from the worker that runs beside the web server", async () => {
    const physician = await createTestPhysician(db, { windows: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 })) });
    const patient = await createTestPatient(db);
    const visitType = await createTestVisitType(db, { durationMinutes: 30 });
    const from = new Date(Date.now() + 3_600_000);
    const [{ slots: [slot] = [] } = { slots: [] }] = await findFreeSlots(db, patient.context, {
      physicianId: physician.physicianId,
      visitTypeId: visitType.id,
      from,
      to: new Date(from.getTime() + 86_400_000),
    });
    await bookAppointment(db, patient.context, {
      patientId: patient.patientId,
      physicianId: physician.physicianId,
      visitTypeId: visitType.id,
      startsAt: slot!.start,
      reason: "Follow-up",
    });

    process.env.JOB_POLL_MS = "50";
    const log: string[] = [];
    const worker = startReminderWorker(mailTest.databaseUrl, createLogger({ write: (line: string) => log.push(line) }));
    try {
      await expect.poll(async () => (await mailTo(patient.email!)).length, { timeout: 15_000, interval: 100 }).toBe(1);
    } finally {
      await worker.stop();
      delete process.env.JOB_POLL_MS;
    }
    expect(log).toEqual([]);
  });
});
