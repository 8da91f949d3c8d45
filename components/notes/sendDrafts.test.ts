import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiResult } from "@/lib/client/api";
import type { NoteApi, NoteResponse } from "./noteApi";
import { browserDraftStore, draftKey, parseDraft, serializeDraft, type LocalDraft } from "./noteDrafts";
import { discardNoteDrafts, sendNoteDrafts } from "./sendDrafts";
import { memoryStorage } from "./testing/memoryStorage";

const ME = "Dr. Lena Fischer";
const sections = (plan: string) => ({ subjective: "Tired.", objective: "", assessment: "", plan });

function keep(appointmentId: string, user: string, tab: string, draft: Partial<LocalDraft> = {}): string {
  const key = draftKey(appointmentId, user, tab);
  localStorage.setItem(key, serializeDraft({ sections: sections(`Plan for ${appointmentId}`), baseVersion: 3, updatedAt: "2026-03-05T14:00:00.000Z", ...draft }));
  return key;
}

type SaveAnswer = ApiResult<NoteResponse>;
const saved: SaveAnswer = { ok: true, status: 200, data: { note: {} as NoteResponse["note"] } };
const refused = (status: number, body: Record<string, unknown> = {}): SaveAnswer => ({ ok: false, status, error: `Refused (${status}).`, body });

/** A server answering each appointment's save as told, recording what it was sent. */
function server(answers: Record<string, SaveAnswer>) {
  const sent: { appointmentId: string; body: Parameters<NoteApi["save"]>[0] }[] = [];
  const api = (appointmentId: string) => ({
    save: async (body: Parameters<NoteApi["save"]>[0]) => {
      sent.push({ appointmentId, body });
      return answers[appointmentId] ?? saved;
    },
  });
  return { sent, api };
}

beforeEach(() => {
  vi.stubGlobal("localStorage", memoryStorage());
});
afterEach(() => vi.unstubAllGlobals());

describe("sendNoteDrafts", () => {
  it("sends every draft of the user's notes (any visit, any tab) from the version it was edited from, and drops each the server took", async () => {
    keep("appt-1", ME, "tab-1");
    keep("appt-2", ME, "tab-9", { baseVersion: 7 });
    const { sent, api } = server({});

    const unsent = await sendNoteDrafts({ store: browserDraftStore(), userKey: ME, api });

    expect(unsent).toEqual([]);
    expect(sent.map(({ appointmentId, body }) => [appointmentId, body.expectedVersion, body.plan]).sort()).toEqual([
      ["appt-1", 3, "Plan for appt-1"],
      ["appt-2", 7, "Plan for appt-2"],
    ]);
    expect(localStorage.length).toBe(0);
  });

  it("sends a draft whose own unanswered save the server stored over that save's version", async () => {
    const key = keep("appt-1", ME, "tab-1", { unconfirmed: sections("Plan sent before the server died") });
    const stored = { version: 4, status: "DRAFT", updatedAt: "2026-03-05T14:00:00.000Z", ...sections("Plan sent before the server died") };
    const sent: number[] = [];
    const api = () => ({
      save: async (body: Parameters<NoteApi["save"]>[0]) => {
        sent.push(body.expectedVersion);
        return body.expectedVersion === 4 ? saved : refused(409, { code: "NOTE_VERSION_CONFLICT", current: stored });
      },
    });

    expect(await sendNoteDrafts({ store: browserDraftStore(), userKey: ME, api })).toEqual([]);
    expect(sent).toEqual([3, 4]);
    expect(localStorage.getItem(key)).toBeNull();
  });

  it("leaves other people's drafts alone: never sent with this session, never removed", async () => {
    const theirs = keep("appt-1", "Dr. Maya Lee", "tab-1");
    const { sent, api } = server({});

    await sendNoteDrafts({ store: browserDraftStore(), userKey: ME, api });
    discardNoteDrafts(browserDraftStore(), ME);

    expect(sent).toEqual([]);
    expect(parseDraft(localStorage.getItem(theirs))?.sections.plan).toBe("Plan for appt-1");
  });

  it("keeps what the server did not take, and says why in words for the physician", async () => {
    const offline = keep("appt-offline", ME, "tab-1");
    keep("appt-changed", ME, "tab-1");
    keep("appt-signed", ME, "tab-1");
    keep("appt-long", ME, "tab-1");
    const { api } = server({
      "appt-offline": refused(0),
      "appt-changed": refused(409, { code: "NOTE_VERSION_CONFLICT" }),
      "appt-signed": refused(409, { code: "NOTE_SIGNED" }),
      "appt-long": refused(413, { code: "TEXT_TOO_LONG" }),
    });

    const unsent = await sendNoteDrafts({ store: browserDraftStore(), userKey: ME, api });

    const problems = Object.fromEntries(unsent.map((note) => [note.appointmentId, note.problem]));
    expect(problems).toEqual({
      "appt-offline": "The clinic could not be reached. Check your connection.",
      "appt-changed": "The note was changed elsewhere since. Open the visit to choose which text to keep.",
      "appt-signed": "The note was signed before this text reached it. Open the visit to copy what you need.",
      "appt-long": "Refused (413).",
    });
    expect(unsent.every((note) => !note.sessionEnded)).toBe(true);
    expect(localStorage.length).toBe(4);
    expect(parseDraft(localStorage.getItem(offline))?.sections.plan).toBe("Plan for appt-offline");
  });

  it("says when the session has already ended, so that nobody is offered to stay", async () => {
    keep("appt-1", ME, "tab-1");
    const { api } = server({ "appt-1": refused(401, { code: "SESSION_ENDED" }) });

    expect(await sendNoteDrafts({ store: browserDraftStore(), userKey: ME, api })).toEqual([
      { appointmentId: "appt-1", problem: "Your session has ended. The text stays on this computer until you sign in again.", sessionEnded: true },
    ]);
  });

  it("sends two tabs' copies of one note newest first, and names the note once if neither goes", async () => {
    keep("appt-1", ME, "tab-old", { updatedAt: "2026-03-05T14:00:00.000Z", sections: sections("older") });
    keep("appt-1", ME, "tab-new", { updatedAt: "2026-03-05T14:05:00.000Z", sections: sections("newer") });
    const { sent, api } = server({ "appt-1": refused(0) });

    const unsent = await sendNoteDrafts({ store: browserDraftStore(), userKey: ME, api });

    expect(sent.map(({ body }) => body.plan)).toEqual(["newer", "older"]);
    expect(unsent.map((note) => note.appointmentId)).toEqual(["appt-1"]);
  });
});

describe("discardNoteDrafts", () => {
  it("removes the user's drafts only", () => {
    keep("appt-1", ME, "tab-1");
    keep("appt-2", ME, "tab-2");
    const theirs = keep("appt-3", "Dr. Maya Lee", "tab-1");

    discardNoteDrafts(browserDraftStore(), ME);

    expect(localStorage.length).toBe(1);
    expect(localStorage.key(0)).toBe(theirs);
  });
});
