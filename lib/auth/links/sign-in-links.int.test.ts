import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/prisma";
import { runDueJobs } from "@/lib/jobs/queue";
import { mailTestSetup } from "@/lib/mail/testing/mail-test-setup";
import { readMailbox } from "@/lib/mail/mailbox";
import { resolveSession } from "../sessions/sessions";
import { hashPassword } from "../sign-in/password";
import {
  requestSignInLink as requestSignInLinkParsed,
  signInLinkMailHandlers,
  signInLinkRequestInput,
  signInWithLink,
  SIGN_IN_LINK_TTL_MS,
  type SignInLinkRequest,
} from "./sign-in-links";

/** As the form's action does: the input through the operation's schema first. */
const requestSignInLink = (on: Database, input: SignInLinkRequest, from: ReturnType<typeof client>, now: Date) =>
  requestSignInLinkParsed(on, signInLinkRequestInput.parse(input), from, now);

// A database of its own, so the only due jobs are the ones these tests queue.
const mailTest = mailTestSetup("sign-in-links");
let db: Database;
let mailDir: string;
beforeAll(() => {
  ({ db, mailDir } = mailTest);
});

const MINUTE = 60_000;
const requestedAt = new Date("2030-10-06T15:00:00.000Z");
const after = (ms: number) => new Date(requestedAt.getTime() + ms);
const uniqueIp = () => `192.0.2.${randomUUID()}`;
const client = (ip: string | null = uniqueIp()) => ({ ip, userAgent: "sign-in-links.int.test" });
const LINK = /https:\/\/clinic\.example\.test\/sign-in\/link\/([\w-]{43})/;

async function createUser(role: "PATIENT" | "SCHEDULER", extra: { mfaEnabledAt?: Date; disabledAt?: Date } = {}) {
  return db.user.create({
    data: {
      email: `link-${randomUUID()}@example.test`,
      name: "Alex Example",
      role,
      passwordHash: await hashPassword("Meadow-Copper-Violin-31"),
      ...extra,
    },
  });
}

/** Sends the queued mail, as the worker does, and returns the tokens of the links mailed to `email`, newest first. */
async function mailedTokens(email: string, now = requestedAt): Promise<string[]> {
  await runDueJobs(db, signInLinkMailHandlers, { workerId: "sign-in-links.int.test", now, limit: 100 });
  const mails = (await readMailbox(mailDir)).filter((mail) => mail.to.includes(email));
  return mails.map((mail) => LINK.exec(mail.text)?.[1]).filter((token): token is string => token !== undefined);
}

async function requestAndReceive(email: string) {
  await requestSignInLink(db, { email }, client(), requestedAt);
  const [token] = await mailedTokens(email);
  if (!token) throw new Error(`No sign-in link mailed to ${email}`);
  return token;
}

describe("requestSignInLink", () => {
  it("mails a patient a link through the job queue, keeping only the token's hash", async () => {
    const patient = await createUser("PATIENT");
    await requestSignInLink(db, { email: patient.email.toUpperCase() }, client(), requestedAt);

    const job = await db.job.findFirstOrThrow({ where: { kind: "auth.sign_in_link" }, orderBy: { createdAt: "desc" } });
    // The worker sends it a moment after the request.
    const [token] = await mailedTokens(patient.email, after(1000));
    expect(token).toBeDefined();
    expect(JSON.stringify(job.payload)).not.toContain(token);
    const link = await db.signInLink.findFirstOrThrow({ where: { userId: patient.id } });
    expect(link.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(link.tokenHash).not.toContain(token);
    expect(link.expiresAt).toEqual(after(15 * MINUTE));
    const [mail] = (await readMailbox(mailDir)).filter((message) => message.to.includes(patient.email));
    expect(mail!.text).toContain("within the next 15 minutes");
  });

  it("writes to a patient whose record prefers Spanish in Spanish", async () => {
    const user = await createUser("PATIENT");
    await db.patient.create({
      data: { mrn: `T-${randomUUID()}`, givenName: "Lucía", familyName: "Example", dateOfBirth: new Date("1985-06-15T00:00:00Z"), sex: "FEMALE", timeZone: "America/Chicago", preferredLanguage: "es", userId: user.id },
    });
    await requestAndReceive(user.email);
    const [mail] = (await readMailbox(mailDir)).filter((message) => message.to.includes(user.email));
    expect(mail!.subject).toBe("Su enlace para iniciar sesión en Telemedicine Clinic");
    expect(mail!.text).toContain("Hola, Alex Example:");
    expect(mail!.text).toContain("dentro de los próximos 15 minutos:");
    expect(mail!.text).toMatch(LINK);
  });

  it("mails nothing to staff, to patients with two-step verification, to disabled accounts or to unknown addresses", async () => {
    const accounts = [
      await createUser("SCHEDULER"),
      await createUser("PATIENT", { mfaEnabledAt: requestedAt }),
      await createUser("PATIENT", { disabledAt: requestedAt }),
    ];
    const unknown = `nobody-${randomUUID()}@example.test`;
    for (const email of [...accounts.map((user) => user.email), unknown]) {
      await requestSignInLink(db, { email }, client(), requestedAt);
      expect(await mailedTokens(email)).toEqual([]);
    }
    expect(await db.signInLink.count({ where: { userId: { in: accounts.map((user) => user.id) } } })).toBe(0);
    const audited = await db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in_link.request", resourceId: unknown } });
    expect(audited).toMatchObject({ outcome: "DENIED", reason: "no account that signs in by link" });
  });

  it("voids the earlier link when another is asked for", async () => {
    const patient = await createUser("PATIENT");
    const first = await requestAndReceive(patient.email);
    const second = await requestAndReceive(patient.email);
    expect(second).not.toBe(first);
    expect(await signInWithLink(db, first, client(), after(MINUTE))).toEqual({ ok: false });
    expect(await signInWithLink(db, second, client(), after(MINUTE))).toMatchObject({ ok: true, userId: patient.id });
  });

  it("mails one account at most three links an hour, however many addresses ask", async () => {
    const patient = await createUser("PATIENT");
    for (let request = 0; request < 5; request++) await requestSignInLink(db, { email: patient.email }, client(), requestedAt);
    // Each new link voids the one before, so count the links queued rather than the mails.
    const requests = await db.auditEvent.findMany({ where: { action: "auth.sign_in_link.request", actorId: patient.id }, orderBy: { id: "asc" } });
    expect(requests.map((event) => event.reason)).toEqual([
      "link queued",
      "link queued",
      "link queued",
      "too many links asked for",
      "too many links asked for",
    ]);
  });

  it("mails at most ten links an hour on behalf of one address", async () => {
    const ip = uniqueIp();
    const patients = await Promise.all(Array.from({ length: 11 }, () => createUser("PATIENT")));
    for (const patient of patients) await requestSignInLink(db, { email: patient.email }, client(ip), requestedAt);
    const mailed: string[][] = [];
    for (const patient of patients) mailed.push(await mailedTokens(patient.email));
    expect(mailed.filter((tokens) => tokens.length > 0)).toHaveLength(10);
  });
});

describe("signInWithLink", () => {
  it("signs the patient in once: a second use of the same link is refused", async () => {
    const patient = await createUser("PATIENT");
    const token = await requestAndReceive(patient.email);

    const first = await signInWithLink(db, token, client(), after(MINUTE));
    if (!first.ok) throw new Error("expected the link to sign in");
    expect(await resolveSession(db, first.sessionToken, after(MINUTE))).toMatchObject({ id: patient.id, role: "PATIENT" });
    expect(await signInWithLink(db, token, client(), after(2 * MINUTE))).toEqual({ ok: false });
    expect(await db.session.count({ where: { userId: patient.id } })).toBe(1);
    const events = await db.auditEvent.findMany({ where: { action: "auth.sign_in_link.use", actorId: patient.id }, select: { outcome: true } });
    expect(events).toEqual([{ outcome: "ALLOWED" }]);
  });

  it("lets only one of two simultaneous uses through", async () => {
    const patient = await createUser("PATIENT");
    const token = await requestAndReceive(patient.email);
    const results = await Promise.all([signInWithLink(db, token, client(), after(MINUTE)), signInWithLink(db, token, client(), after(MINUTE))]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("refuses a link 15 minutes after it was asked for", async () => {
    const patient = await createUser("PATIENT");
    const token = await requestAndReceive(patient.email);
    expect(await signInWithLink(db, token, client(), after(SIGN_IN_LINK_TTL_MS))).toEqual({ ok: false });
    expect(await db.session.count({ where: { userId: patient.id } })).toBe(0);
  });

  it("does not mail a link whose time ran out while the mail waited in the queue", async () => {
    const patient = await createUser("PATIENT");
    await requestSignInLink(db, { email: patient.email }, client(), requestedAt);
    expect(await mailedTokens(patient.email, after(SIGN_IN_LINK_TTL_MS))).toEqual([]);
  });

  it("refuses a link whose account was disabled, or turned on two-step verification, since it was sent", async () => {
    const disabled = await createUser("PATIENT");
    const enrolled = await createUser("PATIENT");
    const disabledToken = await requestAndReceive(disabled.email);
    const enrolledToken = await requestAndReceive(enrolled.email);
    await db.user.update({ where: { id: disabled.id }, data: { disabledAt: after(MINUTE) } });
    await db.user.update({ where: { id: enrolled.id }, data: { mfaEnabledAt: after(MINUTE) } });

    expect(await signInWithLink(db, disabledToken, client(), after(2 * MINUTE))).toEqual({ ok: false });
    expect(await signInWithLink(db, enrolledToken, client(), after(2 * MINUTE))).toEqual({ ok: false });
  });

  it("signs in only the patient it was sent to, and nobody with a malformed or made-up token", async () => {
    const patient = await createUser("PATIENT");
    const other = await createUser("PATIENT");
    const token = await requestAndReceive(patient.email);
    for (const made of ["", "short", `${token}x`, token.replace(/^./, (first) => (first === "A" ? "B" : "A")), "../../etc/passwd"]) {
      expect(await signInWithLink(db, made, client(), after(MINUTE))).toEqual({ ok: false });
    }
    const result = await signInWithLink(db, token, client(), after(MINUTE));
    expect(result).toMatchObject({ ok: true, userId: patient.id });
    expect(await db.session.count({ where: { userId: other.id } })).toBe(0);
  });
});
