import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { issueVisitGuest } from "@/lib/auth/links/visit-guests";
import { issueInvitation } from "@/lib/auth/links/invitations";
import { beginMfaEnrolment, confirmMfaEnrolment } from "@/lib/auth/mfa/mfa";
import { totpCode } from "@/lib/auth/mfa/totp";
import { createSession, hashSessionToken } from "@/lib/auth/sessions/sessions";
import { runDueJobs } from "@/lib/jobs/queue";
import { startMailCatcher, type MailCatcher } from "@/lib/mail/catcher";
import { readMailbox } from "@/lib/mail/mailbox";
import { appointmentMailHandlers } from "@/lib/notifications/appointment-mail";
import { bookAppointment } from "@/lib/scheduling/booking";
import { createTestPatient, createTestPhysician, createTestStaff, createTestVisitType } from "@/lib/scheduling/testing/clinic";
import { migrateDatabase } from "./migrate";
import { createPrismaClient, type Database } from "./prisma";
import { migrationsBefore } from "./testing/migrations";
import { createScratchDatabase, type ScratchDatabase } from "./testing/scratch-database";

// A copy of the database (a backup, a read replica, an SQL injection, a
// curious administrator) must not let anyone into a visit or an account. So
// every credential the app hands out is kept as a hash, sealed, or not kept at
// all; this looks for each one in every column of every table, as text.

let database: ScratchDatabase;
let db: Database;
let sql: pg.Client;
let mailDir: string;
let catcher: MailCatcher;

beforeAll(async () => {
  database = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
  db = createPrismaClient(database.url);
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  mailDir = await mkdtemp(path.join(tmpdir(), "bearer-secrets-"));
  catcher = await startMailCatcher({ dir: mailDir });
  process.env.SMTP_URL = catcher.url;
  process.env.APP_URL = "https://clinic.example.test";
});

afterAll(async () => {
  await catcher.stop();
  await rm(mailDir, { recursive: true, force: true });
  await sql.end();
  await db.$disconnect();
  await database.drop();
});

/** The tables, among all in the schema, whose rows contain `secret` anywhere in their text form. */
async function tablesHolding(client: pg.Client, secret: string): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  expect(tables.length).toBeGreaterThan(20);
  const holding: string[] = [];
  for (const { name } of tables) {
    const { rows } = await client.query<{ found: boolean }>(`SELECT EXISTS (SELECT FROM "${name}" t WHERE strpos(t::text, $1) > 0) AS found`, [secret]);
    if (rows[0]?.found) holding.push(name);
  }
  return holding;
}

const bookedAt = new Date("2031-03-01T12:00:00Z");

describe("no table holds a usable credential", () => {
  it("after a booking's invitation and reminders went out, nor while reminders wait: not the patient's visit link", async () => {
    const physician = await createTestPhysician(db);
    const patient = await createTestPatient(db);
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const visitType = await createTestVisitType(db, { durationMinutes: 30 });
    const booking = await bookAppointment(
      db,
      scheduler,
      { patientId: patient.patientId, physicianId: physician.physicianId, visitTypeId: visitType.id, startsAt: "2031-03-03T14:00:00Z", reason: "Migraine" },
      { now: bookedAt },
    );
    const signature = booking.visitUrl!.split("/visit/")[1]!.split(".")[1]!;

    expect(await tablesHolding(sql, signature)).toEqual([]);
    await runDueJobs(db, appointmentMailHandlers, { workerId: "test-worker", now: bookedAt });
    const mail = (await readMailbox(mailDir)).find((message) => message.to.includes(patient.email!));
    expect(mail?.text).toContain(booking.visitUrl!);
    expect(await tablesHolding(sql, signature)).toEqual([]);

    for (const now of [new Date("2031-03-02T14:00:00Z"), new Date("2031-03-03T13:45:00Z")]) {
      await runDueJobs(db, appointmentMailHandlers, { workerId: "test-worker", now });
    }
    const mails = (await readMailbox(mailDir)).filter((message) => message.to.includes(patient.email!));
    expect(mails).toHaveLength(3);
    expect(mails.every((message) => message.text.includes(booking.visitUrl!))).toBe(true);
    expect(await tablesHolding(sql, signature)).toEqual([]);
  });

  it("nor a guest's link, a staff invitation, a session, a TOTP secret or a recovery code", async () => {
    const physician = await createTestPhysician(db);
    const patient = await createTestPatient(db);
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const visitType = await createTestVisitType(db, { durationMinutes: 30 });
    const { appointment } = await bookAppointment(
      db,
      scheduler,
      { patientId: patient.patientId, physicianId: physician.physicianId, visitTypeId: visitType.id, startsAt: "2031-03-04T14:00:00Z", reason: "Check-up" },
      { now: bookedAt },
    );
    const guest = await issueVisitGuest(db, { appointmentId: appointment.id, displayName: "Sam", relationship: "Interpreter", createdById: physician.userId });

    const invitee = await db.user.create({ data: { email: "new.colleague@example.test", name: "New Colleague", role: "SCHEDULER" } });
    await issueInvitation(db, invitee);
    const invitationMail = (await readMailbox(mailDir)).find((message) => message.to.includes(invitee.email));
    const invitationToken = /\/invite\/([\w-]+)/.exec(invitationMail?.text ?? "")?.[1];
    expect(invitationToken).toBeTruthy();

    const client = { ip: "203.0.113.7", userAgent: "vitest" };
    const sessionToken = await createSession(db, physician.userId, client);
    const own = { userId: physician.userId, client, sessionKey: hashSessionToken(sessionToken) };
    const enrolment = await beginMfaEnrolment(db, own);
    if (!enrolment.ok) throw new Error(`MFA enrolment did not start: ${enrolment.problem}`);
    const now = new Date();
    const confirmed = await confirmMfaEnrolment(db, own, totpCode(enrolment.secret, now.getTime()), now);
    if (!confirmed.ok) throw new Error(`MFA enrolment was not confirmed: ${confirmed.problem}`);

    const secrets = {
      guestLink: guest.token,
      invitation: invitationToken!,
      session: sessionToken,
      totpSecret: enrolment.secret,
      ...Object.fromEntries(confirmed.recoveryCodes.map((code, i) => [`recoveryCode${i}`, code])),
    };
    const found: Record<string, string[]> = {};
    for (const [name, secret] of Object.entries(secrets)) found[name] = await tablesHolding(sql, secret);
    expect(found).toEqual(Object.fromEntries(Object.keys(secrets).map((name) => [name, []])));
  });
});

describe("the migration that took visit links out of the job queue", () => {
  it("keeps only the link's id in the jobs of an existing deployment, finished or waiting, in a form the mail handlers take", async () => {
    const deployment = await createScratchDatabase(inject("postgresServerUrl"));
    const earlier = await migrationsBefore("20261203090000_database_roles_and_audit_chain");
    const owner = new pg.Client({ connectionString: deployment.migrationUrl });
    try {
      await migrateDatabase(deployment.migrationUrl, { migrationsDir: earlier.dir });
      await owner.connect();
      const token = "cmvisitlink0000000000001.c2lnbmF0dXJlLW9mLXRoZS1saW5r";
      const payload = (sequence: number) => JSON.stringify({ appointmentId: "cmappointment", sequence, visitUrl: `https://clinic.example.test/visit/${token}` });
      await owner.query(
        `INSERT INTO "Job" ("id", "kind", "payload", "runAt", "completedAt") VALUES
           ('job-done', 'appointment.invitation', $1, now(), now()),
           ('job-waiting', 'appointment.reminder', $2, now() + interval '1 day', NULL),
           ('job-cancel', 'appointment.cancellation', '{"appointmentId": "cmappointment", "sequence": 1}', now(), NULL)`,
        [payload(0), JSON.stringify({ ...JSON.parse(payload(0)), minutesBefore: 15 })],
      );

      await migrateDatabase(deployment.migrationUrl);

      const { rows } = await owner.query<{ id: string; payload: unknown }>(`SELECT "id", "payload" FROM "Job" ORDER BY "id"`);
      expect(rows).toEqual([
        { id: "job-cancel", payload: { appointmentId: "cmappointment", sequence: 1 } },
        { id: "job-done", payload: { appointmentId: "cmappointment", sequence: 0, visitLinkId: "cmvisitlink0000000000001" } },
        { id: "job-waiting", payload: { appointmentId: "cmappointment", sequence: 0, visitLinkId: "cmvisitlink0000000000001", minutesBefore: 15 } },
      ]);
      expect(await tablesHolding(owner, token.split(".")[1]!)).toEqual([]);

      // The mail handlers take the rewritten payloads (a payload they could not read would be retried, then fail).
      const app = createPrismaClient(deployment.url);
      const summary = await runDueJobs(app, appointmentMailHandlers, { workerId: "test-worker", now: new Date(Date.now() + 2 * 86_400_000) });
      await app.$disconnect();
      expect(summary).toEqual({ completed: 2, retried: 0, failed: 0 });
    } finally {
      await owner.end().catch(() => {});
      await earlier.remove();
      await deployment.drop();
    }
  });
});
