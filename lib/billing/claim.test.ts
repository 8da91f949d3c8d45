import { describe, expect, it } from "vitest";
import { COMPLETE_TELEHEALTH_BLOCK as COMPLETE_BLOCK } from "@/lib/notes/testing/complete-note";
import { claimLine, modifierFor, type PayerRuleRow } from "./claim";

// The rules the clinic starts with (migration 20261204095000_billing_note_handouts).
const RULES: PayerRuleRow[] = [
  { payer: "*", modality: "VIDEO", modifier: "95" },
  { payer: "*", modality: "AUDIO_ONLY", modifier: "93" },
  { payer: "Medicare", modality: "VIDEO", modifier: null },
  { payer: "Medicare", modality: "AUDIO_ONLY", modifier: "93" },
];
const NOTE = { cptCode: "98005", diagnosisCodes: ["I10", "E11.9"] };
const elsewhere = { ...COMPLETE_BLOCK, patientLocation: { ...COMPLETE_BLOCK.patientLocation, kind: "OTHER" as const } };
const audioOnly = { ...COMPLETE_BLOCK, modality: "AUDIO_ONLY" as const, audioOnlyReason: "No camera" };

describe("claimLine", () => {
  it("a video visit at home, payer without a row of its own: POS 10, the default 95", () => {
    expect(claimLine(COMPLETE_BLOCK, NOTE, RULES, "Aetna")).toEqual({
      placeOfService: "10",
      cptCode: "98005",
      modifier: "95",
      diagnosisCodes: ["I10", "E11.9"],
      minutes: 22,
      payer: "Aetna",
    });
  });

  it("a patient not at home: POS 02", () => {
    expect(claimLine(elsewhere, NOTE, RULES, null)).toMatchObject({ placeOfService: "02", modifier: "95" });
  });

  it("audio-only: 93", () => {
    expect(claimLine(audioOnly, NOTE, RULES, null)).toMatchObject({ placeOfService: "10", modifier: "93" });
  });

  it("a payer's own row wins over the default, including its 'no modifier'", () => {
    expect(claimLine(COMPLETE_BLOCK, NOTE, RULES, "Medicare")).toMatchObject({ modifier: null });
    expect(claimLine(audioOnly, NOTE, RULES, "Medicare")).toMatchObject({ modifier: "93" });
  });

  it("no rule at all: no modifier", () => {
    expect(modifierFor([], "Aetna", "VIDEO")).toBeNull();
    expect(modifierFor([{ payer: "Aetna", modality: "AUDIO_ONLY", modifier: "FQ" }], "Aetna", "VIDEO")).toBeNull();
  });

  it("nothing to bill without a block, a modality or a code", () => {
    expect(claimLine(null, NOTE, RULES, null)).toBeNull();
    expect(claimLine({ ...COMPLETE_BLOCK, modality: null }, NOTE, RULES, null)).toBeNull();
    expect(claimLine(COMPLETE_BLOCK, { ...NOTE, cptCode: null }, RULES, null)).toBeNull();
  });
});
