// The video visit's calls to our JSON APIs. A patient who came by visit link,
// or a guest, has no session cookie: their link's token travels in the
// Authorization header instead (the routes accept either). Refusals come back
// as values carrying the server's message (lib/client/api.ts).

import { callApi, fetchFile, type ApiResult } from "@/lib/client/api";
import { BACKGROUND_POLL_HEADER } from "@/lib/auth/sessions/idle-warning";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import type { VisitLicensure } from "@/lib/licensure/types";
import type { PatientCredential, VisitRole } from "@/lib/visits/participants";

export type { VisitRole };

/** How this browser proves who it is to the visit APIs. */
export type VisitCredentials = { kind: "session" } | { kind: "visitLink"; token: string } | { kind: "visitGuest"; token: string };

/** POST /api/visits/[appointmentId]/token */
export interface VisitTokenResponse {
  serverUrl: string;
  token: string;
  identity: string;
  role: VisitRole;
  admitted: boolean;
}

/** GET /api/visits/[appointmentId]/lobby */
export interface VisitLobbyResponse {
  status: AppointmentStatus;
  waiting: Array<{ identity: string; name: string; role: Exclude<VisitRole, "physician">; via?: PatientCredential; language?: string; joinedAt: string }>;
  admitted: Array<{ identity: string; name: string; role: VisitRole; via?: PatientCredential; language?: string }>;
  licensure: VisitLicensure;
}

/** GET /api/visits/[appointmentId]/roster: who is in the call, for those in it. */
export interface VisitRosterResponse {
  people: Array<{ identity: string; name: string; role: VisitRole; language?: string }>;
}

export interface VisitGuestEntry {
  id: string;
  displayName: string;
  relationship: string;
  role: "GUEST" | "INTERPRETER";
  language: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** GET /api/physician/waiting */
export interface PhysicianWaitingResponse {
  waiting: Array<{ appointmentId: string; patientName: string; since: string }>;
}

function authorizationHeader(credentials: VisitCredentials): Record<string, string> {
  switch (credentials.kind) {
    case "visitLink":
      return { Authorization: `VisitLink ${credentials.token}` };
    case "visitGuest":
      return { Authorization: `VisitGuest ${credentials.token}` };
    case "session":
      return {};
  }
}

export function callVisitApi<T>(
  path: string,
  {
    credentials = { kind: "session" },
    backgroundPoll = false,
    ...options
  }: { method?: string; body?: unknown; credentials?: VisitCredentials; signal?: AbortSignal; backgroundPoll?: boolean } = {},
): Promise<ApiResult<T>> {
  return callApi<T>(path, {
    ...options,
    headers: { ...authorizationHeader(credentials), ...(backgroundPoll ? { [BACKGROUND_POLL_HEADER]: "1" } : {}) },
  });
}

/** A file of the visit's to download (the after-visit summary's PDF), with the same credentials. */
export function fetchVisitFile(path: string, credentials: VisitCredentials) {
  return fetchFile(path, { headers: authorizationHeader(credentials) });
}
