import "server-only";
import { resolveVisitLink } from "@/lib/auth/links/visit-links";
import type { SessionUser } from "@/lib/auth/sessions/sessions";
import { getDb } from "@/lib/db/client";

// The pages a known patient sees speak the language their record prefers
// unless they chose another: the portal knows them by their session, the
// visit-link page by the link in its address (proxy.ts passes the path on).

const VISIT_LINK_PATH = /^\/visit\/(?!guest\/)([^/]+)\/?$/;

/** The patient this page is for, if the request says who: a signed-in patient, or the patient of a working visit link. */
async function patientIdOfRequest(user: SessionUser | null, pathname: string | null): Promise<string | null> {
  if (user?.patientId) return user.patientId;
  const token = pathname ? VISIT_LINK_PATH.exec(pathname)?.[1] : undefined;
  if (!token) return null;
  const resolved = await resolveVisitLink(getDb(), decodeURIComponent(token));
  return "actor" in resolved ? resolved.actor.patientId : null;
}

/** Patient.preferredLanguage of the patient the request is for, or null when none is known. */
export async function preferredLanguageOfRequest(user: SessionUser | null, pathname: string | null): Promise<string | null> {
  const patientId = await patientIdOfRequest(user, pathname);
  if (!patientId) return null;
  const patient = await getDb().patient.findUnique({ where: { id: patientId }, select: { preferredLanguage: true } });
  return patient?.preferredLanguage ?? null;
}
