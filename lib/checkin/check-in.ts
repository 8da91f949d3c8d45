import "server-only";
import { auditActor, type RequestContext } from "@/lib/auth/access";
import type { Action } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import type { Prisma } from "@/lib/db/generated/client";
import type { ConsentKind } from "@/lib/db/generated/enums";
import type { VisitCheckInModel } from "@/lib/db/generated/models";
import type { Database } from "@/lib/db/prisma";
import { supportedLocaleOf, type Locale } from "@/lib/i18n/locales";
import { visitQuestionnaire } from "@/lib/intake/visit-questionnaire";
import { authorizeAppointment } from "@/lib/visits/appointment";
import { consentExpiresAt, DEFAULT_CONSENT_EXPIRY_MONTHS, signatureMatchesName, telehealthConsentStatus } from "./consent-rules";
import { CheckInError } from "./errors";
import { consentInput, identityInput, languageInput, locationInput } from "./inputs";
import { DATE_OF_BIRTH_TRIES, dateOfBirthTriesUsedUp, firstStepToDo, stepsAsked, stepsDone } from "./step-rules";
import type { CheckInForm, CheckInLocation, CheckInStep, CheckInSummaryView, ConsentStatus } from "./types";

// A patient's check-in for one visit, between the device check and the waiting
// room: where they are, their telehealth consent, their date of birth, the
// visit type's questionnaire (lib/intake saves it) and their language. Each
// step is saved on its own, so a check-in left halfway resumes at the first
// step not done; once every step is done it is complete and never asked again
// for that visit, except the consent when it runs out or the clinic publishes
// a new version. The waiting room's token asks assertReadyForWaitingRoom() first.

/** What the check-in needs to know about the appointment's patient. */
const PATIENT_FIELDS = { patient: { select: { givenName: true, familyName: true, dateOfBirth: true, preferredLanguage: true } } } as const;

function authorizeCheckIn(db: Database, context: RequestContext, appointmentId: string, action: Action, step?: CheckInStep) {
  return authorizeAppointment(db, context, appointmentId, action, {
    select: { ...PATIENT_FIELDS, visitTypeId: true },
    detail: step ? `check-in ${step}` : undefined,
  });
}

function currentConsentVersion(db: Database, kind: ConsentKind) {
  return db.consentVersion.findFirst({ where: { kind }, orderBy: { version: "desc" } });
}

/** Where the patient's consents stand now: the telehealth one, and whether the current recording one was answered. */
async function consentState(db: Database, patientId: string, now: Date) {
  const [telehealthVersion, recordingVersion, telehealthSignature] = await Promise.all([
    currentConsentVersion(db, "TELEHEALTH"),
    currentConsentVersion(db, "RECORDING"),
    db.consentSignature.findFirst({
      // Signed by now: a signature dated later (a clock set wrong, a record brought in) does not count yet.
      where: { patientId, accepted: true, signedAt: { lte: now }, consentVersion: { kind: "TELEHEALTH" } },
      orderBy: { signedAt: "desc" },
      include: { consentVersion: { select: { version: true } } },
    }),
  ]);
  const recordingAnswer = recordingVersion
    ? await db.consentSignature.findFirst({
        where: { patientId, consentVersionId: recordingVersion.id },
        orderBy: { signedAt: "desc" },
        select: { accepted: true },
      })
    : null;
  return {
    telehealthVersion,
    recordingVersion,
    telehealthSignature,
    telehealth: telehealthConsentStatus(telehealthSignature, telehealthVersion?.id ?? null, now),
    recordingAnswer,
    // A clinic that publishes no recording consent asks none.
    recordingAnswered: recordingVersion === null || recordingAnswer !== null,
  };
}

/** The visit a check-in is for: whose, and which visit type's questionnaire it asks. */
type CheckInVisit = { id: string; patientId: string; visitTypeId: string };

/** Where the visit's check-in stands: its row, the patient's consents, and which steps it asks and has done. */
async function progressOf(db: Database, visit: CheckInVisit, now: Date) {
  const [checkIn, consents] = await Promise.all([
    db.visitCheckIn.findUnique({ where: { appointmentId: visit.id } }),
    consentState(db, visit.patientId, now),
  ]);
  const questionnaire = await visitQuestionnaire(db, { visitTypeId: visit.visitTypeId, answeredQuestionnaireId: checkIn?.intakeQuestionnaireId ?? null });
  const facts = {
    locationConfirmed: checkIn?.locationConfirmedAt != null,
    telehealthConsentValid: consents.telehealth === "valid",
    recordingAnswered: consents.recordingAnswered,
    dateOfBirthConfirmed: checkIn?.dateOfBirthConfirmedAt != null,
    dateOfBirthFailedTries: checkIn?.dateOfBirthFailedTries ?? 0,
    intakeAsked: (questionnaire?.questions.length ?? 0) > 0,
    intakeSubmitted: checkIn?.intakeCompletedAt != null,
    languageConfirmed: checkIn?.languageConfirmedAt != null,
    completed: checkIn?.completedAt != null,
  };
  return { checkIn, consents, done: stepsDone(facts), steps: stepsAsked(facts) };
}

type CheckInProgress = Awaited<ReturnType<typeof progressOf>>;

function locationOf(checkIn: VisitCheckInModel): CheckInLocation | null {
  const { country, state, addressLine, city, postalCode, locationKind, callbackPhone } = checkIn;
  if (!country || !state || !addressLine || !city || !postalCode || !locationKind || !callbackPhone) return null;
  return { country, state, addressLine, city, postalCode, locationKind, callbackPhone };
}

/** The patient's last check-in before this one that stated a location: what the location step is prefilled with. */
function previousCheckIn(db: Database, patientId: string, appointmentId: string) {
  return db.visitCheckIn.findFirst({
    where: { patientId, appointmentId: { not: appointmentId }, locationConfirmedAt: { not: null } },
    orderBy: { locationConfirmedAt: "desc" },
  });
}

type CheckInAppointment = Awaited<ReturnType<typeof authorizeCheckIn>>;

async function loadCheckInForm(db: Database, appointment: CheckInAppointment, { checkIn, consents, done, steps }: CheckInProgress): Promise<CheckInForm> {
  const previous = done.location && done.language ? null : await previousCheckIn(db, appointment.patientId, appointment.id);
  const source = done.location ? checkIn : previous;
  const languageSource = done.language ? checkIn : previous;
  const toSign = [
    consents.telehealth === "valid" ? null : consents.telehealthVersion,
    consents.recordingAnswered ? null : consents.recordingVersion,
  ].filter((version) => version !== null);
  return {
    nextStep: firstStepToDo(done),
    steps,
    done,
    location: source ? locationOf(source) : null,
    consentStatus: consents.telehealth,
    consentsToSign: toSign.map((version) => ({
      id: version.id,
      kind: version.kind,
      version: version.version,
      title: version.title,
      body: { en: version.bodyEn, es: version.bodyEs },
    })),
    dateOfBirthTriesLeft: Math.max(0, DATE_OF_BIRTH_TRIES - (checkIn?.dateOfBirthFailedTries ?? 0)),
    language: {
      preferredLanguage: languageSource?.preferredLanguage ?? appointment.patient.preferredLanguage,
      interpreterNeeded: languageSource?.interpreterNeeded ?? false,
      interpreterLanguage: languageSource?.interpreterLanguage ?? null,
    },
  };
}

/** The patient's check-in for the visit, for the patient's own steps (by session or visit link). */
export async function getCheckInForm(db: Database, context: RequestContext, appointmentId: string, now = new Date()): Promise<CheckInForm> {
  const appointment = await authorizeCheckIn(db, context, appointmentId, "checkin.read");
  return loadCheckInForm(db, appointment, await progressOf(db, appointment, now));
}

/**
 * Stamps the visit's check-in complete once every step it asks is done; it
 * stays complete. Every step's save ends here, the intake's (lib/intake) too.
 */
export async function completeCheckInIfDone(db: Database, visit: CheckInVisit, now: Date): Promise<CheckInProgress> {
  const progress = await progressOf(db, visit, now);
  if (firstStepToDo(progress.done) === null) {
    await db.visitCheckIn.updateMany({ where: { appointmentId: visit.id, completedAt: null }, data: { completedAt: now } });
  }
  return progress;
}

async function completeIfDone(db: Database, appointment: CheckInAppointment, now: Date): Promise<CheckInForm> {
  return loadCheckInForm(db, appointment, await completeCheckInIfDone(db, appointment, now));
}

/** Saves one step's fields on the visit's check-in, creating it on the first step. */
function saveStep(
  db: Pick<Database, "visitCheckIn">,
  appointment: CheckInAppointment,
  data: Omit<Prisma.VisitCheckInUncheckedCreateInput, "appointmentId" | "patientId">,
) {
  return db.visitCheckIn.upsert({
    where: { appointmentId: appointment.id },
    create: { appointmentId: appointment.id, patientId: appointment.patientId, ...data },
    update: data,
  });
}

/** "Where are you right now?": confirmed at every visit. */
export async function saveCheckInLocation(db: Database, context: RequestContext, appointmentId: string, input: unknown, now = new Date()) {
  const location = locationInput.parse(input);
  const appointment = await authorizeCheckIn(db, context, appointmentId, "checkin.write", "location");
  await saveStep(db, appointment, { ...location, locationConfirmedAt: now });
  return completeIfDone(db, appointment, now);
}

function signingMethod(context: RequestContext): string {
  return context.actor.kind === "visitLink" ? "visit-link" : "portal";
}

/**
 * Signs (or, for recording, answers) the consent version the patient read. It
 * must still be the current one: a version superseded while they read is
 * refused, so they read the new one. A telehealth consent lasts as long as the
 * state they said they are in sets (DEFAULT_CONSENT_EXPIRY_MONTHS otherwise).
 */
export async function signCheckInConsent(db: Database, context: RequestContext, appointmentId: string, input: unknown, now = new Date()) {
  const { consentVersionId, typedName, accepted } = consentInput.parse(input);
  const appointment = await authorizeCheckIn(db, context, appointmentId, "checkin.write", "consent");
  const version = await db.consentVersion.findUnique({ where: { id: consentVersionId } });
  if (!version) throw new CheckInError("UNKNOWN_CONSENT", "That consent does not exist. Reload the page to read the current one.", "consent");
  const current = await currentConsentVersion(db, version.kind);
  if (current?.id !== version.id) {
    throw new CheckInError("CONSENT_SUPERSEDED", "The clinic has published a newer version of this consent. Read it and sign again.", "consent");
  }
  const telehealth = version.kind === "TELEHEALTH";
  if (telehealth && !accepted) {
    throw new CheckInError(
      "TELEHEALTH_CONSENT_DECLINED",
      "A video visit needs your consent. If you do not want to give it, call the clinic to arrange another kind of visit.",
      "consent",
    );
  }
  if (!signatureMatchesName(typedName, appointment.patient)) {
    throw new CheckInError("NAME_MISMATCH", "Type your full name as the clinic has it on record: first name, then last name.", "consent");
  }
  const checkIn = await db.visitCheckIn.findUnique({ where: { appointmentId: appointment.id }, select: { state: true, locationConfirmedAt: true } });
  if (!checkIn?.locationConfirmedAt || !checkIn.state) {
    throw new CheckInError("LOCATION_FIRST", "Tell us where you are first: how long your consent lasts depends on your state.", "location");
  }
  const policy = telehealth ? await db.telehealthStatePolicy.findUnique({ where: { state: checkIn.state } }) : null;
  await db.$transaction(async (tx) => {
    const signature = await tx.consentSignature.create({
      data: {
        patientId: appointment.patientId,
        consentVersionId: version.id,
        appointmentId: appointment.id,
        accepted,
        typedName,
        method: signingMethod(context),
        ipAddress: context.ip ?? "unknown",
        userAgent: context.userAgent ?? "unknown",
        signedAt: now,
        // Recording consent is asked once per version; only telehealth consent runs out.
        expiresAt: telehealth ? consentExpiresAt(now, policy?.consentExpiryMonths ?? DEFAULT_CONSENT_EXPIRY_MONTHS) : null,
      },
    });
    await tx.visitCheckIn.update({
      where: { appointmentId: appointment.id },
      data: telehealth ? { telehealthConsentId: signature.id } : { recordingConsentId: signature.id },
    });
  });
  return completeIfDone(db, appointment, now);
}

/**
 * The date of birth the patient types must be the record's. A wrong one only
 * counts a try (on the check-in row, so the portal and the visit link share
 * the count); after DATE_OF_BIRTH_TRIES the step stops asking, even for the
 * right date, and the physician sees it was not confirmed. Every wrong or
 * refused try is audited.
 */
export async function confirmCheckInIdentity(db: Database, context: RequestContext, appointmentId: string, input: unknown, now = new Date()) {
  const { dateOfBirth } = identityInput.parse(input);
  const appointment = await authorizeCheckIn(db, context, appointmentId, "checkin.write", "identity");
  const matches = appointment.patient.dateOfBirth.toISOString().slice(0, 10) === dateOfBirth;
  // The row the tries are counted on; tries sent together must not trip over each other creating it.
  await db.visitCheckIn.createMany({ data: [{ appointmentId: appointment.id, patientId: appointment.patientId }], skipDuplicates: true });
  // One conditional UPDATE per try: PostgreSQL re-checks the condition on a row another try just changed, so tries sent together cannot pass the limit.
  const { count } = await db.visitCheckIn.updateMany({
    where: { appointmentId: appointment.id, dateOfBirthConfirmedAt: null, dateOfBirthFailedTries: { lt: DATE_OF_BIRTH_TRIES } },
    data: matches ? { dateOfBirthConfirmedAt: now } : { dateOfBirthFailedTries: { increment: 1 } },
  });
  if (count === 1 && matches) return completeIfDone(db, appointment, now);
  const { dateOfBirthConfirmedAt, dateOfBirthFailedTries } = await db.visitCheckIn.findUniqueOrThrow({
    where: { appointmentId: appointment.id },
    select: { dateOfBirthConfirmedAt: true, dateOfBirthFailedTries: true },
  });
  // Confirmed already (another tab, a double click): a date is not judged again, which would give a guesser tries without end.
  if (dateOfBirthConfirmedAt) return completeIfDone(db, appointment, now);
  await recordAudit(db, {
    ...auditActor(context),
    action: "checkin.identity",
    patientId: appointment.patientId,
    resourceType: "appointment",
    resourceId: appointment.id,
    outcome: "DENIED",
    reason:
      count === 1
        ? `date of birth did not match the record (wrong try ${dateOfBirthFailedTries} of ${DATE_OF_BIRTH_TRIES})`
        : `date of birth not asked again: ${dateOfBirthFailedTries} wrong tries used up`,
  });
  if (dateOfBirthTriesUsedUp(dateOfBirthFailedTries)) {
    // Out of tries the step counts as done, so the check-in may be complete now.
    await completeCheckInIfDone(db, appointment, now);
    throw new CheckInError(
      "DATE_OF_BIRTH_TRIES_USED_UP",
      `The date of birth was not confirmed after ${DATE_OF_BIRTH_TRIES} tries, so it is not asked again for this visit. Call the clinic to check the date on your record; your doctor will confirm who you are at the start of the visit.`,
      "identity",
    );
  }
  const left = DATE_OF_BIRTH_TRIES - dateOfBirthFailedTries;
  throw new CheckInError(
    "DATE_OF_BIRTH_MISMATCH",
    `That date of birth does not match our records. Check it and try again (${left} ${left === 1 ? "try" : "tries"} left), or call the clinic.`,
    "identity",
  );
}

/**
 * The patient's language and whether they need an interpreter, kept on the
 * visit and as their preference; `locale` is the pages' language it picks, if
 * they speak one of ours (the route keeps it in the locale cookie).
 */
export async function saveCheckInLanguage(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  input: unknown,
  now = new Date(),
): Promise<{ form: CheckInForm; locale: Locale | null }> {
  const language = languageInput.parse(input);
  const appointment = await authorizeCheckIn(db, context, appointmentId, "checkin.write", "language");
  await db.$transaction(async (tx) => {
    await saveStep(tx, appointment, { ...language, languageConfirmedAt: now });
    await tx.patient.update({ where: { id: appointment.patientId }, data: { preferredLanguage: language.preferredLanguage } });
  });
  return { form: await completeIfDone(db, appointment, now), locale: supportedLocaleOf(language.preferredLanguage) };
}

/** What the physician sees of the patient's check-in before admitting them. */
export async function getCheckInSummary(db: Database, context: RequestContext, appointmentId: string, now = new Date()): Promise<CheckInSummaryView> {
  const appointment = await authorizeCheckIn(db, context, appointmentId, "checkin.read");
  const [checkIn, consents] = await Promise.all([
    db.visitCheckIn.findUnique({ where: { appointmentId: appointment.id }, include: { recordingConsent: { select: { accepted: true } } } }),
    consentState(db, appointment.patientId, now),
  ]);
  const location = checkIn?.locationConfirmedAt ? locationOf(checkIn) : null;
  const signature = consents.telehealthSignature;
  return {
    completedAt: checkIn?.completedAt?.toISOString() ?? null,
    location: location && checkIn?.locationConfirmedAt ? { ...location, confirmedAt: checkIn.locationConfirmedAt.toISOString() } : null,
    consent: {
      status: consents.telehealth,
      version: signature?.consentVersion.version ?? null,
      signedAt: signature?.signedAt.toISOString() ?? null,
      expiresAt: signature?.expiresAt?.toISOString() ?? null,
    },
    recordingConsent: consents.recordingAnswer ? (consents.recordingAnswer.accepted ? "accepted" : "declined") : null,
    dateOfBirthConfirmedAt: checkIn?.dateOfBirthConfirmedAt?.toISOString() ?? null,
    dateOfBirthFailedTries: checkIn?.dateOfBirthFailedTries ?? 0,
    preferredLanguage: checkIn?.languageConfirmedAt ? checkIn.preferredLanguage : null,
    interpreterNeeded: checkIn?.languageConfirmedAt ? checkIn.interpreterNeeded : false,
    interpreterLanguage: checkIn?.languageConfirmedAt ? checkIn.interpreterLanguage : null,
  };
}

const CONSENT_REFUSALS: Partial<Record<ConsentStatus, () => CheckInError>> = {
  expired: () => new CheckInError("CONSENT_EXPIRED", "Your telehealth consent has expired. Sign the updated consent to join the waiting room.", "consent"),
  superseded: () =>
    new CheckInError("CONSENT_SUPERSEDED", "The clinic has updated its telehealth consent. Sign the updated consent to join the waiting room.", "consent"),
};

/**
 * Refuses the patient's way into the waiting room until their check-in for
 * the visit is complete, and whenever their telehealth consent no longer
 * counts: it may have run out, or been superseded, since they checked in.
 */
export async function assertReadyForWaitingRoom(db: Database, visit: CheckInVisit, now: Date): Promise<void> {
  const { checkIn, consents, done } = await progressOf(db, visit, now);
  const step = firstStepToDo(done);
  if (step === null) return;
  const refusal = CONSENT_REFUSALS[consents.telehealth];
  if (checkIn?.completedAt && refusal) throw refusal();
  throw new CheckInError("CHECK_IN_REQUIRED", "Finish checking in for your visit before you join the waiting room.", step);
}
