import "server-only";
import { log } from "@/lib/observability/log";
import { z } from "zod";
import { reviewClinicalAccountChange } from "@/lib/audit/access-reviews";
import { recordAudit } from "@/lib/audit/record";
import type { Role } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { auditActor, authorize, type RequestContext } from "../access";
import { issueInvitation } from "../links/invitations";
import { ownAccountOf } from "./account";
import { requireRecentAuthentication } from "./reauthentication";
import { revokeAllSessions } from "../sessions/sessions";

// Administrators manage staff accounts. Patient accounts are not listed or
// changed here: a patient's name and email are demographics, which the access
// policy keeps from administrators. A physician account an administrator
// creates or re-enables reads charts, so it enters the access review queue and
// is announced to the other administrators.

const CLINIC = { type: "clinic" } as const;

/** Canonical IANA zone names, the list a physician's time zone is chosen from. */
export const SUPPORTED_TIME_ZONES: readonly string[] = Intl.supportedValuesOf("timeZone");
const timeZones = new Set(SUPPORTED_TIME_ZONES);

// Control characters and bidirectional overrides would let a name disguise
// itself (or what follows it) in lists, emails and the audit trail.
const UNSAFE_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

function plainText(what: string, max: number) {
  return z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `Use at most ${max} characters.`)
    .refine((value) => !UNSAFE_CHARACTERS.test(value), "Remove the control characters.");
}

const emailAddress = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "Use at most 254 characters.")
  .pipe(z.email("Enter an email address like name@example.org."));

const person = { name: plainText("the person's name", 120), email: emailAddress };

export const createUserInput = z.discriminatedUnion(
  "role",
  [
    z.object({ ...person, role: z.enum(["SCHEDULER", "ADMIN"]) }),
    z.object({
      ...person,
      role: z.literal("PHYSICIAN"),
      specialty: plainText("the specialty", 120),
      licenseNumber: plainText("the license number", 64),
      timeZone: z
        .string({ error: "Choose a time zone." })
        .refine((zone) => timeZones.has(zone), "Choose a time zone from the list."),
    }),
  ],
  { error: "Choose a role: physician, scheduler or administrator." },
);

export type CreateUserInput = z.input<typeof createUserInput>;

export const userReference = z.object({ userId: z.string().trim().min(1).max(64) });

export type UserReference = z.input<typeof userReference>;

export type AccountStatus = "active" | "invited" | "invitation-expired" | "disabled";

export interface StaffAccount {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: AccountStatus;
  mfaEnabled: boolean;
  /** The administrator looking at the list. */
  isYou: boolean;
}

export type FieldErrors = Partial<Record<string, string>>;

export type Refusal = { ok: false; error: string; fieldErrors?: FieldErrors };

interface ChangedUser {
  id: string;
  name: string;
  email: string;
}

export type UserChangeResult = { ok: true; user: ChangedUser } | Refusal;

export type CreateUserResult = { ok: true; user: ChangedUser; invitationSent: boolean } | Refusal;

const NOT_FOUND: Refusal = { ok: false, error: "There is no staff account with this ID." };

/** The first problem with each field, keyed by field name. */
export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  return fieldErrors;
}

function invalidInput(error: z.ZodError): Refusal {
  return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsFrom(error) };
}

function actingUserId(context: RequestContext): string | null {
  return context.actor.kind === "user" ? context.actor.userId : null;
}

function recordUserChange(db: Pick<Database, "$executeRaw">, context: RequestContext, action: string, userId: string): Promise<void> {
  return recordAudit(db, {
    ...auditActor(context),
    action,
    patientId: null,
    resourceType: "user",
    resourceId: userId,
    outcome: "ALLOWED",
  });
}

type StaffAccountRow = ChangedUser & { role: Role; passwordHash: string | null; disabledAt: Date | null };

/** Authorizes the administrator, then finds the staff account the input names. */
async function authorizeChangeTo(
  db: Database,
  context: RequestContext,
  input: UserReference,
): Promise<StaffAccountRow | Refusal> {
  await authorize(db, context, "users.manage", CLINIC);
  const parsed = userReference.safeParse(input);
  const user =
    parsed.success &&
    (await db.user.findFirst({
      where: { id: parsed.data.userId, role: { not: "PATIENT" } },
      select: { id: true, name: true, email: true, role: true, passwordHash: true, disabledAt: true },
    }));
  return user || NOT_FOUND;
}

/** The review-queue entry for a physician account this administrator opened. */
function clinicalAccountChange(kind: "CLINICAL_ACCOUNT_CREATED" | "CLINICAL_ACCOUNT_ENABLED", context: RequestContext, accountId: string) {
  // users.manage has been authorized, so an administrator is signed in.
  return { kind, administratorId: actingUserId(context)!, accountId };
}

const changed = (user: StaffAccountRow): UserChangeResult => ({
  ok: true,
  user: { id: user.id, name: user.name, email: user.email },
});

function accountStatus(user: { disabledAt: Date | null; passwordHash: string | null }, invitationPending: boolean): AccountStatus {
  if (user.disabledAt !== null) return "disabled";
  if (user.passwordHash !== null) return "active";
  return invitationPending ? "invited" : "invitation-expired";
}

export const USER_SORT_KEYS = ["name", "role"] as const;
export const SORT_DIRECTIONS = ["asc", "desc"] as const;

/** The staff list's order as the address gives it (?sort=role&direction=desc); anything else is by name, A to Z. */
export const userListInput = z.object({
  sort: z.enum(USER_SORT_KEYS).default("name").catch("name"),
  direction: z.enum(SORT_DIRECTIONS).default("asc").catch("asc"),
});
export type UserListOrder = z.output<typeof userListInput>;

/**
 * Every staff account, with what an administrator needs to decide what to do
 * about it, by name or by role (then by name). Roles sort by their code, which
 * is also the alphabetical order of their names (administrator, physician, scheduler).
 */
export async function listUsers(db: Database, context: RequestContext, order: { sort?: unknown; direction?: unknown } = {}): Promise<StaffAccount[]> {
  const { sort, direction } = userListInput.parse(order);
  await authorize(db, context, "users.manage", CLINIC);
  const users = await db.user.findMany({
    where: { role: { not: "PATIENT" } },
    select: { id: true, name: true, email: true, role: true, passwordHash: true, disabledAt: true, mfaEnabledAt: true },
    orderBy: [{ name: sort === "name" ? direction : "asc" }, { id: "asc" }],
  });
  // Stable, so people keep their order by name within a role. PostgreSQL orders an enum by its declaration instead.
  if (sort === "role") users.sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0) * (direction === "asc" ? 1 : -1));
  const invitedEmails = users.filter((user) => user.passwordHash === null).map((user) => user.email);
  const pending = await db.verificationToken.findMany({
    where: { identifier: { in: invitedEmails }, expires: { gt: new Date() } },
    select: { identifier: true },
  });
  const hasPendingInvitation = new Set(pending.map((invitation) => invitation.identifier));
  const you = actingUserId(context);

  return users.map((user) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    status: accountStatus(user, hasPendingInvitation.has(user.email)),
    mfaEnabled: user.mfaEnabledAt !== null,
    isYou: user.id === you,
  }));
}

/** Adds a staff member (and their physician record) and emails them an invitation to set a password. */
export async function createUser(db: Database, context: RequestContext, input: CreateUserInput): Promise<CreateUserResult> {
  await authorize(db, context, "users.manage", CLINIC);
  const parsed = createUserInput.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { name, email, role } = parsed.data;

  const emailTaken: Refusal = {
    ok: false,
    error: "Check the highlighted fields.",
    fieldErrors: { email: "An account with this email address already exists." },
  };
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) return emailTaken;

  let user;
  try {
    user = await db.$transaction(async (tx) => {
      // A new physician offers every visit type the clinic books; schedulers narrow it on the availability page.
      const activeVisitTypes = role === "PHYSICIAN" ? await tx.visitType.findMany({ where: { isActive: true }, select: { id: true } }) : [];
      const created = await tx.user.create({
        data: {
          name,
          email,
          role,
          physician:
            parsed.data.role === "PHYSICIAN"
              ? {
                  create: {
                    specialty: parsed.data.specialty,
                    licenseNumber: parsed.data.licenseNumber,
                    timeZone: parsed.data.timeZone,
                    offeredVisitTypes: { create: activeVisitTypes.map((visitType) => ({ visitTypeId: visitType.id })) },
                  },
                }
              : undefined,
        },
        select: { id: true, name: true, email: true },
      });
      await recordUserChange(tx, context, "user.create", created.id);
      if (role === "PHYSICIAN") await reviewClinicalAccountChange(tx, clinicalAccountChange("CLINICAL_ACCOUNT_CREATED", context, created.id));
      return created;
    });
  } catch (error) {
    // Another administrator added the same address between the check and the insert.
    if (isUniqueViolation(error)) return emailTaken;
    throw error;
  }

  try {
    await issueInvitation(db, user);
    return { ok: true, user, invitationSent: true };
  } catch (error) {
    // The account exists either way; the administrator can resend once mail works.
    log.error({ err: error, userId: user.id }, "could not send the invitation email");
    return { ok: true, user, invitationSent: false };
  }
}

/** Stops the account from signing in and ends every session it has, at once. */
export async function disableUser(db: Database, context: RequestContext, input: UserReference): Promise<UserChangeResult> {
  const user = await authorizeChangeTo(db, context, input);
  if ("ok" in user) return user;
  if (user.id === actingUserId(context)) {
    return { ok: false, error: "You cannot disable your own account. Ask another administrator." };
  }
  if (user.disabledAt !== null) return { ok: false, error: `${user.name}'s account is already disabled.` };

  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { disabledAt: now } });
    await recordUserChange(tx, context, "user.disable", user.id);
  });
  // After the commit: from then on sign-in refuses the account, so no session can begin after these are revoked.
  await revokeAllSessions(db, user.id, now);
  return changed(user);
}

/** Lets a disabled account sign in again. */
export async function enableUser(db: Database, context: RequestContext, input: UserReference): Promise<UserChangeResult> {
  const user = await authorizeChangeTo(db, context, input);
  if ("ok" in user) return user;
  if (user.disabledAt === null) return { ok: false, error: `${user.name}'s account is not disabled.` };

  const now = new Date();
  // Sessions from before the account was disabled must not come back to life,
  // even if revoking them when it was disabled failed.
  await revokeAllSessions(db, user.id, now);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { disabledAt: null } });
    await recordUserChange(tx, context, "user.enable", user.id);
    if (user.role === "PHYSICIAN") await reviewClinicalAccountChange(tx, clinicalAccountChange("CLINICAL_ACCOUNT_ENABLED", context, user.id));
  });
  return changed(user);
}

/**
 * For a lost or stolen authenticator: removes the TOTP secret and recovery
 * codes and signs the user out, so they enrol afresh at their next sign-in.
 * It opens the account to whoever enrols next, so the administrator must have
 * confirmed who they are within the last 5 minutes.
 */
export async function resetMfa(db: Database, context: RequestContext, input: UserReference): Promise<UserChangeResult> {
  const user = await authorizeChangeTo(db, context, input);
  if ("ok" in user) return user;
  // authorize() has refused anyone but a signed-in administrator.
  const administrator = { ...context, actor: context.actor as Extract<RequestContext["actor"], { kind: "user" }> };
  await requireRecentAuthentication(db, ownAccountOf(administrator), "user.mfa.reset");

  const now = new Date();
  // Sessions end first: a session left open once MFA is cleared could enrol
  // the thief's authenticator.
  await revokeAllSessions(db, user.id, now);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { mfaSecret: null, mfaEnabledAt: null, mfaLastUsedStep: null },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await recordUserChange(tx, context, "user.mfa.reset", user.id);
  });
  return changed(user);
}

/** Emails a fresh invitation link to someone who has not set a password yet; the old link stops working. */
export async function resendInvitation(db: Database, context: RequestContext, input: UserReference): Promise<UserChangeResult> {
  const user = await authorizeChangeTo(db, context, input);
  if ("ok" in user) return user;
  if (user.passwordHash !== null) return { ok: false, error: `${user.name} has already set a password.` };
  if (user.disabledAt !== null) return { ok: false, error: `${user.name}'s account is disabled. Enable it first.` };

  try {
    await issueInvitation(db, user);
  } catch (error) {
    log.error({ err: error, userId: user.id }, "could not send the invitation email");
    return { ok: false, error: "The invitation email could not be sent. Try again later." };
  }
  await recordUserChange(db, context, "user.invite.resend", user.id);
  return changed(user);
}
