import "server-only";
import { AllergySeverity } from "../../generated/enums";
import type { DrugClass } from "./drugs";

// Drug allergies carry the RxNorm ingredient and the class, because prescribing
// warns on both (an amoxicillin allergy also rules out penicillin V).

export interface AllergenDefinition {
  substance: string;
  rxnormCode: string | null;
  drugClass: DrugClass | null;
  /** Share of patients who have it. */
  prevalence: number;
  reactions: readonly (readonly [reaction: string, severity: AllergySeverity])[];
}

const { MILD, MODERATE, SEVERE, LIFE_THREATENING } = AllergySeverity;

function drugAllergen(
  substance: string,
  rxnormCode: string,
  drugClass: DrugClass,
  prevalence: number,
  reactions: AllergenDefinition["reactions"],
): AllergenDefinition {
  return { substance, rxnormCode, drugClass, prevalence, reactions };
}

function otherAllergen(substance: string, prevalence: number, reactions: AllergenDefinition["reactions"]): AllergenDefinition {
  return { substance, rxnormCode: null, drugClass: null, prevalence, reactions };
}

const allergens = {
  penicillin: drugAllergen("Penicillin", "70618", "penicillins", 0.08, [
    ["Hives", MODERATE],
    ["Hives and facial swelling", SEVERE],
    ["Rash", MILD],
    ["Anaphylaxis", LIFE_THREATENING],
  ]),
  amoxicillin: drugAllergen("Amoxicillin", "723", "penicillins", 0.02, [
    ["Rash", MILD],
    ["Hives", MODERATE],
  ]),
  sulfamethoxazole: drugAllergen("Sulfamethoxazole (sulfa antibiotics)", "10180", "sulfonamides", 0.03, [
    ["Rash", MODERATE],
    ["Hives", MODERATE],
    ["Stevens-Johnson syndrome", LIFE_THREATENING],
  ]),
  cephalexin: drugAllergen("Cephalexin", "2231", "cephalosporins", 0.01, [["Rash", MILD], ["Hives", MODERATE]]),
  erythromycin: drugAllergen("Erythromycin", "4053", "macrolides", 0.01, [["Nausea and vomiting", MILD], ["Rash", MODERATE]]),
  ciprofloxacin: drugAllergen("Ciprofloxacin", "2551", "fluoroquinolones", 0.01, [["Tendon pain", MODERATE], ["Hives", MODERATE]]),
  ibuprofen: drugAllergen("Ibuprofen", "5640", "NSAIDs", 0.01, [["Wheezing", SEVERE], ["Hives", MODERATE]]),
  aspirin: drugAllergen("Aspirin", "1191", "NSAIDs", 0.01, [["Wheezing", SEVERE], ["Hives", MODERATE]]),
  codeine: drugAllergen("Codeine", "2670", "opioids", 0.02, [["Nausea and vomiting", MILD], ["Itching", MILD]]),
  lisinopril: drugAllergen("Lisinopril", "29046", "ACE inhibitors", 0.005, [["Angioedema", LIFE_THREATENING]]),
  peanut: otherAllergen("Peanut", 0.02, [["Hives", MODERATE], ["Anaphylaxis", LIFE_THREATENING]]),
  shellfish: otherAllergen("Shellfish", 0.02, [["Hives", MODERATE], ["Lip swelling", SEVERE]]),
  treeNuts: otherAllergen("Tree nuts", 0.01, [["Itchy mouth and throat", MILD], ["Hives", MODERATE]]),
  egg: otherAllergen("Egg", 0.005, [["Hives", MILD]]),
  latex: otherAllergen("Latex", 0.01, [["Contact dermatitis", MILD], ["Hives", MODERATE]]),
  beeVenom: otherAllergen("Bee venom", 0.01, [["Local swelling", MILD], ["Anaphylaxis", LIFE_THREATENING]]),
  grassPollen: otherAllergen("Grass pollen", 0.08, [["Sneezing and itchy, watery eyes", MILD]]),
  dustMites: otherAllergen("Dust mites", 0.05, [["Nasal congestion and sneezing", MILD]]),
  catDander: otherAllergen("Cat dander", 0.04, [["Itchy eyes and sneezing", MILD], ["Wheezing", MODERATE]]),
} satisfies Record<string, AllergenDefinition>;

export type AllergenKey = keyof typeof allergens;
export const ALLERGENS: Readonly<Record<AllergenKey, AllergenDefinition>> = allergens;
