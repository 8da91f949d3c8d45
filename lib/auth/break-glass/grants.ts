import "server-only";
import { z } from "zod";
import { BreakGlassReason } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { enqueueJob } from "@/lib/jobs/queue";
import { breakGlassNotice } from "@/lib/notifications/access-review-mail";
import { noControlCharacters } from "@/lib/scheduling/validation";
import { actingUserId, authorize, refuseMissing, type RequestContext } from "../access";
import { careSettings } from "../care-settings";
import { spendTotpCode } from "../mfa/totp-codes";
import type { Actor } from "../policy";
import { BreakGlassThrottledError } from "./errors";
import { BREAK_GLASS_DETAILS_MAX, BREAK_GLASS_DETAILS_MIN, BREAK_GLASS_REASONS } from "./reasons";

// Break-glass: a physician opens a chart outside their care relationship for
// a limited time, with a fresh code from their authenticator app and a stated
// reason. The grant is stored; while it is open the policy allows reading the
// chart (and prescribing), each access audited as break-glass. Every grant
// enters the administrators' review queue and is mailed to the privacy officer.

/** Refused attempts (wrong or reused codes) allowed in THROTTLE_WINDOW_MS before the next is refused outright. */
const MAX_REFUSED_ATTEMPTS = 5;
const THROTTLE_WINDOW_MS = 15 * 60_000;

export const openBreakGlassInput = z.strictObject({
  patientId: recordIdOf("patient"),
  reasonCode: z.enum(BreakGlassReason, "Choose why you need the chart."),
  reasonText: z
    .string("Say in your own words why you need the chart.")
    .trim()
    .min(BREAK_GLASS_DETAILS_MIN, `Say in at least ${BREAK_GLASS_DETAILS_MIN} characters why you need the chart.`)
    .max(BREAK_GLASS_DETAILS_MAX, `Keep the reason to ${BREAK_GLASS_DETAILS_MAX} characters.`)
    .refine(noControlCharacters, "Remove line breaks and other control characters."),
  code: z.string("Enter the code from your authenticator app.").trim().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."),
});

export type OpenBreakGlassInput = z.input<typeof openBreakGlassInput>;

export interface BreakGlassGrantView {
  id: string;
  patientId: string;
  expiresAt: Date;
}

/**
 * Opens a break-glass grant on the patient's chart for the acting physician,
 * if the code is their current TOTP code (spent by this use) and the policy
 * allows it; audited either way. The grant enters the review queue and the
 * privacy officer's mail in the same transaction.
 */
export async function openBreakGlass(
  db: Database,
  context: RequestContext,
  input: OpenBreakGlassInput,
  options: { now?: Date } = {},
): Promise<BreakGlassGrantView> {
  const { patientId, reasonCode, reasonText, code } = openBreakGlassInput.parse(input);
  const now = options.now ?? new Date();
  const patient = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
  if (!patient) return refuseMissing(db, context, "chart.breakGlass", "patient", patientId);
  await refuseWhenThrottled(db, context.actor, now);
  const freshSecondFactor = await spendActorsCode(db, context.actor, code, now);
  await authorize(
    db,
    context,
    "chart.breakGlass",
    { type: "patient", patientId },
    { freshSecondFactor, detail: `${BREAK_GLASS_REASONS[reasonCode]}: ${reasonText}` },
  );
  const userId = actingUserId(context);
  return db.$transaction(async (tx) => {
    const grant = await tx.breakGlassGrant.create({
      data: {
        userId,
        patientId,
        reasonCode,
        reasonText,
        grantedAt: now,
        expiresAt: new Date(now.getTime() + careSettings().breakGlassMs),
        review: { create: { kind: "BREAK_GLASS", actorId: userId, subjectUserId: userId, occurredAt: now } },
      },
      select: { id: true, patientId: true, expiresAt: true },
    });
    await enqueueJob(tx, breakGlassNotice(grant.id, now));
    return grant;
  });
}

/** The acting user's open break-glass grant on the patient, if any: what the chart page says about the access. */
export async function currentBreakGlassGrant(
  db: Database,
  context: RequestContext,
  patientId: string,
  now = new Date(),
): Promise<BreakGlassGrantView | null> {
  if (context.actor.kind !== "user") return null;
  return db.breakGlassGrant.findFirst({
    where: { userId: context.actor.userId, patientId, expiresAt: { gt: now } },
    orderBy: { expiresAt: "desc" },
    select: { id: true, patientId: true, expiresAt: true },
  });
}

async function spendActorsCode(db: Database, actor: Actor, code: string, now: Date): Promise<boolean> {
  if (actor.kind !== "user") return false;
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { id: true, mfaSecret: true, mfaEnabledAt: true } });
  if (!user || user.mfaEnabledAt === null) return false;
  return spendTotpCode(db, user, code, now);
}

/** Guessing codes costs a refusal each, all audited; past MAX_REFUSED_ATTEMPTS in the window, nothing more is tried. */
async function refuseWhenThrottled(db: Database, actor: Actor, now: Date): Promise<void> {
  if (actor.kind !== "user") return;
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const refused = await db.auditEvent.findMany({
    where: { actorId: actor.userId, action: "chart.breakGlass", outcome: "DENIED", occurredAt: { gt: since } },
    orderBy: { occurredAt: "desc" },
    take: MAX_REFUSED_ATTEMPTS,
    select: { occurredAt: true },
  });
  if (refused.length < MAX_REFUSED_ATTEMPTS) return;
  const oldest = refused[refused.length - 1]!.occurredAt;
  throw new BreakGlassThrottledError(Math.max(1, Math.ceil((oldest.getTime() + THROTTLE_WINDOW_MS - now.getTime()) / 1000)));
}
