import { randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AccessDeniedError, ResourceNotFoundError, type RequestContext } from "@/lib/auth/access";
import { createUser, disableUser, enableUser } from "@/lib/auth/accounts/users";
import { createChartFixture, grantBreakGlass } from "@/lib/chart/testing/chart-fixtures";
import type { Role } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { runDueJobs } from "@/lib/jobs/queue";
import { mailTestSetup } from "@/lib/mail/testing/mail-test-setup";
import { readMailbox, type CapturedMail } from "@/lib/mail/mailbox";
import { accessReviewMailHandlers, breakGlassNotice } from "@/lib/notifications/access-review-mail";
import { acknowledgeReview, listAccessReviews, ReviewAlreadyAcknowledgedError } from "./access-reviews";

// A database of its own, so the only due jobs are the ones these tests queue,
// and a real SMTP catcher for the mail they send.
const mailTest = mailTestSetup("access-review-mail");
let db: Database;
let mailDir: string;
beforeAll(() => {
  ({ db, mailDir } = mailTest);
});

beforeEach(() => {
  delete process.env.PRIVACY_OFFICER_EMAIL;
});

const client = { ip: "203.0.113.40", userAgent: "vitest" };
const runJobs = () => runDueJobs(db, accessReviewMailHandlers, { workerId: "test-worker" });

/** An administrator who has set a password (so they get the clinic's mail). */
async function administrator(name: string): Promise<RequestContext & { email: string; userId: string }> {
  const email = `${name.toLowerCase().replaceAll(" ", ".")}-${randomUUID().slice(0, 8)}@example.test`;
  const user = await db.user.create({ data: { email, name, role: "ADMIN", passwordHash: "set" } });
  return {
    actor: { kind: "user", userId: user.id, role: "ADMIN" as Role, name, patientId: null, physicianId: null, mfaSatisfied: true },
    ...client,
    email,
    userId: user.id,
  };
}

async function mailTo(email: string): Promise<CapturedMail[]> {
  return (await readMailbox(mailDir)).filter((mail) => mail.to.includes(email));
}

const physicianDetails = { role: "PHYSICIAN", specialty: "Emergency medicine", licenseNumber: "EM-1", timeZone: "Europe/Berlin" } as const;

describe("the access review queue", () => {
  it("holds each physician account an administrator creates or re-enables, announced to the other administrators only", async () => {
    const creator = await administrator("Ada Admin");
    const colleague = await administrator("Bea Admin");
    const physicianEmail = `new.doctor-${randomUUID().slice(0, 8)}@example.test`;
    const created = await createUser(db, creator, { name: "Dr. New Doctor", email: physicianEmail, ...physicianDetails });
    if (!created.ok) throw new Error(created.error);
    const scheduler = await createUser(db, creator, { name: "Desk Person", email: `desk-${randomUUID()}@example.test`, role: "SCHEDULER" });
    await disableUser(db, creator, { userId: created.user.id });
    await enableUser(db, colleague, { userId: created.user.id });

    const reviews = await db.accessReview.findMany({ where: { subjectUserId: created.user.id }, orderBy: { occurredAt: "asc" } });
    expect(reviews.map((review) => [review.kind, review.actorId])).toEqual([
      ["CLINICAL_ACCOUNT_CREATED", creator.userId],
      ["CLINICAL_ACCOUNT_ENABLED", colleague.userId],
    ]);
    // The scheduler's account reads no chart, so it is not queued.
    expect(await db.accessReview.count({ where: { subjectUserId: scheduler.ok ? scheduler.user.id : "" } })).toBe(0);

    await runJobs();
    const [toColleague] = await mailTo(colleague.email);
    expect(toColleague).toMatchObject({ subject: "New clinical account: Dr. New Doctor" });
    expect(toColleague!.text).toContain(`Ada Admin (${creator.email}) created the physician account of Dr. New Doctor (${physicianEmail})`);
    expect(toColleague!.text).toContain("https://clinic.example.test/admin/reviews");
    const toCreator = await mailTo(creator.email);
    expect(toCreator.map((mail) => mail.subject)).toEqual([`Clinical account re-enabled: Dr. New Doctor`]);
  });

  it("is read by administrators only, showing who, when, why and which patient record, audited", async () => {
    const admin = await administrator("Cai Admin");
    const fixture = await createChartFixture(db);
    const grant = await grantBreakGlass(db, fixture.otherPhysician.userId, fixture.patient.patientId);
    await db.accessReview.create({
      data: { kind: "BREAK_GLASS", actorId: fixture.otherPhysician.userId, subjectUserId: fixture.otherPhysician.userId, breakGlassGrantId: grant.id },
    });

    const queue = await listAccessReviews(db, admin);
    expect(queue.pending.find((item) => item.breakGlass?.patientId === fixture.patient.patientId)).toMatchObject({
      kind: "BREAK_GLASS",
      actor: { id: fixture.otherPhysician.userId, name: fixture.otherPhysician.name, role: "PHYSICIAN" },
      breakGlass: { reason: "Medical emergency", reasonText: "Test grant: patient collapsed in clinic", expiresAt: grant.expiresAt },
      acknowledged: null,
    });
    for (const outsider of [fixture.otherPhysician.context, fixture.scheduler, fixture.patient.context]) {
      await expect(listAccessReviews(db, outsider)).rejects.toBeInstanceOf(AccessDeniedError);
    }
    const reads = await db.auditEvent.findMany({ where: { action: "access.review.read" }, select: { actorId: true, outcome: true }, orderBy: { id: "asc" } });
    expect(reads.slice(-4).map((event) => event.outcome)).toEqual(["ALLOWED", "DENIED", "DENIED", "DENIED"]);
  });

  it("is acknowledged once, with a comment, by another administrator than the one whose change it is, audited under the patient", async () => {
    const creator = await administrator("Dee Admin");
    const reviewer = await administrator("Eve Admin");
    const created = await createUser(db, creator, { name: "Dr. Second", email: `second-${randomUUID()}@example.test`, ...physicianDetails });
    if (!created.ok) throw new Error(created.error);
    const accountReview = await db.accessReview.findFirstOrThrow({ where: { subjectUserId: created.user.id } });

    await expect(acknowledgeReview(db, creator, { reviewId: accountReview.id, comment: "Looks fine to me" })).rejects.toMatchObject({
      status: 403,
      message: "You made this change, so another administrator reviews it.",
    });
    await expect(acknowledgeReview(db, reviewer, { reviewId: accountReview.id, comment: " " })).rejects.toBeInstanceOf(ZodError);
    await expect(acknowledgeReview(db, reviewer, { reviewId: "no-such-review", comment: "Checked" })).rejects.toBeInstanceOf(ResourceNotFoundError);
    await acknowledgeReview(db, reviewer, { reviewId: accountReview.id, comment: "Confirmed with the medical director: new locum." });
    await expect(acknowledgeReview(db, reviewer, { reviewId: accountReview.id, comment: "Again" })).rejects.toBeInstanceOf(ReviewAlreadyAcknowledgedError);
    expect(await db.accessReview.findUniqueOrThrow({ where: { id: accountReview.id } })).toMatchObject({
      acknowledgedById: reviewer.userId,
      acknowledgement: "Confirmed with the medical director: new locum.",
    });

    const fixture = await createChartFixture(db);
    const grant = await grantBreakGlass(db, fixture.otherPhysician.userId, fixture.patient.patientId);
    const review = await db.accessReview.create({
      data: { kind: "BREAK_GLASS", actorId: fixture.otherPhysician.userId, subjectUserId: fixture.otherPhysician.userId, breakGlassGrantId: grant.id },
    });
    await expect(acknowledgeReview(db, fixture.otherPhysician.context, { reviewId: review.id, comment: "Mine is fine" })).rejects.toBeInstanceOf(
      AccessDeniedError,
    );
    await acknowledgeReview(db, reviewer, { reviewId: review.id, comment: "Called Dr. on duty: real emergency." });
    const events = await db.auditEvent.findMany({ where: { action: "access.review.acknowledge", resourceId: review.id }, orderBy: { id: "asc" } });
    expect(events.map((event) => [event.actorId, event.outcome, event.patientId, event.reason])).toEqual([
      [fixture.otherPhysician.userId, "DENIED", fixture.patient.patientId, "This is for administrators."],
      [reviewer.userId, "ALLOWED", fixture.patient.patientId, "Acknowledged: Called Dr. on duty: real emergency."],
    ]);
    const queue = await listAccessReviews(db, reviewer);
    expect(queue.acknowledged[0]).toMatchObject({ id: review.id, acknowledged: { by: { id: reviewer.userId }, comment: "Called Dr. on duty: real emergency." } });
    expect(queue.pending.map((item) => item.id)).not.toContain(review.id);
  });

  it("keeps its entries: never deleted, and an acknowledgement never rewritten", async () => {
    const creator = await administrator("Fay Admin");
    const reviewer = await administrator("Gus Admin");
    const created = await createUser(db, creator, { name: "Dr. Third", email: `third-${randomUUID()}@example.test`, ...physicianDetails });
    if (!created.ok) throw new Error(created.error);
    const review = await db.accessReview.findFirstOrThrow({ where: { subjectUserId: created.user.id } });
    await expect(db.accessReview.delete({ where: { id: review.id } })).rejects.toThrow(/acknowledged, once/);
    await acknowledgeReview(db, reviewer, { reviewId: review.id, comment: "Checked" });
    await expect(db.accessReview.update({ where: { id: review.id }, data: { acknowledgement: "Rewritten" } })).rejects.toThrow(/acknowledged, once/);
  });
});

describe("the privacy officer's mail", () => {
  async function breakGlassUse() {
    const fixture = await createChartFixture(db);
    const grant = await grantBreakGlass(db, fixture.otherPhysician.userId, fixture.patient.patientId);
    await db.job.create({ data: breakGlassNotice(grant.id, new Date()) });
    return { ...fixture, grant };
  }

  it("tells PRIVACY_OFFICER_EMAIL of every break-glass use: who, which patient record, the reason's category, never their words", async () => {
    process.env.PRIVACY_OFFICER_EMAIL = `privacy-${randomUUID().slice(0, 8)}@example.test`;
    const { otherPhysician, patient, grant } = await breakGlassUse();
    await runJobs();
    const [mail, ...more] = await mailTo(process.env.PRIVACY_OFFICER_EMAIL);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`Break-glass access by ${otherPhysician.name}`);
    expect(mail!.text).toContain(`Patient record: ${patient.patientId}`);
    expect(mail!.text).toContain("Reason: Medical emergency");
    expect(mail!.text).toContain(`until ${grant.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    expect(mail!.text).not.toContain("collapsed in clinic");
  });

  it("goes to the administrators who can sign in when no privacy officer is set", async () => {
    const admin = await administrator("Hal Admin");
    const disabled = await administrator("Ivy Admin");
    await db.user.update({ where: { id: disabled.userId }, data: { disabledAt: new Date() } });
    const { otherPhysician } = await breakGlassUse();
    await runJobs();
    expect((await mailTo(admin.email)).map((mail) => mail.subject)).toContain(`Break-glass access by ${otherPhysician.name}`);
    expect(await mailTo(disabled.email)).toEqual([]);
  });
});
