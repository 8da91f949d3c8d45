import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/http/app-error";
import type { Role } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { careSettings } from "./care-settings";
import {
  decide,
  OPEN_VISIT_GRACE_MS,
  patientOf,
  type Action,
  type Actor,
  type CareAppointment,
  type CareBoundaries,
  type Decision,
  type Facts,
  type Resource,
} from "./policy";

/** Who is asking, and from where: what every access check and audit event needs. */
export interface RequestContext {
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
  /** The signed-in user's session, when the request came with one. */
  sessionKey?: string;
}

export class AccessDeniedError extends AppError {
  override name = "AccessDeniedError";
  readonly code = "ACCESS_DENIED";
  constructor(
    message: string,
    /** 401 when signing in would help, 403 when it would not. */
    readonly status: 401 | 403,
    readonly breakGlassAvailable = false,
  ) {
    super(message);
  }

  protected override details() {
    return { breakGlassAvailable: this.breakGlassAvailable };
  }
}

/** What a visitor without a working credential is told. */
const SIGN_IN_TO_CONTINUE = "Sign in to continue.";

/** The resource does not exist; the attempt has been audited. The body never says which id was missing. */
export class ResourceNotFoundError extends AppError {
  override name = "ResourceNotFoundError";
  readonly status = 404;
  readonly code = "NOT_FOUND";

  override body() {
    return { error: "Not found.", code: this.code };
  }
}

export interface AuthorizeOptions {
  /** Kept with an allowed attempt's event: what was asked for. */
  detail?: string;
  /** The request carried a valid TOTP code, now spent (break-glass). */
  freshSecondFactor?: boolean;
  /** Set by the FHIR API: the resource type read, which an integration's scopes decide on. */
  fhirResourceType?: string;
}

export interface Grant {
  breakGlass: boolean;
}

/**
 * Decides whether the actor may perform the action on the resource, writes the
 * audit event for the attempt either way, and throws AccessDeniedError when it
 * is refused. Call it in the same code path as the access it guards.
 * `detail` is kept with an allowed attempt's event (what was asked for);
 * `freshSecondFactor` says the request carried a valid, now spent, TOTP code.
 */
export async function authorize(
  db: Database,
  context: RequestContext,
  action: Action,
  resource: Resource,
  options: AuthorizeOptions = {},
): Promise<Grant> {
  const { boundaries } = careSettings();
  const facts = await gatherFacts(db, context.actor, resource, new Date(), boundaries);
  const outcome = await decideAndRecord(db, context, action, resource, facts, boundaries, options);
  if (outcome instanceof AccessDeniedError) throw outcome;
  return outcome;
}

/**
 * authorize() for several actions on one resource (a patient's record read
 * type by type): the facts are looked up once and each action decided on them;
 * every attempt is audited (the events go in one INSERT), and each answer is
 * returned, a refusal as its AccessDeniedError, for a caller that leaves out
 * what it may not read.
 */
export async function authorizeActions(
  db: Database,
  context: RequestContext,
  resource: Resource,
  requests: readonly { action: Action; options?: AuthorizeOptions }[],
): Promise<(Grant | AccessDeniedError)[]> {
  const { boundaries } = careSettings();
  const facts = await gatherFacts(db, context.actor, resource, new Date(), boundaries);
  return Promise.all(requests.map(({ action, options }) => decideAndRecord(db, context, action, resource, facts, boundaries, options)));
}

async function decideAndRecord(
  db: Database,
  context: RequestContext,
  action: Action,
  resource: Resource,
  facts: Facts,
  boundaries: CareBoundaries,
  options: AuthorizeOptions = {},
): Promise<Grant | AccessDeniedError> {
  const { freshSecondFactor, fhirResourceType } = options;
  const decision = decide({ actor: context.actor, action, resource, facts, boundaries, freshSecondFactor, fhirResourceType });
  await recordAudit(db, {
    ...auditActor(context),
    action,
    patientId: patientOf(resource),
    resourceType: resource.type,
    resourceId: resourceId(resource),
    outcome: decision.allowed ? "ALLOWED" : "DENIED",
    breakGlass: decision.allowed && decision.breakGlass,
    reason: decision.allowed ? allowedReason(decision.breakGlass ? facts.breakGlassGrant : null, options.detail) : decision.reason,
  });
  return decision.allowed ? { breakGlass: decision.breakGlass } : deniedError(context.actor, resource, decision);
}

/** What an allowed event says: the break-glass grant it went through, and what was asked for. */
function allowedReason(grant: Facts["breakGlassGrant"], detail: string | undefined): string | null {
  const parts = [grant ? `break-glass grant ${grant.id}` : null, detail ?? null].filter((part) => part !== null);
  return parts.length > 0 ? parts.join("; ") : null;
}

/**
 * The acting user's id, once authorize() has allowed an action only signed-in
 * users are allowed; anyone else is refused as a visitor who must sign in.
 */
export function actingUserId(context: RequestContext): string {
  if (context.actor.kind !== "user") throw new AccessDeniedError(SIGN_IN_TO_CONTINUE, 401);
  return context.actor.userId;
}

/**
 * authorize() for every resource of a list read at once. The checks run
 * together, so their audit events go to the database in one INSERT instead of
 * one per row; every attempt is recorded, and the first refusal is thrown.
 */
export async function authorizeEach(
  db: Database,
  context: RequestContext,
  action: Action,
  resources: readonly Resource[],
  options: AuthorizeOptions = {},
): Promise<void> {
  await Promise.all(resources.map((resource) => authorize(db, context, action, resource, options)));
}

/**
 * Records an attempt on something that does not exist, then throws
 * ResourceNotFoundError. Besides the policy's resources, a request may name a
 * record that is authorized through its patient (a prescription, a lab order).
 */
export async function refuseMissing(
  db: Database,
  context: RequestContext,
  action: Action,
  resourceType: Resource["type"] | "prescription" | "labOrder",
  id: string,
): Promise<never> {
  await recordAudit(db, {
    ...auditActor(context),
    action,
    patientId: null,
    resourceType,
    resourceId: id,
    outcome: "DENIED",
    reason: "not found",
  });
  throw new ResourceNotFoundError(`No ${resourceType} ${id}`);
}

export function auditActor(context: RequestContext) {
  return { ...auditIdentity(context.actor), ip: context.ip, userAgent: context.userAgent };
}

function auditIdentity(actor: Actor): { actorId: string | null; actorRole: Role | null } {
  switch (actor.kind) {
    case "user":
      return { actorId: actor.userId, actorRole: actor.role };
    case "visitLink":
      return { actorId: `visit-link:${actor.linkId}`, actorRole: "PATIENT" };
    case "replyLink":
      return { actorId: `reply-link:${actor.appointmentId}`, actorRole: "PATIENT" };
    case "visitGuest":
      // A guest has no role in the clinic; the id says who they are.
      return { actorId: `visit-guest:${actor.guestId}`, actorRole: null };
    case "integration":
      return { actorId: `integration:${actor.clientId}`, actorRole: null };
    case "anonymous":
      return { actorId: null, actorRole: null };
  }
}

interface FactsRow {
  appointments: Array<{ status: CareAppointment["status"]; startsAt: string; endsAt: string }>;
  breakGlassGrant: { id: string; expiresAt: string } | null;
}

/**
 * What the policy needs to know about a physician and the resource's patient:
 * their appointments whose care window could hold `now`, and an open
 * break-glass grant. Asked before every chart read, so it is one statement of
 * plain SQL (no ORM planning per query) over Appointment(patientId, startsAt)
 * and BreakGlassGrant(userId, patientId, expiresAt).
 */
async function gatherFacts(db: Database, actor: Actor, resource: Resource, now: Date, boundaries: CareBoundaries): Promise<Facts> {
  const patientId = patientOf(resource);
  if (actor.kind !== "user" || actor.physicianId === null || patientId === null) {
    return { now, careAppointments: [], breakGlassGrant: null };
  }
  const latestStart = new Date(now.getTime() + boundaries.beforeVisitMs);
  const earliestEnd = new Date(now.getTime() - Math.max(boundaries.afterCompletedVisitMs, OPEN_VISIT_GRACE_MS));
  const [row] = await db.$queryRaw<FactsRow[]>`
    SELECT
      (SELECT COALESCE(json_agg(json_build_object('status', a.status, 'startsAt', a."startsAt", 'endsAt', a."endsAt")), '[]'::json)
         FROM "Appointment" a
         WHERE a."patientId" = ${patientId} AND a."physicianId" = ${actor.physicianId}
           AND a."startsAt" <= ${latestStart} AND a."endsAt" >= ${earliestEnd}) AS appointments,
      (SELECT json_build_object('id', g.id, 'expiresAt', g."expiresAt")
         FROM "BreakGlassGrant" g
         WHERE g."userId" = ${actor.userId} AND g."patientId" = ${patientId} AND g."expiresAt" > ${now}
         ORDER BY g."expiresAt" DESC
         LIMIT 1) AS "breakGlassGrant"`;
  return {
    now,
    careAppointments: (row?.appointments ?? []).map((appointment) => ({
      status: appointment.status,
      startsAt: new Date(appointment.startsAt),
      endsAt: new Date(appointment.endsAt),
    })),
    breakGlassGrant: row?.breakGlassGrant ? { id: row.breakGlassGrant.id, expiresAt: new Date(row.breakGlassGrant.expiresAt) } : null,
  };
}

function resourceId(resource: Resource): string | null {
  switch (resource.type) {
    case "patient":
      return resource.patientId;
    case "appointment":
      return resource.appointmentId;
    case "physician":
      return resource.physicianId;
    case "accessReview":
      return resource.reviewId;
    case "clinic":
      return null;
  }
}

/**
 * A visit or guest link used anywhere but its own visit is answered as a link
 * that does not work (forged, expired, revoked), so the answer tells its holder
 * nothing about what they aimed it at; the audit event keeps the policy's reason.
 */
function deniedError(actor: Actor, resource: Resource, decision: Extract<Decision, { allowed: false }>): AccessDeniedError {
  const linkElsewhere =
    (actor.kind === "visitLink" || actor.kind === "visitGuest" || actor.kind === "replyLink") && !(resource.type === "appointment" && resource.appointmentId === actor.appointmentId);
  if (linkElsewhere) return new AccessDeniedError(SIGN_IN_TO_CONTINUE, 401);
  return new AccessDeniedError(decision.reason, actor.kind === "anonymous" ? 401 : 403, decision.breakGlassAvailable);
}
