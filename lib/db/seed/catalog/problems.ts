import "server-only";
import { ProblemStatus } from "../../generated/enums";
import type { DrugKey } from "./drugs";

// Problems a primary-care and endocrinology telehealth practice sees, with the
// ICD-10-CM code, how common they are, how they are treated and how a note
// talks about them.

export interface TherapyLine {
  /** Tried in order: the first the patient is not allergic to, and is not already taking, is prescribed. */
  options: readonly DrugKey[];
  /** Share of patients with the problem who get this line; the rest are managed without it. */
  share: number;
  /** Added at a later follow-up rather than when the problem is first treated. */
  addedLater?: boolean;
  /** Possible later changes of drug (a side effect, a dose step); at most one happens. */
  changes?: readonly TherapyChange[];
}

export interface TherapyChange {
  from: DrugKey;
  to: DrugKey;
  reason: string;
  probability: number;
}

interface ProblemBase {
  icd10Code: string;
  description: string;
  /** A short name for visit reasons and notes. */
  shortName: string;
  therapy: readonly TherapyLine[];
}

export interface ChronicProblemDefinition extends ProblemBase {
  kind: "chronic";
  /** Share of patients who have it by the age of under 40, 40–64, and 65 or more. */
  prevalence: readonly [number, number, number];
  minAge: number;
  /** What the patient reports at a follow-up. */
  followUp: string;
  /** What the plan says beyond the medications. */
  plan: string;
  resolution?: { probability: number; status: ProblemStatus; reason: string };
}

export interface AcuteProblemDefinition extends ProblemBase {
  kind: "acute";
  episodesPerYear: number;
  minAge: number;
  reason: string;
  history: string;
  exam: string;
  plan: string;
  resolvesInDays: readonly [number, number];
  /** Infections: some patients report a fever. */
  febrile: boolean;
}

export type ProblemDefinition = ChronicProblemDefinition | AcuteProblemDefinition;

function line(options: readonly DrugKey[], extra: Partial<Omit<TherapyLine, "options">> = {}): TherapyLine {
  return { options, share: 1, ...extra };
}

const chronicProblems = {
  type2Diabetes: {
    kind: "chronic",
    icd10Code: "E11.9",
    description: "Type 2 diabetes mellitus without complications",
    shortName: "type 2 diabetes",
    prevalence: [0.03, 0.12, 0.22],
    minAge: 25,
    therapy: [
      line(["metformin500"], {
        changes: [
          { from: "metformin500", to: "metformin1000", reason: "HbA1c above goal; dose increased to 1000 mg twice daily", probability: 0.45 },
        ],
      }),
    ],
    followUp: "Checks fasting glucose at home, mostly 110s to 150s. Denies polyuria, polydipsia, blurred vision or hypoglycemic episodes.",
    plan: "Reviewed diet and activity goals; annual retinal exam and foot check reminded; HbA1c before the next visit.",
  },
  prediabetes: {
    kind: "chronic",
    icd10Code: "R73.03",
    description: "Prediabetes",
    shortName: "prediabetes",
    prevalence: [0.08, 0.18, 0.22],
    minAge: 25,
    therapy: [],
    followUp: "Working on diet changes and walking most days. No polyuria or polydipsia.",
    plan: "Lifestyle counselling: 150 minutes of activity a week and 5–7% weight loss; HbA1c yearly.",
  },
  hypertension: {
    kind: "chronic",
    icd10Code: "I10",
    description: "Essential (primary) hypertension",
    shortName: "hypertension",
    prevalence: [0.07, 0.3, 0.55],
    minAge: 25,
    therapy: [
      line(["lisinopril10", "amlodipine5", "hydrochlorothiazide25"], {
        changes: [
          { from: "lisinopril10", to: "losartan50", reason: "Persistent dry cough on lisinopril; switched to losartan", probability: 0.15 },
          { from: "lisinopril10", to: "lisinopril20", reason: "Blood pressure above goal; dose increased to 20 mg", probability: 0.25 },
        ],
      }),
      line(["amlodipine5", "hydrochlorothiazide25"], { share: 0.3, addedLater: true }),
    ],
    followUp: "Checks blood pressure at home a few times a week. Denies headaches, chest pain, palpitations or ankle swelling.",
    plan: "Home blood pressure log; low-sodium diet reviewed; BMP to monitor potassium and creatinine.",
  },
  hyperlipidemia: {
    kind: "chronic",
    icd10Code: "E78.5",
    description: "Hyperlipidemia, unspecified",
    shortName: "hyperlipidemia",
    prevalence: [0.07, 0.28, 0.42],
    minAge: 25,
    therapy: [
      line(["atorvastatin20", "rosuvastatin10", "simvastatin20"], {
        share: 0.85,
        changes: [
          { from: "atorvastatin20", to: "rosuvastatin10", reason: "Muscle aches on atorvastatin; switched to rosuvastatin", probability: 0.1 },
          { from: "atorvastatin20", to: "atorvastatin40", reason: "LDL above goal; dose increased to 40 mg", probability: 0.2 },
        ],
      }),
    ],
    followUp: "Taking medication without missed doses. No muscle aches or weakness.",
    plan: "Heart-healthy diet reviewed; fasting lipid panel before the next visit.",
  },
  asthma: {
    kind: "chronic",
    icd10Code: "J45.909",
    description: "Unspecified asthma, uncomplicated",
    shortName: "asthma",
    prevalence: [0.09, 0.08, 0.07],
    minAge: 3,
    therapy: [line(["albuterolInhaler"]), line(["fluticasoneInhaler"], { share: 0.45 })],
    followUp: "Uses the rescue inhaler about once a week, more with colds. No night-time awakenings.",
    plan: "Inhaler technique reviewed; asthma action plan updated; annual influenza vaccine advised.",
  },
  hypothyroidism: {
    kind: "chronic",
    icd10Code: "E03.9",
    description: "Hypothyroidism, unspecified",
    shortName: "hypothyroidism",
    prevalence: [0.03, 0.06, 0.1],
    minAge: 18,
    therapy: [line(["levothyroxine50mcg"])],
    followUp: "Energy level good. No cold intolerance, constipation or palpitations.",
    plan: "TSH 6–8 weeks after any dose change, otherwise yearly.",
  },
  gerd: {
    kind: "chronic",
    icd10Code: "K21.9",
    description: "Gastro-esophageal reflux disease without esophagitis",
    shortName: "reflux",
    prevalence: [0.1, 0.15, 0.15],
    minAge: 16,
    therapy: [line(["omeprazole20"], { share: 0.8 })],
    followUp: "Heartburn controlled; occasional symptoms after late meals. No dysphagia or weight loss.",
    plan: "Avoid late meals and trigger foods; elevate the head of the bed.",
    resolution: { probability: 0.3, status: ProblemStatus.RESOLVED, reason: "Symptoms resolved; omeprazole stopped" },
  },
  anxiety: {
    kind: "chronic",
    icd10Code: "F41.1",
    description: "Generalized anxiety disorder",
    shortName: "anxiety",
    prevalence: [0.07, 0.05, 0.03],
    minAge: 16,
    therapy: [line(["sertraline50"], { share: 0.6 })],
    followUp: "Worry more manageable; sleeping better. GAD-7 improved since the last visit. No suicidal ideation.",
    plan: "Continue therapy sessions; sleep hygiene and breathing exercises reviewed.",
    resolution: { probability: 0.2, status: ProblemStatus.INACTIVE, reason: "In remission; sertraline tapered off" },
  },
  depression: {
    kind: "chronic",
    icd10Code: "F32.A",
    description: "Depression, unspecified",
    shortName: "depression",
    prevalence: [0.08, 0.07, 0.05],
    minAge: 16,
    therapy: [line(["sertraline50"], { share: 0.7 })],
    followUp: "Mood improved; enjoying activities again. PHQ-9 lower than at the last visit. Denies suicidal ideation.",
    plan: "Continue counselling; crisis resources reviewed.",
    resolution: { probability: 0.3, status: ProblemStatus.INACTIVE, reason: "In remission; sertraline tapered off" },
  },
  obesity: {
    kind: "chronic",
    icd10Code: "E66.9",
    description: "Obesity, unspecified",
    shortName: "obesity",
    prevalence: [0.25, 0.38, 0.33],
    minAge: 18,
    therapy: [],
    followUp: "Tracking meals with an app; walking 20–30 minutes most days.",
    plan: "Nutrition referral offered; goal of 5% weight loss over 6 months.",
  },
  allergicRhinitis: {
    kind: "chronic",
    icd10Code: "J30.9",
    description: "Allergic rhinitis, unspecified",
    shortName: "allergic rhinitis",
    prevalence: [0.2, 0.15, 0.1],
    minAge: 3,
    therapy: [line(["loratadine10"], { share: 0.7 })],
    followUp: "Seasonal sneezing and congestion, controlled with an antihistamine.",
    plan: "Allergen avoidance reviewed; saline rinses as needed.",
  },
  kneeOsteoarthritis: {
    kind: "chronic",
    icd10Code: "M17.11",
    description: "Unilateral primary osteoarthritis, right knee",
    shortName: "right knee osteoarthritis",
    prevalence: [0.01, 0.1, 0.28],
    minAge: 40,
    therapy: [line(["acetaminophen500"], { share: 0.6 })],
    followUp: "Right knee stiffness in the morning, better after moving. Walking tolerance unchanged.",
    plan: "Quadriceps strengthening exercises; physical therapy referral offered.",
  },
  vitaminDDeficiency: {
    kind: "chronic",
    icd10Code: "E55.9",
    description: "Vitamin D deficiency, unspecified",
    shortName: "vitamin D deficiency",
    prevalence: [0.1, 0.12, 0.15],
    minAge: 10,
    therapy: [],
    followUp: "Taking over-the-counter vitamin D3 daily.",
    plan: "Vitamin D3 2000 IU daily over the counter; recheck 25-OH vitamin D in 3 months.",
    resolution: { probability: 0.6, status: ProblemStatus.RESOLVED, reason: "Level normalized on supplementation" },
  },
  ironDeficiencyAnemia: {
    kind: "chronic",
    icd10Code: "D50.9",
    description: "Iron deficiency anemia, unspecified",
    shortName: "iron deficiency anemia",
    prevalence: [0.05, 0.03, 0.04],
    minAge: 12,
    therapy: [line(["ferrousSulfate325"])],
    followUp: "Less tired than before starting iron. Some constipation. No black stools or bleeding.",
    plan: "CBC in 8–12 weeks to confirm response.",
    resolution: { probability: 0.7, status: ProblemStatus.RESOLVED, reason: "Anemia resolved; iron stopped" },
  },
  atrialFibrillation: {
    kind: "chronic",
    icd10Code: "I48.91",
    description: "Unspecified atrial fibrillation",
    shortName: "atrial fibrillation",
    prevalence: [0.002, 0.02, 0.09],
    minAge: 40,
    therapy: [line(["apixaban5"]), line(["metoprololSuccinate50"])],
    followUp: "Occasional palpitations, no dizziness or fainting. No bleeding on anticoagulation.",
    plan: "Continue anticoagulation (CHA2DS2-VASc reviewed); cardiology follow-up yearly.",
  },
  chronicKidneyDisease: {
    kind: "chronic",
    icd10Code: "N18.30",
    description: "Chronic kidney disease, stage 3 unspecified",
    shortName: "chronic kidney disease stage 3",
    prevalence: [0.005, 0.04, 0.15],
    minAge: 40,
    therapy: [],
    followUp: "No swelling or change in urination. Avoiding NSAIDs as advised.",
    plan: "Avoid NSAIDs; BMP every 6 months; nephrology follow-up if eGFR keeps falling.",
  },
  sleepApnea: {
    kind: "chronic",
    icd10Code: "G47.33",
    description: "Obstructive sleep apnea (adult) (pediatric)",
    shortName: "obstructive sleep apnea",
    prevalence: [0.03, 0.08, 0.1],
    minAge: 25,
    therapy: [],
    followUp: "Using CPAP most nights; daytime sleepiness improved.",
    plan: "Continue CPAP nightly; weight management discussed.",
  },
  copd: {
    kind: "chronic",
    icd10Code: "J44.9",
    description: "Chronic obstructive pulmonary disease, unspecified",
    shortName: "COPD",
    prevalence: [0.002, 0.05, 0.1],
    minAge: 40,
    therapy: [line(["albuterolInhaler"])],
    followUp: "Shortness of breath on stairs, stable. No change in sputum.",
    plan: "Pulmonary rehabilitation offered; pneumococcal and influenza vaccines reviewed.",
  },
  osteoporosis: {
    kind: "chronic",
    icd10Code: "M81.0",
    description: "Age-related osteoporosis without current pathological fracture",
    shortName: "osteoporosis",
    prevalence: [0, 0.03, 0.15],
    minAge: 50,
    therapy: [line(["alendronate10"])],
    followUp: "No falls or fractures. Taking calcium and vitamin D.",
    plan: "Weight-bearing exercise and fall prevention reviewed; DEXA every 2 years.",
  },
  nicotineDependence: {
    kind: "chronic",
    icd10Code: "F17.210",
    description: "Nicotine dependence, cigarettes, uncomplicated",
    shortName: "tobacco use",
    prevalence: [0.12, 0.12, 0.08],
    minAge: 16,
    therapy: [],
    followUp: "Smoking about half a pack a day; thinking about quitting.",
    plan: "Cessation counselling given; quitline information shared.",
    resolution: { probability: 0.3, status: ProblemStatus.RESOLVED, reason: "Quit smoking" },
  },
  atopicDermatitis: {
    kind: "chronic",
    icd10Code: "L20.9",
    description: "Atopic dermatitis, unspecified",
    shortName: "eczema",
    prevalence: [0.06, 0.03, 0.02],
    minAge: 1,
    therapy: [],
    followUp: "Dry patches on the elbows in winter, controlled with moisturizer.",
    plan: "Daily fragrance-free emollient; lukewarm showers.",
  },
} satisfies Record<string, ChronicProblemDefinition>;

const acuteProblems = {
  urinaryTractInfection: {
    kind: "acute",
    icd10Code: "N39.0",
    description: "Urinary tract infection, site not specified",
    shortName: "urinary tract infection",
    episodesPerYear: 0.05,
    minAge: 16,
    therapy: [line(["sulfamethoxazoleTrimethoprim", "cephalexin500", "ciprofloxacin500"])],
    reason: "Burning with urination",
    history: "Dysuria, frequency and urgency for 2 days. No flank pain, vomiting or vaginal discharge.",
    exam: "Well-appearing, in no distress. Denies tenderness on self-palpation of both flanks.",
    plan: "Push fluids. Return if fever, flank pain or no improvement within 48 hours.",
    resolvesInDays: [5, 10],
    febrile: false,
  },
  sinusitis: {
    kind: "acute",
    icd10Code: "J01.90",
    description: "Acute sinusitis, unspecified",
    shortName: "acute sinusitis",
    episodesPerYear: 0.05,
    minAge: 5,
    therapy: [line(["amoxicillinClavulanate875", "azithromycin250"])],
    reason: "Sinus pressure and congestion",
    history: "Facial pressure, purulent nasal discharge and congestion for 11 days, worse after initial improvement.",
    exam: "Well-appearing. Tenderness over the maxillary sinuses on self-palpation. Speaking comfortably.",
    plan: "Saline irrigation and rest. Return if severe headache, eye swelling or high fever.",
    resolvesInDays: [7, 14],
    febrile: true,
  },
  strepPharyngitis: {
    kind: "acute",
    icd10Code: "J02.0",
    description: "Streptococcal pharyngitis",
    shortName: "strep throat",
    episodesPerYear: 0.03,
    minAge: 3,
    therapy: [line(["penicillinV500", "amoxicillin500", "azithromycin250", "cephalexin500"])],
    reason: "Sore throat and fever",
    history: "Sore throat and fever for 2 days without cough. Positive rapid strep test at a pharmacy clinic.",
    exam: "Tonsillar swelling with exudate seen on camera. Tender anterior neck nodes on self-palpation.",
    plan: "Salt-water gargles, fluids and acetaminophen for pain. Stay home until 12 hours on antibiotics.",
    resolvesInDays: [5, 10],
    febrile: true,
  },
  upperRespiratoryInfection: {
    kind: "acute",
    icd10Code: "J06.9",
    description: "Acute upper respiratory infection, unspecified",
    shortName: "upper respiratory infection",
    episodesPerYear: 0.1,
    minAge: 1,
    therapy: [],
    reason: "Cough and runny nose",
    history: "Runny nose, mild sore throat and dry cough for 4 days. Eating and drinking normally.",
    exam: "Mild nasal congestion; speaking in full sentences, no increased work of breathing.",
    plan: "Supportive care: fluids, rest, honey for cough. Antibiotics not indicated. Return if symptoms pass 10 days.",
    resolvesInDays: [7, 12],
    febrile: true,
  },
  acuteBronchitis: {
    kind: "acute",
    icd10Code: "J20.9",
    description: "Acute bronchitis, unspecified",
    shortName: "acute bronchitis",
    episodesPerYear: 0.04,
    minAge: 5,
    therapy: [],
    reason: "Cough for two weeks",
    history: "Productive cough for 12 days after a cold. No shortness of breath at rest, no chest pain.",
    exam: "Intermittent cough during the visit; no audible wheeze; speaking comfortably.",
    plan: "Cough may last 3 weeks; antibiotics not indicated. Return if fever or shortness of breath.",
    resolvesInDays: [10, 21],
    febrile: false,
  },
  lowBackPain: {
    kind: "acute",
    icd10Code: "M54.50",
    description: "Low back pain, unspecified",
    shortName: "low back pain",
    episodesPerYear: 0.04,
    minAge: 18,
    therapy: [line(["naproxen500", "acetaminophen500"])],
    reason: "Low back pain",
    history: "Low back pain after lifting boxes 3 days ago. No leg weakness, numbness, or bladder or bowel changes.",
    exam: "Moves slowly but stands and walks on camera without difficulty. Able to heel- and toe-walk.",
    plan: "Stay active, heat, and gentle stretching. Return if leg weakness, numbness or fever.",
    resolvesInDays: [10, 28],
    febrile: false,
  },
  ankleSprain: {
    kind: "acute",
    icd10Code: "S93.401A",
    description: "Sprain of unspecified ligament of right ankle, initial encounter",
    shortName: "right ankle sprain",
    episodesPerYear: 0.02,
    minAge: 8,
    therapy: [line(["ibuprofen600", "acetaminophen500"])],
    reason: "Twisted right ankle",
    history: "Rolled the right ankle stepping off a curb yesterday. Able to walk with some pain.",
    exam: "Mild swelling over the lateral right ankle on camera; bears weight and takes four steps.",
    plan: "Rest, ice, compression and elevation; ankle exercises after 48 hours. X-ray if unable to bear weight.",
    resolvesInDays: [10, 21],
    febrile: false,
  },
} satisfies Record<string, AcuteProblemDefinition>;

export type ChronicProblemKey = keyof typeof chronicProblems;
export type AcuteProblemKey = keyof typeof acuteProblems;
export const CHRONIC_PROBLEMS: Readonly<Record<ChronicProblemKey, ChronicProblemDefinition>> = chronicProblems;
export const ACUTE_PROBLEMS: Readonly<Record<AcuteProblemKey, AcuteProblemDefinition>> = acuteProblems;
export type ProblemKey = ChronicProblemKey | AcuteProblemKey;
