import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  browserDraftStore,
  chooseDraft,
  decideOnLoad,
  draftKey,
  draftKeyPrefix,
  parseDraft,
  serializeDraft,
  tabWriterId,
  type LocalDraft,
} from "./noteDrafts";
import { memoryStorage } from "./testing/memoryStorage";

const server = { subjective: "S", objective: "O", assessment: "A", plan: "P" };
const draft = (overrides: Partial<LocalDraft> = {}): LocalDraft => ({
  sections: { ...server, plan: "P, and more" },
  baseVersion: 3,
  updatedAt: "2026-03-05T14:03:00.000Z",
  ...overrides,
});

describe("deciding what to do with this device's copy once the server's note is known", () => {
  it("shows the server's text when there is no copy, or the copy says the same", () => {
    expect(decideOnLoad({ version: 3, status: "DRAFT", sections: server }, null)).toEqual({ kind: "server" });
    expect(decideOnLoad({ version: 7, status: "DRAFT", sections: server }, draft({ sections: { ...server } }))).toEqual({ kind: "server" });
  });

  it("restores and saves a copy edited from the server's current version", () => {
    expect(decideOnLoad({ version: 3, status: "DRAFT", sections: server }, draft())).toEqual({ kind: "restore" });
  });

  it("never overwrites a note that changed since the copy was started: both are shown", () => {
    expect(decideOnLoad({ version: 4, status: "DRAFT", sections: server }, draft())).toEqual({ kind: "conflict" });
    expect(decideOnLoad({ version: 2, status: "DRAFT", sections: server }, draft())).toEqual({ kind: "conflict" });
  });

  it("continues from the copy's own save whose answer never came, and from nobody else's", () => {
    const sent = { ...server, plan: "Sent before the server died" };
    const copy = draft({ sections: { ...server, plan: "Sent before the server died, typed since" }, unconfirmed: sent });
    expect(decideOnLoad({ version: 4, status: "DRAFT", sections: sent }, copy)).toEqual({ kind: "restore" });
    expect(decideOnLoad({ version: 4, status: "DRAFT", sections: { ...sent, plan: "Saved elsewhere" } }, copy)).toEqual({ kind: "conflict" });
    expect(decideOnLoad({ version: 5, status: "DRAFT", sections: sent }, copy)).toEqual({ kind: "conflict" });
  });

  it("keeps a copy that missed a note signed meanwhile apart from the signed note", () => {
    expect(decideOnLoad({ version: 3, status: "SIGNED", sections: server }, draft())).toEqual({ kind: "signed-with-unsaved" });
    expect(decideOnLoad({ version: 4, status: "SIGNED", sections: server }, draft({ sections: server }))).toEqual({ kind: "server" });
  });
});

describe("choosing the copy an editor continues", () => {
  const prefix = draftKeyPrefix("appt 1", "Dr. Lena Fischer");
  const own = `${prefix}mine`;

  it("takes this tab's own copy first", () => {
    const stored = [
      { key: `${prefix}other`, draft: draft({ updatedAt: "2026-03-05T15:00:00.000Z" }) },
      { key: own, draft: draft({ updatedAt: "2026-03-05T14:00:00.000Z" }) },
    ];
    expect(chooseDraft(stored, own)?.key).toBe(own);
  });

  it("otherwise the most recently changed copy another tab left", () => {
    const stored = [
      { key: `${prefix}a`, draft: draft({ updatedAt: "2026-03-05T14:00:00.000Z" }) },
      { key: `${prefix}b`, draft: draft({ updatedAt: "2026-03-05T16:00:00.000Z" }) },
      { key: `${prefix}c`, draft: draft({ updatedAt: "2026-03-05T15:00:00.000Z" }) },
    ];
    expect(chooseDraft(stored, own)?.key).toBe(`${prefix}b`);
    expect(chooseDraft([], own)).toBeNull();
  });
});

describe("the stored form of a copy", () => {
  it("round-trips text exactly, markup and all", () => {
    const text = draft({ sections: { ...server, plan: "<script>alert(1)</script>\n\ttabbed ✓ 🩺" } });
    expect(parseDraft(serializeDraft(text))).toEqual(text);
  });

  it("round-trips the text of an unanswered save, and reads a copy whose unanswered save is unreadable as a copy without one", () => {
    const text = draft({ unconfirmed: { ...server, plan: "Sent" } });
    expect(parseDraft(serializeDraft(text))).toEqual(text);
    expect(parseDraft(JSON.stringify({ ...draft(), unconfirmed: { plan: "Sent" } }))).toEqual(draft());
  });

  it("reads nothing that is not a whole copy", () => {
    expect(parseDraft(null)).toBeNull();
    expect(parseDraft("not json")).toBeNull();
    expect(parseDraft("null")).toBeNull();
    expect(parseDraft(JSON.stringify({ ...draft(), baseVersion: "3" }))).toBeNull();
    expect(parseDraft(JSON.stringify({ ...draft(), sections: { ...server, plan: 1 } }))).toBeNull();
    expect(parseDraft(JSON.stringify({ sections: server, baseVersion: 1 }))).toBeNull();
  });

  it("keys copies by appointment, user and tab, escaping the separators", () => {
    expect(draftKey("a:1", "Dr. X", "tab")).toBe("clinic.note-draft.v1:a%3A1:Dr.%20X:tab");
    expect(draftKey("a:1", "Dr. X", "tab").startsWith(draftKeyPrefix("a:1", "Dr. X"))).toBe(true);
    expect(draftKey("a:10", "Dr. X", "tab").startsWith(draftKeyPrefix("a:1", "Dr. X"))).toBe(false);
  });
});

describe("localStorage and sessionStorage", () => {
  beforeEach(() => {
    vi.stubGlobal("localStorage", memoryStorage());
    vi.stubGlobal("sessionStorage", memoryStorage());
  });
  afterEach(() => vi.unstubAllGlobals());

  it("lists this note's readable copies, writes and removes them", () => {
    const store = browserDraftStore();
    const prefix = draftKeyPrefix("a", "u");
    expect(store.write(`${prefix}1`, draft())).toBe(true);
    store.write(draftKey("b", "u", "1"), draft());
    localStorage.setItem(`${prefix}broken`, "{");
    expect(store.list(prefix)).toEqual([{ key: `${prefix}1`, draft: draft() }]);
    store.remove(`${prefix}1`);
    expect(store.list(prefix)).toEqual([]);
    // An unreadable value is left alone: it may still hold someone's text.
    expect(localStorage.getItem(`${prefix}broken`)).toBe("{");
  });

  it("reports a full or disabled storage instead of throwing", () => {
    const full = memoryStorage();
    full.setItem = () => {
      throw new DOMException("full", "QuotaExceededError");
    };
    vi.stubGlobal("localStorage", full);
    expect(browserDraftStore().write("k", draft())).toBe(false);
  });

  it("gives a tab the same writer id after a reload, and another tab another", () => {
    const first = tabWriterId();
    expect(tabWriterId()).toBe(first);
    vi.stubGlobal("sessionStorage", memoryStorage());
    expect(tabWriterId()).not.toBe(first);
  });
});
