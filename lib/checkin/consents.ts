import "server-only";
import { actingUserId, authorize, type RequestContext } from "@/lib/auth/access";
import { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";
import { DEFAULT_CONSENT_EXPIRY_MONTHS } from "./consent-rules";
import { CheckInError } from "./errors";
import { publishConsentInput, stateConsentExpiryInput } from "./inputs";

// The administrator's side of consent: publishing a new version of a consent
// (which supersedes every earlier one, so patients sign it at their next
// check-in) and how long a telehealth consent lasts in each state.

const CLINIC = { type: "clinic" } as const;

/** Every published version, newest first per kind, and the states with an expiry of their own. */
export async function listConsentSettings(db: Database, context: RequestContext) {
  await authorize(db, context, "consent.manage", CLINIC, { detail: "list consents" });
  const [versions, statePolicies] = await Promise.all([
    db.consentVersion.findMany({
      orderBy: [{ kind: "asc" }, { version: "desc" }],
      select: { id: true, kind: true, version: true, title: true, publishedAt: true, publishedBy: { select: { name: true } } },
    }),
    db.telehealthStatePolicy.findMany({ orderBy: { state: "asc" } }),
  ]);
  const newest = new Map<string, string>();
  for (const version of versions) if (!newest.has(version.kind)) newest.set(version.kind, version.id);
  return {
    versions: versions.map((version) => ({ ...version, publishedBy: version.publishedBy.name, current: newest.get(version.kind) === version.id })),
    statePolicies,
    defaultExpiryMonths: DEFAULT_CONSENT_EXPIRY_MONTHS,
  };
}

/** Publishes the next version of a consent; from now on patients are asked to sign it. */
export async function publishConsentVersion(db: Database, context: RequestContext, input: unknown, now = new Date()) {
  const consent = publishConsentInput.parse(input);
  await authorize(db, context, "consent.manage", CLINIC, { detail: `publish ${consent.kind} consent` });
  const latest = await db.consentVersion.findFirst({ where: { kind: consent.kind }, orderBy: { version: "desc" }, select: { version: true } });
  try {
    return await db.consentVersion.create({
      data: { ...consent, version: (latest?.version ?? 0) + 1, publishedById: actingUserId(context), publishedAt: now },
      select: { id: true, kind: true, version: true },
    });
  } catch (error) {
    // (kind, version) is unique: someone else published the same number a moment ago.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new CheckInError("CONSENT_VERSION_TAKEN", "Another version of this consent was published meanwhile. Reload the page and check it before publishing.");
    }
    throw error;
  }
}

/** How many months a telehealth consent signed in this state lasts. */
export async function setStateConsentExpiry(db: Database, context: RequestContext, input: unknown) {
  const { state, consentExpiryMonths } = stateConsentExpiryInput.parse(input);
  await authorize(db, context, "consent.manage", CLINIC, { detail: `consent expiry ${state} ${consentExpiryMonths} months` });
  return db.telehealthStatePolicy.upsert({ where: { state }, create: { state, consentExpiryMonths }, update: { consentExpiryMonths } });
}
