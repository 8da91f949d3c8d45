import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/http/app-error";
import type { Role } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { decide, patientOf, type Action, type Actor, type Decision, type Resource } from "./policy";

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
  breakGlassReason?: string;
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
 */
export async function authorize(
  db: Database,
  context: RequestContext,
  action: Action,
  resource: Resource,
  options: AuthorizeOptions = {},
): Promise<Grant> {
  const facts = { treatingRelationship: await hasTreatingRelationship(db, context.actor, resource) };
  const decision = decide({ actor: context.actor, action, resource, facts, ...options });
  await recordAudit(db, {
    ...auditActor(context),
    action,
    patientId: patientOf(resource),
    resourceType: resource.type,
    resourceId: resourceId(resource),
    outcome: decision.allowed ? "ALLOWED" : "DENIED",
    breakGlass: decision.allowed && decision.breakGlass,
    reason: decision.allowed ? (decision.breakGlass ? options.breakGlassReason : null) : decision.reason,
  });
  if (!decision.allowed) throw deniedError(context.actor, decision);
  return { breakGlass: decision.breakGlass };
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
 * record that is authorized through its patient (a prescription).
 */
export async function refuseMissing(
  db: Database,
  context: RequestContext,
  action: Action,
  resourceType: Resource["type"] | "prescription",
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
    case "visitGuest":
      // A guest has no role in the clinic; the id says who they are.
      return { actorId: `visit-guest:${actor.guestId}`, actorRole: null };
    case "integration":
      return { actorId: `integration:${actor.clientId}`, actorRole: null };
    case "anonymous":
      return { actorId: null, actorRole: null };
  }
}

async function hasTreatingRelationship(db: Database, actor: Actor, resource: Resource): Promise<boolean> {
  const patientId = patientOf(resource);
  if (actor.kind !== "user" || actor.physicianId === null || patientId === null) return false;
  // Asked before every chart read: plain SQL skips the ORM's per-query planning.
  const [row] = await db.$queryRaw<{ treating: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "Appointment"
      WHERE "physicianId" = ${actor.physicianId} AND "patientId" = ${patientId} AND status <> 'CANCELLED'
    ) AS treating`;
  return row?.treating === true;
}

function resourceId(resource: Resource): string | null {
  switch (resource.type) {
    case "patient":
      return resource.patientId;
    case "appointment":
      return resource.appointmentId;
    case "physician":
      return resource.physicianId;
    case "clinic":
      return null;
  }
}

function deniedError(actor: Actor, decision: Extract<Decision, { allowed: false }>): AccessDeniedError {
  return new AccessDeniedError(decision.reason, actor.kind === "anonymous" ? 401 : 403, decision.breakGlassAvailable);
}
