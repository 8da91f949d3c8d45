import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type Database } from "@/lib/db/prisma";
import { createScratchDatabase, type ScratchDatabase } from "@/lib/db/testing/scratch-database";
import { generateRecoveryCodes, replaceRecoveryCodes } from "../mfa/recovery-codes";
import { encryptSecret, TOTP_SECRET_PURPOSE } from "../mfa/secret-box";
import { generateTotpSecret, totpCode } from "../mfa/totp";
import { hashPassword } from "./password";
import { signInWithPassword } from "./sign-in";
import { countFailure, passwordCounters } from "./throttle";

// A database of its own, so the failures counted here against the whole app
// slow no other file's sign-ins.
let database: ScratchDatabase;
let db: Database;

beforeAll(async () => {
  database = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
  db = createPrismaClient(database.url);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const PASSWORD = "Harbour-Lantern-Quartz-58";
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const start = new Date("2030-09-02T08:00:00.000Z");
const at = (ms: number) => new Date(start.getTime() + ms);
const uniqueIp = () => `203.0.113.${randomUUID()}`;
const client = (ip: string | null = uniqueIp()) => ({ ip, userAgent: "sign-in.int.test" });

async function createUser(role: "PATIENT" | "PHYSICIAN", withSecondFactor: boolean, on: Database = db) {
  const secret = generateTotpSecret();
  const user = await on.user.create({
    data: {
      email: `sign-in-${randomUUID()}@example.test`,
      name: "Sam Example",
      role,
      passwordHash: await hashPassword(PASSWORD),
      ...(withSecondFactor ? { mfaSecret: encryptSecret(secret, TOTP_SECRET_PURPOSE), mfaEnabledAt: start } : {}),
    },
  });
  return { ...user, secret };
}

/** Wrong guesses from a new address each time, the way a botnet rotates them. */
async function attack(email: string, guesses: number, now = start) {
  for (let guess = 0; guess < guesses; guess++) {
    await signInWithPassword(db, { email, password: `Wrong-guess-${guess}-xyz` }, client(), now);
  }
}

const sessionsOf = (userId: string) => db.session.count({ where: { userId } });

describe("an account under attack", () => {
  it("answers a wrong password and the right one alike while slowed, and lets the right one in once the wait is over", async () => {
    const patient = await createUser("PATIENT", false);
    await attack(patient.email, 5);

    const wrong = await signInWithPassword(db, { email: patient.email, password: "Another-wrong-guess-1" }, client(), at(SECOND));
    const right = await signInWithPassword(db, { email: patient.email, password: PASSWORD }, client(), at(SECOND));
    const unknown = await signInWithPassword(db, { email: `nobody-${randomUUID()}@example.test`, password: PASSWORD }, client(), at(SECOND));
    expect(wrong).toEqual({ ok: false, failure: "slowed" });
    expect(right).toEqual(wrong);
    expect(await sessionsOf(patient.id)).toBe(0);
    // An email nobody has slows down just the same, so "slowed" tells nothing about the account.
    await attack(`nobody-${randomUUID()}@example.test`, 5);
    expect(unknown).toEqual({ ok: false, failure: "invalid" });

    // Refused unseen, those two did not make the wait longer: 30 seconds after the fifth failure, it is over.
    expect(await signInWithPassword(db, { email: patient.email, password: PASSWORD }, client(), at(30 * SECOND))).toMatchObject({ ok: true });
  });

  it("is never locked for staff: the right password with a valid code signs in, from any address", async () => {
    const physician = await createUser("PHYSICIAN", true);
    await attack(physician.email, 40);

    const passwordAlone = await signInWithPassword(db, { email: physician.email, password: PASSWORD }, client(), at(SECOND));
    expect(passwordAlone).toEqual({ ok: false, failure: "slowed" });

    const code = totpCode(physician.secret, at(SECOND).getTime());
    const withCode = await signInWithPassword(db, { email: physician.email, password: PASSWORD, code }, client(), at(SECOND));
    expect(withCode).toMatchObject({ ok: true, userId: physician.id });
    expect(await sessionsOf(physician.id)).toBe(1);
  });

  it("also lets a recovery code through with the right password", async () => {
    const physician = await createUser("PHYSICIAN", true);
    const [recoveryCode] = generateRecoveryCodes();
    await replaceRecoveryCodes(db, physician.id, [recoveryCode!]);
    await attack(physician.email, 6);

    const result = await signInWithPassword(db, { email: physician.email, password: PASSWORD, code: recoveryCode }, client(), at(SECOND));
    expect(result).toMatchObject({ ok: true });
  });

  it("answers a valid code with a wrong password, and a wrong code with the right password, as 'slowed' too", async () => {
    const physician = await createUser("PHYSICIAN", true);
    await attack(physician.email, 5);
    const code = totpCode(physician.secret, at(SECOND).getTime());

    const wrongPassword = await signInWithPassword(db, { email: physician.email, password: "Not-the-password-9", code }, client(), at(SECOND));
    const wrongCode = await signInWithPassword(db, { email: physician.email, password: PASSWORD, code: "000000" }, client(), at(SECOND));
    expect(wrongPassword).toEqual({ ok: false, failure: "slowed" });
    expect(wrongCode).toEqual({ ok: false, failure: "slowed" });
    expect(await sessionsOf(physician.id)).toBe(0);
  });

  it("slows codes after the right password apart, so someone who knows the password cannot try codes at full speed", async () => {
    const physician = await createUser("PHYSICIAN", true);
    await attack(physician.email, 5);
    for (let guess = 0; guess < 5; guess++) {
      const code = String(100000 + guess);
      await signInWithPassword(db, { email: physician.email, password: PASSWORD, code }, client(), at(SECOND));
    }
    const valid = totpCode(physician.secret, at(2 * SECOND).getTime());
    expect(await signInWithPassword(db, { email: physician.email, password: PASSWORD, code: valid }, client(), at(2 * SECOND))).toEqual({
      ok: false,
      failure: "slowed",
    });
  });

  it("gives a patient without a second factor no way around the wait with a made-up code", async () => {
    const patient = await createUser("PATIENT", false);
    await attack(patient.email, 5);
    expect(await signInWithPassword(db, { email: patient.email, password: PASSWORD, code: "123456" }, client(), at(SECOND))).toEqual({
      ok: false,
      failure: "slowed",
    });
  });

  it("reports the failure that starts the wait as 'slowed', so the person is offered a way in at once", async () => {
    const patient = await createUser("PATIENT", false);
    await attack(patient.email, 4);
    expect(await signInWithPassword(db, { email: patient.email, password: "Fifth-wrong-guess-x" }, client(), start)).toEqual({
      ok: false,
      failure: "slowed",
    });
  });
});

describe("a slowed address", () => {
  it("slows every account from it, yet staff with a valid code still sign in from it", async () => {
    const ip = uniqueIp();
    for (let guess = 0; guess < 20; guess++) {
      await signInWithPassword(db, { email: `spray-${randomUUID()}@example.test`, password: PASSWORD }, client(ip), start);
    }
    const patient = await createUser("PATIENT", false);
    const physician = await createUser("PHYSICIAN", true);

    expect(await signInWithPassword(db, { email: patient.email, password: PASSWORD }, client(ip), at(SECOND))).toEqual({
      ok: false,
      failure: "slowed",
    });
    const code = totpCode(physician.secret, at(SECOND).getTime());
    expect(await signInWithPassword(db, { email: physician.email, password: PASSWORD, code }, client(ip), at(SECOND))).toMatchObject({
      ok: true,
    });
    // Elsewhere, the patient signs in as usual.
    expect(await signInWithPassword(db, { email: patient.email, password: PASSWORD }, client(), at(SECOND))).toMatchObject({ ok: true });
  });
});

describe("without an attack", () => {
  it("forgives a person's own typos once they sign in", async () => {
    const patient = await createUser("PATIENT", false);
    await attack(patient.email, 4);
    expect(await signInWithPassword(db, { email: patient.email, password: PASSWORD }, client(), start)).toMatchObject({ ok: true });
    await attack(patient.email, 4, at(MINUTE));
    expect(await signInWithPassword(db, { email: patient.email, password: PASSWORD }, client(), at(MINUTE))).toMatchObject({ ok: true });
  });

  it("asks staff for their code after the right password, and refuses a wrong one", async () => {
    const physician = await createUser("PHYSICIAN", true);
    expect(await signInWithPassword(db, { email: physician.email, password: PASSWORD }, client(), start)).toEqual({
      ok: false,
      failure: "mfa_required",
    });
    expect(await signInWithPassword(db, { email: physician.email, password: PASSWORD, code: "000000" }, client(), start)).toEqual({
      ok: false,
      failure: "mfa_invalid",
    });
  });

  it("records every attempt in the audit trail", async () => {
    const patient = await createUser("PATIENT", false);
    await attack(patient.email, 5);
    await signInWithPassword(db, { email: patient.email, password: PASSWORD }, client(), at(SECOND));
    const events = await db.auditEvent.findMany({ where: { action: "auth.sign_in", resourceId: patient.email }, orderBy: { id: "asc" } });
    expect(events.map((event) => [event.outcome, event.reason])).toEqual([
      ...Array.from({ length: 5 }, () => ["DENIED", "invalid credentials"]),
      ["DENIED", "slowed after failed attempts"],
    ]);
  });
});

describe("the whole app under attack", () => {
  // On a database of its own: the app-wide slowdown would hold back every other test here.
  let attacked: ScratchDatabase;
  let attackedDb: Database;
  beforeAll(async () => {
    attacked = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
    attackedDb = createPrismaClient(attacked.url);
  });
  afterAll(async () => {
    await attackedDb.$disconnect();
    await attacked.drop();
  });

  it("slows everyone's password alone, and still lets staff in with a valid code", async () => {
    for (let guess = 0; guess < 300; guess++) {
      await countFailure(attackedDb, passwordCounters({ email: `stuffing-${guess}@example.test`, ip: uniqueIp() }), start);
    }
    const patient = await createUser("PATIENT", false, attackedDb);
    const physician = await createUser("PHYSICIAN", true, attackedDb);

    expect(await signInWithPassword(attackedDb, { email: patient.email, password: PASSWORD }, client(), at(SECOND))).toEqual({
      ok: false,
      failure: "slowed",
    });
    const code = totpCode(physician.secret, at(SECOND).getTime());
    expect(await signInWithPassword(attackedDb, { email: physician.email, password: PASSWORD, code }, client(), at(SECOND))).toMatchObject({
      ok: true,
    });
  });
});
