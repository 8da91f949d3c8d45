import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { browserDraftStore, draftKey } from "./noteDrafts";
import { memoryStorage } from "./testing/memoryStorage";
import { noteUnsentNotes, unsentNotesCookie } from "./unsentNotesCookie";

/** document.cookie as a browser keeps it: each assignment sets or (Max-Age=0) deletes one cookie. */
function cookieJar() {
  const cookies = new Map<string, string>();
  const writes: string[] = [];
  return {
    writes,
    get cookie() {
      return [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    },
    set cookie(assignment: string) {
      writes.push(assignment);
      const [pair, ...attributes] = assignment.split("; ");
      const [name, value] = pair!.split("=") as [string, string];
      if (attributes.includes("Max-Age=0")) cookies.delete(name);
      else cookies.set(name, value);
    },
  };
}

let jar: ReturnType<typeof cookieJar>;
beforeEach(() => {
  jar = cookieJar();
  vi.stubGlobal("document", jar);
  vi.stubGlobal("location", { protocol: "http:" });
  vi.stubGlobal("localStorage", memoryStorage());
});
afterEach(() => vi.unstubAllGlobals());

const draft = { sections: { subjective: "a", objective: "", assessment: "", plan: "" }, baseVersion: 1, updatedAt: "2026-03-05T14:00:00.000Z" };

describe("the unsent-notes cookie", () => {
  it("is a __Host- cookie over HTTPS, sent to the clinic only, for a year", () => {
    expect(unsentNotesCookie(true, true)).toBe("__Host-clinic.unsent-notes=1; Path=/; Max-Age=31536000; SameSite=Strict; Secure");
    expect(unsentNotesCookie(false, false)).toBe("clinic.unsent-notes=; Path=/; Max-Age=0; SameSite=Strict");
  });

  it("is set while the browser keeps any note text, and goes with the last of it", () => {
    const store = browserDraftStore();
    const first = draftKey("appt-1", "Dr. A", "tab-1");
    const second = draftKey("appt-2", "Dr. B", "tab-1");

    store.write(first, draft);
    expect(jar.cookie).toBe("clinic.unsent-notes=1");
    store.write(second, draft);
    store.remove(first);
    expect(jar.cookie).toBe("clinic.unsent-notes=1");
    store.remove(second);
    expect(jar.cookie).toBe("");
  });

  it("is written only when it changes, not on every keystroke", () => {
    const store = browserDraftStore();
    const key = draftKey("appt-1", "Dr. A", "tab-1");
    for (let keystroke = 0; keystroke < 5; keystroke++) store.write(key, draft);
    expect(jar.writes).toHaveLength(1);
    noteUnsentNotes(true);
    expect(jar.writes).toHaveLength(1);
  });
});
