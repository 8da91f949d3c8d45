import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse, type Browser, type BrowserContext } from "@playwright/test";
import { DEMO_PATIENT_EMAIL, DEMO_TOTP_SECRETS } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { discoverEndpoints } from "./support/endpoints";
import { callAction } from "./support/server-actions";
import { loadPhysicianCalendars } from "../lib/scheduling/slot-search";
import { computeFreeSlots } from "../lib/scheduling/slots";
import { connectToE2eDatabase } from "./support/server-state";
import { freshTotpCode, signInAs } from "./support/sign-in";

// Every route handler and server action in app/, called as each kind of actor
// over HTTP against the production build. A new route or action without an
// entry here fails the first test, so nothing ships without a policy decision.

const ACTORS = ["anonymous", "patient", "treatingPhysician", "unrelatedPhysician", "scheduler", "admin"] as const;
type ActorName = (typeof ACTORS)[number];
type Outcome = "allow" | "deny";

interface Fixtures {
  db: Database;
  /** Alex's latest completed visit, with the treating physician; its note is signed. */
  appointmentId: string;
  /** Alex, the demo patient. */
  patientId: string;
  /** A user only the admin actions act on, so they disturb no signed-in actor. */
  targetUserId: string;
  users: Record<Exclude<ActorName, "anonymous">, { id: string; email: string }>;
}

interface Call {
  request: APIRequestContext;
  /** Who is calling, for the calls that carry a credential of the caller's own (an authenticator code). */
  actor: ActorName;
  /** A unique client address, so the audit rows of exactly this call can be found. */
  ip: string;
  fixtures: Fixtures;
}

interface MatrixEntry {
  /** Why anyone may call it, for entries that need no policy decision. */
  public?: string;
  expect?: Record<ActorName, Outcome>;
  call: (call: Call) => Promise<APIResponse>;
  /** For route handlers: the status a denied actor gets (401 anonymous, 403 others). */
  deniedStatus?: true;
  /** For server actions: whether the response shows the policy refused the call. */
  refused?: (response: APIResponse, body: string) => boolean;
  /** Public entries with side effects on the caller are called only as these actors. */
  actors?: readonly ActorName[];
  /** State a denied call must leave untouched. */
  snapshot?: (fixtures: Fixtures) => Promise<unknown>;
}

const onlyAdmin: Record<ActorName, Outcome> = {
  anonymous: "deny",
  patient: "deny",
  treatingPhysician: "deny",
  unrelatedPhysician: "deny",
  scheduler: "deny",
  admin: "allow",
};
const anySignedIn: Record<ActorName, Outcome> = {
  anonymous: "deny",
  patient: "allow",
  treatingPhysician: "allow",
  unrelatedPhysician: "allow",
  scheduler: "allow",
  admin: "allow",
};
const onlyScheduler: Record<ActorName, Outcome> = { ...onlyAdmin, scheduler: "allow", admin: "deny" };
/** The patient's own visit (Alex's, with the treating physician), or the desk. */
const patientOrScheduler: Record<ActorName, Outcome> = { ...onlyScheduler, patient: "allow" };
/** The treating physician's own hours, or the desk. */
const ownPhysicianOrScheduler: Record<ActorName, Outcome> = { ...onlyScheduler, treatingPhysician: "allow" };
/** Joining the video visit: its patient and its physician. */
const visitParticipants: Record<ActorName, Outcome> = { ...onlyAdmin, admin: "deny", patient: "allow", treatingPhysician: "allow" };
/** Running the video visit (waiting room, admission, guests, ending): its physician only. */
const visitHost: Record<ActorName, Outcome> = { ...onlyAdmin, admin: "deny", treatingPhysician: "allow" };
/** Reading the chart (summary, labs, prescriptions, drug search): the patient's own, and their treating physicians'. */
const chartReaders: Record<ActorName, Outcome> = { ...onlyAdmin, admin: "deny", patient: "allow", treatingPhysician: "allow" };
/**
 * Visit history, notes and prescribing: the treating physician (for notes, the
 * appointment's physician) only. An unrelated physician's refusal offers
 * break-glass for reading; lib/chart and lib/notes test that path.
 */
const clinicianOnly: Record<ActorName, Outcome> = { ...onlyAdmin, admin: "deny", treatingPhysician: "allow" };
/** What only a registered integration (SMART Backend Services) may call. */
const noBrowserSession: Record<ActorName, Outcome> = { ...onlyAdmin, admin: "deny" };

// The fixture visit is over, so an allowed caller of some video-visit routes is
// told so (409) or that nobody is waiting (404): what the matrix checks is that
// only the policy's refusals answer 401/403, each with a DENIED audit event.
const refusedByPolicy = (response: APIResponse) => response.status() === 401 || response.status() === 403;

// Admin actions answer every refusal with an error state, and succeed for an admin.
const refusedAsNonAdmin = (_: APIResponse, body: string) => body.includes('"outcome":"error"');
// Account actions send someone without a session to sign in.
const sentToSignIn = (response: APIResponse) => (response.headers()["x-action-redirect"] ?? "").startsWith("/sign-in");
const usersSnapshot = ({ db }: Fixtures) =>
  db.user.findMany({ select: { id: true, disabledAt: true, mfaEnabledAt: true, passwordHash: true }, orderBy: { id: "asc" } });

const MATRIX: Record<string, MatrixEntry> = {
  "GET /api/health": { public: "liveness probe; reveals nothing", call: ({ request }) => request.get("/api/health") },
  "GET /api/auth/[...nextauth]": {
    public: "Auth.js protocol endpoints (CSRF token, session, sign-in pages)",
    call: ({ request }) => request.get("/api/auth/csrf"),
  },
  "POST /api/auth/[...nextauth]": {
    public: "Auth.js protocol endpoints (credentials callback, sign-out); credentials are checked by lib/auth/sign-in",
    call: ({ request }) => request.post("/api/auth/signout", { form: {} }),
  },
  "GET /api/visits/[appointmentId]/summary": {
    expect: {
      anonymous: "deny",
      patient: "allow",
      treatingPhysician: "allow",
      unrelatedPhysician: "deny",
      scheduler: "deny",
      admin: "deny",
    },
    deniedStatus: true,
    call: ({ request, ip, fixtures }) =>
      request.get(`/api/visits/${fixtures.appointmentId}/summary`, { headers: { "x-forwarded-for": ip } }),
  },
  // Video visits. Calls as the patient use their session; the visit-link and
  // guest-link credentials are covered by lib/visits and the video-visit e2e test.
  "POST /api/visits/[appointmentId]/token": {
    expect: visitParticipants,
    refused: refusedByPolicy,
    snapshot: (fixtures) => visitState(fixtures),
    call: ({ request, ip, fixtures }) => request.post(`/api/visits/${fixtures.appointmentId}/token`, { headers: { "x-forwarded-for": ip } }),
  },
  "GET /api/visits/[appointmentId]/roster": {
    // The policy lets the visit's people ask; a credential not admitted (the patient here) is then told 403 NOT_ADMITTED.
    expect: visitParticipants,
    refused: (response, body) => refusedByPolicy(response) && !body.includes('"NOT_ADMITTED"'),
    call: ({ request, ip, fixtures }) => request.get(`/api/visits/${fixtures.appointmentId}/roster`, { headers: { "x-forwarded-for": ip } }),
  },
  "GET /api/visits/[appointmentId]/lobby": {
    expect: visitHost,
    deniedStatus: true,
    call: ({ request, ip, fixtures }) => request.get(`/api/visits/${fixtures.appointmentId}/lobby`, { headers: { "x-forwarded-for": ip } }),
  },
  "POST /api/visits/[appointmentId]/admit": {
    expect: visitHost,
    refused: refusedByPolicy,
    snapshot: (fixtures) => visitState(fixtures),
    call: ({ request, ip, fixtures }) =>
      request.post(`/api/visits/${fixtures.appointmentId}/admit`, { headers: { "x-forwarded-for": ip }, data: { identity: "guest-matrix" } }),
  },
  "POST /api/visits/[appointmentId]/decline": {
    expect: visitHost,
    refused: refusedByPolicy,
    snapshot: (fixtures) => visitState(fixtures),
    call: ({ request, ip, fixtures }) =>
      request.post(`/api/visits/${fixtures.appointmentId}/decline`, { headers: { "x-forwarded-for": ip }, data: { identity: "guest-matrix" } }),
  },
  "POST /api/visits/[appointmentId]/end": {
    // Ending the (already completed) fixture visit again changes nothing, so the physician's call succeeds.
    expect: visitHost,
    deniedStatus: true,
    snapshot: (fixtures) => visitState(fixtures),
    call: ({ request, ip, fixtures }) => request.post(`/api/visits/${fixtures.appointmentId}/end`, { headers: { "x-forwarded-for": ip } }),
  },
  "GET /api/visits/[appointmentId]/guests": {
    expect: visitHost,
    deniedStatus: true,
    call: ({ request, ip, fixtures }) => request.get(`/api/visits/${fixtures.appointmentId}/guests`, { headers: { "x-forwarded-for": ip } }),
  },
  "POST /api/visits/[appointmentId]/guests": {
    expect: visitHost,
    refused: refusedByPolicy,
    snapshot: (fixtures) => visitGuests(fixtures),
    call: async ({ request, ip, fixtures }) => {
      const response = await request.post(`/api/visits/${fixtures.appointmentId}/guests`, {
        headers: { "x-forwarded-for": ip },
        data: { displayName: "Matrix Guest", relationship: "Authorization matrix" },
      });
      if (response.ok()) await fixtures.db.visitGuest.delete({ where: { id: (await response.json()).guest.id } });
      return response;
    },
  },
  "DELETE /api/visits/[appointmentId]/guests/[guestId]": {
    expect: visitHost,
    deniedStatus: true,
    snapshot: async (fixtures) => {
      await scratchGuest(fixtures);
      return visitGuests(fixtures);
    },
    call: async ({ request, ip, fixtures }) =>
      request.delete(`/api/visits/${fixtures.appointmentId}/guests/${await scratchGuest(fixtures)}`, { headers: { "x-forwarded-for": ip } }),
  },
  "GET /api/physician/waiting": {
    // Every physician has their own waiting list; nobody else has one.
    expect: { ...visitHost, unrelatedPhysician: "allow" },
    deniedStatus: true,
    call: ({ request, ip }) => request.get("/api/physician/waiting", { headers: { "x-forwarded-for": ip } }),
  },
  "POST /api/livekit/webhook": {
    public: "LiveKit's event webhook: no session, authenticated by the signature over its body (lib/visits/webhook); unsigned calls get 401 and record nothing",
    call: ({ request, ip }) =>
      request.post("/api/livekit/webhook", {
        headers: { "x-forwarded-for": ip, "content-type": "application/webhook+json" },
        data: JSON.stringify({ event: "participant_joined", id: "EV_matrix", room: { name: "visit-matrix" } }),
      }),
  },
  // The chart beside the video, and the consultation note. Reads need no
  // scratch records; every write acts on scratch records of Alex's (a
  // prescription, notes of scratch visits after the seeded schedule), and an
  // allowed prescription is removed again at once.
  ...Object.fromEntries(
    (
      [
        ["chart/summary", "chart/summary"],
        ["chart/labs", "chart/labs?limit=5"],
        ["chart/labs/analytes", "chart/labs/analytes"],
        ["chart/labs/trend", "chart/labs/trend?loinc=2345-7"],
        ["prescriptions", "prescriptions"],
        ["drugs", "drugs?q=loratadine"],
      ] as const
    ).map(([route, url]) => [
      `GET /api/patients/[patientId]/${route}`,
      {
        expect: chartReaders,
        deniedStatus: true,
        call: ({ request, ip, fixtures }: Call) => request.get(`/api/patients/${fixtures.patientId}/${url}`, { headers: { "x-forwarded-for": ip } }),
      } satisfies MatrixEntry,
    ]),
  ),
  "GET /api/patients/[patientId]/chart/history": {
    // Past visits carry their signed notes: clinicians only, not even the patient (their summaries are theirs).
    expect: clinicianOnly,
    deniedStatus: true,
    call: ({ request, ip, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/history`, { headers: { "x-forwarded-for": ip } }),
  },
  "GET /api/patients/[patientId]/chart/outside": {
    // Outside notes are notes: clinicians only, as the visit history.
    expect: clinicianOnly,
    deniedStatus: true,
    call: ({ request, ip, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/outside`, { headers: { "x-forwarded-for": ip } }),
  },
  "GET /api/patients/[patientId]/chart/outside/[documentId]/pdf": {
    // No such document: an allowed caller is told so (404) after the policy let them ask.
    expect: clinicianOnly,
    refused: refusedByPolicy,
    call: ({ request, ip, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/outside/matrix-document/pdf`, { headers: { "x-forwarded-for": ip } }),
  },
  "POST /api/patients/[patientId]/prescriptions": {
    expect: clinicianOnly,
    deniedStatus: true,
    snapshot: (fixtures) => prescriptionState(fixtures),
    call: async ({ request, ip, fixtures }) => {
      const response = await request.post(`/api/patients/${fixtures.patientId}/prescriptions`, {
        headers: { "x-forwarded-for": ip },
        // Loratadine raises no allergy or duplicate-therapy warning on Alex's chart, so the allowed call writes it (201).
        data: { rxnormCode: "311372", dose: "10 mg", route: "oral", frequency: "once daily", quantity: 30, refills: 0, instructions: "Authorization matrix" },
      });
      if (response.ok()) {
        const { prescription } = await response.json();
        await fixtures.db.medication.deleteMany({ where: { prescriptionId: prescription.id } });
        await fixtures.db.prescription.delete({ where: { id: prescription.id } });
      }
      return response;
    },
  },
  "POST /api/patients/[patientId]/break-glass": {
    // Any physician, with a fresh code of their own; the grant is on a scratch patient, so no actor's access to Alex changes.
    expect: { ...onlyAdmin, admin: "deny", treatingPhysician: "allow", unrelatedPhysician: "allow" },
    deniedStatus: true,
    snapshot: async (fixtures) => fixtures.db.breakGlassGrant.count({ where: { patientId: await scratchPatient(fixtures) } }),
    call: async ({ request, ip, fixtures, actor }) => {
      const patientId = await scratchPatient(fixtures);
      const email = actor === "anonymous" ? null : fixtures.users[actor].email;
      const secret = email ? DEMO_TOTP_SECRETS[email] : undefined;
      return request.post(`/api/patients/${patientId}/break-glass`, {
        headers: { "x-forwarded-for": ip },
        data: {
          reasonCode: "OTHER",
          reasonText: "Authorization matrix: break-glass on a scratch patient",
          code: email && secret ? await freshTotpCode(email, secret) : "000000",
        },
      });
    },
  },
  "POST /api/prescriptions/[prescriptionId]/discontinue": {
    expect: clinicianOnly,
    deniedStatus: true,
    snapshot: async (fixtures) => {
      await scratchPrescription(fixtures);
      return prescriptionState(fixtures);
    },
    call: async ({ request, ip, fixtures }) =>
      request.post(`/api/prescriptions/${await scratchPrescription(fixtures)}/discontinue`, {
        headers: { "x-forwarded-for": ip },
        data: { reason: "Authorization matrix" },
      }),
  },
  "GET /api/visits/[appointmentId]/note": {
    // The patient reads the after-visit summary, not the note itself.
    expect: clinicianOnly,
    deniedStatus: true,
    call: ({ request, ip, fixtures }) => request.get(`/api/visits/${fixtures.appointmentId}/note`, { headers: { "x-forwarded-for": ip } }),
  },
  "POST /api/visits/[appointmentId]/note": {
    expect: clinicianOnly,
    deniedStatus: true,
    snapshot: async (fixtures) => noteState(fixtures, (await scratchNote(fixtures, SCRATCH_NOTES.draft)).appointmentId),
    call: async ({ request, ip, fixtures }) =>
      request.post(`/api/visits/${(await scratchNote(fixtures, SCRATCH_NOTES.draft)).appointmentId}/note`, { headers: { "x-forwarded-for": ip } }),
  },
  "PUT /api/visits/[appointmentId]/note": {
    expect: clinicianOnly,
    deniedStatus: true,
    snapshot: async (fixtures) => noteState(fixtures, (await scratchNote(fixtures, SCRATCH_NOTES.draft)).appointmentId),
    call: async ({ request, ip, fixtures }) => {
      const { appointmentId, version } = await scratchNote(fixtures, SCRATCH_NOTES.draft);
      return request.put(`/api/visits/${appointmentId}/note`, {
        headers: { "x-forwarded-for": ip },
        data: { expectedVersion: version, plan: `Authorization matrix: saved from ${ip}` },
      });
    },
  },
  "POST /api/visits/[appointmentId]/note/sign": {
    // An allowed call signs the scratch note; the next actor gets a new scratch visit with a draft.
    expect: clinicianOnly,
    deniedStatus: true,
    snapshot: async (fixtures) => noteState(fixtures, (await scratchNote(fixtures, SCRATCH_NOTES.toSign)).appointmentId),
    call: async ({ request, ip, fixtures }) => {
      const { appointmentId, version } = await scratchNote(fixtures, SCRATCH_NOTES.toSign);
      return request.post(`/api/visits/${appointmentId}/note/sign`, { headers: { "x-forwarded-for": ip }, data: { expectedVersion: version } });
    },
  },
  "POST /api/visits/[appointmentId]/note/addenda": {
    expect: clinicianOnly,
    deniedStatus: true,
    snapshot: async (fixtures) => noteState(fixtures, (await scratchNote(fixtures, SCRATCH_NOTES.signed)).appointmentId),
    call: async ({ request, ip, fixtures }) =>
      request.post(`/api/visits/${(await scratchNote(fixtures, SCRATCH_NOTES.signed)).appointmentId}/note/addenda`, {
        headers: { "x-forwarded-for": ip },
        data: { body: `Authorization matrix: addendum from ${ip}` },
      }),
  },
  "POST /api/session/sign-out": {
    public: "ends the caller's own session, if any (signing out everywhere needs one: 401); there is nothing to protect",
    actors: ["anonymous"],
    call: ({ request, ip }) => request.post("/api/session/sign-out", { headers: { "x-forwarded-for": ip }, data: { everywhere: true } }),
  },
  "POST /api/session/activity": {
    expect: anySignedIn,
    deniedStatus: true,
    call: ({ request, ip }) => request.post("/api/session/activity", { headers: { "x-forwarded-for": ip } }),
  },
  "GET /api/admin/audit/export": {
    expect: onlyAdmin,
    deniedStatus: true,
    call: ({ request, ip }) => request.get("/api/admin/audit/export", { headers: { "x-forwarded-for": ip } }),
  },
  // The FHIR API (lib/fhir): the same policy and audit as the chart. Integrations
  // (SMART Backend Services) are covered by lib/fhir/smart/smart.int.test.ts.
  "GET /fhir/R4/metadata": { public: "the CapabilityStatement: what the server supports, nothing about anyone", call: ({ request }) => request.get("/fhir/R4/metadata") },
  "GET /fhir/R4/.well-known/smart-configuration": {
    public: "SMART discovery: the token endpoint and what it accepts",
    call: ({ request }) => request.get("/fhir/R4/.well-known/smart-configuration"),
  },
  "GET /.well-known/smart-configuration": {
    public: "SMART discovery at the site's root",
    call: ({ request }) => request.get("/.well-known/smart-configuration"),
  },
  "POST /fhir/auth/token": {
    public: "SMART Backend Services token endpoint: the signed client assertion is the credential (lib/fhir/smart/tokens), refused and audited otherwise",
    call: ({ request, ip }) => request.post("/fhir/auth/token", { headers: { "x-forwarded-for": ip }, form: { grant_type: "client_credentials", scope: "system/*.read" } }),
  },
  "GET /fhir/R4/[type]": {
    expect: chartReaders,
    deniedStatus: true,
    call: ({ request, ip, fixtures }) => request.get(`/fhir/R4/Observation?patient=${fixtures.patientId}&code=2345-7&_count=5`, { headers: { "x-forwarded-for": ip } }),
  },
  "GET /fhir/R4/[type]/[id]": {
    // Demographics: the desk reads them too (as in scheduling); clinical types follow chart.read.
    expect: { ...chartReaders, scheduler: "allow" },
    deniedStatus: true,
    call: ({ request, ip, fixtures }) => request.get(`/fhir/R4/Patient/${fixtures.patientId}`, { headers: { "x-forwarded-for": ip } }),
  },
  "GET /fhir/R4/[type]/[id]/[operation]": {
    // $everything: each type as the caller may read it (the desk gets demographics and appointments only).
    expect: { ...chartReaders, scheduler: "allow" },
    deniedStatus: true,
    call: ({ request, ip, fixtures }) => request.get(`/fhir/R4/Patient/${fixtures.patientId}/$everything?_count=5`, { headers: { "x-forwarded-for": ip } }),
  },
  // Bulk Data export is for integrations only: every browser session is refused.
  "GET /fhir/R4/$export": {
    expect: noBrowserSession,
    deniedStatus: true,
    call: ({ request, ip }) => request.get("/fhir/R4/$export", { headers: { "x-forwarded-for": ip, prefer: "respond-async" } }),
  },
  "GET /fhir/R4/bulk/[jobId]": {
    expect: noBrowserSession,
    deniedStatus: true,
    call: ({ request, ip }) => request.get("/fhir/R4/bulk/matrix-job", { headers: { "x-forwarded-for": ip } }),
  },
  "DELETE /fhir/R4/bulk/[jobId]": {
    expect: noBrowserSession,
    deniedStatus: true,
    call: ({ request, ip }) => request.delete("/fhir/R4/bulk/matrix-job", { headers: { "x-forwarded-for": ip } }),
  },
  "GET /fhir/R4/bulk/[jobId]/[fileId]": {
    expect: noBrowserSession,
    deniedStatus: true,
    call: ({ request, ip }) => request.get("/fhir/R4/bulk/matrix-job/matrix-file", { headers: { "x-forwarded-for": ip } }),
  },
  "POST /fhir/R4": {
    // Importing outside records: integrations holding system/*.write only.
    expect: noBrowserSession,
    deniedStatus: true,
    snapshot: ({ db }) => db.importedResource.count(),
    call: ({ request, ip }) =>
      request.post("/fhir/R4", {
        headers: { "x-forwarded-for": ip, "content-type": "application/fhir+json" },
        data: JSON.stringify({ resourceType: "Bundle", type: "transaction", entry: [{ resource: { resourceType: "Organization", name: "Matrix import" } }] }),
      }),
  },
  "GET /api/patients/[patientId]/record": {
    // The whole record: the patient's own, or an administrator's on a records request.
    expect: { ...onlyAdmin, patient: "allow" },
    deniedStatus: true,
    call: ({ request, ip, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/record`, { headers: { "x-forwarded-for": ip } }),
  },
  "GET /api/admin/patient-record": {
    // The records request names Alex's MRN: her own record, so she may download it here too.
    expect: { ...onlyAdmin, patient: "allow" },
    deniedStatus: true,
    call: ({ request, ip }) => request.get("/api/admin/patient-record?mrn=MRN-000001", { headers: { "x-forwarded-for": ip } }),
  },
  "action app/admin/integrations/actions.ts#registerIntegrationAction": {
    expect: onlyAdmin,
    refused: refusedAsNonAdmin,
    snapshot: ({ db }) => db.integrationClient.count(),
    call: ({ request, ip }) =>
      callAction(request, ip, "registerIntegrationAction", [
        { outcome: null, message: "", attempt: 0 },
        { name: `Matrix integration ${ip}`, jwks: JSON.stringify({ keys: [MATRIX_PUBLIC_JWK] }), scopes: "system/Patient.read" },
      ]),
  },
  "action app/admin/integrations/actions.ts#revokeIntegrationAction": {
    expect: onlyAdmin,
    refused: refusedAsNonAdmin,
    snapshot: (fixtures) => scratchIntegration(fixtures).then(() => fixtures.db.integrationClient.findMany({ select: { id: true, revokedAt: true }, orderBy: { id: "asc" } })),
    call: async ({ request, ip, fixtures }) =>
      callAction(request, ip, "revokeIntegrationAction", [{ outcome: null, message: "", attempt: 0 }, { clientId: await scratchIntegration(fixtures) }]),
  },
  "action app/sign-in/actions.ts#signInAction": {
    public: "the sign-in form itself; throttled and audited by lib/auth/sign-in",
    call: ({ request, ip }) =>
      callAction(request, ip, "signInAction", [{ status: "idle" }, { email: "nobody@example.test", password: "wrong-password-123" }]),
  },
  "action app/sign-in/actions.ts#requestSignInLinkAction": {
    public: "asking for a one-time sign-in link by email; the answer never says whether a link went out, and lib/auth/links limits how many",
    call: ({ request, ip }) =>
      callAction(request, ip, "requestSignInLinkAction", [{ status: "idle", message: null, attempt: 0 }, { email: "nobody@example.test" }]),
  },
  "action app/sign-in/link/[token]/actions.ts#signInWithLinkAction": {
    public: "spends an emailed one-time sign-in link; the link is the credential, checked by lib/auth/links",
    call: ({ request, ip }) => callAction(request, ip, "signInWithLinkAction", [{ error: null, attempt: 0 }, { token: "not-a-token" }]),
  },
  "action app/invite/[token]/actions.ts#acceptInvitationAction": {
    public: "the invitation token is the credential; lib/auth/invitations checks it",
    call: ({ request, ip }) =>
      callAction(request, ip, "acceptInvitationAction", [{ attempt: 0 }, { token: "not-a-token", password: "x", confirmation: "x" }]),
  },
  "action app/admin/users/actions.ts#createUserAction": {
    expect: onlyAdmin,
    refused: refusedAsNonAdmin,
    snapshot: usersSnapshot,
    call: ({ request, ip }) =>
      callAction(request, ip, "createUserAction", [
        { outcome: null, message: "", attempt: 0 },
        { name: "Matrix Scheduler", email: `matrix-${ip.replaceAll(".", "-")}@example.test`, role: "SCHEDULER" },
      ]),
  },
  "action app/admin/reviews/actions.ts#acknowledgeReviewAction": {
    expect: onlyAdmin,
    refused: refusedAsNonAdmin,
    snapshot: async (fixtures) => fixtures.db.accessReview.findUnique({ where: { id: await scratchReview(fixtures) } }),
    call: async ({ request, ip, fixtures }) =>
      callAction(request, ip, "acknowledgeReviewAction", [
        { outcome: null, message: "", attempt: 0 },
        { reviewId: await scratchReview(fixtures), comment: "Authorization matrix: acknowledged" },
      ]),
  },
  ...Object.fromEntries(
    (["disableUserAction", "enableUserAction", "resetMfaAction", "resendInvitationAction"] as const).map((name) => [
      `action app/admin/users/actions.ts#${name}`,
      {
        expect: onlyAdmin,
        refused: refusedAsNonAdmin,
        snapshot: usersSnapshot,
        call: ({ request, ip, fixtures }: Call) =>
          callAction(request, ip, name, [{ outcome: null, message: "", attempt: 0 }, { userId: fixtures.targetUserId }]),
      } satisfies MatrixEntry,
    ]),
  ),
  // Scheduling. Each call acts on scratch records after the seeded schedule; an
  // allowed change is undone at once. The snapshot of a call that acts on an
  // existing record first makes sure that record exists (creating it only when
  // it does not), so a denied call is compared with the same record after it.
  "GET /api/slots": {
    expect: { ...anySignedIn, admin: "deny" },
    deniedStatus: true,
    call: async ({ request, ip, fixtures }) => {
      const { physicianId, visitType } = await schedulingIds(fixtures);
      const { start } = await freeSlot(fixtures);
      const query = new URLSearchParams({ physicianId, visitTypeId: visitType.id, from: start.toISOString(), to: new Date(start.getTime() + DAY_MS).toISOString() });
      return request.get(`/api/slots?${query}`, { headers: { "x-forwarded-for": ip } });
    },
  },
  "GET /api/appointments": {
    expect: onlyScheduler,
    deniedStatus: true,
    call: ({ request, ip }) => {
      const from = new Date();
      const query = new URLSearchParams({ from: from.toISOString(), to: new Date(from.getTime() + DAY_MS).toISOString() });
      return request.get(`/api/appointments?${query}`, { headers: { "x-forwarded-for": ip } });
    },
  },
  "POST /api/appointments": {
    expect: patientOrScheduler,
    deniedStatus: true,
    snapshot: ({ db }) => db.appointment.count(),
    call: async ({ request, ip, fixtures }) => {
      const { patientId, physicianId, visitType } = await schedulingIds(fixtures);
      const { start } = await freeSlot(fixtures);
      const response = await request.post("/api/appointments", {
        headers: { "x-forwarded-for": ip },
        data: { patientId, physicianId, visitTypeId: visitType.id, startsAt: start.toISOString(), reason: SCRATCH_REASONS.book },
      });
      if (response.ok()) await cancelScratch(fixtures, (await response.json()).appointment.id);
      return response;
    },
  },
  "POST /api/appointments/[appointmentId]/reschedule": {
    expect: patientOrScheduler,
    deniedStatus: true,
    snapshot: (fixtures) => scratchAppointmentState(fixtures, SCRATCH_REASONS.reschedule),
    call: async ({ request, ip, fixtures }) => {
      const appointmentId = await scratchAppointment(fixtures, SCRATCH_REASONS.reschedule);
      const { start } = await freeSlot(fixtures);
      const response = await request.post(`/api/appointments/${appointmentId}/reschedule`, {
        headers: { "x-forwarded-for": ip },
        data: { startsAt: start.toISOString() },
      });
      if (response.ok()) await cancelScratch(fixtures, (await response.json()).appointment.id);
      return response;
    },
  },
  "POST /api/appointments/[appointmentId]/cancel": {
    expect: patientOrScheduler,
    deniedStatus: true,
    snapshot: (fixtures) => scratchAppointmentState(fixtures, SCRATCH_REASONS.cancel),
    call: async ({ request, ip, fixtures }) =>
      request.post(`/api/appointments/${await scratchAppointment(fixtures, SCRATCH_REASONS.cancel)}/cancel`, {
        headers: { "x-forwarded-for": ip },
        data: { reason: "Authorization matrix" },
      }),
  },
  "POST /api/appointments/[appointmentId]/no-show": {
    // Patients may change their own visits, but a no-show is the clinic's to record.
    expect: onlyScheduler,
    deniedStatus: true,
    snapshot: (fixtures) => scratchAppointmentState(fixtures, SCRATCH_REASONS.noShow),
    call: async ({ request, ip, fixtures }) =>
      request.post(`/api/appointments/${await scratchAppointment(fixtures, SCRATCH_REASONS.noShow)}/no-show`, {
        headers: { "x-forwarded-for": ip },
      }),
  },
  "GET /api/patients": {
    expect: onlyScheduler,
    deniedStatus: true,
    call: ({ request, ip }) => request.get("/api/patients?query=Morgan", { headers: { "x-forwarded-for": ip } }),
  },
  "POST /api/patients": {
    expect: onlyScheduler,
    deniedStatus: true,
    snapshot: ({ db }) => db.patient.count(),
    call: ({ request, ip }) =>
      request.post("/api/patients", {
        headers: { "x-forwarded-for": ip },
        data: { givenName: "Matrix", familyName: `Registrant ${ip}`, dateOfBirth: "1950-01-02", sex: "UNKNOWN", timeZone: "America/New_York" },
      }),
  },
  "GET /api/physicians/[physicianId]/availability": {
    expect: { ...anySignedIn, admin: "deny" },
    deniedStatus: true,
    call: async ({ request, ip, fixtures }) =>
      request.get(`/api/physicians/${(await schedulingIds(fixtures)).physicianId}/availability`, { headers: { "x-forwarded-for": ip } }),
  },
  "PUT /api/physicians/[physicianId]/availability": {
    expect: ownPhysicianOrScheduler,
    deniedStatus: true,
    snapshot: (fixtures) => weeklyWindows(fixtures),
    // Puts back the hours the physician has, so an allowed call changes nothing either.
    call: async ({ request, ip, fixtures }) =>
      request.put(`/api/physicians/${(await schedulingIds(fixtures)).physicianId}/availability`, {
        headers: { "x-forwarded-for": ip },
        data: { windows: await weeklyWindows(fixtures) },
      }),
  },
  "POST /api/physicians/[physicianId]/availability/overrides": {
    expect: ownPhysicianOrScheduler,
    deniedStatus: true,
    snapshot: (fixtures) => dateOverrides(fixtures),
    call: async ({ request, ip, fixtures }) => {
      const response = await request.post(`/api/physicians/${(await schedulingIds(fixtures)).physicianId}/availability/overrides`, {
        headers: { "x-forwarded-for": ip },
        data: { date: "2099-01-05", isAvailable: false, note: "Authorization matrix" },
      });
      if (response.ok()) await fixtures.db.availabilityOverride.delete({ where: { id: (await response.json()).override.id } });
      return response;
    },
  },
  "DELETE /api/physicians/[physicianId]/availability/overrides/[overrideId]": {
    expect: ownPhysicianOrScheduler,
    deniedStatus: true,
    snapshot: async (fixtures) => {
      await scratchOverride(fixtures);
      return dateOverrides(fixtures);
    },
    call: async ({ request, ip, fixtures }) => {
      const { physicianId } = await schedulingIds(fixtures);
      return request.delete(`/api/physicians/${physicianId}/availability/overrides/${await scratchOverride(fixtures)}`, {
        headers: { "x-forwarded-for": ip },
      });
    },
  },
  // Own-account actions: anyone signed in acts on their own account only. The
  // calls below are harmless refusals of bad input; signing out comes last.
  "action app/account/security/actions.ts#confirmMfaEnrolmentAction": {
    expect: anySignedIn,
    refused: sentToSignIn,
    call: ({ request, ip }) =>
      callAction(request, ip, "confirmMfaEnrolmentAction", [{ status: "idle", message: null, attempt: 0 }, { code: "000000" }]),
  },
  "action app/account/security/actions.ts#changePasswordAction": {
    expect: anySignedIn,
    refused: sentToSignIn,
    snapshot: usersSnapshot,
    call: ({ request, ip }) =>
      // A password the policy refuses: a caller who confirmed it's them recently must not change anything here.
      callAction(request, ip, "changePasswordAction", [{ status: "idle", error: null, attempt: 0 }, { newPassword: "short" }]),
  },
  "action app/account/security/actions.ts#confirmIdentityAction": {
    expect: anySignedIn,
    refused: sentToSignIn,
    // No password: refused before it is checked, so no failure counts against the actor's sign-in.
    call: ({ request, ip }) => callAction(request, ip, "confirmIdentityAction", [{ status: "idle", errors: {}, attempt: 0 }, { password: "" }]),
  },
  "action app/account/security/actions.ts#regenerateRecoveryCodesAction": {
    expect: anySignedIn,
    refused: sentToSignIn,
    call: ({ request, ip }) => callAction(request, ip, "regenerateRecoveryCodesAction", []),
  },
  "action app/account/security/actions.ts#startMfaEnrolmentAction": {
    expect: anySignedIn,
    refused: sentToSignIn,
    call: ({ request, ip }) => callAction(request, ip, "startMfaEnrolmentAction", []),
  },
};

test.describe.configure({ mode: "serial" });

test("every route handler and server action has a policy entry", () => {
  const found = discoverEndpoints();
  const missing = found.filter((endpoint) => !(endpoint in MATRIX));
  const stale = Object.keys(MATRIX).filter((entry) => !found.includes(entry));
  expect(missing, "endpoints without an authorization-matrix entry").toEqual([]);
  expect(stale, "matrix entries for endpoints that no longer exist").toEqual([]);
});

test.describe("each endpoint, as each actor", () => {
  let fixtures: Fixtures;
  const sessions = new Map<ActorName, APIRequestContext>();
  const browserContexts: BrowserContext[] = [];
  let ipCounter = 0;

  test.beforeAll(async ({ browser, playwright, baseURL }) => {
    test.setTimeout(180_000);
    fixtures = await loadFixtures();
    const anonymous = await playwright.request.newContext({ baseURL });
    sessions.set("anonymous", anonymous);
    for (const actor of ACTORS.filter((name) => name !== "anonymous")) {
      const context = await signedInContext(browser, fixtures.users[actor].email);
      browserContexts.push(context);
      sessions.set(actor, context.request);
    }
  });
  test.afterAll(async () => {
    await sessions.get("anonymous")?.dispose();
    await Promise.all(browserContexts.map((context) => context.close()));
    await fixtures.db.$disconnect();
  });

  for (const [endpoint, entry] of Object.entries(MATRIX)) {
    test(endpoint, async () => {
      for (const actor of entry.actors ?? ACTORS) {
        const ip = `198.51.100.${++ipCounter % 250}`;
        const before = entry.snapshot ? await entry.snapshot(fixtures) : null;
        const sinceId = (await fixtures.db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
        const response = await entry.call({ request: sessions.get(actor)!, actor, ip, fixtures });
        const body = await response.text();
        const outcome = entry.public ? "allow" : entry.expect![actor];
        const where = `${endpoint} as ${actor}`;

        if (entry.public) {
          expect(response.status(), where).toBeLessThan(500);
          continue;
        }
        const denials = await fixtures.db.auditEvent.count({ where: { id: { gt: sinceId }, ip, outcome: "DENIED" } });
        if (outcome === "deny") {
          if (entry.deniedStatus) expect(response.status(), where).toBe(actor === "anonymous" ? 401 : 403);
          if (entry.refused) expect(entry.refused(response, body), `${where}: refused`).toBe(true);
          expect(denials, `${where}: a denied call writes a DENIED audit event`).toBeGreaterThan(0);
          if (entry.snapshot) expect(await entry.snapshot(fixtures), `${where}: a denied call changes nothing`).toEqual(before);
        } else {
          if (entry.deniedStatus) expect(response.status(), where).toBeLessThan(300);
          if (entry.refused) expect(entry.refused(response, body), `${where}: not refused`).toBe(false);
        }
      }
    });
  }
});

async function loadFixtures(): Promise<Fixtures> {
  const db = await connectToE2eDatabase();
  const patientUser = await db.user.findUniqueOrThrow({ where: { email: DEMO_PATIENT_EMAIL }, include: { patient: true } });
  const appointment = await db.appointment.findFirstOrThrow({
    where: { patientId: patientUser.patient!.id, status: "COMPLETED" },
    include: { physician: { include: { user: true } } },
    orderBy: { startsAt: "desc" },
  });
  const demoPhysicianEmails = Object.keys(DEMO_TOTP_SECRETS).filter((email) => email !== "scheduler@demo.clinic" && email !== "admin@demo.clinic");
  const unrelated = await db.user.findFirstOrThrow({
    where: {
      email: { in: demoPhysicianEmails },
      // No care relationship: nothing with the patient but visits booked beyond the care window (lib/auth/policy.ts).
      physician: { appointments: { none: { patientId: patientUser.patient!.id, startsAt: { lt: new Date(Date.now() + 8 * 24 * 60 * 60_000) } } } },
    },
  });
  const byEmail = (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true } });
  const target = await db.user.upsert({
    where: { email: "matrix.target@example.test" },
    create: { email: "matrix.target@example.test", name: "Matrix Target", role: "SCHEDULER" },
    update: {},
  });
  return {
    db,
    appointmentId: appointment.id,
    patientId: patientUser.patient!.id,
    targetUserId: target.id,
    users: {
      patient: { id: patientUser.id, email: patientUser.email },
      treatingPhysician: { id: appointment.physician.user.id, email: appointment.physician.user.email },
      unrelatedPhysician: { id: unrelated.id, email: unrelated.email },
      scheduler: await byEmail("scheduler@demo.clinic"),
      admin: await byEmail("admin@demo.clinic"),
    },
  };
}

/** A browser context signed in as `email`; its `request` carries the session cookie. */
async function signedInContext(browser: Browser, email: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, email);
  await page.close();
  return context;
}

// ---------------------------------------------------------------------------
// Scratch records for the scheduling entries: Alex's visits with the treating
// physician, placed after the seeded three weeks so they clash with nothing.

const DAY_MS = 86_400_000;
const SCRATCH_REASONS = {
  book: "Authorization matrix: booking",
  reschedule: "Authorization matrix: to reschedule",
  cancel: "Authorization matrix: to cancel",
  noShow: "Authorization matrix: no-show",
} as const;

async function schedulingIds({ db, appointmentId }: Fixtures) {
  const { patientId, physicianId } = await db.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    select: { patientId: true, physicianId: true },
  });
  const visitType = await db.visitType.findFirstOrThrow({
    where: { isActive: true },
    orderBy: { durationMinutes: "asc" },
    select: { id: true, durationMinutes: true, bufferMinutes: true },
  });
  return { patientId, physicianId, visitType };
}

/** The treating physician's first free slot after the seeded schedule. */
async function freeSlot(fixtures: Fixtures): Promise<{ start: Date; end: Date }> {
  const { physicianId, visitType } = await schedulingIds(fixtures);
  const now = new Date();
  const from = new Date(now.getTime() + 22 * DAY_MS);
  const to = new Date(from.getTime() + 14 * DAY_MS);
  const [calendar] = await loadPhysicianCalendars(fixtures.db, { physicianId, from, to, visitType });
  const [slot] = computeFreeSlots({ ...calendar!, ...visitType, from, to, now });
  if (!slot) throw new Error("The treating physician has no free slot for the matrix's scratch visits");
  return slot;
}

/**
 * The open (booked) scratch visit for `reason`, created if there is none: in
 * the future, or for a no-show at night well in the past.
 */
async function scratchAppointment(fixtures: Fixtures, reason: string): Promise<string> {
  const { patientId, physicianId } = await schedulingIds(fixtures);
  const open = await fixtures.db.appointment.findFirst({ where: { patientId, physicianId, reason, status: "BOOKED" }, select: { id: true } });
  return open?.id ?? createScratchAppointment(fixtures, reason);
}

/** A new booked scratch visit for `reason` (see scratchAppointment). */
async function createScratchAppointment(fixtures: Fixtures, reason: string): Promise<string> {
  const { db } = fixtures;
  const { patientId, physicianId, visitType } = await schedulingIds(fixtures);
  const startsAt =
    reason === SCRATCH_REASONS.noShow
      ? new Date(Math.floor((Date.now() - 400 * DAY_MS) / DAY_MS) * DAY_MS + 3 * 3_600_000)
      : (await freeSlot(fixtures)).start;
  const created = await db.appointment.create({
    data: {
      patientId,
      physicianId,
      visitTypeId: visitType.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + visitType.durationMinutes * 60_000),
      reason,
      bookedById: fixtures.users.scheduler.id,
    },
    select: { id: true },
  });
  return created.id;
}

async function scratchAppointmentState(fixtures: Fixtures, reason: string) {
  await scratchAppointment(fixtures, reason);
  const { patientId } = await schedulingIds(fixtures);
  return fixtures.db.appointment.findMany({
    where: { patientId },
    select: { id: true, status: true, sequence: true, startsAt: true },
    orderBy: { id: "asc" },
  });
}

/** Takes an allowed call's booking off the calendar again. */
async function cancelScratch({ db }: Fixtures, appointmentId: string): Promise<void> {
  await db.appointment.update({
    where: { id: appointmentId },
    data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "Authorization matrix clean-up" },
  });
}

async function weeklyWindows(fixtures: Fixtures) {
  const { physicianId } = await schedulingIds(fixtures);
  return fixtures.db.availabilityWindow.findMany({
    where: { physicianId },
    select: { weekday: true, startMinute: true, endMinute: true },
    orderBy: [{ weekday: "asc" }, { startMinute: "asc" }],
  });
}

async function dateOverrides(fixtures: Fixtures) {
  const { physicianId } = await schedulingIds(fixtures);
  return fixtures.db.availabilityOverride.findMany({ where: { physicianId }, orderBy: { id: "asc" } });
}

// ---------------------------------------------------------------------------
// Video visits: the fixture visit's room state and guests.

async function visitState({ db, appointmentId }: Fixtures) {
  return db.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    select: { status: true, visit: { select: { roomName: true, startedAt: true, endedAt: true, events: { select: { id: true } } } } },
  });
}

async function visitGuests({ db, appointmentId }: Fixtures) {
  return db.visitGuest.findMany({ where: { appointmentId }, select: { id: true, revokedAt: true }, orderBy: { id: "asc" } });
}

/** A guest of the fixture visit for the DELETE entry to revoke, created if there is none left unrevoked. */
async function scratchGuest(fixtures: Fixtures): Promise<string> {
  const { db, appointmentId } = fixtures;
  const existing = await db.visitGuest.findFirst({ where: { appointmentId, revokedAt: null }, select: { id: true } });
  if (existing) return existing.id;
  const created = await db.visitGuest.create({
    data: {
      appointmentId,
      displayName: "Matrix Guest",
      relationship: "Authorization matrix: to revoke",
      // Never handed out: a guest only this entry acts on.
      tokenHash: randomBytes(32).toString("hex"),
      createdById: fixtures.users.treatingPhysician.id,
      expiresAt: new Date(Date.now() + DAY_MS),
    },
    select: { id: true },
  });
  return created.id;
}

/** The date override the DELETE entry removes, created if it is not there. */
async function scratchOverride(fixtures: Fixtures): Promise<string> {
  const { physicianId } = await schedulingIds(fixtures);
  const date = new Date("2099-01-06T00:00:00Z");
  const existing = await fixtures.db.availabilityOverride.findFirst({ where: { physicianId, date }, select: { id: true } });
  if (existing) return existing.id;
  const created = await fixtures.db.availabilityOverride.create({
    data: { physicianId, date, isAvailable: false, note: "Authorization matrix: to remove" },
    select: { id: true },
  });
  return created.id;
}

// ---------------------------------------------------------------------------
// The chart and notes: Alex's prescriptions, and notes of scratch visits.

async function prescriptionState({ db, patientId }: Fixtures) {
  const [prescriptions, medications] = await Promise.all([
    db.prescription.findMany({ where: { patientId }, select: { id: true, status: true, discontinueReason: true }, orderBy: { id: "asc" } }),
    db.medication.findMany({ where: { patientId }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
  ]);
  return { prescriptions, medications };
}

/** An active prescription of Alex's for the discontinue entry, created if none is left active. */
async function scratchPrescription(fixtures: Fixtures): Promise<string> {
  const { db, patientId } = fixtures;
  const instructions = "Authorization matrix: to discontinue";
  const existing = await db.prescription.findFirst({ where: { patientId, instructions, status: "ACTIVE" }, select: { id: true } });
  if (existing) return existing.id;
  const { physicianId } = await schedulingIds(fixtures);
  const created = await db.prescription.create({
    data: {
      patientId,
      prescriberId: physicianId,
      rxnormCode: "198440",
      drugName: "acetaminophen 500 MG Oral Tablet",
      dose: "500 mg",
      route: "oral",
      frequency: "every 6 hours as needed",
      quantity: 20,
      instructions,
    },
    select: { id: true },
  });
  return created.id;
}

const SCRATCH_NOTES = {
  draft: { reason: "Authorization matrix: note draft", status: "DRAFT" },
  toSign: { reason: "Authorization matrix: note to sign", status: "DRAFT" },
  signed: { reason: "Authorization matrix: signed note", status: "SIGNED" },
} as const;

/**
 * A scratch visit for `reason` whose note is in `status` (a draft with text,
 * or signed), created with its note when there is none: a draft once signed
 * needs a new visit, since a signed note never changes again.
 */
async function scratchNote(fixtures: Fixtures, { reason, status }: (typeof SCRATCH_NOTES)[keyof typeof SCRATCH_NOTES]) {
  const { db, patientId } = fixtures;
  const select = { id: true, version: true, visit: { select: { appointmentId: true } } } as const;
  const existing = await db.consultationNote.findFirst({ where: { status, visit: { appointment: { patientId, reason, status: "BOOKED" } } }, select });
  if (existing) return { appointmentId: existing.visit.appointmentId, noteId: existing.id, version: existing.version };
  const appointmentId = await createScratchAppointment(fixtures, reason);
  const author = fixtures.users.treatingPhysician.id;
  const created = await db.consultationNote.create({
    data: {
      visit: { create: { appointmentId, roomName: `visit-matrix-${randomBytes(12).toString("hex")}` } },
      author: { connect: { id: author } },
      plan: "Authorization matrix: plan",
      status,
      ...(status === "SIGNED" ? { signedAt: new Date(), signedBy: { connect: { id: author } } } : {}),
    },
    select,
  });
  return { appointmentId, noteId: created.id, version: created.version };
}

async function noteState({ db }: Fixtures, appointmentId: string) {
  return db.consultationNote.findFirst({
    where: { visit: { appointmentId } },
    select: { id: true, status: true, version: true, subjective: true, objective: true, assessment: true, plan: true, signedAt: true, addenda: { select: { id: true } } },
  });
}

// ---------------------------------------------------------------------------
// Break-glass and the access review queue: a scratch patient no actor treats,
// and a pending review of a change nobody signed in made.

/** A patient only the break-glass entry's grants name. */
async function scratchPatient({ db }: Fixtures): Promise<string> {
  const mrn = "MATRIX-BREAK-GLASS";
  const patient = await db.patient.upsert({
    where: { mrn },
    create: { mrn, givenName: "Matrix", familyName: "Break-Glass", dateOfBirth: new Date("1970-01-01"), sex: "UNKNOWN", timeZone: "UTC" },
    update: {},
    select: { id: true },
  });
  return patient.id;
}

/** A pending review of the target user's account (an allowed call acknowledges it; the next actor gets a new one). */
async function scratchReview({ db, targetUserId }: Fixtures): Promise<string> {
  const pending = await db.accessReview.findFirst({ where: { subjectUserId: targetUserId, acknowledgedAt: null }, select: { id: true } });
  if (pending) return pending.id;
  const created = await db.accessReview.create({
    data: { kind: "CLINICAL_ACCOUNT_ENABLED", actorId: targetUserId, subjectUserId: targetUserId },
    select: { id: true },
  });
  return created.id;
}

// ---------------------------------------------------------------------------
// Integrations: a public key to register, and a client for the revoke entry.

/** An EC P-384 public key (its private half was never kept): registering it grants nothing. */
const MATRIX_PUBLIC_JWK = {
  kty: "EC",
  crv: "P-384",
  alg: "ES384",
  kid: "matrix",
  x: "PgJEfDA564CVYbCEU1eT2VCkfL6kF4IkzoP_Ym2BpAbkES2sGd6C5tzKi1-e45ck",
  y: "3vneJBW-rTwHmJuKo-ll_rlAIxo8Eoa_csC46ziqsBM7G-Y_f2F2P7orubSt3qw9",
};

/** An unrevoked client for the revoke entry, created if none is left. */
async function scratchIntegration({ db, users }: Fixtures): Promise<string> {
  const name = "Matrix integration: to revoke";
  const existing = await db.integrationClient.findFirst({ where: { name, revokedAt: null }, select: { id: true } });
  if (existing) return existing.id;
  const created = await db.integrationClient.create({
    data: { name, jwks: { keys: [MATRIX_PUBLIC_JWK] }, scopes: ["system/Patient.read"], createdById: users.admin.id },
    select: { id: true },
  });
  return created.id;
}
