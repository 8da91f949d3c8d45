import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { readMailbox } from "../lib/mail/mailbox";
import { CONFIRM_OR_CANCEL_KIND } from "../lib/notifications/confirm-or-cancel-mail";
import { bookAppointment } from "../lib/scheduling/booking";
import { findBookableVisitType, findNextFreeSlots } from "../lib/scheduling/slot-search";
import { expectNoAxeViolations } from "./support/axe";
import { connectToE2eDatabase, readE2eServerState } from "./support/server-state";
import { signedInPage } from "./support/video-call";

// A visit whose no-show risk is high (a no-show behind it, booked five weeks
// ahead) gets the day-before confirm-or-cancel mail; its patient cancels from
// the link, and the freed time is offered to Alex, who joined the physician's
// waitlist in the portal, and books it from the offer. The reminder worker of
// the e2e server sends the mail: the test only makes the day-before job due.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";
const DAY_MS = 86_400_000;

let db: Database;
let mailDir: string;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
  mailDir = (await readE2eServerState()).mailDir;
});
test.afterAll(() => db.$disconnect());

/** The paths of the links in the mail to `email` whose subject starts so, once the worker has sent it. */
async function linksInMail(email: string, subject: string, linkPath: string): Promise<string[]> {
  let found: string[] = [];
  await expect
    .poll(
      async () => {
        const mail = (await readMailbox(mailDir)).find((message) => message.to.includes(email) && message.subject.startsWith(subject));
        found = [...(mail?.text ?? "").matchAll(new RegExp(`/${linkPath}/[^\\s]+`, "g"))].map((match) => match[0]);
        return found.length;
      },
      { message: `"${subject}" to ${email}`, timeout: 20_000 },
    )
    .toBeGreaterThan(0);
  return found;
}

test("a high-risk visit's patient cancels from the confirm-or-cancel mail, and a waitlisted patient books the freed time from the offer", async ({ browser }) => {
  const [physician, visitTypeRow, scheduler, patient] = await Promise.all([
    db.physician.findFirstOrThrow({ where: { user: { email: PHYSICIAN_EMAIL } }, select: { id: true } }),
    db.visitType.findFirstOrThrow({ where: { isActive: true, durationMinutes: 30 }, select: { id: true } }),
    db.user.findFirstOrThrow({ where: { role: "SCHEDULER", email: "scheduler@demo.clinic" }, select: { id: true, name: true } }),
    db.patient.findFirstOrThrow({ where: { userId: null, email: { not: null } }, select: { id: true, email: true, givenName: true } }),
  ]);
  const visitType = await findBookableVisitType(db, visitTypeRow.id);
  const now = new Date();
  const [slot] = await findNextFreeSlots(db, { physicianId: physician.id, visitType, after: new Date(now.getTime() + 2 * DAY_MS), now, count: 1 });
  const schedulerContext = {
    actor: { kind: "user" as const, userId: scheduler.id, role: "SCHEDULER" as const, name: scheduler.name, patientId: null, physicianId: null, mfaSatisfied: true },
    ip: null,
    userAgent: "e2e",
  };
  const { appointment } = await bookAppointment(db, schedulerContext, {
    patientId: patient.id,
    physicianId: physician.id,
    visitTypeId: visitType.id,
    startsAt: slot!.start,
    reason: "Follow-up: confirm or cancel",
  });
  await db.appointment.update({ where: { id: appointment.id }, data: { createdAt: new Date(slot!.start.getTime() - 35 * DAY_MS) } });
  const missedAt = new Date(slot!.start.getTime() - 30 * DAY_MS);
  await db.appointment.create({
    data: {
      patientId: patient.id,
      physicianId: physician.id,
      visitTypeId: visitType.id,
      bookedById: scheduler.id,
      startsAt: missedAt,
      endsAt: new Date(missedAt.getTime() + 30 * 60_000),
      status: "NO_SHOW",
      reason: "Follow-up: missed",
    },
  });

  // Alex joins the physician's waitlist from the portal.
  const alex = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  const waitlist = alex.page.getByRole("region", { name: "Waitlist" });
  await waitlist.getByLabel("Physician").selectOption({ label: "Maya Lee" });
  await waitlist.getByRole("button", { name: "Join the waitlist" }).click();
  await expect(waitlist).toContainText("You are on the waitlist of Maya Lee.");

  // The day before: the job is due, and the worker sends the mail.
  await db.job.updateMany({ where: { kind: CONFIRM_OR_CANCEL_KIND, payload: { path: ["appointmentId"], equals: appointment.id } }, data: { runAt: new Date() } });
  // Confirm first, cancel second.
  const [, cancelLink] = await linksInMail(patient.email!, "Please confirm your visit with Maya Lee", "appointment-reply");

  const holder = await browser.newContext();
  const replyPage = await holder.newPage();
  await replyPage.goto(cancelLink!);
  await expect(replyPage.getByRole("heading", { level: 1 })).toContainText("Your visit with Maya Lee on");
  await expectNoAxeViolations(replyPage);
  await replyPage.getByRole("button", { name: "Cancel my visit" }).click();
  await expect(replyPage.getByRole("status")).toHaveText("Your visit is cancelled. We have emailed you to say so.");
  await holder.close();

  const [offerLink] = await linksInMail(DEMO_PATIENT_EMAIL, "A time with Maya Lee is free", "waitlist-offer");
  await alex.page.goto(offerLink!);
  await alex.page.getByRole("button", { name: "Book this time" }).click();
  await expect(alex.page).toHaveURL("/patient");
  const booked = await db.appointment.findFirstOrThrow({
    where: { physicianId: physician.id, startsAt: slot!.start, status: "BOOKED" },
    select: { id: true, patient: { select: { user: { select: { email: true } } } } },
  });
  expect(booked.patient.user?.email).toBe(DEMO_PATIENT_EMAIL);
  await expect(alex.page.getByRole("region", { name: "Waitlist" })).not.toContainText("You are on the waitlist of Maya Lee.");
  // Leave Alex's calendar as it was for the other specs.
  await db.appointment.update({ where: { id: booked.id }, data: { status: "CANCELLED", cancelledAt: new Date() } });
  await alex.context.close();
});
