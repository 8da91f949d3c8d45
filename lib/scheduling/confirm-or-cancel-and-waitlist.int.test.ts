import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/prisma";
import { runDueJobs } from "@/lib/jobs/queue";
import { mailTestSetup } from "@/lib/mail/testing/mail-test-setup";
import { readMailbox } from "@/lib/mail/mailbox";
import { waitlistOfferUrl } from "@/lib/auth/links/waitlist-offer-links";
import { confirmOrCancelMailHandlers } from "@/lib/notifications/confirm-or-cancel-mail";
import { waitlistOfferMailHandlers } from "@/lib/notifications/waitlist-offer-mail";
import { replyToAppointment } from "./appointment-reply";
import { bookAppointment } from "./booking";
import { schedulerWeek } from "./calendar";
import { createTestPatient, createTestPhysician, createTestStaff, createTestVisitType } from "./testing/clinic";
import { claimWaitlistOffer, joinWaitlist } from "./waitlist";

const mailTest = mailTestSetup("confirm-or-cancel");
let db: Database;
let mailDir: string;
beforeAll(() => {
  ({ db, mailDir } = mailTest);
});

const client = { ip: "203.0.113.7", userAgent: "vitest" };
// Monday 2031-03-03 14:00 UTC; its createdAt is today, so the lead time is long (one strong factor).
const startsAt = new Date("2031-03-03T14:00:00Z");
const bookedAt = new Date("2031-02-20T12:00:00Z");
const dayBefore = new Date("2031-03-02T14:00:00Z");
const handlers = { ...confirmOrCancelMailHandlers, ...waitlistOfferMailHandlers };
const runJobs = (now: Date) => runDueJobs(db, handlers, { workerId: "test-worker", now, limit: 100 });

async function mailTo(email: string) {
  return (await readMailbox(mailDir)).filter((mail) => mail.to.includes(email));
}
const tokensIn = (text: string, path: string) => [...text.matchAll(new RegExp(`/${path}/([^\\s]+)`, "g"))].map((match) => match[1]!);
const tokenIn = (text: string, path: string) => tokensIn(text, path)[0] ?? "";

/** A visit booked with a no-show behind it (a second strong factor), so its tier is high. */
async function highRiskVisit() {
  const physician = await createTestPhysician(db, { name: "Dr. Amara Okafor" });
  const patient = await createTestPatient(db, { givenName: "Lena" });
  const scheduler = await createTestStaff(db, "SCHEDULER");
  const visitType = await createTestVisitType(db, { durationMinutes: 30 });
  await db.appointment.create({
    data: {
      patientId: patient.patientId,
      physicianId: physician.physicianId,
      visitTypeId: visitType.id,
      bookedById: scheduler.actor.kind === "user" ? scheduler.actor.userId : "",
      startsAt: new Date("2031-02-03T14:00:00Z"),
      endsAt: new Date("2031-02-03T14:30:00Z"),
      status: "NO_SHOW",
      reason: "Missed",
    },
  });
  const { appointment } = await bookAppointment(
    db,
    scheduler,
    { patientId: patient.patientId, physicianId: physician.physicianId, visitTypeId: visitType.id, startsAt, reason: "Migraine" },
    { now: bookedAt },
  );
  await runJobs(dayBefore);
  const [mail] = await mailTo(patient.email!);
  return { physician, patient, appointment, mail, visitType };
}

describe("the confirm-or-cancel mail of a high-risk visit", () => {
  it("goes out the day before with a confirm and a cancel link; confirming records it once", async () => {
    const { appointment, mail } = await highRiskVisit();
    expect(mail?.subject).toContain("Please confirm your visit with Dr. Amara Okafor");
    const confirm = tokenIn(mail!.text, "appointment-reply");
    expect(await replyToAppointment(db, client, { token: confirm }, { now: dayBefore })).toBe("confirmed");
    expect((await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).confirmedAt).toEqual(dayBefore);
    const week = await schedulerWeek(db, await createTestStaff(db, "SCHEDULER"), { from: dayBefore, to: new Date("2031-03-04T00:00:00Z") });
    expect(week.find((shown) => shown.id === appointment.id)).toMatchObject({ confirmedByPatient: true, noShowRisk: { tier: "high" } });
    await expect(replyToAppointment(db, client, { token: confirm }, { now: dayBefore })).rejects.toMatchObject({ code: "LINK_USED", status: 410 });
  });

  it("is not sent for a visit whose risk is not high", async () => {
    const patient = await createTestPatient(db);
    const physician = await createTestPhysician(db);
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const visitType = await createTestVisitType(db);
    await bookAppointment(db, scheduler, { patientId: patient.patientId, physicianId: physician.physicianId, visitTypeId: visitType.id, startsAt, reason: "Cough" }, { now: bookedAt });
    await runJobs(dayBefore);
    expect(await mailTo(patient.email!)).toEqual([]);
  });

  it("refuses a tampered or expired link and changes nothing", async () => {
    const { appointment, mail } = await highRiskVisit();
    const [, cancelToken = ""] = tokensIn(mail!.text, "appointment-reply");
    const tampered = `${cancelToken.slice(0, -2)}xx`;
    await expect(replyToAppointment(db, client, { token: tampered }, { now: dayBefore })).rejects.toMatchObject({ code: "LINK_INVALID", status: 400 });
    await expect(replyToAppointment(db, client, { token: cancelToken }, { now: startsAt })).rejects.toMatchObject({ code: "LINK_EXPIRED" });
    const unchanged = await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } });
    expect(unchanged).toMatchObject({ status: "BOOKED", confirmedAt: null, sequence: appointment.sequence });
  });

  it("cancels through the clinic's cancellation and offers the time to the waitlist; of two racing claims one books", async () => {
    const { physician, appointment, mail } = await highRiskVisit();
    const first = await createTestPatient(db, { givenName: "Ada" });
    const second = await createTestPatient(db, { givenName: "Bo" });
    await joinWaitlist(db, first.context, { physicianId: physician.physicianId });
    await joinWaitlist(db, second.context, { physicianId: physician.physicianId });
    const [, cancel = ""] = tokensIn(mail!.text, "appointment-reply");
    expect(await replyToAppointment(db, client, { token: cancel }, { now: dayBefore })).toBe("cancelled");
    expect(await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).toMatchObject({ status: "CANCELLED" });
    const audit = await db.auditEvent.findFirst({ where: { resourceId: appointment.id, actorId: `reply-link:${appointment.id}` } });
    expect(audit?.outcome).toBe("ALLOWED");

    await runJobs(dayBefore);
    const [offerA] = await mailTo(first.email!);
    const [offerB] = await mailTo(second.email!);
    expect(offerA?.subject).toContain("A time with Dr. Amara Okafor is free");
    const claims = await Promise.allSettled([
      claimWaitlistOffer(db, first.context, { token: tokenIn(offerA!.text, "waitlist-offer") }, { now: dayBefore }),
      claimWaitlistOffer(db, second.context, { token: tokenIn(offerB!.text, "waitlist-offer") }, { now: dayBefore }),
    ]);
    expect(claims.filter((claim) => claim.status === "fulfilled")).toHaveLength(1);
    expect(claims.find((claim) => claim.status === "rejected")).toMatchObject({ reason: { code: "SLOT_TAKEN" } });
    const booked = await db.appointment.findMany({ where: { physicianId: physician.physicianId, startsAt, status: "BOOKED" } });
    expect(booked).toHaveLength(1);
    expect(await db.waitlistEntry.count({ where: { physicianId: physician.physicianId, active: false, claimedAppointmentId: booked[0]!.id } })).toBe(1);
  });

  it("refuses another patient's claim of an offer, booking nothing", async () => {
    const { physician, patient } = await highRiskVisit();
    const waiting = await createTestPatient(db);
    const { entryId } = await joinWaitlist(db, waiting.context, { physicianId: physician.physicianId });
    const cancelled = await db.appointment.create({
      data: {
        patientId: patient.patientId,
        physicianId: physician.physicianId,
        visitTypeId: (await createTestVisitType(db)).id,
        bookedById: (await db.user.findFirstOrThrow({ where: { role: "SCHEDULER" } })).id,
        startsAt: new Date("2031-03-04T14:00:00Z"),
        endsAt: new Date("2031-03-04T14:30:00Z"),
        status: "CANCELLED",
        reason: "x",
      },
    });
    const token = tokenIn(waitlistOfferUrl(entryId, cancelled.id), "waitlist-offer");
    await expect(claimWaitlistOffer(db, patient.context, { token }, { now: dayBefore })).rejects.toMatchObject({ status: 403 });
    expect(await db.appointment.count({ where: { physicianId: physician.physicianId, startsAt: cancelled.startsAt, status: "BOOKED" } })).toBe(0);
  });
});
