import { randomBytes, randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { z } from "zod";
import { issueVisitGuest } from "../lib/auth/links/visit-guests";
import { issueVisitLink } from "../lib/auth/links/visit-links";
import { openCareGaps } from "../lib/care-gaps/facts";
import { DEMO_PATIENT } from "../lib/db/seed/demo-clinic";
import { demoStudy, demoUids } from "../lib/imaging/demo-studies";
import { writeDicomFile } from "../lib/imaging/dicom-files";
import { IMPORT_SCOPE } from "../lib/auth/policy";
import { DEMO_PASSWORD, DEMO_PATIENT_EMAIL, DEMO_TOTP_SECRETS } from "../lib/auth/sign-in/demo-credentials";
import { hashPassword } from "../lib/auth/sign-in/password";
import { COMPLETE_TELEHEALTH_BLOCK } from "../lib/notes/testing/complete-note";
import type { Database } from "../lib/db/prisma";
import { clientAssertion, createTestSmartKeys, tokenForm } from "../lib/fhir/testing/smart-client";
import { solidPng } from "../lib/intake/testing/images";
import { loadPhysicianCalendars } from "../lib/scheduling/slot-search";
import { computeFreeSlots } from "../lib/scheduling/slots";
import { E2E_BASE_URL } from "./support/base-url";
import { discoverEndpoints, discoverPages } from "./support/endpoints";
import { callAction } from "./support/server-actions";
import { connectToE2eDatabase } from "./support/server-state";
import { freshTotpCode, signInAs, submitPassword } from "./support/sign-in";
import { passDeviceCheck } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// Every route handler, server action and page, called as each kind of actor
// over HTTP against the production build. Each (endpoint, actor) has its exact
// expected answer here: an allowed caller gets the 2xx and the body it should,
// a refused one its 401/403/404, a DENIED audit event and no change. A new
// endpoint or page without an entry fails the discovery test, so nothing ships
// without a policy decision.

const ACTORS = [
  "anonymous",
  /** Passed the password of a staff account but not its second factor: no session yet. */
  "passwordOnly",
  /** Signed in, then disabled by an administrator: the session ends with it. */
  "disabledUser",
  /** A registered SMART Backend Services client with a bearer token for system/*.read and imports. */
  "integration",
  /** Holds the patient's emailed visit link of the open visit (`Authorization: VisitLink`, or in the page's URL). */
  "visitLinkHolder",
  /** Holds a guest link of the open visit (`Authorization: VisitGuest`, or in the page's URL). */
  "guestLinkHolder",
  /** Alex, the demo patient, whose visits and chart the entries act on. */
  "patient",
  /** A patient with no visit and no relationship to Alex. */
  "otherPatient",
  "treatingPhysician",
  "unrelatedPhysician",
  "scheduler",
  "admin",
] as const;
type ActorName = (typeof ACTORS)[number];
const SIGNED_IN = ["patient", "otherPatient", "treatingPhysician", "unrelatedPhysician", "scheduler", "admin"] as const satisfies readonly ActorName[];
type SignedInActor = (typeof SIGNED_IN)[number];
const isSignedIn = (actor: ActorName): actor is SignedInActor => (SIGNED_IN as readonly ActorName[]).includes(actor);

interface Fixtures {
  db: Database;
  /** Alex's latest completed visit, with the treating physician; its note is signed. */
  appointmentId: string;
  /** Alex's visit with the treating physician that is open to join now. */
  openVisitId: string;
  /** A visit of Alex's whose note is signed with its telehealth block and codes: it has a superbill. */
  billedVisitId: string;
  /** Alex, the demo patient. */
  patientId: string;
  /** A user only the admin actions act on, so they disturb no signed-in actor. */
  targetUserId: string;
  /** The identity of the guest waiting in the open visit's room, for admit and decline. */
  waitingIdentity: string;
  /** The export job the integration started, and one of its files. */
  exportJob: { jobId: string; fileId: string };
  integration: { clientId: string; keys: Awaited<ReturnType<typeof createTestSmartKeys>>; request?: APIRequestContext };
  /** The start of the plan in the signed note of the completed visit, as its after-visit summary shows it. */
  summaryPlan: string;
  /** The link holders' tokens, and the token of the guest who waits in the room. */
  links: { visitLink: string; guestLink: string; waitingGuest: string };
  users: Record<SignedInActor | "disabledUser", { id: string; email: string }>;
}

interface Call {
  request: APIRequestContext;
  actor: ActorName;
  fixtures: Fixtures;
}

/** What each actor gets from a route handler: its exact HTTP status. */
type Statuses = Record<ActorName, number>;

interface RouteEntry {
  /** Why everyone may call it, for entries that need no policy decision (their answers are still exact). */
  public?: string;
  expect: Statuses;
  /** The body of an allowed (2xx) answer; absent for 204 and for bodies the entry checks itself. */
  body?: z.ZodType;
  call: (call: Call) => Promise<APIResponse>;
  /** State a refused call must leave untouched. */
  snapshot?: (fixtures: Fixtures) => Promise<unknown>;
  /** Why this route's refusals are audited without the caller's user (it never reads the session). */
  sessionless?: string;
  /** Entries whose call would end the caller's session are made only as these actors. */
  actors?: readonly ActorName[];
}

type ActionOutcome = "allow" | "deny";
interface ActionEntry {
  public?: string;
  expect: Record<ActorName, ActionOutcome>;
  /** What an allowed call answers: the action's success (or, for public actions, its reply to bad credentials). */
  allowed: (response: APIResponse, body: string) => boolean;
  /** What a refused call answers. */
  refused: (response: APIResponse, body: string) => boolean;
  call: (call: Call) => Promise<APIResponse>;
  snapshot?: (fixtures: Fixtures) => Promise<unknown>;
}

/** What each actor sees of a page: its data, a redirect, or a refusal. */
type PageOutcome = { shows: string | ((fixtures: Fixtures) => string); hides?: string } | { redirect: string } | 403 | 404;
interface PageEntry {
  /** The page's URL for this actor (a link's page at the link the actor holds). */
  url: (fixtures: Fixtures, actor: ActorName) => string;
  expect: Record<ActorName, PageOutcome>;
}

/**
 * Each actor's status: those in `allowed` get theirs; the rest are refused,
 * 403 when signed in, 401 without a session (link holders and integrations
 * have none outside the routes that take their credential), unless `refused` says otherwise.
 */
function statuses(allowed: Partial<Statuses>, refused: Partial<Statuses> = {}): Statuses {
  return Object.fromEntries(
    ACTORS.map((actor) => [actor, allowed[actor] ?? refused[actor] ?? (isSignedIn(actor) ? 403 : 401)]),
  ) as Statuses;
}
const everyone = (status: number): Statuses => statuses(Object.fromEntries(ACTORS.map((actor) => [actor, status])));
function outcomes(allowed: readonly ActorName[]): Record<ActorName, ActionOutcome> {
  return Object.fromEntries(ACTORS.map((actor) => [actor, allowed.includes(actor) ? "allow" : "deny"])) as Record<ActorName, ActionOutcome>;
}

const allSignedIn = (status: number) => Object.fromEntries(SIGNED_IN.map((actor) => [actor, status])) as Partial<Statuses>;

// Bodies of allowed answers.
const id = z.string().min(1);
const list = (item: z.ZodType = z.object({})) => z.array(item);
const appointmentBody = z.object({ appointment: z.object({ id, status: z.string() }) });
const noteBody = z.object({ note: z.object({ id, status: z.enum(["DRAFT", "SIGNED"]), version: z.number() }) });
const bundle = z.object({ resourceType: z.literal("Bundle"), type: z.string(), entry: list().optional() });

// Admin actions answer every refusal with an error state and a success with a success state.
const adminSucceeded = (_: APIResponse, body: string) => body.includes('"outcome":"success"');
const adminRefused = (_: APIResponse, body: string) => body.includes('"outcome":"error"');
// Account actions send someone without a session to sign in.
const sentToSignIn = (response: APIResponse) => (response.headers()["x-action-redirect"] ?? "").startsWith("/sign-in");
const answeredInPlace = (response: APIResponse) => response.status() === 200 && !response.headers()["x-action-redirect"];
const usersSnapshot = ({ db }: Fixtures) =>
  db.user.findMany({ select: { id: true, disabledAt: true, mfaEnabledAt: true, passwordHash: true }, orderBy: { id: "asc" } });

/**
 * Routes about a patient or a visit take a link holder's credential too, and
 * refuse it (403) for anything but the visit it opens.
 */
// A visit or guest link used anywhere but its own visit answers as a link that does not work (401), so it tells nothing.
const LINKS_REFUSED: Partial<Statuses> = { visitLinkHolder: 401, guestLinkHolder: 401 };
/** A route of the link's own visit that the link does not open: the holder is known, and refused. */
const LINK_HOLDERS_DENIED: Partial<Statuses> = { visitLinkHolder: 403, guestLinkHolder: 403 };
/** Who may read the chart (summary, labs, prescriptions, drug search): the patient, and their treating physician. */
const chartReaders = (status = 200) => statuses({ patient: status, treatingPhysician: status }, LINKS_REFUSED);
/** Visit history, notes and prescribing: the treating physician only. */
const clinicianOnly = (status = 200) => statuses({ treatingPhysician: status }, LINKS_REFUSED);
/** Running the video visit (waiting room, admission, guests, ending): its physician only. */
const visitHost = (status = 200) => statuses({ treatingPhysician: status });
/** Own-physician availability, or the desk. */
const ownPhysicianOrScheduler = (status = 200) => statuses({ treatingPhysician: status, scheduler: status });

const ROUTES: Record<string, RouteEntry> = {
  "GET /api/health": { public: "liveness probe; reveals nothing", expect: everyone(200), body: z.object({ status: z.literal("ok") }), call: ({ request }) => request.get("/api/health") },
  "GET /api/ready": {
    public: "readiness probe for load balancers; says only ready or what is missing",
    expect: everyone(200),
    body: z.object({ status: z.literal("ready") }),
    call: ({ request }) => request.get("/api/ready"),
  },
  "GET /api/metrics": {
    public: "Prometheus scrape: no session opens it, only the METRICS_TOKEN bearer token (e2e/operations.spec.ts scrapes it with that)",
    expect: everyone(401),
    call: ({ request }) => request.get("/api/metrics"),
  },
  "GET /api/auth/[...nextauth]": {
    public: "Auth.js protocol endpoints (CSRF token, session, sign-in pages)",
    expect: everyone(200),
    body: z.object({ csrfToken: z.string().min(16) }),
    call: ({ request }) => request.get("/api/auth/csrf"),
  },
  "POST /api/auth/[...nextauth]": {
    public: "Auth.js protocol endpoints (credentials callback, sign-out); credentials are checked by lib/auth/sign-in, and a sign-out without Auth.js's CSRF token ends nothing",
    expect: everyone(302),
    call: ({ request }) => request.post("/api/auth/signout", { form: {}, maxRedirects: 0 }),
  },
  "GET /api/visits/[appointmentId]/summary": {
    expect: statuses({ patient: 200, treatingPhysician: 200 }, LINKS_REFUSED),
    // null until the visit has a signed note.
    body: z.object({ summary: z.object({}).passthrough().nullable() }),
    call: ({ request, fixtures }) => request.get(`/api/visits/${fixtures.appointmentId}/summary`),
  },
  "GET /api/visits/[appointmentId]/summary/pdf": {
    // The summary's own readers, as its JSON: the patient and the visit's physician. The link holders' links open another visit.
    expect: statuses({ patient: 200, treatingPhysician: 200 }, LINKS_REFUSED),
    call: ({ request, fixtures }) => request.get(`/api/visits/${fixtures.appointmentId}/summary/pdf`),
  },
  // The open visit's check-in, asked before the visit starts (once admitted and left, LiveKit's room_finished
  // completes it): its patient answers (session or visit link), its physician reads; a guest link is for joining only.
  "GET /api/visits/[appointmentId]/intake": {
    expect: statuses({ patient: 200, visitLinkHolder: 200, treatingPhysician: 200 }, { guestLinkHolder: 403 }),
    body: z.object({ questionnaire: z.object({ id, version: z.number() }).nullable(), answers: z.object({}).passthrough(), uploads: list() }),
    call: ({ request, fixtures }) => request.get(`/api/visits/${fixtures.openVisitId}/intake`),
  },
  "PUT /api/visits/[appointmentId]/intake": {
    expect: statuses({ patient: 200, visitLinkHolder: 200 }, { guestLinkHolder: 403 }),
    body: z.object({ answers: z.object({ reason: z.literal("Authorization matrix") }) }),
    snapshot: (fixtures) => intakeState(fixtures),
    call: ({ request, fixtures }) =>
      request.put(`/api/visits/${fixtures.openVisitId}/intake`, { data: { answers: { reason: "Authorization matrix" }, complete: false } }),
  },
  "POST /api/visits/[appointmentId]/intake/identity": {
    expect: visitHost(),
    body: z.object({ identityVerified: z.object({ at: z.string(), byName: z.string().nullable() }) }),
    snapshot: (fixtures) => intakeState(fixtures),
    call: ({ request, fixtures }) => request.post(`/api/visits/${fixtures.openVisitId}/intake/identity`),
  },
  "POST /api/uploads/[appointmentId]": {
    expect: statuses({ patient: 201, visitLinkHolder: 201 }, { guestLinkHolder: 403 }),
    body: z.object({ upload: z.object({ id, kind: z.literal("CONDITION_PHOTO"), contentType: z.literal("image/png") }) }),
    snapshot: (fixtures) => uploadsState(fixtures),
    call: async ({ request, fixtures }) => {
      const response = await request.post(`/api/uploads/${fixtures.openVisitId}?kind=CONDITION_PHOTO`, {
        data: solidPng(2, 2, [10, 120, 200]),
        headers: { "content-type": "application/octet-stream" },
      });
      // Taken away again, so every allowed caller finds room under the visit's limit of photos.
      if (response.status() === 201) await fixtures.db.visitUpload.delete({ where: { id: (await response.json()).upload.id } });
      return response;
    },
  },
  // Photos are the visit's physician's to see, and nobody else's (the patient who sent them included).
  "GET /api/uploads/[appointmentId]/[uploadId]": {
    expect: statuses({ treatingPhysician: 200 }, { guestLinkHolder: 403, visitLinkHolder: 403 }),
    call: async ({ request, fixtures }) => {
      const response = await request.get(`/api/uploads/${fixtures.openVisitId}/${await scratchUpload(fixtures, "matrix-photo")}`);
      if (response.status() === 200) expect(response.headers()["content-type"]).toBe("image/png");
      return response;
    },
  },
  "DELETE /api/uploads/[appointmentId]/[uploadId]": {
    expect: statuses({ patient: 204, visitLinkHolder: 204 }, { guestLinkHolder: 403 }),
    snapshot: async (fixtures) => {
      await scratchUpload(fixtures, "matrix-delete");
      return uploadsState(fixtures);
    },
    call: async ({ request, fixtures }) => request.delete(`/api/uploads/${fixtures.openVisitId}/${await scratchUpload(fixtures, "matrix-delete")}`),
  },
  "POST /api/admin/intake/[visitTypeId]": {
    expect: statuses({ admin: 201 }),
    body: z.object({ version: z.number() }),
    snapshot: ({ db }) => db.intakeQuestionnaire.findMany({ select: { id: true }, orderBy: { id: "asc" } }),
    call: async ({ request, fixtures }) => {
      const current = await fixtures.db.intakeQuestionnaire.findFirstOrThrow({
        where: { visitType: { appointments: { some: { id: fixtures.appointmentId } } } },
        orderBy: { version: "desc" },
      });
      return request.post(`/api/admin/intake/${current.visitTypeId}`, { data: { basedOnVersion: current.version, questions: current.questions } });
    },
  },
  // The open visit: its patient (session or visit link), a guest, and its physician may have a token.
  "POST /api/visits/[appointmentId]/token": {
    expect: statuses({ patient: 200, visitLinkHolder: 200, guestLinkHolder: 200, treatingPhysician: 200 }),
    body: z.object({ serverUrl: z.string().startsWith("ws"), token: z.string().min(20), identity: id, role: z.string(), admitted: z.boolean() }),
    snapshot: (fixtures) => visitState(fixtures.db, fixtures.openVisitId),
    call: ({ request, fixtures }) => request.post(`/api/visits/${fixtures.openVisitId}/token`),
  },
  // The open visit's check-in: its patient (session or visit link) fills it in; its physician reads it.
  "GET /api/visits/[appointmentId]/check-in": {
    expect: statuses({ patient: 200, visitLinkHolder: 200, treatingPhysician: 200 }, { guestLinkHolder: 403 }),
    body: z.object({ nextStep: z.string().nullable(), done: z.object({}).passthrough(), consentsToSign: list() }),
    call: ({ request, fixtures }) => request.get(`/api/visits/${fixtures.openVisitId}/check-in`),
  },
  "GET /api/visits/[appointmentId]/check-in/summary": {
    expect: statuses({ patient: 200, visitLinkHolder: 200, treatingPhysician: 200 }, { guestLinkHolder: 403 }),
    body: z.object({ completedAt: z.string().nullable(), consent: z.object({ status: z.string() }), interpreterNeeded: z.boolean() }),
    call: ({ request, fixtures }) => request.get(`/api/visits/${fixtures.openVisitId}/check-in/summary`),
  },
  "PUT /api/visits/[appointmentId]/check-in/location": {
    expect: statuses({ patient: 200, visitLinkHolder: 200 }, { guestLinkHolder: 403 }),
    body: z.object({ nextStep: z.string().nullable() }),
    snapshot: (fixtures) => checkInState(fixtures),
    call: ({ request, fixtures }) =>
      request.put(`/api/visits/${fixtures.openVisitId}/check-in/location`, {
        data: { state: "NY", addressLine: "1 Matrix Way", city: "Albany", postalCode: "12207", locationKind: "HOME", callbackPhone: "518-555-0100" },
      }),
  },
  "POST /api/visits/[appointmentId]/check-in/consent": {
    expect: statuses({ patient: 200, visitLinkHolder: 200 }, { guestLinkHolder: 403 }),
    body: z.object({ nextStep: z.string().nullable() }),
    snapshot: (fixtures) => checkInState(fixtures),
    call: async ({ request, fixtures }) => {
      const current = await fixtures.db.consentVersion.findFirstOrThrow({ where: { kind: "TELEHEALTH" }, orderBy: { version: "desc" } });
      return request.post(`/api/visits/${fixtures.openVisitId}/check-in/consent`, { data: { consentVersionId: current.id, typedName: "Alex Morgan", accepted: true } });
    },
  },
  "POST /api/visits/[appointmentId]/check-in/identity": {
    expect: statuses({ patient: 200, visitLinkHolder: 200 }, { guestLinkHolder: 403 }),
    body: z.object({ nextStep: z.string().nullable() }),
    snapshot: (fixtures) => checkInState(fixtures),
    call: ({ request, fixtures }) => request.post(`/api/visits/${fixtures.openVisitId}/check-in/identity`, { data: { dateOfBirth: "1979-06-14" } }),
  },
  "PUT /api/visits/[appointmentId]/check-in/language": {
    expect: statuses({ patient: 200, visitLinkHolder: 200 }, { guestLinkHolder: 403 }),
    body: z.object({ nextStep: z.string().nullable() }),
    snapshot: (fixtures) => checkInState(fixtures),
    call: ({ request, fixtures }) =>
      request.put(`/api/visits/${fixtures.openVisitId}/check-in/language`, { data: { preferredLanguage: "en", interpreterNeeded: false } }),
  },
  "GET /api/visits/[appointmentId]/roster": {
    // The policy lets the visit's people ask; a credential not admitted (the patient here) is then told 403 NOT_ADMITTED.
    // The open visit's patient and guest are waiting, not admitted: 403 NOT_ADMITTED (audited), whatever the credential.
    expect: statuses({ treatingPhysician: 200 }, { patient: 403, visitLinkHolder: 403, guestLinkHolder: 403 }),
    body: z.object({ people: list(z.object({ identity: id, role: z.string(), name: z.string() })) }),
    call: ({ request, fixtures }) => request.get(`/api/visits/${fixtures.openVisitId}/roster`),
  },
  // The call's chat kept with the visit: saved by someone in the call (as the roster, the waiting are refused 403 NOT_ADMITTED);
  // read beside the note, and put in the after-visit summary, by the visit's physician.
  "POST /api/visits/[appointmentId]/chat": {
    expect: statuses({ treatingPhysician: 201 }, { patient: 403, visitLinkHolder: 403, guestLinkHolder: 403 }),
    body: z.object({ message: z.object({ id, senderRole: z.literal("physician"), text: z.literal("Authorization matrix") }).passthrough() }),
    snapshot: ({ db, openVisitId }) => db.visitChatMessage.count({ where: { visit: { appointmentId: openVisitId } } }),
    call: async ({ request, fixtures }) => {
      const response = await request.post(`/api/visits/${fixtures.openVisitId}/chat`, { data: { text: "Authorization matrix" } });
      await fixtures.db.visitChatMessage.deleteMany({ where: { visit: { appointmentId: fixtures.openVisitId }, text: "Authorization matrix" } });
      return response;
    },
  },
  "GET /api/visits/[appointmentId]/chat": {
    expect: clinicianOnly(),
    body: z.object({ chat: z.object({ includeInSummary: z.boolean(), noteSigned: z.literal(true), messages: list() }) }),
    call: ({ request, fixtures }) => request.get(`/api/visits/${fixtures.appointmentId}/chat`),
  },
  "PUT /api/visits/[appointmentId]/chat/summary": {
    // On a scratch visit whose note is a draft; an allowed call's tick is taken back at once.
    expect: clinicianOnly(),
    body: z.object({ includeInSummary: z.literal(true) }),
    snapshot: async (fixtures) => {
      const { appointmentId } = await scratchNote(fixtures, SCRATCH_NOTES.draft);
      return fixtures.db.visit.findUniqueOrThrow({ where: { appointmentId }, select: { includeChatInSummary: true } });
    },
    call: async ({ request, fixtures }) => {
      const { appointmentId } = await scratchNote(fixtures, SCRATCH_NOTES.draft);
      const response = await request.put(`/api/visits/${appointmentId}/chat/summary`, { data: { include: true } });
      await fixtures.db.visit.update({ where: { appointmentId }, data: { includeChatInSummary: false } });
      return response;
    },
  },
  "GET /api/visits/[appointmentId]/lobby": {
    expect: visitHost(),
    body: z.object({ status: z.string(), waiting: list(z.object({ identity: id })), admitted: list() }),
    call: ({ request, fixtures }) => request.get(`/api/visits/${fixtures.openVisitId}/lobby`),
  },
  "POST /api/visits/[appointmentId]/admit": {
    expect: visitHost(),
    body: z.object({ admitted: id }),
    snapshot: (fixtures) => visitState(fixtures.db, fixtures.openVisitId),
    call: ({ request, fixtures }) => request.post(`/api/visits/${fixtures.openVisitId}/admit`, { data: { identity: fixtures.waitingIdentity } }),
  },
  "POST /api/visits/[appointmentId]/decline": {
    expect: visitHost(),
    body: z.object({ declined: id }),
    // The declined guest's own browser asks to wait again and LiveKit reports its comings and goings (events of
    // theirs) while later actors call; a refused decline must change nothing else.
    snapshot: async (fixtures) => {
      const state = await visitState(fixtures.db, fixtures.openVisitId);
      const theirs = await fixtures.db.visitParticipantEvent.findMany({ where: { participantIdentity: fixtures.waitingIdentity }, select: { id: true } });
      const ignored = new Set(theirs.map((event) => event.id));
      return { ...state, visit: state.visit && { ...state.visit, events: state.visit.events.filter((event) => !ignored.has(event.id)) } };
    },
    call: ({ request, fixtures }) => request.post(`/api/visits/${fixtures.openVisitId}/decline`, { data: { identity: fixtures.waitingIdentity } }),
  },
  "POST /api/visits/[appointmentId]/end": {
    // Ending the (already completed) fixture visit again changes nothing, so the physician's call succeeds.
    expect: visitHost(),
    body: z.object({ status: z.literal("COMPLETED") }),
    snapshot: (fixtures) => visitState(fixtures.db, fixtures.appointmentId),
    call: ({ request, fixtures }) => request.post(`/api/visits/${fixtures.appointmentId}/end`),
  },
  "GET /api/visits/[appointmentId]/guests": {
    expect: visitHost(),
    body: z.object({ guests: list(z.object({ id, displayName: z.string() })) }),
    call: ({ request, fixtures }) => request.get(`/api/visits/${fixtures.openVisitId}/guests`),
  },
  "POST /api/visits/[appointmentId]/guests": {
    expect: visitHost(201),
    body: z.object({ guest: z.object({ id, displayName: z.literal("Matrix Guest") }), link: z.string().includes("/visit/guest/") }),
    snapshot: (fixtures) => visitGuests(fixtures),
    call: async ({ request, fixtures }) => {
      const response = await request.post(`/api/visits/${fixtures.openVisitId}/guests`, {
        data: { displayName: "Matrix Guest", relationship: "Authorization matrix" },
      });
      if (response.ok()) await fixtures.db.visitGuest.delete({ where: { id: (await response.json()).guest.id } });
      return response;
    },
  },
  "POST /api/appointments/[appointmentId]/interpreters": {
    // Language access is arranged with the booking: the desk, or the visit's own physician. The link goes out by mail only.
    expect: statuses({ treatingPhysician: 201, scheduler: 201 }),
    body: z.object({ guest: z.object({ id, displayName: z.literal("Matrix Interpreter"), role: z.literal("INTERPRETER"), language: z.literal("es") }) }).strict(),
    snapshot: async (fixtures) => ({ guests: await visitGuests(fixtures), jobs: await fixtures.db.job.count({ where: { kind: "visit.interpreter_invitation" } }) }),
    call: async ({ request, fixtures }) => {
      const response = await request.post(`/api/appointments/${fixtures.openVisitId}/interpreters`, {
        data: { displayName: "Matrix Interpreter", language: "es", email: "matrix.interpreter@example.test", timeZone: "America/Chicago" },
      });
      if (response.ok()) {
        const { guest } = await response.json();
        await fixtures.db.job.deleteMany({ where: { kind: "visit.interpreter_invitation", payload: { equals: { guestId: guest.id } } } });
        await fixtures.db.visitGuest.delete({ where: { id: guest.id } });
      }
      return response;
    },
  },
  "GET /api/appointments/[appointmentId]/medication-reconciliation": {
    // Reconciling is part of the visit, like its note: its own physician only, not a colleague who treats the patient.
    // The visit's link holders are known by their link and refused by the policy (403), not asked to sign in.
    expect: statuses({ treatingPhysician: 200 }, LINK_HOLDERS_DENIED),
    body: z.object({ medications: list(z.object({ id, name: z.string() }).passthrough()).min(1), latest: z.unknown() }),
    call: ({ request, fixtures }) => request.get(`/api/appointments/${fixtures.openVisitId}/medication-reconciliation`),
  },
  "POST /api/appointments/[appointmentId]/medication-reconciliation": {
    expect: statuses({ treatingPhysician: 201 }, LINK_HOLDERS_DENIED),
    body: z.object({ reconciliation: z.object({ id, recordedAt: z.string(), items: list().length(1) }).passthrough() }),
    snapshot: async (fixtures) => fixtures.db.medicationReconciliation.count(),
    call: async ({ request, fixtures }) => {
      const medication = await fixtures.db.medication.findFirstOrThrow({ where: { patientId: fixtures.patientId, status: "ACTIVE" }, select: { id: true } });
      const response = await request.post(`/api/appointments/${fixtures.openVisitId}/medication-reconciliation`, {
        data: { items: [{ medicationId: medication.id, status: "TAKING" }] },
      });
      if (response.ok()) {
        const { reconciliation } = await response.json();
        await fixtures.db.medicationReconciliation.delete({ where: { id: reconciliation.id } });
      }
      return response;
    },
  },
  "DELETE /api/visits/[appointmentId]/guests/[guestId]": {
    expect: visitHost(),
    body: z.object({ revoked: id }),
    snapshot: async (fixtures) => {
      await scratchGuest(fixtures);
      return visitGuests(fixtures);
    },
    call: async ({ request, fixtures }) => request.delete(`/api/visits/${fixtures.openVisitId}/guests/${await scratchGuest(fixtures)}`),
  },
  "GET /api/physician/waiting": {
    // Every physician has their own waiting list; nobody else has one.
    expect: statuses({ treatingPhysician: 200, unrelatedPhysician: 200 }),
    body: z.object({ waiting: list() }),
    call: ({ request }) => request.get("/api/physician/waiting"),
  },
  "GET /api/physician/day": {
    // Every physician's own day (its visits' statuses, polled by /physician); nobody else has one.
    expect: statuses({ treatingPhysician: 200, unrelatedPhysician: 200 }),
    body: z.object({ day: z.object({ date: z.literal("2030-01-07"), timeZone: z.string(), visits: list() }) }),
    call: ({ request }) => request.get("/api/physician/day?date=2030-01-07"),
  },
  "POST /api/livekit/webhook": {
    public: "LiveKit's event webhook: no session, authenticated by the signature over its body (lib/visits/webhook tests signed events); unsigned calls get 401 and record nothing",
    expect: everyone(401),
    call: ({ request }) =>
      request.post("/api/livekit/webhook", {
        headers: { "content-type": "application/webhook+json" },
        data: JSON.stringify({ event: "participant_joined", id: "EV_matrix", room: { name: "visit-matrix" } }),
      }),
  },
  // The chart beside the video, and the consultation note. Reads need no
  // scratch records; every write acts on scratch records of Alex's (a
  // prescription, notes of scratch visits after the seeded schedule), and an
  // allowed prescription is removed again at once.
  "GET /api/patients/[patientId]/chart/summary": {
    expect: chartReaders(),
    body: z.object({ patient: z.object({ id, mrn: z.literal("MRN-000001") }).passthrough() }).passthrough(),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/summary`),
  },
  "GET /api/patients/[patientId]/chart/labs": {
    expect: chartReaders(),
    body: z.object({ groups: list().min(1), nextCursor: z.string().nullable() }),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/labs?limit=5`),
  },
  "GET /api/patients/[patientId]/chart/labs/analytes": {
    expect: chartReaders(),
    body: z.object({ analytes: list().min(1) }),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/labs/analytes`),
  },
  "GET /api/patients/[patientId]/chart/labs/trend": {
    expect: chartReaders(),
    body: z.object({ loincCode: z.literal("2345-7") }).passthrough(),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/labs/trend?loinc=2345-7`),
  },
  // Imaging: the demo patient's studies in the e2e server's Orthanc; the two-view chest X-ray is opened.
  "GET /api/patients/[patientId]/imaging/studies": {
    expect: chartReaders(),
    body: z.object({ configured: z.literal(true), studies: list(z.object({ studyInstanceUid: id, report: z.object({ impression: z.string() }) })).length(3) }),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/imaging/studies`),
  },
  // The demo clinic imports no outside imaging: the list is empty for every chart reader.
  "GET /api/patients/[patientId]/imaging/imported": {
    expect: chartReaders(),
    body: list(z.object({ studyInstanceUid: id })).length(0),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/imaging/imported`),
  },
  "GET /api/patients/[patientId]/imaging/studies/[studyUid]": {
    expect: chartReaders(),
    body: z.object({ studyInstanceUid: z.literal(demoUids.study(DEMO_PATIENT.mrn, "xr-chest")), series: list(z.object({ instanceUids: list(z.string()).length(1) })).length(2) }),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/imaging/studies/${demoUids.study(DEMO_PATIENT.mrn, "xr-chest")}`),
  },
  "GET /api/patients/[patientId]/imaging/studies/[studyUid]/series/[seriesUid]/instances/[instanceUid]/rendered": {
    // A PNG: the entry's own check is its status and content type.
    expect: chartReaders(),
    call: async ({ request, fixtures }) => {
      const [study, series, instance] = [demoUids.study(DEMO_PATIENT.mrn, "xr-chest"), demoUids.series(DEMO_PATIENT.mrn, "xr-chest", 1), demoUids.instance(DEMO_PATIENT.mrn, "xr-chest", 1, 1)];
      const response = await request.get(`/api/patients/${fixtures.patientId}/imaging/studies/${study}/series/${series}/instances/${instance}/rendered`);
      if (response.ok()) expect(response.headers()["content-type"]).toBe("image/png");
      return response;
    },
  },
  // Uploading a study: the treating physician only (imaging.write). The allowed call stores again the
  // seed's own PA radiograph of Alex, which the archive already holds, so Alex's studies stay the three counted above.
  "POST /api/patients/[patientId]/imaging/studies": {
    expect: clinicianOnly(201),
    body: z.object({ upload: z.object({ studyInstanceUids: list(id).length(1), fileCount: z.literal(1), refiledCount: z.literal(0) }) }),
    call: async ({ request, fixtures }) => {
      const patient = await fixtures.db.patient.findUniqueOrThrow({ where: { id: fixtures.patientId } });
      const [pa] = demoStudy({ ...patient, dateOfBirth: patient.dateOfBirth.toISOString().slice(0, 10) }, "xr-chest", new Date()).instances();
      return request.post(`/api/patients/${fixtures.patientId}/imaging/studies`, {
        multipart: { files: { name: "pa.dcm", mimeType: "application/dicom", buffer: Buffer.from(writeDicomFile(pa!)) } },
        // As a browser's form says (lib/http/request-guards.ts refuses one that does not).
        headers: { origin: E2E_BASE_URL },
      });
    },
  },
  "GET /api/patients/[patientId]/prescriptions": {
    expect: chartReaders(),
    body: z.object({ prescriptions: list() }),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/prescriptions`),
  },
  "GET /api/patients/[patientId]/drugs": {
    expect: chartReaders(),
    body: z.object({ drugs: list().min(1) }).passthrough(),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/drugs?q=loratadine`),
  },
  "GET /api/patients/[patientId]/chart/history": {
    // Past visits carry their signed notes: clinicians only, not even the patient (their summaries are theirs).
    expect: clinicianOnly(),
    body: z.object({ visits: list().min(1) }).passthrough(),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/history`),
  },
  "GET /api/patients/[patientId]/chart/outside": {
    // Outside notes are notes: clinicians only, as the visit history.
    expect: clinicianOnly(),
    body: z.object({ records: list() }),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/outside`),
  },
  "GET /api/patients/[patientId]/chart/outside/[documentId]/pdf": {
    // No such document: the treating physician is told so (404) after the policy let them ask.
    expect: clinicianOnly(404),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/outside/matrix-document/pdf`),
  },
  "POST /api/patients/[patientId]/prescriptions": {
    expect: clinicianOnly(201),
    body: z.object({ prescription: z.object({ id, drugName: z.string() }) }).passthrough(),
    snapshot: (fixtures) => prescriptionState(fixtures),
    call: async ({ request, fixtures }) => {
      const response = await request.post(`/api/patients/${fixtures.patientId}/prescriptions`, {
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
  // Editing the chart: the treating physician only (chart.write). Each allowed
  // write is undone at once; refused ones must leave Alex's chart as it was.
  "POST /api/patients/[patientId]/chart/allergies": {
    expect: clinicianOnly(201),
    body: z.object({ allergy: z.object({ id, substance: z.literal("Matrix allergen") }).passthrough() }),
    snapshot: (fixtures) => chartEditState(fixtures),
    call: async ({ request, fixtures }) => {
      const response = await request.post(`/api/patients/${fixtures.patientId}/chart/allergies`, {
        data: { substance: "Matrix allergen", reaction: "Authorization matrix", severity: "MILD" },
      });
      await undoChartEdits(fixtures);
      return response;
    },
  },
  "PATCH /api/patients/[patientId]/chart/allergies/[allergyId]": {
    expect: clinicianOnly(),
    body: z.object({ allergy: z.object({ id, resolvedAt: z.string() }).passthrough() }),
    snapshot: async (fixtures) => {
      await scratchAllergy(fixtures);
      return chartEditState(fixtures);
    },
    call: async ({ request, fixtures }) => {
      const response = await request.patch(`/api/patients/${fixtures.patientId}/chart/allergies/${await scratchAllergy(fixtures)}`, {
        data: { change: { action: "resolve" } },
      });
      await undoChartEdits(fixtures);
      return response;
    },
  },
  "PUT /api/patients/[patientId]/chart/no-known-allergies": {
    // Alex has allergies, so the treating physician's attestation is refused (409 ALLERGIES_ACTIVE) after the policy let them ask.
    expect: clinicianOnly(409),
    snapshot: (fixtures) => chartEditState(fixtures),
    call: ({ request, fixtures }) => request.put(`/api/patients/${fixtures.patientId}/chart/no-known-allergies`, { data: {} }),
  },
  "POST /api/patients/[patientId]/chart/problems": {
    expect: clinicianOnly(201),
    body: z.object({ problem: z.object({ id, icd10Code: z.literal("Z23") }).passthrough() }),
    snapshot: (fixtures) => chartEditState(fixtures),
    call: async ({ request, fixtures }) => {
      const response = await request.post(`/api/patients/${fixtures.patientId}/chart/problems`, { data: { icd10Code: "Z23" } });
      await undoChartEdits(fixtures);
      return response;
    },
  },
  "POST /api/patients/[patientId]/chart/problems/[problemId]/resolve": {
    expect: clinicianOnly(),
    body: z.object({ problem: z.object({ id, status: z.literal("RESOLVED") }).passthrough() }),
    snapshot: async (fixtures) => {
      await scratchProblem(fixtures);
      return chartEditState(fixtures);
    },
    call: async ({ request, fixtures }) => {
      const response = await request.post(`/api/patients/${fixtures.patientId}/chart/problems/${await scratchProblem(fixtures)}/resolve`, { data: {} });
      await undoChartEdits(fixtures);
      return response;
    },
  },
  "GET /api/patients/[patientId]/chart/icd10": {
    expect: chartReaders(),
    body: z.object({ codes: list(z.object({ code: z.literal("I10"), description: z.string() })).length(1) }),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/icd10?q=I10`),
  },
  "POST /api/patients/[patientId]/chart/vitals": {
    expect: clinicianOnly(201),
    body: z.object({ vital: z.object({ id, vitalSource: z.literal("HOME_READING") }).passthrough() }),
    snapshot: (fixtures) => chartEditState(fixtures),
    call: async ({ request, fixtures }) => {
      const response = await request.post(`/api/patients/${fixtures.patientId}/chart/vitals`, {
        data: { loincCode: "8867-4", value: 72, source: "HOME_READING" },
      });
      await undoChartEdits(fixtures);
      return response;
    },
  },
  "GET /api/patients/[patientId]/chart/revisions": {
    // The chart's changes go with the visit history: clinicians only.
    expect: clinicianOnly(),
    body: z.object({ revisions: list() }),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/chart/revisions`),
  },
  "GET /api/patients/[patientId]/lab-orders": {
    expect: chartReaders(),
    body: z.object({ orders: list(), orderable: z.object({ panels: list().min(1), indications: list().min(1) }) }),
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/lab-orders`),
  },
  "POST /api/patients/[patientId]/lab-orders": {
    expect: clinicianOnly(201),
    body: z.object({ order: z.object({ id, panelName: z.literal("TSH"), status: z.literal("PENDING") }).passthrough() }),
    snapshot: (fixtures) => labOrderState(fixtures),
    call: async ({ request, fixtures }) => {
      const response = await request.post(`/api/patients/${fixtures.patientId}/lab-orders`, { data: { panelLoinc: "3016-3", indicationCode: "E03.9" } });
      if (response.ok()) await fixtures.db.labOrder.delete({ where: { id: (await response.json()).order.id } });
      return response;
    },
  },
  "POST /api/lab-orders/[orderId]/results": {
    expect: clinicianOnly(201),
    body: z.object({ order: z.object({ id, status: z.literal("RESULTED") }).passthrough() }),
    snapshot: async (fixtures) => {
      await scratchLabOrder(fixtures, "PENDING");
      return labOrderState(fixtures);
    },
    call: async ({ request, fixtures }) => {
      const orderId = await scratchLabOrder(fixtures, "PENDING");
      const response = await request.post(`/api/lab-orders/${orderId}/results`, {
        data: { patientId: fixtures.patientId, results: [{ loincCode: "3016-3", value: 2.1 }] },
      });
      if (response.ok()) {
        // Back to pending for the next actor.
        await fixtures.db.labResult.deleteMany({ where: { orderId } });
        await fixtures.db.labOrder.update({ where: { id: orderId }, data: { status: "PENDING", resultedAt: null } });
      }
      return response;
    },
  },
  "POST /api/lab-orders/[orderId]/sign-off": {
    // Signed off without notifying, so Alex's portal and mail are unchanged.
    expect: clinicianOnly(),
    body: z.object({ order: z.object({ id, status: z.literal("REVIEWED") }).passthrough() }),
    snapshot: async (fixtures) => {
      await scratchLabOrder(fixtures, "RESULTED");
      return labOrderState(fixtures);
    },
    call: async ({ request, fixtures }) => {
      const orderId = await scratchLabOrder(fixtures, "RESULTED");
      const response = await request.post(`/api/lab-orders/${orderId}/sign-off`, { data: { notifyPatient: false } });
      if (response.ok()) {
        await fixtures.db.labOrder.update({ where: { id: orderId }, data: { status: "RESULTED", reviewedAt: null, reviewedByUserId: null } });
      }
      return response;
    },
  },
  "POST /api/patients/[patientId]/break-glass": {
    // Any physician, with a fresh code of their own; the grant is on a scratch patient, so no actor's access to Alex changes.
    expect: statuses({ treatingPhysician: 201, unrelatedPhysician: 201 }, LINKS_REFUSED),
    body: z.object({ grant: z.object({ id, expiresAt: z.string() }).passthrough() }),
    snapshot: async (fixtures) => fixtures.db.breakGlassGrant.count({ where: { patientId: await scratchPatient(fixtures) } }),
    call: async ({ request, fixtures, actor }) => {
      const patientId = await scratchPatient(fixtures);
      const email = actor in fixtures.users ? fixtures.users[actor as keyof Fixtures["users"]].email : null;
      const secret = email ? DEMO_TOTP_SECRETS[email] : undefined;
      return request.post(`/api/patients/${patientId}/break-glass`, {
        data: {
          reasonCode: "OTHER",
          reasonText: "Authorization matrix: break-glass on a scratch patient",
          code: email && secret ? await freshTotpCode(email, secret) : "000000",
        },
      });
    },
  },
  "POST /api/prescriptions/[prescriptionId]/discontinue": {
    expect: clinicianOnly(),
    body: z.object({ id, status: z.literal("DISCONTINUED") }).passthrough(),
    snapshot: async (fixtures) => {
      await scratchPrescription(fixtures);
      return prescriptionState(fixtures);
    },
    call: async ({ request, fixtures }) =>
      request.post(`/api/prescriptions/${await scratchPrescription(fixtures)}/discontinue`, { data: { reason: "Authorization matrix" } }),
  },
  "GET /api/visits/[appointmentId]/note": {
    // The patient reads the after-visit summary, not the note itself.
    expect: clinicianOnly(),
    body: noteBody,
    call: ({ request, fixtures }) => request.get(`/api/visits/${fixtures.appointmentId}/note`),
  },
  "POST /api/visits/[appointmentId]/note": {
    // The scratch visit's draft exists, so opening it again answers 200 with it.
    expect: clinicianOnly(),
    body: noteBody,
    snapshot: async (fixtures) => noteState(fixtures, (await scratchNote(fixtures, SCRATCH_NOTES.draft)).appointmentId),
    call: async ({ request, fixtures }) => request.post(`/api/visits/${(await scratchNote(fixtures, SCRATCH_NOTES.draft)).appointmentId}/note`),
  },
  "PUT /api/visits/[appointmentId]/note": {
    expect: clinicianOnly(),
    body: noteBody,
    snapshot: async (fixtures) => noteState(fixtures, (await scratchNote(fixtures, SCRATCH_NOTES.draft)).appointmentId),
    call: async ({ request, fixtures, actor }) => {
      const { appointmentId, version } = await scratchNote(fixtures, SCRATCH_NOTES.draft);
      return request.put(`/api/visits/${appointmentId}/note`, { data: { expectedVersion: version, plan: `Authorization matrix: saved as ${actor}` } });
    },
  },
  "POST /api/visits/[appointmentId]/note/sign": {
    // An allowed call signs the scratch note; the next actor gets a new scratch visit with a draft.
    expect: clinicianOnly(),
    body: noteBody,
    snapshot: async (fixtures) => noteState(fixtures, (await scratchNote(fixtures, SCRATCH_NOTES.toSign)).appointmentId),
    call: async ({ request, fixtures }) => {
      const { appointmentId, version } = await scratchNote(fixtures, SCRATCH_NOTES.toSign);
      return request.post(`/api/visits/${appointmentId}/note/sign`, { data: { expectedVersion: version } });
    },
  },
  "POST /api/visits/[appointmentId]/note/addenda": {
    expect: clinicianOnly(201),
    body: noteBody,
    snapshot: async (fixtures) => noteState(fixtures, (await scratchNote(fixtures, SCRATCH_NOTES.signed)).appointmentId),
    call: async ({ request, fixtures, actor }) =>
      request.post(`/api/visits/${(await scratchNote(fixtures, SCRATCH_NOTES.signed)).appointmentId}/note/addenda`, {
        data: { body: `Authorization matrix: addendum as ${actor}` },
      }),
  },
  "POST /api/session/sign-out": {
    public: "ends the caller's own session, if any (signing out everywhere needs one: 401); there is nothing to protect",
    // Made only by actors without a session to lose.
    actors: ["anonymous", "passwordOnly", "integration", "visitLinkHolder", "guestLinkHolder"],
    expect: everyone(401),
    call: ({ request }) => request.post("/api/session/sign-out", { data: { everywhere: true } }),
  },
  "POST /api/session/activity": {
    expect: statuses(allSignedIn(204)),
    call: ({ request }) => request.post("/api/session/activity"),
  },
  "GET /api/admin/audit/export": {
    expect: statuses({ admin: 200 }),
    call: ({ request }) => request.get("/api/admin/audit/export?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z"),
  },
  "GET /api/admin/billing/export": {
    expect: statuses({ admin: 200 }),
    call: ({ request }) => request.get("/api/admin/billing/export?from=2026-01-01&to=2026-01-02"),
  },
  "GET /api/visits/[appointmentId]/superbill/pdf": {
    // The visit's physician, and administrators who bill it; not the patient (their summary is theirs), not other clinicians.
    expect: statuses({ treatingPhysician: 200, admin: 200 }, LINKS_REFUSED),
    call: ({ request, fixtures }) => request.get(`/api/visits/${fixtures.billedVisitId}/superbill/pdf`),
  },
  "GET /api/appointments/[appointmentId]/care-gaps": {
    // The recommendations decided at a visit are part of its note: its physician reads them.
    expect: clinicianOnly(),
    body: z.object({ decisions: list() }).strict(),
    call: ({ request, fixtures }) => request.get(`/api/appointments/${fixtures.appointmentId}/care-gaps`),
  },
  "POST /api/appointments/[appointmentId]/care-gaps": {
    // Accepting one of Alex's open care gaps into a scratch visit's plan; an allowed decision is removed again at once.
    expect: clinicianOnly(201),
    body: z.object({ ruleId: z.string(), outcome: z.literal("ACCEPTED"), decidedByName: z.string() }).passthrough(),
    snapshot: (fixtures) => fixtures.db.careGapDecision.findMany({ where: { patientId: fixtures.patientId }, select: { id: true } }),
    call: async ({ request, fixtures }) => {
      const { appointmentId } = await scratchNote(fixtures, SCRATCH_NOTES.draft);
      const [gap] = await openCareGaps(fixtures.db, fixtures.patientId, new Date());
      const response = await request.post(`/api/appointments/${appointmentId}/care-gaps`, { data: { ruleId: gap!.ruleId, outcome: "ACCEPTED" } });
      if (response.ok()) await fixtures.db.careGapDecision.deleteMany({ where: { appointmentId } });
      return response;
    },
  },
  "GET /api/visits/[appointmentId]/note/telehealth-draft": {
    // "Refresh from visit": the note's author only.
    expect: clinicianOnly(),
    body: z.object({ telehealth: z.object({ modality: z.string().nullable() }).passthrough() }),
    call: async ({ request, fixtures }) => request.get(`/api/visits/${(await scratchNote(fixtures, SCRATCH_NOTES.draft)).appointmentId}/note/telehealth-draft`),
  },
  // The FHIR API (lib/fhir): the same policy and audit as the chart, for the
  // browser session of who may read the chart and for integrations with a
  // SMART Backend Services token.
  "GET /fhir/R4/metadata": {
    public: "the CapabilityStatement: what the server supports, nothing about anyone",
    expect: everyone(200),
    body: z.object({ resourceType: z.literal("CapabilityStatement") }).passthrough(),
    call: ({ request }) => request.get("/fhir/R4/metadata"),
  },
  "GET /fhir/R4/.well-known/smart-configuration": {
    public: "SMART discovery: the token endpoint and what it accepts",
    expect: everyone(200),
    body: z.object({ token_endpoint: z.string().endsWith("/fhir/auth/token") }).passthrough(),
    call: ({ request }) => request.get("/fhir/R4/.well-known/smart-configuration"),
  },
  "GET /.well-known/smart-configuration": {
    public: "SMART discovery at the site's root",
    expect: everyone(200),
    body: z.object({ token_endpoint: z.string().endsWith("/fhir/auth/token") }).passthrough(),
    call: ({ request }) => request.get("/.well-known/smart-configuration"),
  },
  "POST /fhir/auth/token": {
    // The signed client assertion is the credential (lib/fhir/smart/tokens): only the integration holds one.
    sessionless: "the token endpoint knows clients, not browser sessions",
    expect: statuses({ integration: 200 }, Object.fromEntries(ACTORS.map((actor) => [actor, 401]))),
    body: z.object({ access_token: z.string().min(20), token_type: z.string(), scope: z.string() }).passthrough(),
    call: async ({ request, actor, fixtures }) => {
      const tokenUrl = `${E2E_BASE_URL}/fhir/auth/token`;
      const assertion = actor === "integration" ? await clientAssertion(fixtures.integration.keys, fixtures.integration.clientId, tokenUrl) : "not-an-assertion";
      return request.post("/fhir/auth/token", { headers: { "content-type": "application/x-www-form-urlencoded" }, data: tokenForm(assertion, "system/*.read") });
    },
  },
  "GET /fhir/R4/[type]": {
    expect: statuses({ integration: 200, patient: 200, treatingPhysician: 200 }),
    body: bundle,
    call: ({ request, fixtures }) => request.get(`/fhir/R4/Observation?patient=${fixtures.patientId}&code=2345-7&_count=5`),
  },
  "GET /fhir/R4/[type]/[id]": {
    // Demographics: the desk reads them too (as in scheduling); clinical types follow chart.read.
    expect: statuses({ integration: 200, patient: 200, treatingPhysician: 200, scheduler: 200 }),
    body: z.object({ resourceType: z.literal("Patient"), id }).passthrough(),
    call: ({ request, fixtures }) => request.get(`/fhir/R4/Patient/${fixtures.patientId}`),
  },
  "GET /fhir/R4/[type]/[id]/[operation]": {
    // $everything: each type as the caller may read it (the desk gets demographics and appointments only).
    expect: statuses({ integration: 200, patient: 200, treatingPhysician: 200, scheduler: 200 }),
    body: bundle,
    call: ({ request, fixtures }) => request.get(`/fhir/R4/Patient/${fixtures.patientId}/$everything?_count=5`),
  },
  // Bulk Data export and imports are for integrations only: every browser session is refused.
  "GET /fhir/R4/$export": {
    expect: statuses({ integration: 202 }),
    call: async (call) => {
      const response = await call.request.get("/fhir/R4/$export?_type=Organization", { headers: { prefer: "respond-async" } });
      expect(response.status() !== 202 || /\/fhir\/R4\/bulk\/\S+$/.test(response.headers()["content-location"] ?? ""), "a kick-off names its status URL").toBe(true);
      return response;
    },
  },
  "GET /fhir/R4/bulk/[jobId]": {
    expect: statuses({ integration: 200 }),
    body: z.object({ output: list(z.object({ type: z.string(), url: z.string() })).min(1) }).passthrough(),
    call: ({ request, fixtures }) => request.get(`/fhir/R4/bulk/${fixtures.exportJob.jobId}`),
  },
  "GET /fhir/R4/bulk/[jobId]/[fileId]": {
    expect: statuses({ integration: 200 }),
    call: async ({ request, fixtures }) => {
      const response = await request.get(`/fhir/R4/bulk/${fixtures.exportJob.jobId}/${fixtures.exportJob.fileId}`);
      if (response.ok()) expect(JSON.parse((await response.text()).split("\n")[0]!)).toMatchObject({ resourceType: expect.any(String) });
      return response;
    },
  },
  "DELETE /fhir/R4/bulk/[jobId]": {
    // A job of the integration's own, started for this entry and cancelled by it.
    expect: statuses({ integration: 202 }),
    call: async ({ request, fixtures }) => request.delete(`/fhir/R4/bulk/${await kickOffExport(fixtures.integration.request!)}`),
  },
  "POST /fhir/R4": {
    // Importing outside records: integrations holding system/*.write only.
    expect: statuses({ integration: 200 }),
    body: z.object({ resourceType: z.literal("Bundle"), type: z.literal("transaction-response") }).passthrough(),
    snapshot: ({ db }) => db.importedResource.count(),
    call: ({ request }) =>
      request.post("/fhir/R4", {
        headers: { "content-type": "application/fhir+json" },
        data: JSON.stringify({
          resourceType: "Bundle",
          type: "transaction",
          entry: [{ fullUrl: `urn:uuid:${randomUUID()}`, resource: { resourceType: "Organization", name: "Matrix import" }, request: { method: "POST", url: "Organization" } }],
        }),
      }),
  },
  "GET /api/patients/[patientId]/record": {
    // The whole record: the patient's own, or an administrator's on a records request.
    expect: statuses({ patient: 200, admin: 200 }),
    body: bundle,
    call: ({ request, fixtures }) => request.get(`/api/patients/${fixtures.patientId}/record`),
  },
  "GET /api/admin/patient-record": {
    // The records request names Alex's MRN: her own record, so she may download it here too.
    expect: statuses({ patient: 200, admin: 200 }),
    body: bundle,
    call: ({ request }) => request.get("/api/admin/patient-record?mrn=MRN-000001"),
  },
  // Scheduling. Each call acts on scratch records after the seeded schedule; an
  // allowed change is undone at once. The snapshot of a call that acts on an
  // existing record first makes sure that record exists (creating it only when
  // it does not), so a refused call is compared with the same record after it.
  "GET /api/slots": {
    expect: statuses(Object.fromEntries(["patient", "otherPatient", "treatingPhysician", "unrelatedPhysician", "scheduler"].map((actor) => [actor, 200]))),
    body: z.object({ physicians: list(z.object({ slots: list() }).passthrough()).min(1) }),
    call: async ({ request, fixtures }) => {
      const { physicianId, visitType } = await schedulingIds(fixtures);
      const { start } = await freeSlot(fixtures);
      const query = new URLSearchParams({ physicianId, visitTypeId: visitType.id, from: start.toISOString(), to: new Date(start.getTime() + DAY_MS).toISOString() });
      return request.get(`/api/slots?${query}`);
    },
  },
  "GET /api/appointments": {
    expect: statuses({ scheduler: 200 }),
    body: z.object({ appointments: list() }),
    call: ({ request }) => {
      const from = new Date();
      const query = new URLSearchParams({ from: from.toISOString(), to: new Date(from.getTime() + DAY_MS).toISOString() });
      return request.get(`/api/appointments?${query}`);
    },
  },
  "GET /api/calendar": {
    expect: statuses({ scheduler: 200 }),
    body: z.object({ physicians: list(z.object({ workingSpans: list(), freeSlots: list(), appointments: list() }).passthrough()).min(1) }),
    call: async ({ request, fixtures }) => {
      const { physicianId, visitType } = await schedulingIds(fixtures);
      const from = new Date();
      const query = new URLSearchParams({ from: from.toISOString(), to: new Date(from.getTime() + DAY_MS).toISOString(), visitTypeId: visitType.id, physicianIds: physicianId });
      return request.get(`/api/calendar?${query}`);
    },
  },
  "GET /api/appointments/export": {
    // The week as CSV is the calendar's read: schedulers only.
    expect: statuses({ scheduler: 200 }),
    call: ({ request }) => request.get(`/api/appointments/export?week=${new Date().toISOString().slice(0, 10)}&timeZone=America%2FNew_York`),
  },
  "POST /api/appointments": {
    expect: statuses({ patient: 201, scheduler: 201 }),
    body: appointmentBody,
    snapshot: ({ db }) => db.appointment.count(),
    call: async ({ request, fixtures }) => {
      const { patientId, physicianId, visitType } = await schedulingIds(fixtures);
      const { start } = await freeSlot(fixtures);
      const response = await request.post("/api/appointments", {
        data: { patientId, physicianId, visitTypeId: visitType.id, startsAt: start.toISOString(), reason: SCRATCH_REASONS.book },
      });
      if (response.ok()) await cancelScratch(fixtures, (await response.json()).appointment.id);
      return response;
    },
  },
  "POST /api/appointments/[appointmentId]/reschedule": {
    expect: statuses({ patient: 200, scheduler: 200 }),
    body: appointmentBody,
    snapshot: (fixtures) => scratchAppointmentState(fixtures, SCRATCH_REASONS.reschedule),
    call: async ({ request, fixtures }) => {
      const appointmentId = await scratchAppointment(fixtures, SCRATCH_REASONS.reschedule);
      const { start } = await freeSlot(fixtures);
      const response = await request.post(`/api/appointments/${appointmentId}/reschedule`, { data: { startsAt: start.toISOString() } });
      if (response.ok()) await cancelScratch(fixtures, (await response.json()).appointment.id);
      return response;
    },
  },
  "GET /api/appointments/[appointmentId]/free-times": {
    // Whoever may move the visit: its patient and the schedulers.
    expect: statuses({ patient: 200, scheduler: 200 }),
    body: z.object({ physicians: list(z.object({ slots: list() }).passthrough()).length(1) }),
    call: async ({ request, fixtures }) => {
      const appointmentId = await scratchAppointment(fixtures, SCRATCH_REASONS.reschedule);
      const { start } = await freeSlot(fixtures);
      const query = new URLSearchParams({ from: start.toISOString(), to: new Date(start.getTime() + DAY_MS).toISOString() });
      return request.get(`/api/appointments/${appointmentId}/free-times?${query}`);
    },
  },
  "POST /api/appointments/[appointmentId]/cancel": {
    expect: statuses({ patient: 200, scheduler: 200 }),
    body: appointmentBody,
    snapshot: (fixtures) => scratchAppointmentState(fixtures, SCRATCH_REASONS.cancel),
    call: async ({ request, fixtures }) =>
      request.post(`/api/appointments/${await scratchAppointment(fixtures, SCRATCH_REASONS.cancel)}/cancel`, { data: { reason: "Authorization matrix" } }),
  },
  "POST /api/appointments/[appointmentId]/no-show": {
    // Patients may change their own visits, but a no-show is the clinic's to record.
    expect: statuses({ scheduler: 200 }),
    body: appointmentBody,
    snapshot: (fixtures) => scratchAppointmentState(fixtures, SCRATCH_REASONS.noShow),
    call: async ({ request, fixtures }) => request.post(`/api/appointments/${await scratchAppointment(fixtures, SCRATCH_REASONS.noShow)}/no-show`),
  },
  "GET /api/patients": {
    expect: statuses({ scheduler: 200 }),
    body: z.object({ patients: list(z.object({ id })).min(1) }),
    call: ({ request }) => request.get("/api/patients?query=Morgan"),
  },
  "POST /api/patients": {
    expect: statuses({ scheduler: 201 }),
    body: z.object({ patient: z.object({ id, mrn: z.string() }).passthrough() }),
    snapshot: ({ db }) => db.patient.count(),
    call: ({ request }) =>
      request.post("/api/patients", {
        data: { givenName: "Matrix", familyName: `Registrant ${randomBytes(4).toString("hex")}`, dateOfBirth: "1950-01-02", sex: "UNKNOWN", timeZone: "America/New_York" },
      }),
  },
  "PUT /api/patients/[patientId]/usual-state": {
    expect: statuses({ scheduler: 200 }, LINKS_REFUSED),
    body: z.object({ patient: z.object({ id, usualState: z.string().nullable() }).passthrough() }),
    snapshot: ({ db, patientId }) => db.patient.findUniqueOrThrow({ where: { id: patientId }, select: { usualState: true, updatedAt: true } }),
    // Puts back the state Alex has, so an allowed call changes nothing either.
    call: async ({ request, fixtures }) => {
      const { usualState } = await fixtures.db.patient.findUniqueOrThrow({ where: { id: fixtures.patientId }, select: { usualState: true } });
      return request.put(`/api/patients/${fixtures.patientId}/usual-state`, { data: { usualState } });
    },
  },
  "GET /api/physicians/[physicianId]/availability": {
    expect: statuses(Object.fromEntries(["patient", "otherPatient", "treatingPhysician", "unrelatedPhysician", "scheduler"].map((actor) => [actor, 200]))),
    body: z.object({ windows: list() }).passthrough(),
    call: async ({ request, fixtures }) => request.get(`/api/physicians/${(await schedulingIds(fixtures)).physicianId}/availability`),
  },
  "PUT /api/physicians/[physicianId]/availability": {
    expect: ownPhysicianOrScheduler(),
    body: z.object({ windows: list().min(1) }),
    snapshot: (fixtures) => weeklyWindows(fixtures),
    // Puts back the hours the physician has, so an allowed call changes nothing either.
    call: async ({ request, fixtures }) =>
      request.put(`/api/physicians/${(await schedulingIds(fixtures)).physicianId}/availability`, { data: { windows: await weeklyWindows(fixtures) } }),
  },
  "PUT /api/physicians/[physicianId]/visit-types": {
    // The desk and administrators choose what a physician can be booked for; not the physician alone.
    expect: statuses({ scheduler: 200, admin: 200 }),
    body: z.object({ visitTypeIds: list(id).min(1) }),
    snapshot: (fixtures) => offeredVisitTypes(fixtures),
    // Puts back the types the physician offers, so an allowed call changes nothing either.
    call: async ({ request, fixtures }) =>
      request.put(`/api/physicians/${(await schedulingIds(fixtures)).physicianId}/visit-types`, {
        data: { visitTypeIds: (await offeredVisitTypes(fixtures)).map((offered) => offered.visitTypeId) },
      }),
  },
  "POST /api/physicians/[physicianId]/availability/overrides": {
    expect: ownPhysicianOrScheduler(201),
    body: z.object({ override: z.object({ id }).passthrough() }),
    snapshot: (fixtures) => dateOverrides(fixtures),
    call: async ({ request, fixtures }) => {
      const response = await request.post(`/api/physicians/${(await schedulingIds(fixtures)).physicianId}/availability/overrides`, {
        data: { date: "2099-01-05", isAvailable: false, note: "Authorization matrix" },
      });
      if (response.ok()) await fixtures.db.availabilityOverride.delete({ where: { id: (await response.json()).override.id } });
      return response;
    },
  },
  "DELETE /api/physicians/[physicianId]/availability/overrides/[overrideId]": {
    expect: ownPhysicianOrScheduler(204),
    snapshot: async (fixtures) => {
      await scratchOverride(fixtures);
      return dateOverrides(fixtures);
    },
    call: async ({ request, fixtures }) => {
      const { physicianId } = await schedulingIds(fixtures);
      return request.delete(`/api/physicians/${physicianId}/availability/overrides/${await scratchOverride(fixtures)}`);
    },
  },
};

const ADMIN_STATE = { outcome: null, message: "", attempt: 0 };
const ACTIONS: Record<string, ActionEntry> = {
  // A recording consent, so the open visit's telehealth consent (which its patient's tokens need) stays current.
  "action app/admin/consents/actions.ts#publishConsentAction": {
    expect: outcomes(["admin"]),
    allowed: adminSucceeded,
    refused: adminRefused,
    snapshot: ({ db }) => db.consentVersion.count(),
    call: ({ request, actor }) =>
      callAction(request, null, "publishConsentAction", [
        ADMIN_STATE,
        { kind: "RECORDING", title: `Matrix recording consent by ${actor}`, bodyEn: "Recording text.", bodyEs: "Texto de grabación." },
      ]),
  },
  "action app/admin/consents/actions.ts#setStateExpiryAction": {
    expect: outcomes(["admin"]),
    allowed: adminSucceeded,
    refused: adminRefused,
    snapshot: ({ db }) => db.telehealthStatePolicy.findMany({ orderBy: { state: "asc" } }),
    call: ({ request }) => callAction(request, null, "setStateExpiryAction", [ADMIN_STATE, { state: "WY", consentExpiryMonths: "12" }]),
  },
  "action app/admin/integrations/actions.ts#registerIntegrationAction": {
    expect: outcomes(["admin"]),
    allowed: adminSucceeded,
    refused: adminRefused,
    snapshot: ({ db }) => db.integrationClient.count(),
    call: ({ request, actor }) =>
      callAction(request, null, "registerIntegrationAction", [
        ADMIN_STATE,
        { name: `Matrix integration by ${actor}`, jwks: JSON.stringify({ keys: [MATRIX_PUBLIC_JWK] }), scopes: "system/Patient.read" },
      ]),
  },
  "action app/admin/billing/actions.ts#savePayerRuleAction": {
    expect: outcomes(["admin"]),
    allowed: adminSucceeded,
    refused: adminRefused,
    snapshot: ({ db }) => db.payerRule.findMany({ select: { payer: true, modality: true, modifier: true }, orderBy: [{ payer: "asc" }, { modality: "asc" }] }),
    call: ({ request }) => callAction(request, null, "savePayerRuleAction", [ADMIN_STATE, { payer: "Matrix payer", modality: "VIDEO", modifier: "95" }]),
  },
  "action app/admin/billing/actions.ts#deletePayerRuleAction": {
    expect: outcomes(["admin"]),
    allowed: adminSucceeded,
    refused: adminRefused,
    snapshot: (fixtures) => scratchPayerRule(fixtures).then(() => fixtures.db.payerRule.findMany({ select: { id: true }, orderBy: { id: "asc" } })),
    call: async ({ request, fixtures }) => callAction(request, null, "deletePayerRuleAction", [ADMIN_STATE, { id: await scratchPayerRule(fixtures) }]),
  },
  "action app/admin/integrations/actions.ts#revokeIntegrationAction": {
    expect: outcomes(["admin"]),
    allowed: adminSucceeded,
    refused: adminRefused,
    snapshot: (fixtures) => scratchIntegration(fixtures).then(() => fixtures.db.integrationClient.findMany({ select: { id: true, revokedAt: true }, orderBy: { id: "asc" } })),
    call: async ({ request, fixtures }) => callAction(request, null, "revokeIntegrationAction", [ADMIN_STATE, { clientId: await scratchIntegration(fixtures) }]),
  },
  "action app/admin/licensure/actions.ts#saveLicenseAction": {
    expect: outcomes(["admin"]),
    allowed: adminSucceeded,
    refused: adminRefused,
    snapshot: ({ db }) => db.physicianLicense.findMany({ select: { id: true, state: true, licenseNumber: true, expiresOn: true }, orderBy: { id: "asc" } }),
    call: async ({ request, fixtures }) =>
      callAction(request, null, "saveLicenseAction", [ADMIN_STATE, { physicianId: await treatingPhysicianId(fixtures), state: "WY", licenseNumber: "WY-MATRIX", expiresOn: "2099-12-31" }]),
  },
  "action app/admin/licensure/actions.ts#removeLicenseAction": {
    expect: outcomes(["admin"]),
    allowed: adminSucceeded,
    refused: adminRefused,
    snapshot: (fixtures) => scratchLicense(fixtures).then(() => fixtures.db.physicianLicense.findMany({ select: { id: true }, orderBy: { id: "asc" } })),
    call: async ({ request, fixtures }) => callAction(request, null, "removeLicenseAction", [ADMIN_STATE, { licenseId: await scratchLicense(fixtures) }]),
  },
  "action app/admin/licensure/actions.ts#setLicensureModeAction": {
    expect: outcomes(["admin"]),
    allowed: adminSucceeded,
    refused: adminRefused,
    snapshot: ({ db }) => db.clinicSettings.findMany({ select: { licensureMode: true } }),
    // WARN is the default, so the administrator's allowed call changes nothing the other entries see.
    call: ({ request }) => callAction(request, null, "setLicensureModeAction", [ADMIN_STATE, { mode: "WARN" }]),
  },
  "action app/appointment-reply/[token]/actions.ts#replyToAppointmentAction": {
    public: "the confirm-or-cancel link is the credential; lib/scheduling/appointment-reply checks it and authorizes the change as its holder",
    expect: outcomes(ACTORS),
    allowed: (response) => (response.headers()["x-action-redirect"] ?? "").startsWith("/appointment-reply/not-a-token"),
    refused: () => false,
    snapshot: ({ db }) => db.appointment.findMany({ select: { id: true, status: true, confirmedAt: true }, orderBy: { id: "asc" } }),
    call: ({ request }) => callAction(request, null, "replyToAppointmentAction", [{ token: "not-a-token" }]),
  },
  "action app/waitlist-offer/[token]/actions.ts#claimWaitlistOfferAction": {
    public: "the offer link names the waitlist entry; the booking it makes is authorized by lib/scheduling/booking as the signed-in patient",
    expect: outcomes(ACTORS),
    allowed: (response) => (response.headers()["x-action-redirect"] ?? "").startsWith("/waitlist-offer/not-a-token"),
    refused: () => false,
    call: ({ request }) => callAction(request, null, "claimWaitlistOfferAction", [{ token: "not-a-token" }]),
  },
  "action app/patient/actions.ts#joinWaitlistAction": {
    expect: outcomes(["patient", "otherPatient"]),
    allowed: (response) => (response.headers()["x-action-redirect"] ?? "").split(";")[0] === "/patient",
    refused: (response) => sentToSignIn(response) || response.status() === 403,
    snapshot: ({ db }) => db.waitlistEntry.findMany({ select: { id: true, active: true }, orderBy: { id: "asc" } }),
    call: async ({ request, fixtures }) => callAction(request, null, "joinWaitlistAction", [{ physicianId: await treatingPhysicianId(fixtures) }]),
  },
  "action app/sign-in/actions.ts#signInAction": {
    public: "the sign-in form itself; throttled and audited by lib/auth/sign-in",
    expect: outcomes(ACTORS),
    allowed: (response, body) => answeredInPlace(response) && body.includes("Email or password is incorrect."),
    refused: () => false,
    // No password: refused before any account is looked up, so these calls (all from one address) slow no one's sign-in down.
    call: ({ request }) => callAction(request, null, "signInAction", [{ step: "password", error: null, attempt: 0 }, { email: "nobody@example.test", password: "" }]),
  },
  "action app/sign-in/actions.ts#requestSignInLinkAction": {
    public: "asking for a one-time sign-in link by email; the answer never says whether a link went out, and lib/auth/links limits how many",
    expect: outcomes(ACTORS),
    allowed: (response, body) => answeredInPlace(response) && body.includes('"status":"error"'),
    refused: () => false,
    // Not an address: answered at once, counting no request against the caller's address.
    call: ({ request }) => callAction(request, null, "requestSignInLinkAction", [{ status: "idle", message: null, attempt: 0 }, { email: "not-an-address" }]),
  },
  "action app/sign-in/link/[token]/actions.ts#signInWithLinkAction": {
    public: "spends an emailed one-time sign-in link; the link is the credential, checked by lib/auth/links",
    expect: outcomes(ACTORS),
    allowed: (response, body) => answeredInPlace(response) && /"error":"[^"]+"/.test(body),
    refused: () => false,
    call: ({ request }) => callAction(request, null, "signInWithLinkAction", [{ error: null, attempt: 0 }, { token: "not-a-token" }]),
  },
  "action app/invite/[token]/actions.ts#acceptInvitationAction": {
    public: "the invitation token is the credential; lib/auth/invitations checks it",
    expect: outcomes(ACTORS),
    allowed: (response, body) => answeredInPlace(response) && body.includes('"attempt":1'),
    refused: () => false,
    call: ({ request }) => callAction(request, null, "acceptInvitationAction", [{ attempt: 0 }, { token: "not-a-token", password: "x", confirmation: "x" }]),
  },
  "action app/admin/users/actions.ts#createUserAction": {
    expect: outcomes(["admin"]),
    allowed: adminSucceeded,
    refused: adminRefused,
    snapshot: usersSnapshot,
    call: ({ request }) =>
      callAction(request, null, "createUserAction", [ADMIN_STATE, { name: "Matrix Scheduler", email: `matrix-${randomBytes(4).toString("hex")}@example.test`, role: "SCHEDULER" }]),
  },
  "action app/admin/reviews/actions.ts#acknowledgeReviewAction": {
    expect: outcomes(["admin"]),
    allowed: adminSucceeded,
    refused: adminRefused,
    snapshot: async (fixtures) => fixtures.db.accessReview.findUnique({ where: { id: await scratchReview(fixtures) } }),
    call: async ({ request, fixtures }) =>
      callAction(request, null, "acknowledgeReviewAction", [ADMIN_STATE, { reviewId: await scratchReview(fixtures), comment: "Authorization matrix: acknowledged" }]),
  },
  ...Object.fromEntries(
    (["disableUserAction", "enableUserAction", "resetMfaAction", "resendInvitationAction"] as const).map((name) => [
      `action app/admin/users/actions.ts#${name}`,
      {
        expect: outcomes(["admin"]),
        allowed: adminSucceeded,
        refused: adminRefused,
        snapshot: usersSnapshot,
        call: ({ request, fixtures }: Call) => callAction(request, null, name, [ADMIN_STATE, { userId: fixtures.targetUserId }]),
      } satisfies ActionEntry,
    ]),
  ),
  // Own-account actions: anyone signed in acts on their own account only. The
  // calls are harmless: bad input refused in place, or a new set of codes.
  ...Object.fromEntries(
    (
      [
        ["confirmMfaEnrolmentAction", [{ status: "idle", message: null, attempt: 0 }, { code: "000000" }], '"status":"error"'],
        // A password the policy refuses: a caller who confirmed it's them recently must not change anything here.
        ["changePasswordAction", [{ status: "idle", error: null, attempt: 0 }, { newPassword: "short" }], '"error":"'],
        // No password: refused before it is checked, so no failure counts against the actor's sign-in.
        ["confirmIdentityAction", [{ status: "idle", errors: {}, attempt: 0 }, { password: "" }], '"errors":{"password"'],
        // Staff get new codes; patients, who have no second factor, are told so.
        ["regenerateRecoveryCodesAction", [], /"status":"renewed"|Two-step verification is off/],
        // Staff have a second factor already; a patient gets the code to scan, or, 5 minutes after signing in, must first confirm it's them.
        ["startMfaEnrolmentAction", [], /data:image\/svg\+xml|"status":"confirm-identity"|already on for your account/],
      ] as const
    ).map(([name, args, answer]) => [
      `action app/account/security/actions.ts#${name}`,
      {
        expect: outcomes(SIGNED_IN),
        allowed: (response: APIResponse, body: string) => answeredInPlace(response) && (typeof answer === "string" ? body.includes(answer) : answer.test(body)),
        refused: sentToSignIn,
        snapshot: usersSnapshot,
        call: ({ request }: Call) => callAction(request, null, name, [...args]),
      } satisfies ActionEntry,
    ]),
  ),
};

const signIn = { redirect: "/sign-in" } as const;
/** A page only `who` may see, showing them `shows`; everyone else signed in gets 403, the rest are sent to sign in. */
function pageFor(who: readonly ActorName[], shows: string | ((fixtures: Fixtures) => string)): Record<ActorName, PageOutcome> {
  return Object.fromEntries(ACTORS.map((actor) => [actor, who.includes(actor) ? { shows } : isSignedIn(actor) ? 403 : signIn])) as Record<ActorName, PageOutcome>;
}
const samePage = (outcome: PageOutcome) => Object.fromEntries(ACTORS.map((actor) => [actor, outcome])) as Record<ActorName, PageOutcome>;
/** Where each signed-in role lands from the home page. */
const home: Partial<Record<ActorName, PageOutcome>> = {
  patient: { redirect: "/patient" },
  otherPatient: { redirect: "/patient" },
  treatingPhysician: { redirect: "/physician" },
  unrelatedPhysician: { redirect: "/physician" },
  scheduler: { redirect: "/scheduler" },
  admin: { redirect: "/admin" },
};

const PAGES: Record<string, PageEntry> = {
  "/": { url: () => "/", expect: samePage({ shows: "For patients" }) },
  "/sign-in": { url: () => "/sign-in", expect: { ...samePage({ shows: "Sign in" }), ...home } },
  "/sign-in/link/[token]": { url: () => "/sign-in/link/not-a-token", expect: samePage({ shows: "This link cannot be used" }) },
  "/invite/[token]": { url: () => "/invite/not-a-token", expect: samePage({ shows: "This link cannot be used" }) },
  // The mail viewer answers only `npm run dev` on loopback; this production build refuses it to everyone.
  "/dev/mail": { url: () => "/dev/mail", expect: samePage(404) },
  "/account/security": {
    url: () => "/account/security",
    expect: pageFor(SIGNED_IN, "Two-step verification"),
  },
  "/patient": { url: () => "/patient", expect: pageFor(["patient", "otherPatient"], "Your visits") },
  "/patient/visits/[appointmentId]": {
    url: ({ appointmentId }) => `/patient/visits/${appointmentId}`,
    expect: pageFor(["patient"], (fixtures) => fixtures.summaryPlan),
  },
  "/appointment-reply/[token]": { url: () => "/appointment-reply/not-a-token", expect: samePage(404) },
  "/waitlist-offer/[token]": {
    url: () => "/waitlist-offer/not-a-token",
    expect: { ...pageFor([], ""), patient: 404, otherPatient: 404 },
  },
  "/visit/[token]": {
    url: ({ links }, actor) => `/visit/${actor === "visitLinkHolder" ? links.visitLink : "not-a-token"}`,
    expect: { ...samePage(404), visitLinkHolder: { shows: "Hello, Alex" } },
  },
  "/visit/guest/[token]": {
    url: ({ links }, actor) => `/visit/guest/${actor === "guestLinkHolder" ? links.guestLink : "not-a-token"}`,
    expect: { ...samePage(404), guestLinkHolder: { shows: "Video visit with Dr." } },
  },
  "/physician": { url: () => "/physician", expect: pageFor(["treatingPhysician", "unrelatedPhysician"], "Today") },
  "/physician/availability": { url: () => "/physician/availability", expect: pageFor(["treatingPhysician", "unrelatedPhysician"], "Weekly hours") },
  "/physician/patients": { url: () => "/physician/patients", expect: pageFor(["treatingPhysician", "unrelatedPhysician"], "Find a patient") },
  "/physician/inbox": { url: () => "/physician/inbox", expect: pageFor(["treatingPhysician", "unrelatedPhysician"], "Results and tasks") },
  "/physician/patients/[patientId]": {
    url: ({ patientId }) => `/physician/patients/${patientId}`,
    // An unrelated physician is offered break-glass instead of the chart.
    expect: { ...pageFor(["treatingPhysician"], "Alex Morgan's chart"), unrelatedPhysician: { shows: "Break-glass access", hides: "MRN-000001" } },
  },
  "/physician/visits/[appointmentId]": {
    url: ({ openVisitId }) => `/physician/visits/${openVisitId}`,
    expect: pageFor(["treatingPhysician"], "Alex Morgan"),
  },
  "/scheduler": { url: () => "/scheduler", expect: pageFor(["scheduler"], "Schedule") },
  "/scheduler/availability": { url: () => "/scheduler/availability", expect: pageFor(["scheduler"], "Weekly hours") },
  "/scheduler/day-sheet": { url: () => "/scheduler/day-sheet", expect: pageFor(["scheduler"], "one physician to a printed page") },
  "/admin": { url: () => "/admin", expect: pageFor(["admin"], "Administration") },
  "/admin/users": { url: () => "/admin/users", expect: pageFor(["admin"], "admin@demo.clinic") },
  "/patient/visits/[appointmentId]/intake": {
    url: ({ openVisitId }) => `/patient/visits/${openVisitId}/intake`,
    expect: pageFor(["patient"], "Loading your questions"),
  },
  "/admin/intake": { url: () => "/admin/intake", expect: pageFor(["admin"], "Check-in questions") },
  "/admin/audit": { url: () => "/admin/audit", expect: pageFor(["admin"], "Audit") },
  "/admin/reviews": { url: () => "/admin/reviews", expect: pageFor(["admin"], "review") },
  "/admin/integrations": { url: () => "/admin/integrations", expect: pageFor(["admin"], "Matrix integration") },
  "/admin/licensure": { url: () => "/admin/licensure", expect: pageFor(["admin"], "Clinic rule") },
  "/admin/consents": { url: () => "/admin/consents", expect: pageFor(["admin"], "Published versions") },
  "/admin/billing": { url: () => "/admin/billing", expect: pageFor(["admin"], "Payer rules") },
  "/admin/billing/visits/[appointmentId]": { url: ({ billedVisitId }) => `/admin/billing/visits/${billedVisitId}`, expect: pageFor(["admin"], "Place of service 10") },
  "/physician/visits/[appointmentId]/superbill": {
    url: ({ billedVisitId }) => `/physician/visits/${billedVisitId}/superbill`,
    expect: pageFor(["treatingPhysician"], "Place of service 10"),
  },
};

test("every route handler, server action and page has an entry for every actor", () => {
  const endpoints = discoverEndpoints();
  const entries = [...Object.keys(ROUTES), ...Object.keys(ACTIONS)];
  expect(endpoints.filter((endpoint) => !entries.includes(endpoint)), "endpoints without an authorization-matrix entry").toEqual([]);
  expect(entries.filter((entry) => !endpoints.includes(entry)), "matrix entries for endpoints that no longer exist").toEqual([]);
  const pages = discoverPages();
  expect(pages.filter((page) => !(page in PAGES)), "pages without an authorization-matrix entry").toEqual([]);
  expect(Object.keys(PAGES).filter((page) => !pages.includes(page)), "matrix entries for pages that no longer exist").toEqual([]);
  for (const [name, entry] of [...Object.entries(ROUTES), ...Object.entries(ACTIONS), ...Object.entries(PAGES)]) {
    expect(Object.keys(entry.expect).sort(), `${name}: an outcome for every actor`).toEqual([...ACTORS].sort());
  }
});

test("discovery finds every way of writing a handler or an action", async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const root = mkdtempSync(path.join(tmpdir(), "matrix-discovery-"));
  const write = (file: string, source: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), source);
  };
  write("app/api/a/route.ts", "export async function GET() {}\nexport function POST() {}");
  write("app/api/b/route.ts", "const handler = () => new Response();\nexport const PUT = handler;\nexport const DELETE = async () => new Response();");
  write("app/api/c/route.ts", "const handlers = { GET: () => 1 };\nexport const { GET, POST: PATCH } = handlers;");
  write("app/api/d/route.ts", "function handle() {}\nexport { handle as GET, handle as HEAD };");
  write("app/route.ts", "export const GET = () => new Response();");
  write("app/things/actions.ts", '"use server";\nexport async function saveThing() {}\nexport const removeThing = async () => {};');
  write("app/things/page.tsx", 'export default function Page() {\n  async function inlineSave(form: FormData) {\n    "use server";\n  }\n  return null;\n}');
  write("lib/things/actions.ts", "'use server'\n\nexport async function libAction() {}");
  write("components/things/Form.tsx", 'export function Form() {\n  const onSubmit = async (data: FormData) => {\n    "use server";\n  };\n}');
  write("lib/things/plain.ts", 'export async function notAnAction() { return "use server"; }');
  expect(discoverEndpoints(root)).toEqual(
    [
      "DELETE /api/b",
      "GET /",
      "GET /api/a",
      "GET /api/c",
      "GET /api/d",
      "HEAD /api/d",
      "PATCH /api/c",
      "POST /api/a",
      "PUT /api/b",
      "action app/things/actions.ts#removeThing",
      "action app/things/actions.ts#saveThing",
      "action app/things/page.tsx#inlineSave",
      "action components/things/Form.tsx#onSubmit",
      "action lib/things/actions.ts#libAction",
    ].sort(),
  );
  expect(discoverPages(root)).toEqual(["/things"]);
});

test.describe("each endpoint and page, as each actor", () => {
  // One set of sessions and fixtures for all entries, which run in order.
  test.describe.configure({ mode: "serial" });
  let fixtures: Fixtures;
  const sessions = new Map<ActorName, APIRequestContext>();
  const contexts: BrowserContext[] = [];

  test.beforeAll(async ({ browser, playwright, baseURL }) => {
    test.setTimeout(180_000);
    fixtures = await loadFixtures();
    const plain = (headers?: Record<string, string>) => playwright.request.newContext({ baseURL, extraHTTPHeaders: { ...NEW_CONNECTION, ...headers } });
    sessions.set("anonymous", await plain());
    sessions.set("visitLinkHolder", await plain({ authorization: `VisitLink ${fixtures.links.visitLink}` }));
    sessions.set("guestLinkHolder", await plain({ authorization: `VisitGuest ${fixtures.links.guestLink}` }));
    fixtures.integration.request = await plain({ authorization: `Bearer ${await integrationToken(fixtures, sessions.get("anonymous")!)}` });
    sessions.set("integration", fixtures.integration.request);
    fixtures.exportJob = await finishedExport(fixtures.integration.request);
    sessions.set("passwordOnly", (await passwordOnlyContext(browser, contexts)).request);
    for (const actor of SIGNED_IN) sessions.set(actor, (await signedInContext(browser, contexts, fixtures.users[actor].email)).request);
    // Disabled after signing in: the session it holds must end with the account.
    sessions.set("disabledUser", (await signedInContext(browser, contexts, fixtures.users.disabledUser.email)).request);
    await fixtures.db.user.update({ where: { id: fixtures.users.disabledUser.id }, data: { disabledAt: new Date() } });
    fixtures.waitingIdentity = await guestWaiting(browser, contexts, fixtures, sessions.get("treatingPhysician")!);
  });
  test.afterAll(async () => {
    for (const actor of ["anonymous", "visitLinkHolder", "guestLinkHolder", "integration"] as const) await sessions.get(actor)?.dispose();
    await Promise.all(contexts.map((context) => context.close()));
    await fixtures.db.$disconnect();
  });

  /** The DENIED audit events since `sinceId` of the actor's own (by user id), or of callers without a session. */
  const denials = (actor: ActorName, sinceId: bigint) =>
    fixtures.db.auditEvent.count({
      where: { id: { gt: sinceId }, outcome: "DENIED", ...(isSignedIn(actor) ? { actorId: fixtures.users[actor].id } : {}) },
    });
  const lastAuditId = async () => (await fixtures.db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;

  for (const [endpoint, entry] of Object.entries(ROUTES)) {
    test(endpoint, async () => {
      for (const actor of entry.actors ?? ACTORS) {
        const where = `${endpoint} as ${actor}`;
        const before = entry.snapshot ? await entry.snapshot(fixtures) : null;
        const sinceId = await lastAuditId();
        const response = await entry.call({ request: sessions.get(actor)!, actor, fixtures });
        const status = response.status();
        const text = await response.text();
        expect.soft(status, `${where}: ${text.slice(0, 300)}`).toBe(entry.expect[actor]);
        if (status !== entry.expect[actor]) continue;
        if (status < 300) {
          if (entry.body) {
            const parsed = entry.body.safeParse(JSON.parse(text));
            expect.soft(parsed.success ? [] : parsed.error.issues, `${where}: the body`).toEqual([]);
          }
        } else if (!entry.public && (status === 401 || status === 403)) {
          // A request with an ended session (the disabled user's) is refused before any access check; the end itself was audited once.
          if (actor !== "disabledUser") {
            expect.soft(await denials(entry.sessionless ? "anonymous" : actor, sinceId), `${where}: a refused call writes a DENIED audit event`).toBeGreaterThan(0);
          }
          if (entry.snapshot) expect.soft(await entry.snapshot(fixtures), `${where}: a refused call changes nothing`).toEqual(before);
        }
      }
    });
  }

  for (const [endpoint, entry] of Object.entries(ACTIONS)) {
    test(endpoint, async () => {
      for (const actor of ACTORS) {
        const where = `${endpoint} as ${actor}`;
        const before = entry.snapshot ? await entry.snapshot(fixtures) : null;
        const sinceId = await lastAuditId();
        const response = await entry.call({ request: sessions.get(actor)!, actor, fixtures });
        const body = await response.text();
        const seen = `${response.status()} ${response.headers()["x-action-redirect"] ?? ""} ${body.slice(0, 300)}`;
        if (entry.expect[actor] === "allow") {
          expect.soft(entry.allowed(response, body), `${where}: succeeds (${seen})`).toBe(true);
        } else {
          expect.soft(entry.refused(response, body), `${where}: refused (${seen})`).toBe(true);
          if (actor !== "disabledUser") expect.soft(await denials(actor, sinceId), `${where}: a refused call writes a DENIED audit event`).toBeGreaterThan(0);
          if (entry.snapshot) expect.soft(await entry.snapshot(fixtures), `${where}: a refused call changes nothing`).toEqual(before);
        }
      }
    });
  }

  for (const [page, entry] of Object.entries(PAGES)) {
    // Pages only read, so every actor asks at once.
    test(`page ${page}`, async () => {
      await Promise.all(ACTORS.map(async (actor) => {
        const where = `page ${page} as ${actor}`;
        const response = await sessions.get(actor)!.get(entry.url(fixtures, actor), { headers: { accept: "text/html" }, maxRedirects: 0 });
        const html = await response.text();
        const outcome = entry.expect[actor];
        const seen = `${response.status()} ${response.headers().location ?? ""}`;
        if (typeof outcome === "number") expect.soft(response.status(), where).toBe(outcome);
        else if ("redirect" in outcome) {
          expect.soft(seen, where).toMatch(new RegExp(`^30[37] ${outcome.redirect.replaceAll("/", "\\/")}(\\?|$)`));
        } else {
          expect.soft(response.status(), `${where} (${seen})`).toBe(200);
          const shows = typeof outcome.shows === "string" ? outcome.shows : outcome.shows(fixtures);
          expect.soft(textOf(html).includes(shows), `${where}: shows "${shows}"`).toBe(true);
          if (outcome.hides) expect.soft(html.includes(outcome.hides), `${where}: does not show "${outcome.hides}"`).toBe(false);
        }
      }));
    });
  }
});

/** A page's text, roughly as a reader sees it: without tags, with the entities React writes decoded. */
function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/**
 * Every matrix request on a new connection: an actor's connection may sit idle
 * past the app server's keep-alive timeout while the checks of the call before
 * run, and a POST sent on the socket the server is closing fails (ECONNRESET).
 */
const NEW_CONNECTION = { connection: "close" };

const MATRIX_PATIENT = { email: "matrix.other-patient@example.test", mrn: "MATRIX-OTHER-PATIENT", givenName: "Other" };
const MATRIX_DISABLED = { email: "matrix.disabled@example.test", mrn: "MATRIX-DISABLED-PATIENT", givenName: "Disabled" };

async function loadFixtures(): Promise<Fixtures> {
  const db = await connectToE2eDatabase();
  const patientUser = await db.user.findUniqueOrThrow({ where: { email: DEMO_PATIENT_EMAIL }, include: { patient: true } });
  // A completed visit of the seed's, with its signed note: an earlier test's visit around now may be
  // cancelled below by bookVisitStartingNow to make room for the open visit.
  const appointment = await db.appointment.findFirstOrThrow({
    where: { patientId: patientUser.patient!.id, status: "COMPLETED", startsAt: { lt: new Date(Date.now() - DAY_MS) }, visit: { note: { is: { status: "SIGNED", plan: { not: "" } } } } },
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
  const physicianEmail = appointment.physician.user.email;
  const open = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail, reason: "Video visit: authorization matrix" });
  const guest = (displayName: string) =>
    issueVisitGuest(db, { appointmentId: open.appointmentId, displayName, relationship: "Authorization matrix", createdById: appointment.physician.user.id });
  const links = {
    visitLink: (await issueVisitLink(db, open.appointmentId)).token,
    guestLink: (await guest("Matrix Link Guest")).token,
    waitingGuest: (await guest("Matrix Waiting Guest")).token,
  };
  const keys = await createTestSmartKeys();
  const client = await db.integrationClient.create({
    data: { name: "Matrix integration", jwks: JSON.parse(keys.jwks), scopes: ["system/*.read", IMPORT_SCOPE], createdById: (await byEmail("admin@demo.clinic")).id },
    select: { id: true },
  });
  const fixtures: Fixtures = {
    db,
    appointmentId: appointment.id,
    openVisitId: open.appointmentId,
    billedVisitId: "",
    patientId: patientUser.patient!.id,
    targetUserId: target.id,
    waitingIdentity: "",
    summaryPlan: (await db.consultationNote.findFirstOrThrow({ where: { visit: { appointmentId: appointment.id } }, select: { plan: true } })).plan!.split(/[.\n]/)[0]!.slice(0, 30),
    exportJob: { jobId: "", fileId: "" },
    integration: { clientId: client.id, keys },
    links,
    users: {
      patient: { id: patientUser.id, email: patientUser.email },
      otherPatient: await scratchPatientUser(db, MATRIX_PATIENT),
      disabledUser: await scratchPatientUser(db, MATRIX_DISABLED),
      treatingPhysician: { id: appointment.physician.user.id, email: physicianEmail },
      unrelatedPhysician: { id: unrelated.id, email: unrelated.email },
      scheduler: await byEmail("scheduler@demo.clinic"),
      admin: await byEmail("admin@demo.clinic"),
    },
  };
  fixtures.billedVisitId = (await scratchNote(fixtures, SCRATCH_NOTES.signed)).appointmentId;
  return fixtures;
}

/** A patient account of the matrix's own (signed-in, enabled), with a chart of its own and no visits. */
async function scratchPatientUser(db: Database, { email, mrn, givenName }: typeof MATRIX_PATIENT) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const user = await db.user.upsert({
    where: { email },
    create: { email, name: `${givenName} Matrix`, role: "PATIENT", passwordHash },
    update: { disabledAt: null, passwordHash },
    select: { id: true, email: true },
  });
  await db.patient.upsert({
    where: { mrn },
    create: { mrn, givenName, familyName: "Matrix", dateOfBirth: new Date("1980-02-03"), sex: "UNKNOWN", timeZone: "UTC", userId: user.id },
    update: {},
  });
  return user;
}

/** A browser context signed in as `email`; its `request` carries the session cookie. */
async function signedInContext(browser: Browser, contexts: BrowserContext[], email: string): Promise<BrowserContext> {
  const context = await browser.newContext({ extraHTTPHeaders: NEW_CONNECTION });
  contexts.push(context);
  const page = await context.newPage();
  await signInAs(page, email);
  await page.close();
  return context;
}

/** A browser that gave a staff member's password and was asked for the code, and went no further. */
async function passwordOnlyContext(browser: Browser, contexts: BrowserContext[]): Promise<BrowserContext> {
  const context = await browser.newContext({ extraHTTPHeaders: NEW_CONNECTION });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto("/sign-in");
  await submitPassword(page, "scheduler@demo.clinic");
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await page.close();
  return context;
}

/** The waiting guest, joined in a browser that stays in the open visit's waiting room; their identity, as the physician's lobby lists it. */
async function guestWaiting(browser: Browser, contexts: BrowserContext[], fixtures: Fixtures, physician: APIRequestContext): Promise<string> {
  const context = await browser.newContext();
  contexts.push(context);
  const page: Page = await context.newPage();
  await page.goto(`/visit/guest/${fixtures.links.waitingGuest}`);
  await passDeviceCheck(page, "Join the waiting room");
  let identity = "";
  await expect
    .poll(
      async () => {
        const { waiting } = (await (await physician.get(`/api/visits/${fixtures.openVisitId}/lobby`)).json()) as { waiting: Array<{ identity: string; name: string }> };
        identity = waiting.find((entry) => entry.name === "Matrix Waiting Guest")?.identity ?? "";
        return identity;
      },
      { timeout: 30_000 },
    )
    .not.toBe("");
  return identity;
}

/** A bearer token for the matrix's integration, through the token endpoint. */
async function integrationToken({ integration }: Fixtures, request: APIRequestContext): Promise<string> {
  const assertion = await clientAssertion(integration.keys, integration.clientId, `${E2E_BASE_URL}/fhir/auth/token`);
  const response = await request.post("/fhir/auth/token", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: tokenForm(assertion, `system/*.read ${IMPORT_SCOPE}`),
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).access_token;
}

/** Starts an export of the clinic's organizations as the integration; its job id. */
async function kickOffExport(integration: APIRequestContext): Promise<string> {
  const response = await integration.get("/fhir/R4/$export?_type=Organization", { headers: { prefer: "respond-async" } });
  expect(response.status(), await response.text()).toBe(202);
  return response.headers()["content-location"]!.split("/bulk/")[1]!;
}

/** An export the integration started and the job worker finished, and its first file. */
async function finishedExport(integration: APIRequestContext): Promise<{ jobId: string; fileId: string }> {
  const jobId = await kickOffExport(integration);
  let fileUrl = "";
  await expect
    .poll(
      async () => {
        const response = await integration.get(`/fhir/R4/bulk/${jobId}`);
        if (response.status() === 200) fileUrl = (await response.json()).output[0]?.url ?? "";
        return response.status();
      },
      { timeout: 60_000 },
    )
    .toBe(200);
  return { jobId, fileId: fileUrl.split("/").at(-1)! };
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
    // The open visit's status follows its call (LiveKit's room_finished completes it whenever the room empties), not these calls.
    where: { patientId, id: { not: fixtures.openVisitId } },
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

async function offeredVisitTypes(fixtures: Fixtures) {
  const { physicianId } = await schedulingIds(fixtures);
  return fixtures.db.physicianVisitType.findMany({ where: { physicianId }, select: { visitTypeId: true, createdAt: true }, orderBy: { visitTypeId: "asc" } });
}

async function dateOverrides(fixtures: Fixtures) {
  const { physicianId } = await schedulingIds(fixtures);
  return fixtures.db.availabilityOverride.findMany({ where: { physicianId }, orderBy: { id: "asc" } });
}

// ---------------------------------------------------------------------------
// Video visits: a visit's room state, and the open visit's guests.

/** The open visit's check-in and its patient's consent signatures: what a refused check-in call must leave as it was. */
async function checkInState({ db, openVisitId }: Fixtures) {
  const checkIn = await db.visitCheckIn.findUnique({ where: { appointmentId: openVisitId } });
  const signatures = await db.consentSignature.count({ where: { appointmentId: openVisitId } });
  return { checkIn, signatures };
}

async function visitState(db: Database, appointmentId: string) {
  return db.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    select: { status: true, visit: { select: { roomName: true, startedAt: true, endedAt: true, events: { select: { id: true } } } } },
  });
}

function intakeState({ db, openVisitId }: Fixtures) {
  return db.visitCheckIn.findUnique({ where: { appointmentId: openVisitId }, select: { intakeAnswers: true, identityVerifiedAt: true } });
}

function uploadsState({ db, openVisitId }: Fixtures) {
  return db.visitUpload.findMany({ where: { appointmentId: openVisitId }, select: { id: true }, orderBy: { id: "asc" } });
}

/** A photo of the open visit that the upload entries act on, named by its caption, created if it is not there. */
async function scratchUpload({ db, openVisitId: appointmentId }: Fixtures, caption: string): Promise<string> {
  const existing = await db.visitUpload.findFirst({ where: { appointmentId, caption }, select: { id: true } });
  if (existing) return existing.id;
  const data = new Uint8Array(solidPng(2, 2, [1, 2, 3]));
  const created = await db.visitUpload.create({ data: { appointmentId, kind: "CONDITION_PHOTO", contentType: "image/png", byteSize: data.byteLength, data, caption } });
  return created.id;
}

async function visitGuests({ db, openVisitId }: Fixtures) {
  return db.visitGuest.findMany({ where: { appointmentId: openVisitId }, select: { id: true, revokedAt: true }, orderBy: { id: "asc" } });
}

const GUEST_TO_REVOKE = "Authorization matrix: to revoke";

/** A guest of the open visit for the DELETE entry to revoke, created if there is none left unrevoked. */
async function scratchGuest(fixtures: Fixtures): Promise<string> {
  const { db, openVisitId: appointmentId } = fixtures;
  const existing = await db.visitGuest.findFirst({ where: { appointmentId, relationship: GUEST_TO_REVOKE, revokedAt: null }, select: { id: true } });
  if (existing) return existing.id;
  const created = await db.visitGuest.create({
    data: {
      appointmentId,
      displayName: "Matrix Guest",
      relationship: GUEST_TO_REVOKE,
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

/** What the chart edit entries may change on Alex's chart. */
async function chartEditState({ db, patientId }: Fixtures) {
  const [allergies, problems, vitals, revisions, patient] = await Promise.all([
    db.allergy.findMany({ where: { patientId }, select: { id: true, reaction: true, severity: true, resolvedAt: true }, orderBy: { id: "asc" } }),
    db.problem.findMany({ where: { patientId }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
    db.labResult.count({ where: { patientId } }),
    db.chartRevision.count({ where: { patientId } }),
    db.patient.findUniqueOrThrow({ where: { id: patientId }, select: { noKnownAllergiesAt: true } }),
  ]);
  return { allergies, problems, vitals, revisions, patient };
}

const MATRIX_ALLERGEN = "Matrix resolvable allergen";

/**
 * Takes back the rows an allowed chart edit wrote on Alex's chart; the scratch
 * rows stay for the next actor. Its revisions stay too: the database never
 * removes one, and each refusal is compared with a snapshot taken just before it.
 */
async function undoChartEdits({ db, patientId }: Fixtures) {
  await db.allergy.deleteMany({ where: { patientId, OR: [{ substance: "Matrix allergen" }, { substance: MATRIX_ALLERGEN, resolvedAt: { not: null } }] } });
  await db.problem.deleteMany({ where: { patientId, OR: [{ icd10Code: "Z23" }, { icd10Code: "Z71.3", status: { not: "ACTIVE" } }] } });
  await db.labResult.deleteMany({ where: { patientId, vitalSource: { not: null } } });
}

/** An active allergy of Alex's the resolve entry acts on, created if none is left. */
async function scratchAllergy({ db, patientId }: Fixtures): Promise<string> {
  const existing = await db.allergy.findFirst({ where: { patientId, substance: MATRIX_ALLERGEN, resolvedAt: null }, select: { id: true } });
  if (existing) return existing.id;
  const created = await db.allergy.create({ data: { patientId, substance: MATRIX_ALLERGEN, reaction: "Authorization matrix", severity: "MILD" }, select: { id: true } });
  return created.id;
}

/** An active problem of Alex's the resolve entry acts on, created if none is left. */
async function scratchProblem({ db, patientId }: Fixtures): Promise<string> {
  const existing = await db.problem.findFirst({ where: { patientId, icd10Code: "Z71.3", status: "ACTIVE" }, select: { id: true } });
  if (existing) return existing.id;
  const created = await db.problem.create({ data: { patientId, icd10Code: "Z71.3", description: "Dietary counseling and surveillance" }, select: { id: true } });
  return created.id;
}

async function labOrderState({ db, patientId }: Fixtures) {
  return db.labOrder.findMany({
    where: { patientId },
    select: { id: true, status: true, reviewedAt: true, patientNotifiedAt: true, _count: { select: { results: true } } },
    orderBy: { id: "asc" },
  });
}

/** A lab order of Alex's in `status` (TSH for long-term drug therapy, by the treating physician), created if none is left so. */
async function scratchLabOrder(fixtures: Fixtures, status: "PENDING" | "RESULTED"): Promise<string> {
  const { db, patientId } = fixtures;
  const existing = await db.labOrder.findFirst({ where: { patientId, indicationCode: "Z79.899", status }, select: { id: true } });
  if (existing) return existing.id;
  const { physicianId } = await schedulingIds(fixtures);
  const created = await db.labOrder.create({
    data: {
      patientId,
      physicianId,
      panelLoinc: "3016-3",
      panelName: "TSH",
      indicationCode: "Z79.899",
      indicationText: "Other long term (current) drug therapy",
      status,
      orderedAt: new Date(),
      resultedAt: status === "RESULTED" ? new Date() : null,
    },
    select: { id: true },
  });
  return created.id;
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
      // Everything signing needs, so the note to sign can be signed and the signed one billed.
      telehealth: COMPLETE_TELEHEALTH_BLOCK as unknown as object,
      cptCode: "98005",
      diagnosisCodes: ["I10"],
      status,
      ...(status === "SIGNED" ? { signedAt: new Date(), signedBy: { connect: { id: author } } } : {}),
    },
    select,
  });
  return { appointmentId, noteId: created.id, version: created.version };
}

/** A payer rule only the matrix uses, for the admin's removal (made again after it). */
async function scratchPayerRule({ db }: Fixtures): Promise<string> {
  const rule = await db.payerRule.upsert({
    where: { payer_modality: { payer: "Matrix scratch payer", modality: "AUDIO_ONLY" } },
    create: { payer: "Matrix scratch payer", modality: "AUDIO_ONLY", modifier: "93" },
    update: {},
    select: { id: true },
  });
  return rule.id;
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
async function treatingPhysicianId({ db, users }: Fixtures): Promise<string> {
  return (await db.physician.findUniqueOrThrow({ where: { userId: users.treatingPhysician.id }, select: { id: true } })).id;
}

/** A licence for the remove entry to remove, created if the last one was removed. */
async function scratchLicense(fixtures: Fixtures): Promise<string> {
  const physicianId = await treatingPhysicianId(fixtures);
  const license = await fixtures.db.physicianLicense.upsert({
    where: { physicianId_state: { physicianId, state: "VT" } },
    create: { physicianId, state: "VT", licenseNumber: "VT-MATRIX", expiresOn: new Date("2099-12-31T00:00:00Z") },
    update: {},
    select: { id: true },
  });
  return license.id;
}

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
