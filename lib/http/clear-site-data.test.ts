import { describe, expect, it } from "vitest";
import { clearSiteDataValue, holdsUnsentNotes } from "./clear-site-data";

describe("the end of a session's Clear-Site-Data", () => {
  it("clears the cache and the storage", () => {
    expect(clearSiteDataValue({ holdsUnsentNotes: false })).toBe('"cache", "storage"');
  });

  it("spares the storage while it holds note text the server does not have", () => {
    expect(clearSiteDataValue({ holdsUnsentNotes: true })).toBe('"cache"');
  });

  it("hears of unsent notes from the editor's cookie, under either name", () => {
    const jar = (...names: string[]) => ({ has: (name: string) => names.includes(name) });
    expect(holdsUnsentNotes(jar("clinic.unsent-notes"))).toBe(true);
    expect(holdsUnsentNotes(jar("__Host-clinic.unsent-notes"))).toBe(true);
    expect(holdsUnsentNotes(jar("authjs.session-token"))).toBe(false);
  });
});
