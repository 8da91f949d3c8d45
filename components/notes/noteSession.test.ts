import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EMPTY_DETAILS } from "@/lib/notes/note-details";
import { NOTE_SECTION_MAX_CHARS } from "@/lib/notes/note-text";
import { EMPTY_TELEHEALTH_BLOCK } from "@/lib/notes/telehealth-fields";
import { browserDraftStore, draftKey, draftKeyPrefix, parseDraft, type LocalDraft } from "./noteDrafts";
import { NoteSession } from "./noteSession";
import { statusText } from "./noteStatus";
import { fakeNoteServer, type FakeNoteServer } from "./testing/fakeNoteServer";
import { memoryStorage } from "./testing/memoryStorage";

const TEMPLATE = { subjective: "Chief complaint: ", objective: "Video examination: ", assessment: "1. ", plan: "Follow-up: " };
const USER = "Dr. Lena Fischer";
const PREFIX = draftKeyPrefix("appt-1", USER);

let network: { online: boolean };
const sessions: NoteSession[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(2026, 2, 5, 14, 3));
  vi.stubGlobal("localStorage", memoryStorage());
  network = { online: true };
});

afterEach(() => {
  for (const session of sessions.splice(0)) session.dispose();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** An editor in a browser tab (`tab` names its writer id); started, as the component starts it. */
function openEditor(server: FakeNoteServer, tab = "tab-1"): NoteSession {
  const session = new NoteSession({
    api: server.api,
    store: browserDraftStore(),
    draftKeys: () => ({ own: draftKey("appt-1", USER, tab), prefix: PREFIX }),
    isOnline: () => network.online,
  });
  sessions.push(session);
  session.start();
  return session;
}

/** Lets the fake server's answers arrive. */
async function settle() {
  await vi.advanceTimersByTimeAsync(0);
}

function deviceCopy(tab = "tab-1"): LocalDraft | null {
  return parseDraft(localStorage.getItem(draftKey("appt-1", USER, tab)));
}

function status(session: NoteSession): string {
  return statusText(session.getSnapshot().status);
}

describe("autosave", () => {
  it("keeps every change on this device before any request, saves after a 1 s pause, then drops the copy", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    expect(editor.getSnapshot()).toMatchObject({ phase: "editing", sections: TEMPLATE });
    expect(server.requests).toEqual(["POST"]);

    editor.edit("plan", "Follow-up: 6 weeks");
    expect(deviceCopy()).toMatchObject({ sections: { ...TEMPLATE, plan: "Follow-up: 6 weeks" }, baseVersion: 1 });
    await vi.advanceTimersByTimeAsync(900);
    editor.edit("plan", "Follow-up: 6 weeks, TSH");
    await vi.advanceTimersByTimeAsync(900);
    expect(server.requests).toEqual(["POST"]);

    await vi.advanceTimersByTimeAsync(100);
    expect(server.requests).toEqual(["POST", "PUT v1"]);
    expect(server.note).toMatchObject({ plan: "Follow-up: 6 weeks, TSH", version: 2 });
    expect(status(editor)).toBe("Saved 14:03");
    expect(deviceCopy()).toBeNull();
  });

  it("sends a change still waiting for its pause at once when asked (signing out), and answers once the server has it", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    editor.edit("plan", "Follow-up: 6 weeks");

    await editor.saveNow();

    expect(server.requests).toEqual(["POST", "PUT v1"]);
    expect(server.note).toMatchObject({ plan: "Follow-up: 6 weeks", version: 2 });
    expect(deviceCopy()).toBeNull();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.requests).toEqual(["POST", "PUT v1"]);
  });

  it("keeps what was typed during a save on this device, based on the version just saved, and saves it next", async () => {
    const server = fakeNoteServer(TEMPLATE);
    let release: () => void = () => undefined;
    const save = server.api.save;
    server.api.save = async (body) => {
      await new Promise<void>((resolve) => (release = resolve));
      return save(body);
    };
    const editor = openEditor(server);
    await settle();
    editor.edit("subjective", "Tired");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(status(editor)).toBe("Saving…");
    editor.edit("subjective", "Tired for weeks");
    release();
    await settle();
    expect(server.note).toMatchObject({ subjective: "Tired", version: 2 });
    expect(deviceCopy()).toMatchObject({ sections: { subjective: "Tired for weeks" }, baseVersion: 2 });

    await vi.advanceTimersByTimeAsync(1_000);
    release();
    await settle();
    expect(server.requests).toEqual(["POST", "PUT v1", "PUT v2"]);
    expect(server.note).toMatchObject({ subjective: "Tired for weeks", version: 3 });
    expect(deviceCopy()).toBeNull();
  });

  it("sends a change still waiting for its pause when the editor closes, and the next editor drops the copy", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const closing = openEditor(server);
    await settle();
    closing.edit("plan", "Typed just before switching tabs");
    closing.dispose();
    await settle();
    expect(server.requests).toEqual(["POST", "PUT v1"]);
    expect(server.note.plan).toBe("Typed just before switching tabs");
    expect(deviceCopy()?.sections.plan).toBe("Typed just before switching tabs");

    const next = openEditor(server);
    await settle();
    expect(next.getSnapshot()).toMatchObject({ phase: "editing", sections: { plan: "Typed just before switching tabs" }, conflict: null });
    expect(deviceCopy()).toBeNull();
  });

  it("does not send a section over the limit (the server would refuse it all), and keeps it on this device", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    const long = "x".repeat(NOTE_SECTION_MAX_CHARS + 5);
    editor.edit("objective", long);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.requests).toEqual(["POST"]);
    expect(status(editor)).toBe("Not saved – Objective is 5 characters over the limit of 100,000. Shorten it, or move part of it to another section.");
    expect(deviceCopy()?.sections.objective).toBe(long);
  });

  it("shows the server's reason when it refuses a save, and keeps the text", async () => {
    const server = fakeNoteServer(TEMPLATE);
    server.api.save = async () => ({ ok: false, status: 422, error: "The plan section contains a NUL character.", body: { code: "INVALID_CHARACTERS" } });
    const editor = openEditor(server);
    await settle();
    editor.edit("plan", "a\u0000b");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(status(editor)).toBe("Not saved – The plan section contains a NUL character.");
    expect(deviceCopy()?.sections.plan).toBe("a\u0000b");
  });
});

describe("offline", () => {
  it("says the text is on this device, sends nothing, and saves it when the network returns", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    network.online = false;
    server.reachable = false;
    editor.edit("plan", "Repeat TSH <script>alert(1)</script>");
    expect(status(editor)).toBe("Offline – saved on this device");
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.requests).toEqual(["POST"]);

    network.online = true;
    server.reachable = true;
    editor.wentOnline();
    await settle();
    expect(server.note.plan).toBe("Repeat TSH <script>alert(1)</script>");
    expect(status(editor)).toBe("Saved 14:03");
    expect(deviceCopy()).toBeNull();
  });

  it("tries again with backoff when the server cannot be reached although the browser thinks it is online", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    server.reachable = false;
    editor.edit("assessment", "1. Hypothyroidism");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(status(editor)).toBe("Offline – saved on this device");
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000);
    // The first save may have been stored before its answer was lost: the note is asked for before sending again.
    expect(server.requests).toEqual(["POST", "PUT v1", "POST", "POST", "POST"]);
    server.reachable = true;
    await vi.advanceTimersByTimeAsync(8_000);
    expect(server.requests.slice(5)).toEqual(["POST", "PUT v1"]);
    expect(server.note.assessment).toBe("1. Hypothyroidism");
    expect(status(editor)).toBe("Saved 14:03");
  });

  it("when a save's answer is lost after the server stored it, continues from that save: the text typed since arrives, with no conflict", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const store = server.api.save;
    server.api.save = async (body) => {
      await store(body);
      server.reachable = false;
      return { ok: false, status: 0, error: "The clinic could not be reached. Check your connection and try again.", body: {} };
    };
    const editor = openEditor(server);
    await settle();
    editor.edit("plan", "Started levothyroxine.");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.note).toMatchObject({ plan: "Started levothyroxine.", version: 2 });
    expect(status(editor)).toBe("Offline – saved on this device");
    expect(deviceCopy()).toMatchObject({ baseVersion: 1, unconfirmed: { plan: "Started levothyroxine." } });
    editor.edit("plan", "Started levothyroxine. Typed while the server was down.");

    server.api.save = store;
    server.reachable = true;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.requests.slice(-2)).toEqual(["POST", "PUT v2"]);
    expect(server.note).toMatchObject({ plan: "Started levothyroxine. Typed while the server was down.", version: 3 });
    expect(editor.getSnapshot().conflict).toBeNull();
    expect(status(editor)).toBe("Saved 14:03");
    expect(deviceCopy()).toBeNull();
  });

  it("after a reload without network, brings back this device's copy; once online, saves it over the version it was edited from", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const before = openEditor(server);
    await settle();
    network.online = false;
    server.reachable = false;
    before.edit("plan", "Typed offline");
    before.dispose();

    const after = openEditor(server);
    await settle();
    expect(after.getSnapshot()).toMatchObject({ phase: "editing", sections: { plan: "Typed offline" } });
    expect(status(after)).toBe("Offline – saved on this device");
    after.edit("plan", "Typed offline. Typed after the reload.");

    network.online = true;
    server.reachable = true;
    after.wentOnline();
    await settle();
    expect(server.note).toMatchObject({ plan: "Typed offline. Typed after the reload.", version: 2 });
    expect(after.getSnapshot().note?.version).toBe(2);
    expect(status(after)).toBe("Saved 14:03");
    expect(deviceCopy()).toBeNull();
  });

  it("has nothing to show offline without a copy, and loads the note when the network returns", async () => {
    network.online = false;
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    expect(editor.getSnapshot().phase).toBe("unavailable");
    network.online = true;
    editor.wentOnline();
    await settle();
    expect(editor.getSnapshot()).toMatchObject({ phase: "editing", sections: TEMPLATE });
  });
});

describe("loading with a copy on this device", () => {
  function leaveCopy(draft: LocalDraft, tab = "tab-1") {
    localStorage.setItem(draftKey("appt-1", USER, tab), JSON.stringify(draft));
  }

  it("restores and saves a copy edited from the current version (a crash before the save)", async () => {
    const server = fakeNoteServer(TEMPLATE, { version: 4 });
    leaveCopy({ sections: { ...TEMPLATE, subjective: "Unsaved before the crash" }, baseVersion: 4, updatedAt: "2026-03-05T13:00:00.000Z" });
    const editor = openEditor(server);
    await settle();
    expect(server.requests).toEqual(["POST", "PUT v4"]);
    expect(server.note).toMatchObject({ subjective: "Unsaved before the crash", version: 5 });
    expect(deviceCopy()).toBeNull();
    expect(editor.getSnapshot().conflict).toBeNull();
  });

  it("restores and saves a copy whose last save the server stored without the answer arriving (the browser closed)", async () => {
    const server = fakeNoteServer({ ...TEMPLATE, plan: "Refer to cardiology." }, { version: 5 });
    leaveCopy({
      sections: { ...TEMPLATE, plan: "Refer to cardiology. Echocardiogram first." },
      baseVersion: 4,
      updatedAt: "2026-03-05T13:00:00.000Z",
      unconfirmed: { ...TEMPLATE, plan: "Refer to cardiology." },
    });
    const editor = openEditor(server);
    await settle();
    expect(server.requests).toEqual(["POST", "PUT v5"]);
    expect(server.note).toMatchObject({ plan: "Refer to cardiology. Echocardiogram first.", version: 6 });
    expect(editor.getSnapshot().conflict).toBeNull();
    expect(deviceCopy()).toBeNull();
  });

  it("takes over the copy a closed tab left, under this tab's key", async () => {
    const server = fakeNoteServer(TEMPLATE);
    leaveCopy({ sections: { ...TEMPLATE, plan: "From the closed tab" }, baseVersion: 1, updatedAt: "2026-03-05T13:00:00.000Z" }, "closed-tab");
    network.online = false;
    const editor = openEditor(server);
    await settle();
    expect(editor.getSnapshot().sections.plan).toBe("From the closed tab");
    expect(deviceCopy()?.sections.plan).toBe("From the closed tab");
    expect(deviceCopy("closed-tab")).toBeNull();
  });

  it("drops a copy the server already has", async () => {
    const server = fakeNoteServer({ ...TEMPLATE, plan: "Saved" }, { version: 6 });
    leaveCopy({ sections: { ...TEMPLATE, plan: "Saved" }, baseVersion: 5, updatedAt: "2026-03-05T13:00:00.000Z" });
    leaveCopy({ sections: { ...TEMPLATE, plan: "Saved" }, baseVersion: 5, updatedAt: "2026-03-05T13:00:00.000Z" }, "other-tab");
    const editor = openEditor(server);
    await settle();
    expect(editor.getSnapshot()).toMatchObject({ phase: "editing", conflict: null });
    expect(localStorage.length).toBe(0);
    expect(server.requests).toEqual(["POST"]);
  });

  it("shows both texts when the note changed since the copy was started, and saves nothing until the physician chooses", async () => {
    const server = fakeNoteServer({ ...TEMPLATE, plan: "Saved on the tablet" }, { version: 3 });
    leaveCopy({ sections: { ...TEMPLATE, plan: "Typed on the laptop" }, baseVersion: 2, updatedAt: "2026-03-05T13:00:00.000Z" });
    const editor = openEditor(server);
    await settle();
    expect(editor.getSnapshot()).toMatchObject({
      phase: "editing",
      sections: { plan: "Typed on the laptop" },
      conflict: { theirs: { plan: "Saved on the tablet" }, version: 3 },
    });
    expect(status(editor)).toBe("Not saved – this note was changed elsewhere; compare both versions below");
    editor.edit("plan", "Typed on the laptop, more");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.requests).toEqual(["POST"]);
    expect(deviceCopy()).toMatchObject({ sections: { plan: "Typed on the laptop, more" }, baseVersion: 2 });

    editor.keepMine();
    await settle();
    expect(server.requests).toEqual(["POST", "PUT v3"]);
    expect(server.note.plan).toBe("Typed on the laptop, more");
    expect(editor.getSnapshot().conflict).toBeNull();
    expect(deviceCopy()).toBeNull();
  });

  it("shows a signed note read-only and keeps the text that missed it apart until it is discarded", async () => {
    const server = fakeNoteServer(TEMPLATE, { version: 2 });
    server.signElsewhere();
    leaveCopy({ sections: { ...TEMPLATE, plan: "Too late" }, baseVersion: 2, updatedAt: "2026-03-05T13:00:00.000Z" });
    const editor = openEditor(server);
    await settle();
    expect(editor.getSnapshot()).toMatchObject({ phase: "signed", sections: TEMPLATE, unsavedAfterSigning: { plan: "Too late" } });
    editor.edit("plan", "ignored");
    expect(editor.getSnapshot().sections.plan).toBe(TEMPLATE.plan);
    expect(deviceCopy()?.sections.plan).toBe("Too late");
    editor.discardUnsaved();
    expect(editor.getSnapshot().unsavedAfterSigning).toBeNull();
    expect(deviceCopy()).toBeNull();
  });
});

describe("two tabs on one note", () => {
  it("the second save gets a conflict with both texts; the first tab's text stays saved until the physician chooses", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const first = openEditor(server, "tab-1");
    const second = openEditor(server, "tab-2");
    await settle();

    first.edit("assessment", "Hypothyroidism, well controlled (first tab).");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(status(first)).toBe("Saved 14:03");

    second.edit("assessment", "Subclinical hypothyroidism (second tab).");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(second.getSnapshot().conflict).toEqual({
      theirs: { ...TEMPLATE, assessment: "Hypothyroidism, well controlled (first tab)." },
      theirDetails: EMPTY_DETAILS,
      version: 2,
      updatedAt: server.note.updatedAt,
    });
    expect(second.getSnapshot().sections.assessment).toBe("Subclinical hypothyroidism (second tab).");
    expect(server.note.assessment).toBe("Hypothyroidism, well controlled (first tab).");
    expect(deviceCopy("tab-2")?.sections.assessment).toBe("Subclinical hypothyroidism (second tab).");

    second.keepMine();
    await settle();
    expect(server.requests.at(-1)).toBe("PUT v2");
    expect(server.note).toMatchObject({ assessment: "Subclinical hypothyroidism (second tab).", version: 3 });
    expect(deviceCopy("tab-2")).toBeNull();
  });

  it("typing in turn: a tab with nothing unsaved takes the text another tab just saved, so the next save continues it", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const first = openEditor(server, "tab-1");
    const second = openEditor(server, "tab-2");
    await settle();

    first.edit("plan", "Plan from the first tab.");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(deviceCopy("tab-1")).toBeNull();
    second.copyGoneElsewhere(draftKey("appt-1", USER, "tab-1"));
    await settle();
    expect(second.getSnapshot().sections.plan).toBe("Plan from the first tab.");

    second.edit("plan", "Plan from the first tab. Then the second tab.");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(second.getSnapshot().conflict).toBeNull();
    expect(server.note).toMatchObject({ plan: "Plan from the first tab. Then the second tab.", version: 3 });
  });

  it("a tab with unsaved text of its own does not take another tab's save (its own save shows both instead)", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const first = openEditor(server, "tab-1");
    const second = openEditor(server, "tab-2");
    await settle();
    second.edit("plan", "Typed in the second tab.");
    first.edit("assessment", "Typed in the first tab.");
    await vi.advanceTimersByTimeAsync(500);
    server.saveElsewhere({ assessment: "Typed in the first tab." });
    second.copyGoneElsewhere(draftKey("appt-1", USER, "tab-1"));
    await settle();
    expect(second.getSnapshot().sections).toEqual({ ...TEMPLATE, plan: "Typed in the second tab." });
    expect(server.requests).toEqual(["POST", "POST"]);
  });

  it("'Use the saved text' takes the other tab's text and forgets this tab's copy", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server, "tab-2");
    await settle();
    server.saveElsewhere({ plan: "From the first tab" });
    editor.edit("plan", "From this tab");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(editor.getSnapshot().conflict).not.toBeNull();

    editor.useSaved();
    expect(editor.getSnapshot()).toMatchObject({ sections: { plan: "From the first tab" }, conflict: null });
    expect(deviceCopy("tab-2")).toBeNull();
    editor.edit("plan", "From the first tab, amended");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.requests.at(-1)).toBe("PUT v2");
    expect(server.note.plan).toBe("From the first tab, amended");
  });

  it("a save to a note signed in another tab shows the signed note, and the unsaved text apart", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    server.signElsewhere();
    editor.edit("plan", "Missed it");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(editor.getSnapshot()).toMatchObject({ phase: "signed", sections: TEMPLATE, unsavedAfterSigning: { plan: "Missed it" } });
    expect(deviceCopy()?.sections.plan).toBe("Missed it");
  });
});

describe("signing and addenda", () => {
  it("saves pending text first, signs that version, and turns read-only", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    editor.edit("plan", "Follow-up: 6 weeks");
    const signing = editor.sign();
    await settle();
    await expect(signing).resolves.toBeNull();
    expect(server.requests).toEqual(["POST", "PUT v1", "SIGN v2"]);
    expect(editor.getSnapshot()).toMatchObject({ phase: "signed", note: { status: "SIGNED", plan: "Follow-up: 6 weeks" } });
    expect(deviceCopy()).toBeNull();
    editor.edit("plan", "changed");
    expect(editor.getSnapshot().sections.plan).toBe("Follow-up: 6 weeks");

    const adding = editor.addAddendum("Patient called back: TSH drawn today.");
    await settle();
    await expect(adding).resolves.toBeNull();
    expect(editor.getSnapshot().note?.addenda.map((addendum) => addendum.body)).toEqual(["Patient called back: TSH drawn today."]);
  });

  it("does not sign offline, and says why", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    network.online = false;
    editor.edit("plan", "Offline text");
    const signing = editor.sign();
    await settle();
    await expect(signing).resolves.toBe("You are offline: signing needs a connection. Your text is kept on this device.");
    expect(server.requests).toEqual(["POST"]);
    expect(editor.getSnapshot().phase).toBe("editing");
  });

  it("does not sign over a version saved elsewhere: it shows the conflict instead", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    server.saveElsewhere({ plan: "Other tab" });
    const signing = editor.sign();
    await settle();
    await expect(signing).resolves.toBe("This note was changed elsewhere. Choose which text to keep, then sign.");
    expect(server.note.status).toBe("DRAFT");
    expect(editor.getSnapshot().conflict?.theirs.plan).toBe("Other tab");
  });

  it("passes on the server's refusal to add an addendum", async () => {
    const server = fakeNoteServer(TEMPLATE);
    server.reachable = false;
    const editor = new NoteSession({
      api: server.api,
      store: browserDraftStore(),
      draftKeys: () => ({ own: draftKey("appt-1", USER, "t"), prefix: PREFIX }),
      isOnline: () => true,
    });
    await expect(editor.addAddendum("x")).resolves.toBe("The clinic could not be reached. Check your connection and try again.");
  });
});

describe("a note the server will not open", () => {
  it("shows the reason and loads again on request", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const open = server.api.open;
    server.api.open = async () => ({ ok: false, status: 403, error: "Only the appointment's physician can do this.", body: {} });
    const editor = openEditor(server);
    await settle();
    expect(editor.getSnapshot()).toMatchObject({ phase: "failed", loadError: "Only the appointment's physician can do this." });
    server.api.open = open;
    editor.retryLoad();
    await settle();
    expect(editor.getSnapshot().phase).toBe("editing");
  });
});

describe("the telehealth block, codes and handouts", () => {
  const block = { ...EMPTY_TELEHEALTH_BLOCK, physicianLocation: { type: "HOME" as const, state: "NJ" } };

  it("are saved after a pause in the same versioned request as the text, only what changed", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    const sent: unknown[] = [];
    const save = server.api.save;
    server.api.save = (body) => {
      sent.push(body);
      return save(body);
    };

    editor.editDetails({ telehealth: block, cptCode: "99213" });
    expect(status(editor)).not.toBe("Saved 14:03");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([{ expectedVersion: 1, ...TEMPLATE, telehealth: block, cptCode: "99213" }]);
    expect(server.note).toMatchObject({ telehealth: block, cptCode: "99213", version: 2 });
    expect(status(editor)).toBe("Saved 14:03");
  });

  it("a save elsewhere meanwhile is a conflict, and Use the saved text takes the server's details too", async () => {
    const server = fakeNoteServer(TEMPLATE);
    const editor = openEditor(server);
    await settle();
    server.saveElsewhere({ cptCode: "99214" });

    editor.editDetails({ cptCode: "99213" });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(editor.getSnapshot().conflict).toMatchObject({ theirDetails: { cptCode: "99214" }, version: 2 });
    expect(server.note.cptCode).toBe("99214");

    editor.useSaved();
    expect(editor.getSnapshot().details.cptCode).toBe("99214");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.requests).toEqual(["POST", "PUT v1"]);
  });

  it("signing refused as incomplete keeps the note a draft and names the missing fields", async () => {
    const server = fakeNoteServer(TEMPLATE);
    server.api.sign = async () => ({
      ok: false,
      status: 409,
      error: "Before signing, complete: Visit code (CPT).",
      body: { code: "TELEHEALTH_BLOCK_INCOMPLETE", missing: ["cptCode", "not-a-field"] },
    });
    const editor = openEditor(server);
    await settle();

    expect(await editor.sign()).toBe("Before signing, complete: Visit code (CPT).");
    expect(editor.getSnapshot()).toMatchObject({ phase: "editing", missingToSign: ["cptCode"] });
  });
});
