import "server-only";

// Outpatient drugs as RxNorm semantic clinical drugs (SCD). `drugClass` is the
// vocabulary allergies use too, so prescribing can warn on a drug's whole class.

export type DrugClass =
  | "ACE inhibitors"
  | "angiotensin receptor blockers"
  | "calcium channel blockers"
  | "thiazide diuretics"
  | "beta blockers"
  | "statins"
  | "biguanides"
  | "thyroid hormones"
  | "proton pump inhibitors"
  | "SSRIs"
  | "short-acting beta agonists"
  | "inhaled corticosteroids"
  | "antihistamines"
  | "anticoagulants"
  | "iron supplements"
  | "bisphosphonates"
  | "NSAIDs"
  | "analgesics"
  | "penicillins"
  | "cephalosporins"
  | "macrolides"
  | "sulfonamides"
  | "fluoroquinolones"
  | "opioids";

export interface DrugDefinition {
  rxnormCode: string;
  /** The RxNorm name, as prescriptions and medication lists show it. */
  name: string;
  drugClass: DrugClass;
  dose: string;
  route: string;
  frequency: string;
  instructions: string;
  quantity: number;
  refills: number;
  /** Length of a course when it treats an acute problem; absent where it is simply taken until better. */
  courseDays?: number;
  /** Bought over the counter: on the medication list without a prescription. */
  overTheCounter?: boolean;
}

function longTerm(
  rxnormCode: string,
  name: string,
  drugClass: DrugClass,
  dose: string,
  frequency: string,
  instructions: string,
  route = "oral",
): DrugDefinition {
  const dosesPerDay = frequency === "twice daily" ? 2 : 1;
  return { rxnormCode, name, drugClass, dose, route, frequency, instructions, quantity: 90 * dosesPerDay, refills: 3 };
}

function shortCourse(
  rxnormCode: string,
  name: string,
  drugClass: DrugClass,
  dose: string,
  frequency: string,
  instructions: string,
  quantity: number,
  courseDays: number,
): DrugDefinition {
  return { rxnormCode, name, drugClass, dose, route: "oral", frequency, instructions, quantity, refills: 0, courseDays };
}

const drugs = {
  metformin500: longTerm("861007", "metformin hydrochloride 500 MG Oral Tablet", "biguanides", "500 mg", "twice daily", "Take 1 tablet by mouth twice daily with meals."),
  metformin1000: longTerm("861004", "metformin hydrochloride 1000 MG Oral Tablet", "biguanides", "1000 mg", "twice daily", "Take 1 tablet by mouth twice daily with meals."),
  lisinopril10: longTerm("314076", "lisinopril 10 MG Oral Tablet", "ACE inhibitors", "10 mg", "once daily", "Take 1 tablet by mouth once daily."),
  lisinopril20: longTerm("314077", "lisinopril 20 MG Oral Tablet", "ACE inhibitors", "20 mg", "once daily", "Take 1 tablet by mouth once daily."),
  losartan50: longTerm("979492", "losartan potassium 50 MG Oral Tablet", "angiotensin receptor blockers", "50 mg", "once daily", "Take 1 tablet by mouth once daily."),
  amlodipine5: longTerm("197361", "amlodipine 5 MG Oral Tablet", "calcium channel blockers", "5 mg", "once daily", "Take 1 tablet by mouth once daily."),
  hydrochlorothiazide25: longTerm("310798", "hydrochlorothiazide 25 MG Oral Tablet", "thiazide diuretics", "25 mg", "once daily", "Take 1 tablet by mouth every morning."),
  metoprololSuccinate50: longTerm("866436", "24 HR metoprolol succinate 50 MG Extended Release Oral Tablet", "beta blockers", "50 mg", "once daily", "Take 1 tablet by mouth once daily. Do not crush or chew."),
  atorvastatin20: longTerm("617310", "atorvastatin 20 MG Oral Tablet", "statins", "20 mg", "once daily", "Take 1 tablet by mouth once daily in the evening."),
  atorvastatin40: longTerm("617311", "atorvastatin 40 MG Oral Tablet", "statins", "40 mg", "once daily", "Take 1 tablet by mouth once daily in the evening."),
  rosuvastatin10: longTerm("859747", "rosuvastatin calcium 10 MG Oral Tablet", "statins", "10 mg", "once daily", "Take 1 tablet by mouth once daily."),
  simvastatin20: longTerm("312961", "simvastatin 20 MG Oral Tablet", "statins", "20 mg", "once daily", "Take 1 tablet by mouth once daily in the evening."),
  levothyroxine50mcg: longTerm("966222", "levothyroxine sodium 0.05 MG Oral Tablet", "thyroid hormones", "50 mcg", "once daily", "Take 1 tablet by mouth every morning on an empty stomach, 30 minutes before breakfast."),
  omeprazole20: longTerm("198051", "omeprazole 20 MG Delayed Release Oral Capsule", "proton pump inhibitors", "20 mg", "once daily", "Take 1 capsule by mouth 30 minutes before breakfast."),
  sertraline50: longTerm("312940", "sertraline 50 MG Oral Tablet", "SSRIs", "50 mg", "once daily", "Take 1 tablet by mouth once daily."),
  apixaban5: longTerm("1364445", "apixaban 5 MG Oral Tablet", "anticoagulants", "5 mg", "twice daily", "Take 1 tablet by mouth twice daily."),
  ferrousSulfate325: longTerm("310325", "ferrous sulfate 325 MG Oral Tablet", "iron supplements", "325 mg", "once daily", "Take 1 tablet by mouth once daily with orange juice; not with tea, coffee or dairy."),
  alendronate10: longTerm("904419", "alendronic acid 10 MG Oral Tablet", "bisphosphonates", "10 mg", "once daily", "Take 1 tablet every morning with a full glass of water, 30 minutes before food; stay upright for 30 minutes."),
  loratadine10: { ...longTerm("311372", "loratadine 10 MG Oral Tablet", "antihistamines", "10 mg", "once daily", "Take 1 tablet by mouth once daily as needed for allergy symptoms."), overTheCounter: true },
  albuterolInhaler: {
    ...longTerm("745679", "200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler", "short-acting beta agonists", "2 puffs (180 mcg)", "every 4 to 6 hours as needed", "Inhale 2 puffs every 4 to 6 hours as needed for wheezing or shortness of breath.", "inhalation"),
    quantity: 1,
    refills: 2,
  },
  fluticasoneInhaler: {
    ...longTerm("895994", "120 ACTUAT fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler", "inhaled corticosteroids", "2 puffs (88 mcg)", "twice daily", "Inhale 2 puffs twice daily; rinse mouth after use.", "inhalation"),
    quantity: 1,
    refills: 5,
  },
  ibuprofen600: shortCourse("197806", "ibuprofen 600 MG Oral Tablet", "NSAIDs", "600 mg", "every 8 hours as needed", "Take 1 tablet by mouth every 8 hours as needed for pain, with food.", 30, 10),
  naproxen500: shortCourse("198014", "naproxen 500 MG Oral Tablet", "NSAIDs", "500 mg", "twice daily as needed", "Take 1 tablet by mouth twice daily as needed for pain, with food.", 28, 14),
  acetaminophen500: {
    ...longTerm("198440", "acetaminophen 500 MG Oral Tablet", "analgesics", "1000 mg", "every 6 hours as needed", "Take 2 tablets by mouth every 6 hours as needed; no more than 6 tablets a day."),
    overTheCounter: true,
  },
  amoxicillin500: shortCourse("308191", "amoxicillin 500 MG Oral Capsule", "penicillins", "500 mg", "twice daily", "Take 1 capsule by mouth twice daily for 10 days; finish the course.", 20, 10),
  amoxicillinClavulanate875: shortCourse("562508", "amoxicillin 875 MG / clavulanate 125 MG Oral Tablet", "penicillins", "875 mg", "twice daily", "Take 1 tablet by mouth twice daily with food for 7 days.", 14, 7),
  penicillinV500: shortCourse("834102", "penicillin V potassium 500 MG Oral Tablet", "penicillins", "500 mg", "twice daily", "Take 1 tablet by mouth twice daily for 10 days.", 20, 10),
  cephalexin500: shortCourse("309114", "cephalexin 500 MG Oral Capsule", "cephalosporins", "500 mg", "twice daily", "Take 1 capsule by mouth twice daily for 7 days.", 14, 7),
  azithromycin250: shortCourse("308460", "azithromycin 250 MG Oral Tablet", "macrolides", "500 mg on day 1, then 250 mg", "once daily", "Take 2 tablets on day 1, then 1 tablet daily on days 2 to 5.", 6, 5),
  sulfamethoxazoleTrimethoprim: shortCourse("198335", "sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet", "sulfonamides", "1 tablet (800/160 mg)", "twice daily", "Take 1 tablet by mouth twice daily for 3 days with plenty of water.", 6, 3),
  ciprofloxacin500: shortCourse("309309", "ciprofloxacin 500 MG Oral Tablet", "fluoroquinolones", "500 mg", "twice daily", "Take 1 tablet by mouth twice daily for 3 days.", 6, 3),
} satisfies Record<string, DrugDefinition>;

export type DrugKey = keyof typeof drugs;
export const DRUGS: Readonly<Record<DrugKey, DrugDefinition>> = drugs;
