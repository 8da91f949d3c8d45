import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { browserDraftStore, draftKey, serializeDraft } from "./notes/noteDrafts";
import type { UnsentNote } from "./notes/sendDrafts";
import { memoryStorage } from "./notes/testing/memoryStorage";
import { signOutOfThisBrowser, type SignOutDeps, type SignOutRequest } from "./signOut";

const ME = "Dr. Lena Fischer";
const OFFLINE: UnsentNote = { appointmentId: "appt-1", problem: "The clinic could not be reached. Check your connection.", sessionEnded: false };
const ENDED: UnsentNote = { ...OFFLINE, problem: "Your session has ended.", sessionEnded: true };

/** A browser whose steps are recorded in order; `unsent` is what sending the drafts leaves, `answer` the sign-out's status. */
function browser({ unsent = [] as UnsentNote[], answer = 204 } = {}) {
  const steps: string[] = [];
  const deps: SignOutDeps = {
    store: browserDraftStore(),
    saveOpenNotes: async () => void steps.push("save open notes"),
    sendNoteDrafts: async ({ userKey }) => {
      steps.push(`send drafts of ${userKey}`);
      return unsent;
    },
    endSession: async (body) => {
      steps.push(`end session ${JSON.stringify(body)}`);
      return answer === 204 ? { ok: true, status: 204 } : { ok: false, status: answer, error: "The server says no." };
    },
    forgetOfflinePages: async () => void steps.push("forget offline pages"),
    goTo: (url) => void steps.push(`go to ${url}`),
  };
  return { steps, deps };
}

const byPerson: SignOutRequest = { reason: "signed-out", userKey: ME, by: "person" };

beforeEach(() => {
  vi.stubGlobal("localStorage", memoryStorage());
});
afterEach(() => vi.unstubAllGlobals());

describe("signOutOfThisBrowser", () => {
  it("sends the open editors' and the kept note text first, then ends the session, forgets the offline pages and leaves", async () => {
    const { steps, deps } = browser();

    expect(await signOutOfThisBrowser(byPerson, deps)).toEqual({ kind: "signed-out" });
    expect(steps).toEqual([
      "save open notes",
      `send drafts of ${ME}`,
      'end session {"reason":"signed-out"}',
      "forget offline pages",
      "go to /sign-in?reason=signed-out",
    ]);
  });

  it("asks a person about text that could not be sent, and stays signed in meanwhile", async () => {
    const { steps, deps } = browser({ unsent: [OFFLINE] });

    expect(await signOutOfThisBrowser(byPerson, deps)).toEqual({ kind: "unsent", notes: [OFFLINE] });
    expect(steps.some((step) => step.startsWith("end session") || step.startsWith("go to"))).toBe(false);
  });

  it("deletes the person's unsent text when they choose to sign out without it", async () => {
    const key = draftKey("appt-1", ME, "tab-1");
    const theirs = draftKey("appt-2", "Dr. Maya Lee", "tab-1");
    for (const stored of [key, theirs]) {
      localStorage.setItem(stored, serializeDraft({ sections: { subjective: "x", objective: "", assessment: "", plan: "" }, baseVersion: 1, updatedAt: "2026-03-05T14:00:00.000Z" }));
    }
    const { steps, deps } = browser({ unsent: [OFFLINE] });

    expect(await signOutOfThisBrowser({ ...byPerson, deleteUnsent: true }, deps)).toEqual({ kind: "signed-out" });
    expect(localStorage.getItem(key)).toBeNull();
    expect(localStorage.getItem(theirs)).not.toBeNull();
    expect(steps.at(-1)).toBe("go to /sign-in?reason=signed-out");
  });

  it("keeps unsent text on this computer when nobody is there to ask (idle), and signs out all the same", async () => {
    const { steps, deps } = browser({ unsent: [OFFLINE] });

    expect(await signOutOfThisBrowser({ reason: "idle", userKey: ME, by: "idle-timer" }, deps)).toEqual({ kind: "signed-out" });
    expect(steps).toContain('end session {"reason":"idle"}');
    expect(steps.at(-1)).toBe("go to /sign-in?reason=idle");
  });

  it("does not offer to stay in a session that has already ended", async () => {
    const { steps, deps } = browser({ unsent: [ENDED], answer: 401 });

    expect(await signOutOfThisBrowser(byPerson, deps)).toEqual({ kind: "signed-out" });
    expect(steps.at(-1)).toBe("go to /sign-in?reason=signed-out");
  });

  it("says so when the clinic cannot be reached to end the session, and stays", async () => {
    const { steps, deps } = browser({ answer: 0 });

    expect(await signOutOfThisBrowser({ ...byPerson, everywhere: true }, deps)).toEqual({
      kind: "failed",
      message: "The clinic could not be reached, so you are still signed in. Check your connection and try again.",
    });
    expect(steps).toContain('end session {"reason":"signed-out","everywhere":true}');
    expect(steps.some((step) => step.startsWith("go to"))).toBe(false);
  });

  it("leaves an unattended screen for the sign-in page even when the clinic cannot be reached", async () => {
    const { steps, deps } = browser({ answer: 0 });

    await signOutOfThisBrowser({ reason: "idle", userKey: ME, by: "idle-timer" }, deps);
    expect(steps.at(-1)).toBe("go to /sign-in?reason=idle");
  });
});
