import { detailsOf, EMPTY_DETAILS, sameDetails } from "@/lib/notes/note-details";
import { EMPTY_TELEHEALTH_BLOCK } from "@/lib/notes/telehealth-fields";
import type { NoteDetails, NoteSections } from "@/lib/notes/types";
import type { NoteApi, NoteJson, NoteResult } from "../noteApi";

// The note API as lib/notes/notes.ts answers it (versions, 409 with the
// server's text, signed notes refusing changes), in memory, for unit tests of
// the editor's logic. `reachable = false` makes every call fail as callApi
// does when the network is down (status 0).

export interface FakeNoteServer {
  note: NoteJson;
  reachable: boolean;
  /** Requests in order, e.g. "PUT v3". */
  requests: string[];
  api: NoteApi;
  /** Another tab or device saves. */
  saveElsewhere(changes: Partial<NoteSections & NoteDetails>): void;
  signElsewhere(): void;
}

const UNREACHABLE: Extract<NoteResult, { ok: false }> = {
  ok: false,
  status: 0,
  error: "The clinic could not be reached. Check your connection and try again.",
  body: {},
};

export function fakeNoteServer(sections: NoteSections, options: { version?: number } = {}): FakeNoteServer {
  const now = "2026-03-05T14:00:00.000Z";
  const server: FakeNoteServer = {
    reachable: true,
    requests: [],
    note: {
      id: "note-1",
      appointmentId: "appt-1",
      visitId: "visit-1",
      status: "DRAFT",
      version: options.version ?? 1,
      ...sections,
      authorId: "user-1",
      authorName: "Dr. Lena Fischer",
      signedAt: null,
      signedByName: null,
      createdAt: now,
      updatedAt: now,
      addenda: [],
      ...EMPTY_DETAILS,
    },
    saveElsewhere(changes) {
      server.note = { ...server.note, ...changes, version: server.note.version + 1, updatedAt: "2026-03-05T14:30:00.000Z" };
    },
    signElsewhere() {
      server.note = {
        ...server.note,
        status: "SIGNED",
        version: server.note.version + 1,
        signedAt: "2026-03-05T15:00:00.000Z",
        signedByName: "Dr. Lena Fischer",
      };
    },
    api: {
      async open() {
        server.requests.push("POST");
        if (!server.reachable) return UNREACHABLE;
        return ok(server.note);
      },
      async save({ expectedVersion, ...text }) {
        server.requests.push(`PUT v${expectedVersion}`);
        if (!server.reachable) return UNREACHABLE;
        const note = server.note;
        if (note.status === "SIGNED") return refusal(409, { error: "This note is signed.", code: "NOTE_SIGNED" });
        const same = (["subjective", "objective", "assessment", "plan"] as const).every((section) => note[section] === text[section]) && sameDetails(note, text);
        if (expectedVersion !== note.version) {
          if (same) return ok(note);
          return refusal(409, {
            error: "This note was changed elsewhere.",
            code: "NOTE_VERSION_CONFLICT",
            expectedVersion,
            current: { version: note.version, status: note.status, updatedAt: note.updatedAt, ...pick(note) },
            attempted: text,
          });
        }
        server.note = { ...note, ...text, version: note.version + 1 };
        return ok(server.note);
      },
      async sign(expectedVersion) {
        server.requests.push(`SIGN v${expectedVersion}`);
        if (!server.reachable) return UNREACHABLE;
        const note = server.note;
        if (note.status === "SIGNED") return refusal(409, { error: "This note is already signed.", code: "NOTE_SIGNED" });
        if (expectedVersion !== note.version) {
          return refusal(409, {
            error: "This note was changed elsewhere.",
            code: "NOTE_VERSION_CONFLICT",
            current: { version: note.version, status: note.status, updatedAt: note.updatedAt, ...pick(note) },
            attempted: {},
          });
        }
        server.note = { ...note, status: "SIGNED", version: note.version + 1, signedAt: "2026-03-05T15:00:00.000Z", signedByName: note.authorName };
        return ok(server.note);
      },
      async telehealthDraft() {
        server.requests.push("TELEHEALTH DRAFT");
        if (!server.reachable) return { ...UNREACHABLE };
        return { ok: true as const, status: 200, data: { telehealth: EMPTY_TELEHEALTH_BLOCK } };
      },
      async addAddendum(body) {
        server.requests.push("ADDENDUM");
        if (!server.reachable) return UNREACHABLE;
        const addendum = { id: `add-${server.note.addenda.length + 1}`, authorId: "user-1", authorName: "Dr. Lena Fischer", body, createdAt: now };
        server.note = { ...server.note, addenda: [...server.note.addenda, addendum] };
        return ok(server.note);
      },
    },
  };
  return server;
}

function pick(note: NoteSections & NoteDetails): NoteSections & NoteDetails {
  return { subjective: note.subjective, objective: note.objective, assessment: note.assessment, plan: note.plan, ...detailsOf(note) };
}

function ok(note: NoteJson): NoteResult {
  return { ok: true, status: 200, data: { note } };
}

function refusal(status: number, body: Record<string, unknown>): NoteResult {
  return { ok: false, status, error: String(body.error), body };
}
