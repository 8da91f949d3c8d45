import { describe, expect, it } from "vitest";
import { guestInvitationInput, participantIdentityInput } from "./inputs";

describe("guest invitations", () => {
  it("trim the name and default the relationship and the role", () => {
    expect(guestInvitationInput.parse({ displayName: "  Sam Morgan " })).toEqual({ displayName: "Sam Morgan", relationship: "", role: "GUEST" });
    expect(guestInvitationInput.parse({ displayName: "Ana", relationship: " Cousin " })).toEqual({
      displayName: "Ana",
      relationship: "Cousin",
      role: "GUEST",
    });
  });

  it("take an interpreter with a language from the list, and no language for anyone else", () => {
    expect(guestInvitationInput.parse({ displayName: "Lucía", role: "INTERPRETER", language: "es" })).toEqual({
      displayName: "Lucía",
      relationship: "",
      role: "INTERPRETER",
      language: "es",
    });
    for (const body of [
      { displayName: "Lucía", role: "INTERPRETER" },
      { displayName: "Lucía", role: "INTERPRETER", language: "Spanish" },
      { displayName: "Sam", language: "es" },
      { displayName: "Sam", role: "ADMIN" },
    ]) {
      expect(guestInvitationInput.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });

  it("refuse empty or long names, control characters and unknown fields", () => {
    for (const body of [
      { displayName: "   " },
      { displayName: "x".repeat(81) },
      { displayName: "Sam\nMorgan" },
      { displayName: "Sam\u202eMorgan" },
      { displayName: "Sam", relationship: "y".repeat(81) },
      { displayName: "Sam", admin: true },
      {},
    ]) {
      expect(guestInvitationInput.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
    expect(guestInvitationInput.safeParse({ displayName: "x".repeat(80), relationship: "y".repeat(80) }).success).toBe(true);
  });
});

describe("participant identities", () => {
  it("accept the identities we issue and nothing longer or stranger", () => {
    for (const identity of ["cmabc123", "patient-cmabc123", "guest-cmabc123"]) {
      expect(participantIdentityInput.parse({ identity })).toEqual({ identity });
    }
    for (const identity of ["", "x".repeat(129), "a b", "guest-1\n", "../x"]) {
      expect(participantIdentityInput.safeParse({ identity }).success).toBe(false);
    }
  });
});
