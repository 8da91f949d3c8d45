import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import { auditActor } from "../access";
import type { ClientInfo } from "../client-info";
import type { Actor } from "../policy";
import type { VisitLinkRefusal } from "./visit-links";

export type LinkCredential = "visitLink" | "visitGuest";

/** The actor the link stood for, so the event names it as a working link's would; anonymous when it is not one of ours. */
function refusedActor(credential: LinkCredential, { link }: VisitLinkRefusal): Actor {
  if (!link) return { kind: "anonymous" };
  return credential === "visitLink"
    ? { kind: "visitLink", linkId: link.id, appointmentId: link.appointmentId, patientId: link.patientId }
    : { kind: "visitGuest", guestId: link.id, appointmentId: link.appointmentId, patientId: link.patientId, displayName: "" };
}

/**
 * A visit or guest link that did not open anything: audited as refused, with
 * the link, its visit and its patient when it is one of ours (never the
 * token), so a patient's access history shows an expired, revoked or forged
 * link being tried.
 */
export function recordRefusedLink(db: Pick<Database, "$executeRaw">, client: ClientInfo, credential: LinkCredential, refusal: VisitLinkRefusal): Promise<void> {
  return recordAudit(db, {
    ...auditActor({ actor: refusedActor(credential, refusal), ...client }),
    action: credential === "visitLink" ? "auth.visitLink" : "auth.visitGuest",
    patientId: refusal.link?.patientId ?? null,
    resourceType: "appointment",
    resourceId: refusal.link?.appointmentId ?? null,
    outcome: "DENIED",
    reason: `${refusal.problem} link`,
  });
}
