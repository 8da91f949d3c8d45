import {
  DRUG_ROWS,
  INGREDIENTS,
  type ControlledSchedule,
  type DrugClass,
  type IngredientDefinition,
  type IngredientKey,
} from "./data/rxnorm-subset";

// The bundled drug catalog: lookup by RxNorm code, search by name, and telling
// which ingredients a medication on the chart contains (by its code when the
// catalog has it, otherwise by the ingredient names in its text). Pure data and
// functions, no database: the prescribing form and its tests share them.

export type { DrugClass, ControlledSchedule } from "./data/rxnorm-subset";

export const ROUTES = [
  "oral",
  "sublingual",
  "inhalation",
  "subcutaneous",
  "intramuscular",
  "intravenous",
  "topical",
  "transdermal",
  "nasal",
  "ophthalmic",
  "otic",
  "rectal",
  "vaginal",
] as const;

export type Route = (typeof ROUTES)[number];

export interface DrugIngredient {
  key: IngredientKey;
  name: string;
  rxcui: string | null;
  classes: readonly DrugClass[];
}

export interface Drug {
  /** The RxNorm semantic clinical drug (SCD) concept id. */
  rxcui: string;
  /** The RxNorm name, as prescriptions and medication lists show it. */
  name: string;
  ingredients: readonly DrugIngredient[];
  /** Every class of every ingredient, without repeats. */
  classes: readonly DrugClass[];
  /** "Oral Tablet", "Metered Dose Inhaler", … as the RxNorm name ends. */
  doseForm: string;
  /** The routes this dose form is given by; the first is the default. */
  routes: readonly Route[];
  /** The strictest controlled-substance schedule among the ingredients, if any. */
  schedule: ControlledSchedule | null;
}

/** Dose forms, longest first so "Delayed Release Oral Capsule" wins over "Oral Capsule". */
const DOSE_FORMS: ReadonlyArray<readonly [form: string, routes: readonly Route[]]> = [
  ["Delayed Release Oral Capsule", ["oral"]],
  ["Extended Release Oral Capsule", ["oral"]],
  ["Extended Release Oral Tablet", ["oral"]],
  ["Metered Dose Inhaler", ["inhalation"]],
  ["Dry Powder Inhaler", ["inhalation"]],
  ["Chewable Tablet", ["oral"]],
  ["Oral Capsule", ["oral"]],
  ["Oral Tablet", ["oral"]],
  ["Oral Solution", ["oral"]],
  ["Mucosal Spray", ["sublingual"]],
  ["Pen Injector", ["subcutaneous"]],
];

const SCHEDULE_ORDER: readonly ControlledSchedule[] = ["II", "III", "IV", "V"];

function ingredientOf(key: IngredientKey): DrugIngredient {
  const definition: IngredientDefinition = INGREDIENTS[key];
  return { key, name: definition.name, rxcui: definition.rxcui, classes: definition.classes };
}

function doseFormOf(name: string): readonly [string, readonly Route[]] {
  const match = DOSE_FORMS.find(([form]) => name.endsWith(form));
  if (!match) throw new Error(`No known dose form in "${name}"`);
  return match;
}

function buildDrug([rxcui, name, keys]: (typeof DRUG_ROWS)[number]): Drug {
  const [doseForm, routes] = doseFormOf(name);
  const schedules = keys.flatMap((key) => INGREDIENTS[key].schedule ?? []);
  return {
    rxcui,
    name,
    ingredients: keys.map(ingredientOf),
    classes: [...new Set(keys.flatMap((key) => INGREDIENTS[key].classes))],
    doseForm,
    routes,
    schedule: SCHEDULE_ORDER.find((schedule) => schedules.includes(schedule)) ?? null,
  };
}

export const DRUGS: readonly Drug[] = DRUG_ROWS.map(buildDrug);

const byCode = new Map(DRUGS.map((drug) => [drug.rxcui, drug]));

export function findDrug(rxcui: string): Drug | undefined {
  return byCode.get(rxcui);
}

// ---------------------------------------------------------------------------
// Search

export const DRUG_SEARCH_MAX_LIMIT = 50;

const normalize = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\s+/g, " ")
    .trim();

const searchable = DRUGS.map((drug) => ({ drug, text: normalize(`${drug.name} ${drug.ingredients.map((i) => i.name).join(" ")}`), name: normalize(drug.name) }));

/**
 * Drugs whose name (or an ingredient's name) contains every word of the query,
 * case-insensitively. Names starting with the query rank first, then names with
 * a word starting with it, then any other match; alphabetical within each.
 * An RxNorm code finds its drug.
 */
export function searchDrugs(query: string, limit = 20): Drug[] {
  const wanted = normalize(query);
  const max = Math.max(1, Math.min(DRUG_SEARCH_MAX_LIMIT, Math.floor(limit)));
  if (wanted === "") return [];
  const exact = byCode.get(wanted);
  if (exact) return [exact];
  const words = wanted.split(" ");
  const rank = (name: string) => {
    if (name.startsWith(wanted)) return 0;
    if (name.includes(` ${wanted}`) || name.includes(`/${wanted}`)) return 1;
    return 2;
  };
  return searchable
    .filter(({ text }) => words.every((word) => text.includes(word)))
    .map((entry) => ({ ...entry, rank: rank(entry.name) }))
    .sort((a, b) => a.rank - b.rank || naturalCompare(a.name, b.name))
    .slice(0, max)
    .map(({ drug }) => drug);
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
const naturalCompare = (a: string, b: string) => collator.compare(a, b);

// ---------------------------------------------------------------------------
// What a medication on the chart contains

const ingredientNames = (Object.keys(INGREDIENTS) as IngredientKey[])
  .map((key) => ({ key, pattern: new RegExp(`(^|[^a-z])${escapeRegExp(INGREDIENTS[key].name.toLowerCase())}($|[^a-z])`) }))
  // Longest names first: "penicillin v" is found before "penicillin".
  .sort((a, b) => INGREDIENTS[b.key].name.length - INGREDIENTS[a.key].name.length);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The ingredients of a medication as the chart records it: from the catalog by
 * its RxNorm code, or else from the ingredient names its text contains. Empty
 * when neither tells.
 */
export function ingredientsOfMedication(medication: { rxnormCode: string | null; name: string }): readonly DrugIngredient[] {
  const known = medication.rxnormCode ? byCode.get(medication.rxnormCode) : undefined;
  if (known) return known.ingredients;
  let text = ` ${medication.name.toLowerCase()} `;
  const found: DrugIngredient[] = [];
  for (const { key, pattern } of ingredientNames) {
    if (pattern.test(text)) {
      found.push(ingredientOf(key));
      // Blank the match out, so "penicillin v" is not found again as "penicillin".
      text = text.replace(pattern, "$1 $2");
    }
  }
  return found;
}
