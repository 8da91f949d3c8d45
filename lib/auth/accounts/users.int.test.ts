import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import type { Role } from "@/lib/db/generated/enums";
import { startMailCatcher, type MailCatcher } from "@/lib/mail/catcher";
import { readMailbox } from "@/lib/mail/mailbox";
import { AccessDeniedError, type RequestContext } from "../access";
import { acceptInvitation, describeInvitation, INVITATION_UNUSABLE } from "../links/invitations";
import { generateRecoveryCodes, replaceRecoveryCodes } from "../mfa/recovery-codes";
import { ReauthenticationRequiredError } from "../errors";
import { createSession, hashSessionToken, resolveSession } from "../sessions/sessions";
import { signInWithPassword } from "../sign-in/sign-in";
import { createUser, disableUser, enableUser, listUsers, resendInvitation, resetMfa } from "./users";

const db = createPrismaClient(process.env.DATABASE_URL!);
let mailDir: string;
let catcher: MailCatcher;

beforeAll(async () => {
  mailDir = await mkdtemp(path.join(tmpdir(), "users-mail-"));
  catcher = await startMailCatcher({ dir: mailDir });
  process.env.SMTP_URL = catcher.url;
  process.env.APP_URL = "https://clinic.example.test";
});

afterAll(async () => {
  await catcher.stop();
  await rm(mailDir, { recursive: true, force: true });
  await db.$disconnect();
});

const client = { ip: "203.0.113.9", userAgent: "vitest" };
const uniqueEmail = (label: string) => `${label}-${randomUUID()}@example.test`;
const STRONG_PASSWORD = "Lantern-Quartz-Harbor-42";

/** A user of `role`, signed in just now (so fresh enough for sensitive changes). */
async function contextFor(role: Role, options: { mfaSatisfied?: boolean } = {}): Promise<RequestContext> {
  const user = await db.user.create({ data: { email: uniqueEmail(role.toLowerCase()), name: `Test ${role}`, role } });
  const sessionToken = await createSession(db, user.id, client);
  return {
    sessionKey: hashSessionToken(sessionToken),
    actor: {
      kind: "user",
      userId: user.id,
      role,
      name: user.name,
      patientId: null,
      physicianId: null,
      mfaSatisfied: options.mfaSatisfied ?? true,
    },
    ...client,
  };
}

const userIdOf = (context: RequestContext) => (context.actor.kind === "user" ? context.actor.userId : "");

async function invitationTokenFor(email: string): Promise<string> {
  const mail = (await readMailbox(mailDir)).find((message) => message.to.includes(email));
  const token = mail?.text.match(/https:\/\/clinic\.example\.test\/invite\/([\w-]{43})/)?.[1];
  if (!token) throw new Error(`No invitation email for ${email}`);
  return token;
}

async function createScheduler(admin: RequestContext) {
  const email = uniqueEmail("scheduler");
  const result = await createUser(db, admin, { name: "Sam Scheduler", email, role: "SCHEDULER" });
  if (!result.ok) throw new Error(result.error);
  return result.user;
}

async function activeSchedulerWithSession(admin: RequestContext) {
  const user = await createScheduler(admin);
  await acceptInvitation(db, await invitationTokenFor(user.email), STRONG_PASSWORD);
  const sessionToken = await createSession(db, user.id, client);
  return { user, sessionToken };
}

const eventsFor = (resourceId: string) =>
  db.auditEvent.findMany({ where: { resourceId }, orderBy: { id: "asc" }, select: { action: true, actorId: true, outcome: true } });

describe("createUser", () => {
  it("adds a scheduler without a password, audits it, and emails a link whose token is stored only as a hash", async () => {
    const admin = await contextFor("ADMIN");
    const email = uniqueEmail("new-scheduler");
    const result = await createUser(db, admin, { name: "  Jo Example ", email: `  ${email.toUpperCase()} `, role: "SCHEDULER" });

    expect(result).toMatchObject({ ok: true, invitationSent: true, user: { name: "Jo Example", email } });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ role: "SCHEDULER", passwordHash: null, disabledAt: null });
    expect(await eventsFor(user.id)).toEqual([{ action: "user.create", actorId: userIdOf(admin), outcome: "ALLOWED" }]);

    const token = await invitationTokenFor(email);
    const stored = await db.verificationToken.findMany({ where: { identifier: email } });
    expect(stored.map((row) => row.token)).toEqual([createHash("sha256").update(token).digest("hex")]);
    expect(stored[0]!.expires.getTime() - Date.now()).toBeGreaterThan(71 * 3600_000);
    expect(await describeInvitation(db, token)).toEqual({ email, name: "Jo Example" });
  });

  it("creates the physician record with the chosen time zone, offering every visit type the clinic books", async () => {
    const admin = await contextFor("ADMIN");
    const booked = await db.visitType.create({ data: { code: `BOOKED-${randomUUID()}`, name: "Booked type", durationMinutes: 20 } });
    const retired = await db.visitType.create({ data: { code: `RETIRED-${randomUUID()}`, name: "Retired type", durationMinutes: 20, isActive: false } });
    const email = uniqueEmail("new-physician");
    const result = await createUser(db, admin, {
      name: "Dr. Rosa Diaz",
      email,
      role: "PHYSICIAN",
      specialty: "Cardiology",
      licenseNumber: "MD-4471",
      timeZone: "Europe/Madrid",
    });
    expect(result.ok).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { physician: true } });
    expect(user.physician).toMatchObject({ specialty: "Cardiology", licenseNumber: "MD-4471", timeZone: "Europe/Madrid" });
    const offered = await db.physicianVisitType.findMany({ where: { physicianId: user.physician!.id }, select: { visitTypeId: true } });
    const active = await db.visitType.findMany({ where: { isActive: true }, select: { id: true } });
    expect(offered.map((entry) => entry.visitTypeId).sort()).toEqual(active.map((type) => type.id).sort());
    expect(offered.map((entry) => entry.visitTypeId)).toContain(booked.id);
    expect(offered.map((entry) => entry.visitTypeId)).not.toContain(retired.id);
  });

  it.each([
    ["an invalid email", { name: "A Person", email: "not-an-email", role: "SCHEDULER" }, "email"],
    ["a name with a control character", { name: "Eve\u0000l", email: "x@example.test", role: "ADMIN" }, "name"],
    ["a name with a bidirectional override", { name: "Eve\u202Egnp.exe", email: "x@example.test", role: "ADMIN" }, "name"],
    ["an empty name", { name: "   ", email: "x@example.test", role: "ADMIN" }, "name"],
    ["a patient role", { name: "A Person", email: "x@example.test", role: "PATIENT" }, "role"],
    [
      "a physician without a specialty",
      { name: "Dr. A", email: "x@example.test", role: "PHYSICIAN", licenseNumber: "L", timeZone: "Europe/Madrid" },
      "specialty",
    ],
    [
      "a physician with an unknown time zone",
      { name: "Dr. A", email: "x@example.test", role: "PHYSICIAN", specialty: "GP", licenseNumber: "L", timeZone: "Mars/Olympus" },
      "timeZone",
    ],
  ])("refuses %s with a message for that field and changes nothing", async (_case, input, field) => {
    const admin = await contextFor("ADMIN");
    const email = uniqueEmail("refused");
    const result = await createUser(db, admin, { ...input, email: input.email === "x@example.test" ? email : input.email } as never);

    expect(result.ok).toBe(false);
    expect(result.ok === false && result.fieldErrors?.[field]).toEqual(expect.any(String));
    expect(await db.user.count({ where: { email: { in: [email, input.email] } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { actorId: userIdOf(admin), action: "user.create" } })).toBe(0);
  });

  it("refuses an email address that already has an account", async () => {
    const admin = await contextFor("ADMIN");
    const existing = await createScheduler(admin);
    const result = await createUser(db, admin, { name: "Someone Else", email: existing.email, role: "ADMIN" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { email: "An account with this email address already exists." } });
  });

  it("refuses schedulers (403), anonymous callers (401) and admins who have not finished MFA, auditing each attempt", async () => {
    const email = uniqueEmail("never-created");
    const input = { name: "Never Created", email, role: "ADMIN" } as const;
    const scheduler = await contextFor("SCHEDULER");
    const pendingAdmin = await contextFor("ADMIN", { mfaSatisfied: false });

    await expect(createUser(db, scheduler, input)).rejects.toMatchObject({ status: 403 });
    await expect(createUser(db, pendingAdmin, input)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(createUser(db, { actor: { kind: "anonymous" }, ...client }, input)).rejects.toMatchObject({ status: 401 });

    expect(await db.user.count({ where: { email } })).toBe(0);
    const denied = await db.auditEvent.findMany({
      where: { actorId: { in: [userIdOf(scheduler), userIdOf(pendingAdmin)] }, action: "users.manage" },
    });
    expect(denied.map((event) => event.outcome)).toEqual(["DENIED", "DENIED"]);
  });
});

describe("acceptInvitation", () => {
  it("sets the password once; the user can then sign in and the link stops working", async () => {
    const admin = await contextFor("ADMIN");
    const user = await createScheduler(admin);
    const token = await invitationTokenFor(user.email);

    expect(await acceptInvitation(db, token, STRONG_PASSWORD, new Date(), client)).toEqual({ ok: true, email: user.email });
    expect(await db.verificationToken.count({ where: { identifier: user.email } })).toBe(0);
    expect(await eventsFor(user.id)).toContainEqual({ action: "user.invite.accept", actorId: user.id, outcome: "ALLOWED" });
    await expect(signInWithPassword(db, { email: user.email, password: STRONG_PASSWORD }, client)).resolves.toMatchObject({
      ok: true,
      userId: user.id,
    });

    expect(await acceptInvitation(db, token, "Another-Strong-Passphrase-7")).toEqual({ ok: false, error: INVITATION_UNUSABLE });
  });

  it("refuses a weak password and keeps the invitation usable", async () => {
    const admin = await contextFor("ADMIN");
    const user = await createScheduler(admin);
    const token = await invitationTokenFor(user.email);

    const result = await acceptInvitation(db, token, "short");
    expect(result).toEqual({ ok: false, error: expect.stringContaining("at least 12 characters") });
    expect(await describeInvitation(db, token)).not.toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
  });

  it("refuses an expired link and a made-up one", async () => {
    const admin = await contextFor("ADMIN");
    const user = await createScheduler(admin);
    const token = await invitationTokenFor(user.email);
    const in73Hours = new Date(Date.now() + 73 * 3600_000);

    expect(await acceptInvitation(db, token, STRONG_PASSWORD, in73Hours)).toEqual({ ok: false, error: INVITATION_UNUSABLE });
    expect(await acceptInvitation(db, "A".repeat(43), STRONG_PASSWORD)).toEqual({ ok: false, error: INVITATION_UNUSABLE });
    expect(await acceptInvitation(db, "../../etc", STRONG_PASSWORD)).toEqual({ ok: false, error: INVITATION_UNUSABLE });
  });
});

describe("resendInvitation", () => {
  it("replaces the old link with a new one", async () => {
    const admin = await contextFor("ADMIN");
    const user = await createScheduler(admin);
    const oldToken = await invitationTokenFor(user.email);

    expect(await resendInvitation(db, admin, { userId: user.id })).toMatchObject({ ok: true });
    const newToken = await invitationTokenFor(user.email);
    expect(newToken).not.toBe(oldToken);
    expect(await describeInvitation(db, oldToken)).toBeNull();
    expect(await describeInvitation(db, newToken)).not.toBeNull();
    expect(await eventsFor(user.id)).toContainEqual({ action: "user.invite.resend", actorId: userIdOf(admin), outcome: "ALLOWED" });
  });

  it("refuses someone who has already set a password", async () => {
    const admin = await contextFor("ADMIN");
    const { user } = await activeSchedulerWithSession(admin);
    expect(await resendInvitation(db, admin, { userId: user.id })).toEqual({
      ok: false,
      error: "Sam Scheduler has already set a password.",
    });
  });
});

describe("disableUser and enableUser", () => {
  it("disabling ends the user's sessions at once; enabling does not bring them back", async () => {
    const admin = await contextFor("ADMIN");
    const { user, sessionToken } = await activeSchedulerWithSession(admin);
    expect(await resolveSession(db, sessionToken)).not.toBeNull();

    expect(await disableUser(db, admin, { userId: user.id })).toMatchObject({ ok: true, user: { id: user.id } });
    const disabled = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(disabled.disabledAt).not.toBeNull();
    expect(await db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(await resolveSession(db, sessionToken)).toBeNull();
    await expect(signInWithPassword(db, { email: user.email, password: STRONG_PASSWORD }, client)).resolves.toMatchObject({
      ok: false,
    });

    expect(await enableUser(db, admin, { userId: user.id })).toMatchObject({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).toBeNull();
    expect(await resolveSession(db, sessionToken)).toBeNull();
    expect((await eventsFor(user.id)).map((event) => event.action)).toEqual(
      expect.arrayContaining(["user.disable", "user.enable"]),
    );
  });

  it("does not let an administrator disable themselves", async () => {
    const admin = await contextFor("ADMIN");
    expect(await disableUser(db, admin, { userId: userIdOf(admin) })).toEqual({
      ok: false,
      error: "You cannot disable your own account. Ask another administrator.",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: userIdOf(admin) } })).disabledAt).toBeNull();
  });

  it("does not touch patient accounts or unknown IDs", async () => {
    const admin = await contextFor("ADMIN");
    const patient = await db.user.create({ data: { email: uniqueEmail("patient"), name: "Pat Patient", role: "PATIENT" } });
    for (const userId of [patient.id, "no-such-user"]) {
      expect(await disableUser(db, admin, { userId })).toEqual({ ok: false, error: "There is no staff account with this ID." });
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: patient.id } })).disabledAt).toBeNull();
  });
});

describe("resetMfa", () => {
  it("clears the authenticator and recovery codes and signs the user out", async () => {
    const admin = await contextFor("ADMIN");
    const { user, sessionToken } = await activeSchedulerWithSession(admin);
    await db.user.update({
      where: { id: user.id },
      data: { mfaSecret: "encrypted-secret", mfaEnabledAt: new Date(), mfaLastUsedStep: 123 },
    });
    await replaceRecoveryCodes(db, user.id, generateRecoveryCodes());

    expect(await resetMfa(db, admin, { userId: user.id })).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      mfaSecret: null,
      mfaEnabledAt: null,
      mfaLastUsedStep: null,
    });
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await resolveSession(db, sessionToken)).toBeNull();
    expect(await eventsFor(user.id)).toContainEqual({ action: "user.mfa.reset", actorId: userIdOf(admin), outcome: "ALLOWED" });
  });

  it("refuses, changing nothing, when the administrator has not confirmed it's them in the last 5 minutes", async () => {
    const admin = await contextFor("ADMIN");
    const { user, sessionToken } = await activeSchedulerWithSession(admin);
    await db.user.update({ where: { id: user.id }, data: { mfaSecret: "encrypted-secret", mfaEnabledAt: new Date() } });
    await db.session.update({
      where: { sessionToken: admin.sessionKey },
      data: { reauthenticatedAt: new Date(Date.now() - 5 * 60_000 - 1000) },
    });

    await expect(resetMfa(db, admin, { userId: user.id })).rejects.toBeInstanceOf(ReauthenticationRequiredError);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ mfaSecret: "encrypted-secret" });
    expect(await resolveSession(db, sessionToken)).not.toBeNull();
    expect(await db.auditEvent.findFirst({ where: { actorId: userIdOf(admin), action: "user.mfa.reset" }, select: { outcome: true, reason: true } })).toEqual({
      outcome: "DENIED",
      reason: "not confirmed within 5 minutes",
    });
  });
});

describe("listUsers", () => {
  it("lists staff with their status, marks the viewer, and leaves patients out", async () => {
    const admin = await contextFor("ADMIN");
    const invited = await createScheduler(admin);
    const { user: active } = await activeSchedulerWithSession(admin);
    const disabled = await createScheduler(admin);
    await disableUser(db, admin, { userId: disabled.id });
    const expired = await createScheduler(admin);
    await db.verificationToken.updateMany({ where: { identifier: expired.email }, data: { expires: new Date(0) } });
    const patient = await db.user.create({ data: { email: uniqueEmail("patient"), name: "Pat Patient", role: "PATIENT" } });

    const users = await listUsers(db, admin);
    const statusOf = (id: string) => users.find((user) => user.id === id)?.status;
    expect(statusOf(invited.id)).toBe("invited");
    expect(statusOf(active.id)).toBe("active");
    expect(statusOf(disabled.id)).toBe("disabled");
    expect(statusOf(expired.id)).toBe("invitation-expired");
    expect(users.find((user) => user.id === patient.id)).toBeUndefined();
    expect(users.filter((user) => user.isYou).map((user) => user.id)).toEqual([userIdOf(admin)]);
  });

  it("sorts by name either way, or by role with names A to Z within each role", async () => {
    const admin = await contextFor("ADMIN");
    const tag = randomUUID().slice(0, 8);
    const names = ["Ann", "Zed", "Max"].map((first) => `${first} Sort-${tag}`);
    await db.user.createMany({
      data: [
        { email: uniqueEmail("sort-ann"), name: names[0]!, role: "SCHEDULER" },
        { email: uniqueEmail("sort-zed"), name: names[1]!, role: "ADMIN" },
        { email: uniqueEmail("sort-max"), name: names[2]!, role: "SCHEDULER" },
      ],
    });
    const mine = async (order: { sort?: string; direction?: string }) =>
      (await listUsers(db, admin, order)).filter((user) => user.name.endsWith(`Sort-${tag}`)).map((user) => user.name.split(" ")[0]);
    expect(await mine({})).toEqual(["Ann", "Max", "Zed"]);
    expect(await mine({ sort: "name", direction: "desc" })).toEqual(["Zed", "Max", "Ann"]);
    expect(await mine({ sort: "role" })).toEqual(["Zed", "Ann", "Max"]);
    expect(await mine({ sort: "role", direction: "desc" })).toEqual(["Ann", "Max", "Zed"]);
    // What the address cannot mean is the default, never an error.
    expect(await mine({ sort: "password", direction: "up" })).toEqual(["Ann", "Max", "Zed"]);
  });
});
