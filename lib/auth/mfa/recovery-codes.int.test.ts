import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { consumeRecoveryCode, generateRecoveryCodes, hashRecoveryCode, replaceRecoveryCodes } from "./recovery-codes";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

async function createUser(): Promise<string> {
  const user = await db.user.create({
    data: { email: `recovery-${randomUUID()}@example.test`, name: "Recovery Tester", role: "PHYSICIAN" },
  });
  return user.id;
}

async function userWithCodes(): Promise<{ userId: string; codes: string[] }> {
  const userId = await createUser();
  const codes = generateRecoveryCodes();
  await replaceRecoveryCodes(db, userId, codes);
  return { userId, codes };
}

describe("replaceRecoveryCodes", () => {
  it("stores only the hashes, all unused", async () => {
    const { userId, codes } = await userWithCodes();
    const rows = await db.recoveryCode.findMany({ where: { userId } });
    expect(rows.map((row) => row.codeHash).sort()).toEqual(codes.map(hashRecoveryCode).sort());
    expect(rows.map((row) => row.usedAt)).toEqual(Array(10).fill(null));
  });

  it("voids the previous codes, used or not", async () => {
    const { userId, codes: old } = await userWithCodes();
    await consumeRecoveryCode(db, userId, old[0]!);
    const fresh = generateRecoveryCodes();
    await replaceRecoveryCodes(db, userId, fresh);

    expect(await consumeRecoveryCode(db, userId, old[1]!)).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId } })).toBe(10);
    expect(await consumeRecoveryCode(db, userId, fresh[0]!)).toBe(true);
  });
});

describe("consumeRecoveryCode", () => {
  it("accepts a code once, however it is typed", async () => {
    const { userId, codes } = await userWithCodes();
    const usedAt = new Date("2030-06-01T09:00:00.000Z");
    expect(await consumeRecoveryCode(db, userId, codes[3]!.toLowerCase().replaceAll("-", " "), usedAt)).toBe(true);
    expect(await consumeRecoveryCode(db, userId, codes[3]!)).toBe(false);

    const row = await db.recoveryCode.findFirst({ where: { userId, codeHash: hashRecoveryCode(codes[3]!) } });
    expect(row?.usedAt).toEqual(usedAt);
    expect(await db.recoveryCode.count({ where: { userId, usedAt: null } })).toBe(9);
  });

  it("refuses another user's code and a made-up one", async () => {
    const { userId } = await userWithCodes();
    const other = await userWithCodes();
    expect(await consumeRecoveryCode(db, userId, other.codes[0]!)).toBe(false);
    expect(await consumeRecoveryCode(db, userId, "2222-3333-4444")).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId: other.userId, usedAt: null } })).toBe(10);
  });

  it("lets only one of simultaneous uses of a code succeed", async () => {
    const { userId, codes } = await userWithCodes();
    const results = await Promise.all(Array.from({ length: 8 }, () => consumeRecoveryCode(db, userId, codes[0]!)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
