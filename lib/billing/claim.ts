import type { Modality, TelehealthBlock } from "@/lib/notes/telehealth-fields";

// A telehealth visit's claim line from its signed note: the place of service
// from where the patient was (10 at home, 02 anywhere else), the modifier the
// payer's rule asks for the modality (the payer's own row, else the clinic's
// default "*" row; none when neither says one), and the note's codes and
// minutes. Pure, so every branch is unit-tested.

/** The payer rules' default row, used for every payer without a row of its own. */
export const DEFAULT_PAYER = "*";

export interface PayerRuleRow {
  payer: string;
  modality: Modality;
  /** Null: this payer wants no modifier for this modality (the place of service says "telehealth"). */
  modifier: string | null;
}

export interface ClaimLine {
  placeOfService: "02" | "10";
  cptCode: string;
  modifier: string | null;
  diagnosisCodes: string[];
  minutes: number | null;
  /** The payer as billed ("*" rules applied when the patient has none on file). */
  payer: string | null;
}

export function placeOfService(block: Pick<TelehealthBlock, "patientLocation">): "02" | "10" {
  return block.patientLocation.kind === "HOME" ? "10" : "02";
}

export function modifierFor(rules: readonly PayerRuleRow[], payer: string | null, modality: Modality): string | null {
  const own = payer === null ? undefined : rules.find((rule) => rule.payer === payer && rule.modality === modality);
  const rule = own ?? rules.find((candidate) => candidate.payer === DEFAULT_PAYER && candidate.modality === modality);
  return rule?.modifier ?? null;
}

/** The claim line of a signed note; null when the note states no modality or code (signed before billing was required). */
export function claimLine(
  block: TelehealthBlock | null,
  note: { cptCode: string | null; diagnosisCodes: readonly string[] },
  rules: readonly PayerRuleRow[],
  payer: string | null,
): ClaimLine | null {
  if (block === null || block.modality === null || note.cptCode === null) return null;
  return {
    placeOfService: placeOfService(block),
    cptCode: note.cptCode,
    modifier: modifierFor(rules, payer, block.modality),
    diagnosisCodes: [...note.diagnosisCodes],
    minutes: block.totalMinutes,
    payer,
  };
}
