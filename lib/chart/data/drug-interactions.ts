import type { IngredientKey } from "./rxnorm-subset";

// The ONC high-priority drug–drug interactions: the 15 pairs an expert panel
// accepted as contraindicated, to be interruptive in every EHR (Phansalkar S,
// Desai AA, Bell D, et al. High-priority drug–drug interactions for use in
// electronic health records. J Am Med Inform Assoc 2012;19(5):735–743,
// doi:10.1136/amiajnl-2011-000612, Table 2). Each side is the paper's class,
// mapped to the ingredients of the bundled RxNorm subset (./rxnorm-subset.ts)
// that belong to it; members the subset has no drug for are ingredients known
// by name, so a medication reported at check-in or imported from outside that
// names one is still checked. docs/CLINICAL-DATA.md says what was mapped and
// what was left out. Every pair is contraindicated, so every warning is HIGH.

export const INTERACTION_SOURCE = "ONC high-priority DDI list (Phansalkar S et al., J Am Med Inform Assoc 2012;19:735-743)";

export interface InteractionSide {
  /** The class as the paper names it. */
  label: string;
  members: readonly IngredientKey[];
}

export interface InteractionPair {
  /** Stable: part of the warning's code the prescriber acknowledges. */
  id: string;
  object: InteractionSide;
  precipitant: InteractionSide;
  severity: "HIGH";
  /** What may happen, as the prescriber reads it. */
  effect: string;
  source: string;
}

const MAO_INHIBITORS: InteractionSide = {
  label: "MAO inhibitors",
  members: ["phenelzine", "tranylcypromine", "isocarboxazid", "selegiline", "procarbazine"],
};

const STRONG_CYP3A4_INHIBITORS: readonly IngredientKey[] = [
  "clarithromycin",
  "ketoconazole",
  "itraconazole",
  "posaconazole",
  "voriconazole",
  "atazanavir",
  "darunavir",
  "ritonavir",
  "lopinavir",
];

const CYP1A2_INHIBITORS: InteractionSide = { label: "strong CYP1A2 inhibitors", members: ["fluvoxamine", "ciprofloxacin"] };

const PROTEASE_INHIBITORS: readonly IngredientKey[] = ["atazanavir", "darunavir", "ritonavir", "lopinavir"];

function pair(id: string, object: InteractionSide, precipitant: InteractionSide, effect: string): InteractionPair {
  return { id, object, precipitant, severity: "HIGH", effect, source: `${INTERACTION_SOURCE}, Table 2` };
}

export const INTERACTION_PAIRS: readonly InteractionPair[] = [
  pair(
    "amphetamines-maoi",
    {
      label: "amphetamine derivatives",
      members: ["amphetamine", "dextroamphetamine", "lisdexamfetamine", "methylphenidate", "dexmethylphenidate", "phentermine", "pseudoephedrine", "atomoxetine"],
    },
    MAO_INHIBITORS,
    "hypertensive crisis",
  ),
  pair(
    "atazanavir-ppi",
    { label: "atazanavir", members: ["atazanavir"] },
    { label: "proton pump inhibitors", members: ["omeprazole", "lansoprazole", "pantoprazole", "rabeprazole", "esomeprazole", "dexlansoprazole"] },
    "much lower atazanavir levels and loss of its antiviral effect",
  ),
  pair(
    "febuxostat-thiopurines",
    { label: "febuxostat", members: ["febuxostat"] },
    { label: "azathioprine and mercaptopurine", members: ["azathioprine", "mercaptopurine"] },
    "thiopurine toxicity (bone marrow suppression)",
  ),
  pair(
    "serotonergic-maoi",
    {
      label: "SSRIs and other serotonergic agents",
      members: ["fluoxetine", "paroxetine", "citalopram", "escitalopram", "sertraline", "fluvoxamine", "duloxetine", "venlafaxine", "desvenlafaxine"],
    },
    MAO_INHIBITORS,
    "serotonin syndrome",
  ),
  pair(
    "irinotecan-cyp3a4-inhibitors",
    { label: "irinotecan", members: ["irinotecan"] },
    { label: "strong CYP3A4 inhibitors", members: STRONG_CYP3A4_INHIBITORS },
    "irinotecan toxicity (neutropenia, diarrhoea)",
  ),
  pair(
    "tricyclics-maoi",
    { label: "tricyclic antidepressants", members: ["amitriptyline", "nortriptyline", "imipramine", "clomipramine", "doxepin"] },
    MAO_INHIBITORS,
    "serotonin syndrome and hypertensive crisis",
  ),
  pair(
    "opioids-maoi",
    { label: "narcotic analgesics", members: ["meperidine", "methadone", "tramadol", "tapentadol", "fentanyl"] },
    MAO_INHIBITORS,
    "serotonin syndrome or opioid toxicity",
  ),
  pair(
    "qt-prolonging",
    { label: "high-risk QT-prolonging agents", members: ["dofetilide", "dronedarone", "thioridazine", "pimozide"] },
    {
      label: "QT-prolonging agents",
      members: ["amiodarone", "ziprasidone", "clarithromycin", "erythromycin", "azithromycin", "ciprofloxacin", "methadone", "citalopram", "escitalopram"],
    },
    "QT prolongation and torsades de pointes",
  ),
  pair("ramelteon-cyp1a2-inhibitors", { label: "ramelteon", members: ["ramelteon"] }, CYP1A2_INHIBITORS, "much higher ramelteon levels and oversedation"),
  pair(
    "cyp3a4-inducers-protease-inhibitors",
    { label: "protease inhibitors", members: PROTEASE_INHIBITORS },
    { label: "strong CYP3A4 inducers", members: ["rifampin", "carbamazepine", "phenytoin"] },
    "much lower protease inhibitor levels and loss of antiviral effect",
  ),
  pair(
    "statins-cyp3a4-inhibitors",
    { label: "lovastatin and simvastatin", members: ["lovastatin", "simvastatin"] },
    { label: "strong CYP3A4 inhibitors and protease inhibitors", members: STRONG_CYP3A4_INHIBITORS },
    "myopathy and rhabdomyolysis from much higher statin levels",
  ),
  pair(
    "ergots-cyp3a4-inhibitors",
    { label: "ergot alkaloids", members: ["ergotamine", "dihydroergotamine"] },
    { label: "strong CYP3A4 inhibitors and protease inhibitors", members: STRONG_CYP3A4_INHIBITORS },
    "ergotism: acute vasospasm and ischaemia",
  ),
  pair("tizanidine-cyp1a2-inhibitors", { label: "tizanidine", members: ["tizanidine"] }, CYP1A2_INHIBITORS, "severe hypotension and sedation"),
  pair("tranylcypromine-procarbazine", { label: "tranylcypromine", members: ["tranylcypromine"] }, { label: "procarbazine", members: ["procarbazine"] }, "hypertensive crisis"),
  pair(
    "triptans-maoi",
    { label: "triptans", members: ["sumatriptan", "rizatriptan", "zolmitriptan"] },
    MAO_INHIBITORS,
    "serotonin syndrome and higher triptan levels",
  ),
];
