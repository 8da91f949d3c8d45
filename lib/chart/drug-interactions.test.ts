import { describe, expect, it } from "vitest";
import { INTERACTION_PAIRS, INTERACTION_SOURCE } from "./data/drug-interactions";
import { findDrug, ingredientsOfMedication } from "./drugs";
import { acknowledgementRecord, interactionsBetween, missingReasons, prescriptionWarnings } from "./prescription-rules";

// The ONC high-priority pairs, one literal case each: a medication named for a
// member of one side against one named for the other, found both ways round.

const named = (name: string) => ingredientsOfMedication({ rxnormCode: null, name });

const CASES: ReadonlyArray<readonly [pairId: string, object: string, precipitant: string]> = [
  ["amphetamines-maoi", "lisdexamfetamine 30 MG Oral Capsule", "phenelzine 15 MG Oral Tablet"],
  ["atazanavir-ppi", "atazanavir 300 MG Oral Capsule", "omeprazole 20 MG Delayed Release Oral Capsule"],
  ["febuxostat-thiopurines", "febuxostat 40 MG Oral Tablet", "azathioprine 50 MG Oral Tablet"],
  ["serotonergic-maoi", "sertraline 50 MG Oral Tablet", "tranylcypromine 10 MG Oral Tablet"],
  ["irinotecan-cyp3a4-inhibitors", "irinotecan injection", "ketoconazole 200 MG Oral Tablet"],
  ["tricyclics-maoi", "amitriptyline 25 MG Oral Tablet", "isocarboxazid 10 MG Oral Tablet"],
  ["opioids-maoi", "meperidine hydrochloride 50 MG Oral Tablet", "selegiline 5 MG Oral Capsule"],
  ["qt-prolonging", "dofetilide 0.5 MG Oral Capsule", "azithromycin 250 MG Oral Tablet"],
  ["ramelteon-cyp1a2-inhibitors", "ramelteon 8 MG Oral Tablet", "fluvoxamine maleate 100 MG Oral Tablet"],
  ["cyp3a4-inducers-protease-inhibitors", "darunavir 800 MG Oral Tablet", "rifampin 300 MG Oral Capsule"],
  ["statins-cyp3a4-inhibitors", "simvastatin 20 MG Oral Tablet", "clarithromycin 500 MG Oral Tablet"],
  ["ergots-cyp3a4-inhibitors", "ergotamine tartrate 1 MG Oral Tablet", "itraconazole 100 MG Oral Capsule"],
  ["tizanidine-cyp1a2-inhibitors", "tizanidine 4 MG Oral Tablet", "ciprofloxacin 500 MG Oral Tablet"],
  ["tranylcypromine-procarbazine", "tranylcypromine 10 MG Oral Tablet", "procarbazine 50 MG Oral Capsule"],
  ["triptans-maoi", "sumatriptan 50 MG Oral Tablet", "phenelzine 15 MG Oral Tablet"],
];

describe("the ONC high-priority interaction table", () => {
  it("holds the 15 pairs the panel accepted, each contraindicated (HIGH) with its effect and source", () => {
    expect(INTERACTION_PAIRS.map((pair) => pair.id).sort()).toEqual(CASES.map(([id]) => id).sort());
    for (const pair of INTERACTION_PAIRS) {
      expect(pair.severity).toBe("HIGH");
      expect(pair.effect.length).toBeGreaterThan(5);
      expect(pair.source).toContain(INTERACTION_SOURCE);
      expect(pair.object.members.length).toBeGreaterThan(0);
      expect(pair.precipitant.members.length).toBeGreaterThan(0);
    }
  });

  it.each(CASES)("%s: %s with %s, either way round", (pairId, object, precipitant) => {
    expect(interactionsBetween(named(object), named(precipitant)).map(({ pair }) => pair.id)).toContain(pairId);
    expect(interactionsBetween(named(precipitant), named(object)).map(({ pair }) => pair.id)).toContain(pairId);
  });

  it("finds nothing between drugs of no listed pair, nor between two members of the same side", () => {
    expect(interactionsBetween(named("lisinopril 10 MG Oral Tablet"), named("metformin 500 MG Oral Tablet"))).toEqual([]);
    expect(interactionsBetween(named("simvastatin 20 MG Oral Tablet"), named("lovastatin 20 MG Oral Tablet"))).toEqual([]);
    expect(interactionsBetween(named("phenelzine 15 MG Oral Tablet"), named("selegiline 5 MG Oral Capsule"))).toEqual([]);
    // Pravastatin is not metabolised by CYP3A4: not a member of the statin side.
    expect(interactionsBetween(named("pravastatin sodium 40 MG Oral Tablet"), named("clarithromycin 500 MG Oral Tablet"))).toEqual([]);
  });
});

describe("interaction warnings on prescribing", () => {
  const clarithromycin = findDrug("197517")!;
  const simvastatin = { ref: "medication:m-simva", name: "simvastatin 20 MG Oral Tablet", rxnormCode: "312961" };

  it("warns of clarithromycin (bundled) against simvastatin on the list, HIGH, needing a reason, with the source", () => {
    expect(clarithromycin.name).toBe("clarithromycin 500 MG Oral Tablet");
    const [warning, ...rest] = prescriptionWarnings(clarithromycin, [], [simvastatin]);
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({
      code: "interaction:statins-cyp3a4-inhibitors:medication:m-simva",
      kind: "DRUG_INTERACTION",
      severity: "HIGH",
      reasonRequired: true,
      source: `${INTERACTION_SOURCE}, Table 2`,
    });
    expect(warning!.message).toBe(
      "Interaction: the patient takes simvastatin 20 MG Oral Tablet; clarithromycin with simvastatin (lovastatin and simvastatin with strong CYP3A4 inhibitors and protease inhibitors) risks myopathy and rhabdomyolysis from much higher statin levels. Contraindicated.",
    );
  });

  it("finds a medication reported by name only (no code), as check-in and outside records give them", () => {
    const outside = { ref: "medication:m-outside", name: "Phenelzine sulfate 15 mg tablet", rxnormCode: null };
    const sertraline = findDrug("312938")!;
    expect(prescriptionWarnings(sertraline, [], [outside]).map((warning) => warning.code)).toEqual(["interaction:serotonergic-maoi:medication:m-outside"]);
  });

  it("counts an interaction acknowledged without a reason (bare code or blank) as missing its reason; allergies need none", () => {
    const warnings = prescriptionWarnings(clarithromycin, [], [simvastatin]);
    const code = warnings[0]!.code;
    expect(missingReasons(warnings, [code])).toEqual(warnings);
    expect(missingReasons(warnings, [{ code, reason: "" }])).toEqual(warnings);
    expect(missingReasons(warnings, [{ code, reason: "Statin paused for the course" }])).toEqual([]);
    // Not acknowledged at all is the 409's business, not a missing reason.
    expect(missingReasons(warnings, [])).toEqual([]);
  });

  it("keeps on the prescription what was shown, its source and the reason", () => {
    const [warning] = prescriptionWarnings(clarithromycin, [], [simvastatin]);
    expect(acknowledgementRecord(warning!, [{ code: warning!.code, reason: "Statin paused for the course" }])).toBe(
      `${warning!.code} DRUG_INTERACTION: ${warning!.message} Source: ${INTERACTION_SOURCE}, Table 2. Reason: Statin paused for the course`,
    );
  });
});
