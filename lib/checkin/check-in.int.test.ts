import { afterAll, describe, expect, it } from "vitest";
import { AccessDeniedError, ResourceNotFoundError, type RequestContext } from "@/lib/auth/access";
import { createPrismaClient } from "@/lib/db/prisma";
import { errorResponse } from "@/lib/http/route-errors";
import { saveIntakeAnswers } from "@/lib/intake/intake";
import { createIntakeVisit } from "@/lib/intake/testing/intake-visit";
import { issueVisitToken } from "@/lib/visits/tokens";
import { anonymousContext, auditRows, createTestVisit, FakeRooms, TEST_LIVEKIT, type TestVisit } from "@/lib/visits/testing/visits";
import {
  confirmCheckInIdentity,
  getCheckInForm,
  getCheckInSummary,
  saveCheckInLanguage,
  saveCheckInLocation,
  signCheckInConsent,
} from "./check-in";
import { consentExpiresAt } from "./consent-rules";
import { DATE_OF_BIRTH_TRIES } from "./step-rules";
import { currentTestConsent, publishTestConsent } from "./testing";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const tokenOptions = { config: TEST_LIVEKIT, rooms: new FakeRooms() };
const MONTH_MS = 31 * 24 * 60 * 60 * 1000;

const location = {
  state: "TX",
  addressLine: "100 Congress Ave",
  city: "Austin",
  postalCode: "78701",
  locationKind: "HOME",
  callbackPhone: "512-555-0123",
};

async function patientName(visit: TestVisit) {
  const patient = await db.patient.findUniqueOrThrow({ where: { id: visit.patient.patientId } });
  return `${patient.givenName} ${patient.familyName}`;
}

/** Signs whatever consents the check-in asks for, as the patient would. */
async function signConsents(visit: TestVisit, context: RequestContext = visit.patient.context, now?: Date) {
  const typedName = await patientName(visit);
  let form = await getCheckInForm(db, context, visit.appointmentId, now);
  for (const consent of form.consentsToSign) {
    form = await signCheckInConsent(db, context, visit.appointmentId, { consentVersionId: consent.id, typedName, accepted: consent.kind === "TELEHEALTH" }, now);
  }
  return form;
}

async function checkInFully(visit: TestVisit, context: RequestContext = visit.patient.context, now?: Date) {
  await saveCheckInLocation(db, context, visit.appointmentId, location, now);
  await signConsents(visit, context, now);
  await confirmCheckInIdentity(db, context, visit.appointmentId, { dateOfBirth: "1985-06-15" }, now);
  return (await saveCheckInLanguage(db, context, visit.appointmentId, { preferredLanguage: "es", interpreterNeeded: true, interpreterLanguage: "es" }, now)).form;
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (error === null) throw new Error("expected a refusal");
  const response = errorResponse(error);
  return { status: response.status, body: (await response.json()) as { code?: string; step?: string } };
}

/** What the check-in left in the database for the visit's patient. */
async function stored(visit: TestVisit) {
  const [checkIn, signatures, patient] = await Promise.all([
    db.visitCheckIn.findUnique({ where: { appointmentId: visit.appointmentId } }),
    db.consentSignature.count({ where: { patientId: visit.patient.patientId } }),
    db.patient.findUniqueOrThrow({ where: { id: visit.patient.patientId }, select: { preferredLanguage: true } }),
  ]);
  return { checkIn, signatures, preferredLanguage: patient.preferredLanguage };
}

describe("check-in", () => {
  it("resumes at the first step not done, completes once every step is done, and only then lets the patient wait", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 5, checkedIn: false });
    await currentTestConsent(db, "TELEHEALTH", visit.physician.userId);
    await currentTestConsent(db, "RECORDING", visit.physician.userId);

    const fresh = await getCheckInForm(db, visit.patient.context, visit.appointmentId);
    // A visit type without a questionnaire: no intake step, and it is not counted.
    expect(fresh).toMatchObject({ nextStep: "location", steps: ["location", "consent", "identity", "language"], location: null, consentStatus: "missing" });
    expect(await refusal(issueVisitToken(db, visit.patient.context, visit.appointmentId, tokenOptions))).toEqual({
      status: 409,
      body: expect.objectContaining({ code: "CHECK_IN_REQUIRED", step: "location" }),
    });

    const afterLocation = await saveCheckInLocation(db, visit.patient.context, visit.appointmentId, location);
    expect(afterLocation.nextStep).toBe("consent");
    // A reload asks where it stopped, with the location as confirmed.
    const reloaded = await getCheckInForm(db, visit.visitLink, visit.appointmentId);
    expect(reloaded.nextStep).toBe("consent");
    expect(reloaded.location).toEqual({ ...location, country: "US", callbackPhone: "+15125550123" });
    expect(reloaded.consentsToSign.map((consent) => consent.kind)).toEqual(["TELEHEALTH", "RECORDING"]);
    expect(await refusal(issueVisitToken(db, visit.visitLink, visit.appointmentId, tokenOptions))).toMatchObject({
      status: 409,
      body: { code: "CHECK_IN_REQUIRED", step: "consent" },
    });

    expect((await signConsents(visit, visit.visitLink)).nextStep).toBe("identity");
    expect((await confirmCheckInIdentity(db, visit.patient.context, visit.appointmentId, { dateOfBirth: "1985-06-15" })).nextStep).toBe("language");
    const { form, locale } = await saveCheckInLanguage(db, visit.patient.context, visit.appointmentId, {
      preferredLanguage: "es",
      interpreterNeeded: true,
      interpreterLanguage: "es",
    });
    expect(form.nextStep).toBeNull();
    expect(locale).toBe("es");

    const { checkIn, preferredLanguage } = await stored(visit);
    expect(checkIn?.completedAt).toBeInstanceOf(Date);
    expect(preferredLanguage).toBe("es");
    expect(await issueVisitToken(db, visit.patient.context, visit.appointmentId, tokenOptions)).toMatchObject({ role: "patient", admitted: false });
  });

  it("records how and from where each consent was signed, and the recording answer even when it is no", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 5, checkedIn: false });
    await saveCheckInLocation(db, visit.visitLink, visit.appointmentId, location);
    await signConsents(visit, visit.visitLink);
    const signatures = await db.consentSignature.findMany({
      where: { patientId: visit.patient.patientId },
      include: { consentVersion: { select: { kind: true } } },
      orderBy: { signedAt: "asc" },
    });
    expect(signatures.map((signature) => [signature.consentVersion.kind, signature.accepted])).toEqual([
      ["TELEHEALTH", true],
      ["RECORDING", false],
    ]);
    const [telehealth, recording] = signatures as [(typeof signatures)[number], (typeof signatures)[number]];
    expect(telehealth).toMatchObject({ method: "visit-link", ipAddress: "203.0.113.9", userAgent: "vitest", typedName: await patientName(visit) });
    expect(telehealth.expiresAt).toEqual(consentExpiresAt(telehealth.signedAt, 12));
    expect(recording.expiresAt).toBeNull();
    const checkIn = await db.visitCheckIn.findUniqueOrThrow({ where: { appointmentId: visit.appointmentId } });
    expect([checkIn.telehealthConsentId, checkIn.recordingConsentId]).toEqual([telehealth.id, recording.id]);
  });

  it("prefills the location and language from the last visit, and does not ask for a consent that still counts", async () => {
    const first = await createTestVisit(db, { startsInMinutes: 5, checkedIn: false });
    await checkInFully(first);
    const second = await db.appointment.create({
      data: {
        patientId: first.patient.patientId,
        physicianId: first.physician.physicianId,
        visitTypeId: (await db.appointment.findUniqueOrThrow({ where: { id: first.appointmentId } })).visitTypeId,
        bookedById: first.physician.userId,
        startsAt: new Date(first.startsAt.getTime() + 7 * 24 * 3600_000),
        endsAt: new Date(first.endsAt.getTime() + 7 * 24 * 3600_000),
        reason: "Follow-up",
      },
    });
    const form = await getCheckInForm(db, first.patient.context, second.id);
    expect(form).toMatchObject({
      nextStep: "location",
      done: { location: false, consent: true, identity: false, language: false },
      location: { state: "TX", city: "Austin", callbackPhone: "+15125550123" },
      consentStatus: "valid",
      consentsToSign: [],
      language: { preferredLanguage: "es", interpreterNeeded: true, interpreterLanguage: "es" },
    });
  });

  it("asks again for a consent whose version was superseded, and refuses a signature of the old one", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 5 });
    const old = await currentTestConsent(db, "TELEHEALTH", visit.physician.userId);
    const newer = await publishTestConsent(db, "TELEHEALTH", visit.physician.userId);

    expect(await refusal(issueVisitToken(db, visit.patient.context, visit.appointmentId, tokenOptions))).toMatchObject({
      status: 409,
      body: { code: "CONSENT_SUPERSEDED", step: "consent" },
    });
    const form = await getCheckInForm(db, visit.patient.context, visit.appointmentId);
    expect(form).toMatchObject({ nextStep: "consent", consentStatus: "superseded" });
    expect(form.consentsToSign.map((consent) => consent.id)).toEqual([newer.id]);

    const before = await stored(visit);
    const typedName = await patientName(visit);
    expect(
      await refusal(signCheckInConsent(db, visit.patient.context, visit.appointmentId, { consentVersionId: old.id, typedName, accepted: true })),
    ).toMatchObject({ status: 409, body: { code: "CONSENT_SUPERSEDED" } });
    expect(await stored(visit)).toEqual(before);

    await signCheckInConsent(db, visit.patient.context, visit.appointmentId, { consentVersionId: newer.id, typedName, accepted: true });
    expect(await issueVisitToken(db, visit.patient.context, visit.appointmentId, tokenOptions)).toMatchObject({ admitted: false });
  });

  it("lets a consent run out after the months the patient's state sets, then blocks the waiting room until it is signed again", async () => {
    await db.telehealthStatePolicy.upsert({ where: { state: "VT" }, create: { state: "VT", consentExpiryMonths: 1 }, update: { consentExpiryMonths: 1 } });
    try {
      const visit = await createTestVisit(db, { startsInMinutes: 5, checkedIn: false });
      const longAgo = new Date(Date.now() - 2 * MONTH_MS);
      await saveCheckInLocation(db, visit.patient.context, visit.appointmentId, { ...location, state: "VT", city: "Montpelier", postalCode: "05602" }, longAgo);
      await signConsents(visit, visit.patient.context, longAgo);
      await confirmCheckInIdentity(db, visit.patient.context, visit.appointmentId, { dateOfBirth: "1985-06-15" }, longAgo);
      await saveCheckInLanguage(db, visit.patient.context, visit.appointmentId, { preferredLanguage: "en", interpreterNeeded: false }, longAgo);

      const signature = await db.consentSignature.findFirstOrThrow({ where: { patientId: visit.patient.patientId, accepted: true } });
      expect(signature.expiresAt).toEqual(consentExpiresAt(longAgo, 1));
      expect(await refusal(issueVisitToken(db, visit.patient.context, visit.appointmentId, tokenOptions))).toMatchObject({
        status: 409,
        body: { code: "CONSENT_EXPIRED", step: "consent" },
      });
      expect(await getCheckInForm(db, visit.patient.context, visit.appointmentId)).toMatchObject({ nextStep: "consent", consentStatus: "expired" });

      await signConsents(visit);
      expect(await issueVisitToken(db, visit.patient.context, visit.appointmentId, tokenOptions)).toMatchObject({ admitted: false });
    } finally {
      await db.telehealthStatePolicy.delete({ where: { state: "VT" } });
    }
  });

  it("refuses what does not match the record or has no place in the form, storing nothing", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 5, checkedIn: false });
    const telehealth = await currentTestConsent(db, "TELEHEALTH", visit.physician.userId);
    const context = visit.patient.context;
    const nothing = await stored(visit);

    expect(await refusal(saveCheckInLocation(db, context, visit.appointmentId, { ...location, addressLine: "<script>alert(1)</script>" }))).toMatchObject({
      status: 400,
    });
    expect(await refusal(saveCheckInLocation(db, context, visit.appointmentId, { ...location, state: "XX" }))).toMatchObject({ status: 400 });
    expect(await refusal(saveCheckInLocation(db, context, visit.appointmentId, { ...location, postalCode: "00000" }))).toMatchObject({ status: 400 });
    expect(await refusal(confirmCheckInIdentity(db, context, visit.appointmentId, { dateOfBirth: 19850615 }))).toMatchObject({ status: 400 });
    expect(await refusal(saveCheckInLanguage(db, context, visit.appointmentId, { preferredLanguage: "xx", interpreterNeeded: false }))).toMatchObject({
      status: 400,
    });
    // Consent before saying where they are: how long it lasts depends on the state.
    expect(
      await refusal(signCheckInConsent(db, context, visit.appointmentId, { consentVersionId: telehealth.id, typedName: await patientName(visit), accepted: true })),
    ).toMatchObject({ status: 409, body: { code: "LOCATION_FIRST" } });
    expect(await stored(visit)).toEqual(nothing);

    await saveCheckInLocation(db, context, visit.appointmentId, location);
    const located = await stored(visit);
    expect(
      await refusal(signCheckInConsent(db, context, visit.appointmentId, { consentVersionId: telehealth.id, typedName: "Someone Else", accepted: true })),
    ).toMatchObject({ status: 422, body: { code: "NAME_MISMATCH" } });
    expect(
      await refusal(signCheckInConsent(db, context, visit.appointmentId, { consentVersionId: telehealth.id, typedName: await patientName(visit), accepted: false })),
    ).toMatchObject({ status: 422, body: { code: "TELEHEALTH_CONSENT_DECLINED" } });
    expect(
      await refusal(signCheckInConsent(db, context, visit.appointmentId, { consentVersionId: "no-such-version", typedName: await patientName(visit), accepted: true })),
    ).toMatchObject({ status: 422, body: { code: "UNKNOWN_CONSENT" } });
    expect(await stored(visit)).toEqual(located);
  });

  it("is the visit's own patient's, read by its physician, refused and audited for anyone else", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 5 });
    const nothing = await stored(visit);

    await expect(getCheckInForm(db, visit.otherPatient.context, visit.appointmentId)).rejects.toMatchObject({ status: 403 });
    await expect(saveCheckInLocation(db, visit.otherPatient.context, visit.appointmentId, location)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(saveCheckInLocation(db, visit.scheduler, visit.appointmentId, location)).rejects.toMatchObject({ status: 403 });
    await expect(saveCheckInLocation(db, visit.physician.context, visit.appointmentId, location)).rejects.toMatchObject({ status: 403 });
    await expect(getCheckInSummary(db, visit.otherPhysician.context, visit.appointmentId)).rejects.toMatchObject({ status: 403 });
    await expect(getCheckInForm(db, anonymousContext, visit.appointmentId)).rejects.toMatchObject({ status: 401 });
    await expect(getCheckInForm(db, visit.patient.context, "no-such-appointment")).rejects.toBeInstanceOf(ResourceNotFoundError);
    expect(await stored(visit)).toEqual(nothing);

    const denied = (await auditRows(db, visit.patient.patientId)).filter((row) => row.outcome === "DENIED");
    const userIdOf = (context: RequestContext) => (context.actor.kind === "user" ? context.actor.userId : null);
    expect(denied.map((row) => [row.actorId, row.action])).toEqual([
      [userIdOf(visit.otherPatient.context), "checkin.read"],
      [userIdOf(visit.otherPatient.context), "checkin.write"],
      [userIdOf(visit.scheduler), "checkin.write"],
      [visit.physician.userId, "checkin.write"],
      [visit.otherPhysician.userId, "checkin.read"],
      [null, "checkin.read"],
    ]);

    const summary = await getCheckInSummary(db, visit.physician.context, visit.appointmentId);
    expect(summary).toMatchObject({
      location: { state: "TX", addressLine: "100 Congress Ave", callbackPhone: "+15125550123", locationKind: "HOME" },
      consent: { status: "valid" },
      recordingConsent: "declined",
      preferredLanguage: "en",
      interpreterNeeded: false,
    });
    expect(summary.dateOfBirthConfirmedAt).not.toBeNull();
    const [allowed] = (await auditRows(db, visit.patient.patientId)).filter((row) => row.outcome === "ALLOWED");
    expect(allowed).toMatchObject({ actorId: visit.physician.userId, action: "checkin.read", resourceId: visit.appointmentId });
  });

  it("tells the physician the interpreter the patient needs", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 5, checkedIn: false });
    await checkInFully(visit);
    expect(await getCheckInSummary(db, visit.physician.context, visit.appointmentId)).toMatchObject({
      preferredLanguage: "es",
      interpreterNeeded: true,
      interpreterLanguage: "es",
      consent: { status: "valid" },
    });
  });

  it("asks the visit type's questions after the date of birth, by visit link or portal alike, and is complete once they are submitted", async () => {
    const visit = await createIntakeVisit(db, { startsInMinutes: 5 });
    await saveCheckInLocation(db, visit.visitLink, visit.appointmentId, location);
    await signConsents(visit, visit.visitLink);
    const asked = await confirmCheckInIdentity(db, visit.visitLink, visit.appointmentId, { dateOfBirth: "1985-06-15" });
    expect(asked).toMatchObject({ nextStep: "intake", steps: ["location", "consent", "identity", "intake", "language"] });
    expect(asked.done).toMatchObject({ identity: true, intake: false });

    // Answers saved halfway by the visit link: a reload (in the portal) still asks the intake.
    await saveIntakeAnswers(db, visit.visitLink, { appointmentId: visit.appointmentId, answers: { reason: "Dizzy" }, complete: false });
    expect((await getCheckInForm(db, visit.patient.context, visit.appointmentId)).nextStep).toBe("intake");
    expect(await refusal(issueVisitToken(db, visit.visitLink, visit.appointmentId, tokenOptions))).toMatchObject({
      status: 409,
      body: { code: "CHECK_IN_REQUIRED", step: "intake" },
    });

    // The language done first (another tab): the intake still holds the check-in open.
    const { form: afterLanguage } = await saveCheckInLanguage(db, visit.visitLink, visit.appointmentId, { preferredLanguage: "en", interpreterNeeded: false });
    expect(afterLanguage.nextStep).toBe("intake");
    expect((await stored(visit)).checkIn?.completedAt).toBeNull();

    // Submitted (as from the portal's intake page): the check-in is complete, and the patient may wait.
    const answers = { reason: "Dizzy", allergies: { changed: false, details: "" } };
    await saveIntakeAnswers(db, visit.patient.context, { appointmentId: visit.appointmentId, answers, complete: true });
    const { checkIn } = await stored(visit);
    expect(checkIn?.completedAt).toBeInstanceOf(Date);
    expect(checkIn?.intakeCompletedAt).toEqual(checkIn?.completedAt);
    expect(await getCheckInForm(db, visit.visitLink, visit.appointmentId)).toMatchObject({ nextStep: null, done: { intake: true } });
    expect(await issueVisitToken(db, visit.visitLink, visit.appointmentId, tokenOptions)).toMatchObject({ role: "patient", admitted: false });

    // Never asked again: a later change may not drop a required answer, and leaves the intake submitted.
    expect(await refusal(saveIntakeAnswers(db, visit.visitLink, { appointmentId: visit.appointmentId, answers: { reason: "Dizzy" }, complete: false }))).toMatchObject({
      status: 400,
    });
    await saveIntakeAnswers(db, visit.visitLink, { appointmentId: visit.appointmentId, answers: { ...answers, reason: "Dizzy and tired" }, complete: false });
    expect((await stored(visit)).checkIn).toMatchObject({ intakeAnswers: { ...answers, reason: "Dizzy and tired" }, intakeCompletedAt: checkIn?.intakeCompletedAt });
    expect((await getCheckInForm(db, visit.patient.context, visit.appointmentId)).nextStep).toBeNull();
  });

  it("answered before the day completes nothing early, and is not asked again at check-in", async () => {
    const visit = await createIntakeVisit(db, { startsInMinutes: 5 });
    await saveIntakeAnswers(db, visit.patient.context, { appointmentId: visit.appointmentId, answers: { reason: "Rash", allergies: { changed: false, details: "" } }, complete: true });
    expect((await stored(visit)).checkIn?.completedAt).toBeNull();
    const form = await checkInFully(visit, visit.visitLink);
    expect(form).toMatchObject({ nextStep: null, done: { intake: true } });
    expect((await stored(visit)).checkIn?.completedAt).toBeInstanceOf(Date);
  });

  it(`stops asking the date of birth after ${DATE_OF_BIRTH_TRIES} wrong ones, counted across the portal and the visit link, audited; the physician sees it was not confirmed`, async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 5, checkedIn: false });
    await saveCheckInLocation(db, visit.patient.context, visit.appointmentId, location);
    await signConsents(visit);
    const contexts = [visit.patient.context, visit.visitLink];
    for (let wrong = 1; wrong < DATE_OF_BIRTH_TRIES; wrong += 1) {
      expect(await refusal(confirmCheckInIdentity(db, contexts[wrong % 2]!, visit.appointmentId, { dateOfBirth: "1985-06-16" }))).toMatchObject({
        status: 422,
        body: { code: "DATE_OF_BIRTH_MISMATCH", step: "identity" },
      });
      expect(await getCheckInForm(db, visit.patient.context, visit.appointmentId)).toMatchObject({ nextStep: "identity", dateOfBirthTriesLeft: DATE_OF_BIRTH_TRIES - wrong });
    }
    const last = await refusal(confirmCheckInIdentity(db, visit.visitLink, visit.appointmentId, { dateOfBirth: "1958-06-15" }));
    expect(last).toMatchObject({ status: 429, body: { code: "DATE_OF_BIRTH_TRIES_USED_UP", step: "identity" } });
    expect(last.body).toMatchObject({ error: expect.stringContaining("Call the clinic") });
    // Not even the right date is judged now: no more tries, and no way to tell a right date from a wrong one.
    expect(await refusal(confirmCheckInIdentity(db, visit.patient.context, visit.appointmentId, { dateOfBirth: "1985-06-15" }))).toMatchObject({
      status: 429,
      body: { code: "DATE_OF_BIRTH_TRIES_USED_UP" },
    });
    expect((await stored(visit)).checkIn).toMatchObject({ dateOfBirthConfirmedAt: null, dateOfBirthFailedTries: DATE_OF_BIRTH_TRIES });

    // The check-in goes on without it, and completes.
    expect(await getCheckInForm(db, visit.visitLink, visit.appointmentId)).toMatchObject({ nextStep: "language", done: { identity: true }, dateOfBirthTriesLeft: 0 });
    const { form } = await saveCheckInLanguage(db, visit.visitLink, visit.appointmentId, { preferredLanguage: "en", interpreterNeeded: false });
    expect(form.nextStep).toBeNull();
    expect(await getCheckInSummary(db, visit.physician.context, visit.appointmentId)).toMatchObject({
      completedAt: expect.any(String),
      dateOfBirthConfirmedAt: null,
      dateOfBirthFailedTries: DATE_OF_BIRTH_TRIES,
    });

    const tries = (await auditRows(db, visit.patient.patientId)).filter((row) => row.action === "checkin.identity");
    expect(tries.map((row) => [row.outcome, row.reason])).toEqual([
      ["DENIED", "date of birth did not match the record (wrong try 1 of 5)"],
      ["DENIED", "date of birth did not match the record (wrong try 2 of 5)"],
      ["DENIED", "date of birth did not match the record (wrong try 3 of 5)"],
      ["DENIED", "date of birth did not match the record (wrong try 4 of 5)"],
      ["DENIED", "date of birth did not match the record (wrong try 5 of 5)"],
      ["DENIED", "date of birth not asked again: 5 wrong tries used up"],
    ]);
    const link = `visit-link:${visit.visitLink.actor.kind === "visitLink" ? visit.visitLink.actor.linkId : ""}`;
    expect(tries.map((row) => row.actorId)).toEqual([link, visit.patient.userId, link, visit.patient.userId, link, visit.patient.userId]);
  });

  it("counts wrong dates of birth sent together against the same limit", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 5, checkedIn: false });
    const statuses = await Promise.all(
      Array.from({ length: DATE_OF_BIRTH_TRIES + 3 }, (_, index) =>
        refusal(confirmCheckInIdentity(db, index % 2 ? visit.visitLink : visit.patient.context, visit.appointmentId, { dateOfBirth: `1990-01-${String(index + 1).padStart(2, "0")}` })).then(
          (refused) => refused.status,
        ),
      ),
    );
    // Which refusal each gets depends on the order they reach the database; that none passes the limit does not.
    expect(statuses.every((status) => status === 422 || status === 429)).toBe(true);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(3);
    expect((await stored(visit)).checkIn).toMatchObject({ dateOfBirthFailedTries: DATE_OF_BIRTH_TRIES, dateOfBirthConfirmedAt: null });
  });

  it("takes the right date of birth after wrong ones, and the physician sees how many came first", async () => {
    const visit = await createTestVisit(db, { startsInMinutes: 5, checkedIn: false });
    await refusal(confirmCheckInIdentity(db, visit.visitLink, visit.appointmentId, { dateOfBirth: "1986-06-15" }));
    await refusal(confirmCheckInIdentity(db, visit.visitLink, visit.appointmentId, { dateOfBirth: "1985-06-16" }));
    await confirmCheckInIdentity(db, visit.visitLink, visit.appointmentId, { dateOfBirth: "1985-06-15" });
    // Confirmed, a date is not judged again: the same answer whatever it is.
    expect((await confirmCheckInIdentity(db, visit.visitLink, visit.appointmentId, { dateOfBirth: "1999-01-01" })).done.identity).toBe(true);
    expect(await getCheckInSummary(db, visit.physician.context, visit.appointmentId)).toMatchObject({
      dateOfBirthConfirmedAt: expect.any(String),
      dateOfBirthFailedTries: 2,
    });
  });
});
