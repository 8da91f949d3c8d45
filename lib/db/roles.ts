import "server-only";
import type { Queryable } from "./drift";

// The two kinds of database role (README, Database): the owner of the tables,
// which migrations run as, and the app's runtime role, a login member of the
// group below, which may change data but never the schema, the triggers or the
// audit trail. The migration 20261203090000_database_roles_and_audit_chain
// grants the group its rights.

export const RUNTIME_GROUP_ROLE = "clinic_runtime";

interface RoleFacts {
  role: string;
  superuser: boolean;
  creates_roles: boolean;
  controls_audit_trail: boolean;
  changes_audit_events: boolean;
}

/**
 * What makes the role a connection runs as unfit to be the app's: each entry
 * says how it could get around the audit trail's protection. Empty for a
 * member of clinic_runtime and nothing more.
 */
export async function runtimeRoleProblems(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<RoleFacts>(`
    SELECT current_user AS role,
           EXISTS (SELECT FROM pg_roles r WHERE r.rolsuper AND pg_has_role(current_user, r.oid, 'MEMBER')) AS superuser,
           EXISTS (SELECT FROM pg_roles r WHERE r.rolcreaterole AND pg_has_role(current_user, r.oid, 'MEMBER')) AS creates_roles,
           pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = '"AuditEvent"'::regclass), 'MEMBER') AS controls_audit_trail,
           has_table_privilege('"AuditEvent"', 'UPDATE, DELETE, TRUNCATE, TRIGGER') AS changes_audit_events`);
  const facts = rows[0]!;
  const problems: string[] = [];
  if (facts.superuser) problems.push(`${facts.role} is (or can become) a superuser, which bypasses every privilege and trigger`);
  if (facts.creates_roles) problems.push(`${facts.role} may create roles, and so grant itself the owner's`);
  if (facts.controls_audit_trail) problems.push(`${facts.role} owns (or can act as the owner of) the tables, so it could disable their triggers`);
  if (facts.changes_audit_events) problems.push(`${facts.role} may update, delete, truncate or add triggers to the audit trail`);
  return problems;
}
