import { detailsOf, EMPTY_DETAILS, NOTE_DETAILS, sameDetails } from "@/lib/notes/note-details";
import { REQUIREMENT_LABELS, type NoteRequirement } from "@/lib/notes/telehealth-fields";
import type { NoteDetails, NoteSections } from "@/lib/notes/types";
import { refusalCode } from "@/lib/client/api";
import { conflictSnapshot, type NoteApi, type NoteJson, type NoteResult, type NoteSnapshotJson } from "./noteApi";
import { chooseDraft, decideOnLoad, type DraftStore, type LocalDraft, type StoredDraft } from "./noteDrafts";
import { AUTOSAVE_DELAY_MS, retryDelayMs, type SaveStatus } from "./noteStatus";
import { EMPTY_SECTIONS, overLimitMessage, sameSections, sectionsOf, sectionsOverLimit, type SoapSection } from "./noteText";

// One editor's conversation with the server about one note, without React, so
// every path (offline, reload, conflict, signing) is tested with a fake API,
// store and clock. The rules:
// - every change is written to this device before any request;
// - a save names the version its text was edited from, so it never silently
//   overwrites another tab's or device's save: the server answers 409 with its
//   text, and the physician chooses;
// - the device copy is removed only when the server holds exactly that text
//   (or the physician chose the saved text instead);
// - while the server cannot be reached the editor keeps working from the
//   device copy and tries again on `online` and with backoff;
// - a save whose answer never came may have been stored (the server died
//   after writing it, the browser closed): the editor asks for the note before
//   it sends again, and continues from that save when the server holds it.
// One request at a time (sync() runs its steps in turn), so saves never race
// each other with the same expected version.

export type NotePhase =
  /** Asking the server for the note. */
  | "loading"
  /** Offline, and this device has no copy: nothing to show until the server answers. */
  | "unavailable"
  /** The server refused the note (signed out, not this physician's visit, cancelled). */
  | "failed"
  | "editing"
  /** Signed: read-only, addenda only. */
  | "signed";

export interface NoteConflict {
  /** The text saved on the server, which this editor's text was not edited from. */
  theirs: NoteSections;
  /** The telehealth block, codes and handouts saved on the server. */
  theirDetails: NoteDetails;
  version: number;
  updatedAt: string;
}

export interface NoteSessionState {
  phase: NotePhase;
  loadError: string | null;
  /** The text in the editor. */
  sections: NoteSections;
  /**
   * The telehealth block, codes and handouts in the editor: saved with the
   * text, in the same versioned request (kept in this tab's memory, not in
   * the device copy, which holds the text).
   */
  details: NoteDetails;
  /** The server's note as last received (null until it answers). */
  note: NoteJson | null;
  status: SaveStatus;
  conflict: NoteConflict | null;
  /** Text typed here that never reached the note before it was signed (elsewhere); kept on this device until discarded. */
  unsavedAfterSigning: NoteSections | null;
  /** What the server said signing still needs (409 TELEHEALTH_BLOCK_INCOMPLETE), for the editor to mark by the fields. */
  missingToSign: NoteRequirement[];
}

export interface NoteSessionOptions {
  api: NoteApi;
  store: DraftStore;
  /** This tab's draft key and the prefix of every draft of this note and user; asked for when the editor starts (browser only). */
  draftKeys: () => { own: string; prefix: string };
  isOnline: () => boolean;
  now?: () => Date;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export const CHANGED_ELSEWHERE = "this note was changed elsewhere; compare both versions below";
const NO_DEVICE_COPY = "offline, and this device could not keep a copy";
const SIGN_NEEDS_CONNECTION = "You are offline: signing needs a connection. Your text is kept on this device.";

const IDLE: SaveStatus = { kind: "idle" };
const SAVING: SaveStatus = { kind: "saving" };
const failed = (reason: string): SaveStatus => ({ kind: "failed", reason });

const INITIAL_STATE: NoteSessionState = {
  phase: "loading",
  loadError: null,
  sections: EMPTY_SECTIONS,
  details: EMPTY_DETAILS,
  note: null,
  status: IDLE,
  conflict: null,
  unsavedAfterSigning: null,
  missingToSign: [],
};

/** Worth trying again by itself: the server or a proxy on the way had a moment. */
function transient(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

function conflictOf(snapshot: NoteSnapshotJson): NoteConflict {
  return { theirs: sectionsOf(snapshot), theirDetails: detailsOf(snapshot), version: snapshot.version, updatedAt: snapshot.updatedAt };
}

export class NoteSession {
  private state: NoteSessionState = INITIAL_STATE;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => Date;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private ownKey = "";
  private prefix = "";
  /** The server version the editor's text was edited from; null until the note or a device copy is known. */
  private baseVersion: number | null = null;
  /** The server's text at baseVersion, once the editor has seen it. */
  private savedText: NoteSections | null = null;
  /** The server's details at baseVersion. */
  private savedDetails: NoteDetails = EMPTY_DETAILS;
  /** The text of a save sent from baseVersion whose answer has not come (kept on this device with the copy). */
  private unconfirmed: NoteSections | null = null;
  private deviceCopyKept = true;
  private saveTimer: unknown = null;
  private retryTimer: unknown = null;
  private retries = 0;
  private running: Promise<void> | null = null;
  private runAgain = false;
  private needsLoad = false;
  private active = false;
  /** Bumped by start() and dispose(): an answer to an older generation's request is ignored. */
  private generation = 0;

  constructor(private readonly options: NoteSessionOptions) {
    this.now = options.now ?? (() => new Date());
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  getSnapshot = (): NoteSessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Loads the note (again, after dispose(): React's development mode mounts twice). */
  start(): void {
    this.generation += 1;
    this.active = true;
    const keys = this.options.draftKeys();
    this.ownKey = keys.own;
    this.prefix = keys.prefix;
    void this.sync();
  }

  /**
   * Stops the session (the editor closed: another tab of the panel, another
   * page). A change still waiting for its pause is sent now; its answer is not
   * awaited, and the copy on this device stays until the next editor finds the
   * server holding the same text.
   */
  dispose(): void {
    const pending = this.saveTimer !== null;
    this.generation += 1;
    this.active = false;
    this.clearSaveTimer();
    this.clearRetryTimer();
    const sections = this.state.sections;
    if (
      pending &&
      this.state.phase === "editing" &&
      !this.state.conflict &&
      this.state.note !== null &&
      !this.isSaved() &&
      sectionsOverLimit(sections).length === 0 &&
      this.options.isOnline()
    ) {
      // Its answer is not awaited: the next editor finds out whether it was stored.
      this.unconfirmed = sections;
      this.keepOnDevice(sections);
      void this.options.api.save({ expectedVersion: this.baseVersion!, ...sections, ...this.changedDetails() });
    }
  }

  /** A change in the editor: on this device at once, to the server once typing pauses. */
  edit(section: SoapSection, text: string): void {
    if (this.state.phase !== "editing") return;
    const sections = { ...this.state.sections, [section]: text };
    this.keepOnDevice(sections);
    this.set({ sections });
    this.saveAfterPause();
  }

  /** A change of the telehealth block, codes or handouts: saved with the text, once typing pauses. */
  editDetails(changes: Partial<NoteDetails>): void {
    if (this.state.phase !== "editing") return;
    this.set({ details: { ...this.state.details, ...changes } });
    this.saveAfterPause();
  }

  private saveAfterPause(): void {
    // During a conflict nothing is sent until the physician has chosen.
    if (this.state.conflict) return;
    if (!this.options.isOnline()) {
      this.cannotReach();
      return;
    }
    this.clearSaveTimer();
    this.saveTimer = this.setTimer(() => {
      this.saveTimer = null;
      void this.sync();
    }, AUTOSAVE_DELAY_MS);
  }

  /** Save now rather than after the pause (the page is being hidden or left). */
  flush(): void {
    if (this.saveTimer === null) return;
    this.clearSaveTimer();
    void this.sync();
  }

  /** Sends what is pending now and waits for the answer (the physician is signing out). */
  async saveNow(): Promise<void> {
    this.clearSaveTimer();
    if (this.active) await this.sync();
  }

  /**
   * A copy of this note on this device went: another tab saved its text (or
   * dropped it). An editor with nothing unsaved loads the note, so that the
   * physician, typing in one tab and then the other, continues from the text
   * just saved instead of running into a conflict with their own words.
   */
  copyGoneElsewhere(key: string): void {
    if (!key.startsWith(this.prefix) || key === this.ownKey) return;
    if (this.state.phase !== "editing" || this.state.conflict || !this.isSaved()) return;
    this.needsLoad = true;
    void this.sync();
  }

  wentOnline(): void {
    this.clearRetryTimer();
    this.retries = 0;
    void this.sync();
  }

  wentOffline(): void {
    if (this.state.phase === "editing" && !this.state.conflict && !this.isSaved()) this.cannotReach();
  }

  /** The "Try again" of a note the server refused to load. */
  retryLoad(): void {
    if (this.state.phase !== "failed") return;
    this.set({ phase: "loading", loadError: null });
    this.needsLoad = true;
    void this.sync();
  }

  /** "Keep my text": save this editor's text over the version saved elsewhere. */
  keepMine(): void {
    const conflict = this.state.conflict;
    if (!conflict) return;
    this.baseVersion = conflict.version;
    this.savedText = conflict.theirs;
    this.savedDetails = conflict.theirDetails;
    this.keepOnDevice(this.state.sections);
    this.set({ conflict: null, status: IDLE });
    void this.sync();
  }

  /** "Use the saved text": the editor takes the server's text; this device's copy goes. */
  useSaved(): void {
    const conflict = this.state.conflict;
    if (!conflict) return;
    this.baseVersion = conflict.version;
    this.savedText = conflict.theirs;
    this.savedDetails = conflict.theirDetails;
    this.options.store.remove(this.ownKey);
    this.set({ sections: conflict.theirs, details: conflict.theirDetails, conflict: null, status: IDLE });
  }

  /** Forget the text that missed the signed note (after the physician copied what they need). */
  discardUnsaved(): void {
    this.options.store.remove(this.ownKey);
    this.set({ unsavedAfterSigning: null });
  }

  /** Saves what is pending, then signs that version. Returns why it could not, or null once signed. */
  async sign(): Promise<string | null> {
    if (this.state.phase !== "editing") return "Only a draft note can be signed.";
    this.clearSaveTimer();
    await this.sync();
    // (Read again: the save may have found the note signed elsewhere.)
    if (this.getSnapshot().phase === "signed") return null;
    if (this.state.conflict) return "This note was changed elsewhere. Choose which text to keep, then sign.";
    if (!this.isSaved()) {
      const status = this.state.status;
      if (status.kind === "offline") return SIGN_NEEDS_CONNECTION;
      return status.kind === "failed"
        ? `Your latest changes are not saved (${status.reason}), so the note cannot be signed yet.`
        : "Your latest changes are not saved yet. Try again in a moment.";
    }
    const generation = this.generation;
    const result = await this.options.api.sign(this.baseVersion!);
    if (generation !== this.generation) return null;
    if (result.ok) {
      const note = result.data.note;
      this.baseVersion = note.version;
      this.savedText = sectionsOf(note);
      this.savedDetails = detailsOf(note);
      this.forgetCopiesOf(this.savedText);
      this.set({ phase: note.status === "SIGNED" ? "signed" : "editing", note, sections: this.savedText, details: this.savedDetails, status: IDLE });
      return null;
    }
    const snapshot = conflictSnapshot(result);
    if (snapshot && snapshot.status !== "SIGNED") {
      this.set({ conflict: conflictOf(snapshot), status: failed(CHANGED_ELSEWHERE) });
      return "This note was changed elsewhere. Choose which text to keep, then sign.";
    }
    if (result.status === 0) return SIGN_NEEDS_CONNECTION;
    if (refusalCode(result) === "TELEHEALTH_BLOCK_INCOMPLETE") {
      const missing = result.body.missing;
      this.set({ missingToSign: Array.isArray(missing) ? missing.filter((field): field is NoteRequirement => Object.hasOwn(REQUIREMENT_LABELS, field)) : [] });
      return result.error;
    }
    if (snapshot || refusalCode(result) === "NOTE_SIGNED") {
      // Signed in another tab meanwhile: show the note as it was signed.
      this.needsLoad = true;
      await this.sync();
      return null;
    }
    return result.error;
  }

  /** Adds an addendum to the signed note. Returns why it could not, or null once added. */
  async addAddendum(body: string): Promise<string | null> {
    const result = await this.options.api.addAddendum(body);
    if (result.ok) {
      this.set({ note: result.data.note });
      return null;
    }
    return result.error;
  }

  // -------------------------------------------------------------------------

  private set(patch: Partial<NoteSessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Only the details that differ from the server's travel with a save: the others stay as they are there. */
  private changedDetails(): Partial<NoteDetails> {
    return Object.fromEntries(NOTE_DETAILS.filter((detail) => !sameDetails(this.savedDetails, { [detail]: this.state.details[detail] })).map((detail) => [detail, this.state.details[detail]]));
  }

  private isSaved(): boolean {
    return this.savedText !== null && sameSections(this.state.sections, this.savedText) && sameDetails(this.savedDetails, this.state.details);
  }

  /** Runs syncOnce, and again if something asked for it meanwhile; callers share the promise. */
  private sync(): Promise<void> {
    if (this.running) {
      this.runAgain = true;
      return this.running;
    }
    const run = async () => {
      try {
        do {
          this.runAgain = false;
          await this.syncOnce();
        } while (this.runAgain && this.active);
      } finally {
        this.running = null;
      }
    };
    this.running = run();
    return this.running;
  }

  /** One step towards "the server has the editor's text": load the note, or save. */
  private async syncOnce(): Promise<void> {
    if (!this.active) return;
    if (this.state.note === null || this.needsLoad || this.unconfirmed !== null) {
      this.needsLoad = false;
      await this.load();
      return;
    }
    if (this.state.phase !== "editing" || this.state.conflict) return;
    this.clearSaveTimer();
    const sections = this.state.sections;
    if (this.isSaved()) {
      this.options.store.remove(this.ownKey);
      if (this.state.status.kind === "offline" || this.state.status.kind === "failed") this.set({ status: IDLE });
      return;
    }
    const tooLong = sectionsOverLimit(sections);
    if (tooLong.length > 0) {
      // The server would refuse the whole save; the text stays on this device.
      this.set({ status: failed(overLimitMessage(tooLong[0]!)) });
      return;
    }
    if (!this.options.isOnline()) {
      this.cannotReach();
      return;
    }
    const generation = this.generation;
    this.unconfirmed = sections;
    this.keepOnDevice(sections);
    this.set({ status: SAVING });
    const result = await this.options.api.save({ expectedVersion: this.baseVersion!, ...sections, ...this.changedDetails() });
    if (generation !== this.generation) return;
    if (result.ok) {
      this.saved(result.data.note);
      return;
    }
    if (result.status !== 0 && !transient(result.status)) {
      // The server answered: that text was not stored.
      this.unconfirmed = null;
      this.keepOnDevice(this.state.sections);
    }
    this.refused(result);
  }

  private async load(): Promise<void> {
    if (!this.options.isOnline()) {
      this.cannotReach();
      return;
    }
    const generation = this.generation;
    const result = await this.options.api.open();
    if (generation !== this.generation) return;
    if (result.ok) {
      this.receive(result.data.note);
      return;
    }
    if (result.status === 0) {
      this.cannotReach();
      return;
    }
    if (this.state.phase === "editing") {
      // Working from this device's copy: it stays there, and the reason is shown.
      this.set({ status: failed(result.error) });
    } else {
      this.set({ phase: "failed", loadError: result.error });
    }
    if (transient(result.status)) this.scheduleRetry();
  }

  /** The server's note arrived: decide what the editor shows, never dropping text the server lacks. */
  private receive(note: NoteJson): void {
    const server = sectionsOf(note);
    // Details changed here and not yet saved stay; otherwise the server's are shown.
    const unsavedDetails = this.state.phase === "editing" && !sameDetails(this.savedDetails, this.state.details);
    const details = unsavedDetails ? this.state.details : detailsOf(note);
    this.savedDetails = detailsOf(note);
    const local = this.localText();
    // Copies on this device that the server already holds are done with.
    this.forgetCopiesOf(server);
    const decision = decideOnLoad({ version: note.version, status: note.status, sections: server }, local);
    this.savedText = server;
    this.unconfirmed = null;
    this.retries = 0;
    this.clearRetryTimer();
    switch (decision.kind) {
      case "server":
        this.baseVersion = note.version;
        this.set({ phase: note.status === "SIGNED" ? "signed" : "editing", loadError: null, note, sections: server, details: note.status === "SIGNED" ? this.savedDetails : details, status: IDLE, conflict: null });
        return;
      case "signed-with-unsaved":
        this.baseVersion = note.version;
        this.set({ phase: "signed", loadError: null, note, sections: server, details: this.savedDetails, status: IDLE, conflict: null, unsavedAfterSigning: local!.sections });
        return;
      case "restore":
        this.baseVersion = note.version;
        this.keepOnDevice(local!.sections);
        this.set({ phase: "editing", loadError: null, note, sections: local!.sections, details, conflict: null });
        // Saved by the next step of sync().
        this.runAgain = true;
        return;
      case "conflict":
        this.baseVersion = local!.baseVersion;
        this.keepOnDevice(local!.sections);
        this.set({
          phase: "editing",
          loadError: null,
          note,
          sections: local!.sections,
          details,
          conflict: { theirs: server, theirDetails: this.savedDetails, version: note.version, updatedAt: note.updatedAt },
          status: failed(CHANGED_ELSEWHERE),
        });
        return;
    }
  }

  /** The text this editor holds that the server may lack: what is on screen, else a copy on this device. */
  private localText(): LocalDraft | null {
    if ((this.state.phase === "editing" || this.state.phase === "signed") && this.baseVersion !== null && !this.isSaved()) {
      return this.deviceCopyOf(this.state.sections);
    }
    if (this.state.phase === "editing" || this.state.phase === "signed") return null;
    const stored = chooseDraft(this.options.store.list(this.prefix), this.ownKey);
    if (!stored) return null;
    this.adopt(stored);
    return stored.draft;
  }

  private saved(note: NoteJson): void {
    this.unconfirmed = null;
    this.retries = 0;
    this.clearRetryTimer();
    this.baseVersion = note.version;
    this.savedText = sectionsOf(note);
    this.savedDetails = detailsOf(note);
    if (this.isSaved()) this.options.store.remove(this.ownKey);
    // Typed while the request was out: still on this device, now based on the version just saved.
    else this.keepOnDevice(this.state.sections);
    this.set({ note, status: { kind: "saved", at: this.now() } });
  }

  private refused(result: NoteResult): void {
    if (result.ok) return;
    const snapshot = conflictSnapshot(result);
    if (snapshot && snapshot.status !== "SIGNED") {
      this.set({ conflict: conflictOf(snapshot), status: failed(CHANGED_ELSEWHERE) });
      return;
    }
    if (result.status === 0) {
      this.cannotReach();
      return;
    }
    if (snapshot || refusalCode(result) === "NOTE_SIGNED") {
      // Signed in another tab or device: load it; the text that missed it is shown apart.
      this.needsLoad = true;
      this.runAgain = true;
      return;
    }
    // Too long, invalid, signed out: the text stays on this device and the reason is shown.
    this.set({ status: failed(result.error) });
    if (transient(result.status)) this.scheduleRetry();
  }

  /** The server cannot be reached: work from this device's copy and try again later. */
  private cannotReach(): void {
    if (this.state.phase === "loading" || this.state.phase === "unavailable") {
      const stored = chooseDraft(this.options.store.list(this.prefix), this.ownKey);
      if (stored) {
        this.adopt(stored);
        this.baseVersion = stored.draft.baseVersion;
        this.unconfirmed = stored.draft.unconfirmed ?? null;
        this.set({ phase: "editing", sections: stored.draft.sections });
      } else {
        this.set({ phase: "unavailable" });
      }
    }
    if (this.state.phase === "editing" && !this.state.conflict) {
      this.set({ status: this.deviceCopyKept ? { kind: "offline" } : failed(NO_DEVICE_COPY) });
    }
    this.scheduleRetry();
  }

  /** Continue another (closed) tab's draft under this tab's key, so it is not left orphaned. */
  private adopt(stored: StoredDraft): void {
    if (stored.key === this.ownKey) return;
    if (this.options.store.write(this.ownKey, stored.draft)) this.options.store.remove(stored.key);
  }

  private keepOnDevice(sections: NoteSections): void {
    if (this.baseVersion === null) return;
    this.deviceCopyKept = this.options.store.write(this.ownKey, this.deviceCopyOf(sections));
  }

  private deviceCopyOf(sections: NoteSections): LocalDraft {
    const copy = { sections, baseVersion: this.baseVersion!, updatedAt: this.now().toISOString() };
    return this.unconfirmed === null ? copy : { ...copy, unconfirmed: this.unconfirmed };
  }

  /** Removes every copy on this device (any tab's) that holds exactly this text. */
  private forgetCopiesOf(sections: NoteSections): void {
    for (const stored of this.options.store.list(this.prefix)) {
      if (sameSections(stored.draft.sections, sections)) this.options.store.remove(stored.key);
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null || !this.active) return;
    const delay = retryDelayMs(this.retries);
    this.retries += 1;
    this.retryTimer = this.setTimer(() => {
      this.retryTimer = null;
      void this.sync();
    }, delay);
  }

  private clearSaveTimer(): void {
    if (this.saveTimer === null) return;
    this.clearTimer(this.saveTimer);
    this.saveTimer = null;
  }

  private clearRetryTimer(): void {
    if (this.retryTimer === null) return;
    this.clearTimer(this.retryTimer);
    this.retryTimer = null;
  }
}
