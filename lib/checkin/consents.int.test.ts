import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { createTestStaff } from "@/lib/scheduling/testing/clinic";
import { createTestVisit, FakeRooms, TEST_LIVEKIT } from "@/lib/visits/testing/visits";
import { issueVisitToken } from "@/lib/visits/tokens";
import { getCheckInForm } from "./check-in";
import { listConsentSettings, publishConsentVersion, setStateConsentExpiry } from "./consents";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const consent = { kind: "TELEHEALTH", title: "Telehealth consent", bodyEn: "I agree.\n\nTo video visits.", bodyEs: "Acepto.\n\nLas consultas por video." };

const auditOf = (actorId: string) =>
  db.auditEvent.findMany({ where: { actorId, action: "consent.manage" }, orderBy: { id: "asc" }, select: { outcome: true, reason: true } });

describe("consent settings", () => {
  it("publish the next version, which supersedes the one before at the patient's next check-in, audited", async () => {
    const admin = await createTestStaff(db, "ADMIN");
    const visit = await createTestVisit(db, { startsInMinutes: 5 });
    expect((await getCheckInForm(db, visit.patient.context, visit.appointmentId)).nextStep).toBeNull();

    const before = await listConsentSettings(db, admin);
    const previous = before.versions.find((version) => version.kind === "TELEHEALTH" && version.current)!;
    const published = await publishConsentVersion(db, admin, consent);
    expect(published).toMatchObject({ kind: "TELEHEALTH", version: previous.version + 1 });

    const after = await listConsentSettings(db, admin);
    expect(after.versions.filter((version) => version.kind === "TELEHEALTH" && version.current).map((version) => version.id)).toEqual([published.id]);
    expect(after.versions.find((version) => version.id === previous.id)?.current).toBe(false);
    const form = await getCheckInForm(db, visit.patient.context, visit.appointmentId);
    expect(form).toMatchObject({ nextStep: "consent", consentStatus: "superseded" });
    expect(form.consentsToSign[0]).toMatchObject({ id: published.id, body: { en: consent.bodyEn, es: consent.bodyEs } });

    const userId = admin.actor.kind === "user" ? admin.actor.userId : "";
    expect(await auditOf(userId)).toEqual([
      { outcome: "ALLOWED", reason: "list consents" },
      { outcome: "ALLOWED", reason: "publish TELEHEALTH consent" },
      { outcome: "ALLOWED", reason: "list consents" },
    ]);
  });

  it("set how long a consent lasts in a state", async () => {
    const admin = await createTestStaff(db, "ADMIN");
    try {
      await setStateConsentExpiry(db, admin, { state: "WY", consentExpiryMonths: "6" });
      expect((await listConsentSettings(db, admin)).statePolicies).toContainEqual(expect.objectContaining({ state: "WY", consentExpiryMonths: 6 }));
    } finally {
      await db.telehealthStatePolicy.deleteMany({ where: { state: "WY" } });
    }
  });

  it("refuse anyone but an administrator, audited, and text that is not plain, storing nothing", async () => {
    const admin = await createTestStaff(db, "ADMIN");
    const scheduler = await createTestStaff(db, "SCHEDULER");
    const visit = await createTestVisit(db, { startsInMinutes: 5 });
    const versions = await db.consentVersion.count();

    await expect(publishConsentVersion(db, scheduler, consent)).rejects.toMatchObject({ status: 403 });
    await expect(publishConsentVersion(db, visit.physician.context, consent)).rejects.toMatchObject({ status: 403 });
    await expect(setStateConsentExpiry(db, visit.patient.context, { state: "WY", consentExpiryMonths: 6 })).rejects.toMatchObject({ status: 403 });
    await expect(publishConsentVersion(db, admin, { ...consent, bodyEs: "<script>alert(1)</script>" })).rejects.toMatchObject({ name: "ZodError" });
    await expect(publishConsentVersion(db, admin, { ...consent, kind: "MARKETING" })).rejects.toMatchObject({ name: "ZodError" });
    await expect(setStateConsentExpiry(db, admin, { state: "ZZ", consentExpiryMonths: 6 })).rejects.toMatchObject({ name: "ZodError" });
    await expect(setStateConsentExpiry(db, admin, { state: "WY", consentExpiryMonths: 0 })).rejects.toMatchObject({ name: "ZodError" });

    expect(await db.consentVersion.count()).toBe(versions);
    expect(await db.telehealthStatePolicy.findUnique({ where: { state: "WY" } })).toBeNull();
    const schedulerId = scheduler.actor.kind === "user" ? scheduler.actor.userId : "";
    expect(await auditOf(schedulerId)).toEqual([{ outcome: "DENIED", reason: "Schedulers cannot do this." }]);
  });
});

describe("a recording consent published after a check-in", () => {
  it("is asked at the next visit, not before this one's waiting room", async () => {
    const admin = await createTestStaff(db, "ADMIN");
    const visit = await createTestVisit(db, { startsInMinutes: 5 });
    await publishConsentVersion(db, admin, { ...consent, kind: "RECORDING", title: "Recording consent" });
    expect((await getCheckInForm(db, visit.patient.context, visit.appointmentId)).nextStep).toBeNull();
    await expect(
      issueVisitToken(db, visit.patient.context, visit.appointmentId, { config: TEST_LIVEKIT, rooms: new FakeRooms() }),
    ).resolves.toMatchObject({ admitted: false });
  });
});
