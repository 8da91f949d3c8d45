import type { NoteSections } from "@/lib/notes/types";
import { sameSections, SOAP_SECTIONS } from "./noteText";
import { noteUnsentNotes } from "./unsentNotesCookie";

// The copy of a note kept on this device, so that no typed text is lost to a
// reload, a crash or a network outage. It is written synchronously to
// localStorage on every change, before any request, and removed only once the
// server holds exactly its text (or the physician chose the saved text over
// it). One draft per appointment, user and browser tab ("writer"): two tabs on
// the same note each keep their own text, so neither can overwrite the
// other's unsaved copy, and a tab that reloads finds its own draft again (the
// writer id lives in sessionStorage, which survives a reload of the tab).
//
// Stored as JSON: { "sections": { subjective, objective, assessment, plan },
// "baseVersion": <the server version the text was edited from>,
// "updatedAt": <ISO time of the last change>,
// "unconfirmed": <optional: the sections of a save sent from baseVersion whose answer never came> }
// under "clinic.note-draft.v1:<appointmentId>:<user>:<writer>".

export interface LocalDraft {
  sections: NoteSections;
  /** The note version this text was edited from: it may be saved over that version only. */
  baseVersion: number;
  updatedAt: string;
  /**
   * The text of a save sent from baseVersion whose answer never came (the
   * server died, the browser closed): the server may hold it as baseVersion + 1.
   */
  unconfirmed?: NoteSections;
}

export interface StoredDraft {
  key: string;
  draft: LocalDraft;
}

const KEY_PREFIX = "clinic.note-draft.v1";
const WRITER_KEY = "clinic.note-draft.writer";

/** The start of every draft key: every note, user and tab. */
export const ANY_DRAFT_PREFIX = `${KEY_PREFIX}:`;

/** Whose draft of which note a key names, or null when it is not a draft key. */
export function parseDraftKey(key: string): { appointmentId: string; userKey: string } | null {
  const parts = key.split(":");
  if (parts.length !== 4 || `${parts[0]}:` !== ANY_DRAFT_PREFIX) return null;
  try {
    return { appointmentId: decodeURIComponent(parts[1]!), userKey: decodeURIComponent(parts[2]!) };
  } catch {
    return null;
  }
}

/** The start of every draft key for this appointment and user, whichever tab wrote it. */
export function draftKeyPrefix(appointmentId: string, userKey: string): string {
  return `${KEY_PREFIX}:${encodeURIComponent(appointmentId)}:${encodeURIComponent(userKey)}:`;
}

export function draftKey(appointmentId: string, userKey: string, writerId: string): string {
  return `${draftKeyPrefix(appointmentId, userKey)}${encodeURIComponent(writerId)}`;
}

export function serializeDraft(draft: LocalDraft): string {
  return JSON.stringify({ sections: draft.sections, baseVersion: draft.baseVersion, updatedAt: draft.updatedAt, unconfirmed: draft.unconfirmed });
}

/** The draft stored under a key, or null when the value is not one (never thrown away: it may still hold text). */
export function parseDraft(raw: string | null): LocalDraft | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { sections, baseVersion, updatedAt, unconfirmed } = value as Record<string, unknown>;
  const texts = parseSections(sections);
  if (texts === null) return null;
  if (typeof baseVersion !== "number" || !Number.isInteger(baseVersion) || baseVersion < 0) return null;
  if (typeof updatedAt !== "string") return null;
  const sent = parseSections(unconfirmed);
  return sent === null ? { sections: texts, baseVersion, updatedAt } : { sections: texts, baseVersion, updatedAt, unconfirmed: sent };
}

function parseSections(value: unknown): NoteSections | null {
  if (typeof value !== "object" || value === null) return null;
  const texts = value as Record<string, unknown>;
  if (!SOAP_SECTIONS.every((section) => typeof texts[section] === "string")) return null;
  return { subjective: texts.subjective as string, objective: texts.objective as string, assessment: texts.assessment as string, plan: texts.plan as string };
}

/**
 * The draft this editor continues: its own (the same tab, reloaded), else the
 * most recently changed one another tab left behind (a closed or crashed tab),
 * which the editor then takes over so that the text is not left orphaned.
 */
export function chooseDraft(drafts: readonly StoredDraft[], ownKey: string): StoredDraft | null {
  const own = drafts.find((stored) => stored.key === ownKey);
  if (own) return own;
  let newest: StoredDraft | null = null;
  for (const stored of drafts) {
    if (newest === null || stored.draft.updatedAt > newest.draft.updatedAt) newest = stored;
  }
  return newest;
}

export interface ServerNoteText {
  version: number;
  status: "DRAFT" | "SIGNED";
  sections: NoteSections;
}

export type LoadDecision =
  /** Show the server's text: there is no local draft, or it says the same. */
  | { kind: "server" }
  /** The draft was edited from the server's current version: show it and save it. */
  | { kind: "restore" }
  /** The draft was edited from an older version and the note changed since: show both, never overwrite. */
  | { kind: "conflict" }
  /** The note was signed before the draft reached it: show the signed note and, apart, the unsaved text. */
  | { kind: "signed-with-unsaved" };

/** What to do with a local draft once the server's note is known. */
export function decideOnLoad(server: ServerNoteText, draft: LocalDraft | null): LoadDecision {
  if (draft === null || sameSections(draft.sections, server.sections)) return { kind: "server" };
  if (server.status === "SIGNED") return { kind: "signed-with-unsaved" };
  if (draft.baseVersion === server.version || unansweredSaveLanded(server, draft)) return { kind: "restore" };
  return { kind: "conflict" };
}

/**
 * Whether the server's note is the draft's own unanswered save: the version
 * after the draft's base, holding exactly the text that save sent. The text
 * typed since then continues from it; nobody else's change is in between.
 */
export function unansweredSaveLanded(server: Pick<ServerNoteText, "version" | "sections">, draft: LocalDraft): boolean {
  return draft.unconfirmed !== undefined && server.version === draft.baseVersion + 1 && sameSections(server.sections, draft.unconfirmed);
}

/** Where drafts are kept. Failures to write are reported, never thrown: the editor keeps working. */
export interface DraftStore {
  /** Every readable draft whose key starts with `prefix`. */
  list(prefix: string): StoredDraft[];
  /** False when the device refused (storage full, disabled, private mode). */
  write(key: string, draft: LocalDraft): boolean;
  remove(key: string): void;
}

/**
 * localStorage: synchronous, so the text is on disk before the next keystroke,
 * and it outlives the tab. While it holds any draft, the browser says so to
 * the server (unsentNotesCookie.ts), so that the end of a session never
 * clears the text away.
 */
export function browserDraftStore(): DraftStore {
  return {
    list(prefix) {
      const found: StoredDraft[] = [];
      try {
        for (let index = 0; index < localStorage.length; index += 1) {
          const key = localStorage.key(index);
          if (key === null || !key.startsWith(prefix)) continue;
          const draft = parseDraft(localStorage.getItem(key));
          if (draft) found.push({ key, draft });
        }
      } catch {
        // Storage disabled: there is nothing to restore.
      }
      return found;
    },
    write(key, draft) {
      // Before the text: should the session end between the two, the text is spared.
      noteUnsentNotes(true);
      try {
        localStorage.setItem(key, serializeDraft(draft));
        return true;
      } catch {
        return false;
      }
    },
    remove(key) {
      try {
        localStorage.removeItem(key);
        noteUnsentNotes(holdsDrafts(localStorage));
      } catch {
        // Nothing stored, nothing to remove.
      }
    },
  };
}

/** Whether a storage holds any note draft (readable or not: an unreadable one may still hold text). */
export function holdsDrafts(storage: Storage): boolean {
  for (let index = 0; index < storage.length; index += 1) {
    if (storage.key(index)?.startsWith(ANY_DRAFT_PREFIX)) return true;
  }
  return false;
}

/** This tab's writer id: kept across reloads of the tab, different in every other tab. */
export function tabWriterId(): string {
  try {
    const existing = sessionStorage.getItem(WRITER_KEY);
    if (existing) return existing;
    const created = newWriterId();
    sessionStorage.setItem(WRITER_KEY, created);
    return created;
  } catch {
    return newWriterId();
  }
}

function newWriterId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
