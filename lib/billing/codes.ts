// The codes a telehealth visit is billed with: the E/M codes the physician
// chooses from (CPT 2025: office/outpatient 99202–99205 and 99212–99215, and
// the telehealth services 98000–98015, audio-video and audio-only), and the
// bundled ICD-10-CM subset the assessment's diagnoses are picked from (the
// problems this practice's problem list uses, plus common acute ones). Pure
// data, shared by the server and the editor.

export interface BillingCode {
  code: string;
  /** The short descriptor shown beside the code. */
  label: string;
}

export const CPT_CODES: readonly BillingCode[] = [
  { code: "99202", label: "Office visit, new patient, straightforward MDM (15+ min)" },
  { code: "99203", label: "Office visit, new patient, low MDM (30+ min)" },
  { code: "99204", label: "Office visit, new patient, moderate MDM (45+ min)" },
  { code: "99205", label: "Office visit, new patient, high MDM (60+ min)" },
  { code: "99212", label: "Office visit, established patient, straightforward MDM (10+ min)" },
  { code: "99213", label: "Office visit, established patient, low MDM (20+ min)" },
  { code: "99214", label: "Office visit, established patient, moderate MDM (30+ min)" },
  { code: "99215", label: "Office visit, established patient, high MDM (40+ min)" },
  { code: "98000", label: "Audio-video visit, new patient, straightforward MDM (15+ min)" },
  { code: "98001", label: "Audio-video visit, new patient, low MDM (30+ min)" },
  { code: "98002", label: "Audio-video visit, new patient, moderate MDM (45+ min)" },
  { code: "98003", label: "Audio-video visit, new patient, high MDM (60+ min)" },
  { code: "98004", label: "Audio-video visit, established patient, straightforward MDM (10+ min)" },
  { code: "98005", label: "Audio-video visit, established patient, low MDM (20+ min)" },
  { code: "98006", label: "Audio-video visit, established patient, moderate MDM (30+ min)" },
  { code: "98007", label: "Audio-video visit, established patient, high MDM (40+ min)" },
  { code: "98008", label: "Audio-only visit, new patient, straightforward MDM (15+ min)" },
  { code: "98009", label: "Audio-only visit, new patient, low MDM (30+ min)" },
  { code: "98010", label: "Audio-only visit, new patient, moderate MDM (45+ min)" },
  { code: "98011", label: "Audio-only visit, new patient, high MDM (60+ min)" },
  { code: "98012", label: "Audio-only visit, established patient, straightforward MDM (10+ min)" },
  { code: "98013", label: "Audio-only visit, established patient, low MDM (20+ min)" },
  { code: "98014", label: "Audio-only visit, established patient, moderate MDM (30+ min)" },
  { code: "98015", label: "Audio-only visit, established patient, high MDM (40+ min)" },
];

export const ICD10_CODES: readonly BillingCode[] = [
  { code: "D50.9", label: "Iron deficiency anemia, unspecified" },
  { code: "E03.9", label: "Hypothyroidism, unspecified" },
  { code: "E11.65", label: "Type 2 diabetes mellitus with hyperglycemia" },
  { code: "E11.9", label: "Type 2 diabetes mellitus without complications" },
  { code: "E55.9", label: "Vitamin D deficiency, unspecified" },
  { code: "E66.9", label: "Obesity, unspecified" },
  { code: "E78.5", label: "Hyperlipidemia, unspecified" },
  { code: "F17.210", label: "Nicotine dependence, cigarettes, uncomplicated" },
  { code: "F32.A", label: "Depression, unspecified" },
  { code: "F41.1", label: "Generalized anxiety disorder" },
  { code: "G43.909", label: "Migraine, unspecified, not intractable, without status migrainosus" },
  { code: "G47.33", label: "Obstructive sleep apnea (adult) (pediatric)" },
  { code: "I10", label: "Essential (primary) hypertension" },
  { code: "I48.91", label: "Unspecified atrial fibrillation" },
  { code: "J01.90", label: "Acute sinusitis, unspecified" },
  { code: "J02.0", label: "Streptococcal pharyngitis" },
  { code: "J06.9", label: "Acute upper respiratory infection, unspecified" },
  { code: "J20.9", label: "Acute bronchitis, unspecified" },
  { code: "J30.9", label: "Allergic rhinitis, unspecified" },
  { code: "J44.9", label: "Chronic obstructive pulmonary disease, unspecified" },
  { code: "J45.909", label: "Unspecified asthma, uncomplicated" },
  { code: "K21.9", label: "Gastro-esophageal reflux disease without esophagitis" },
  { code: "L20.9", label: "Atopic dermatitis, unspecified" },
  { code: "M17.11", label: "Unilateral primary osteoarthritis, right knee" },
  { code: "M54.50", label: "Low back pain, unspecified" },
  { code: "M81.0", label: "Age-related osteoporosis without current pathological fracture" },
  { code: "N18.30", label: "Chronic kidney disease, stage 3 unspecified" },
  { code: "N39.0", label: "Urinary tract infection, site not specified" },
  { code: "R05.9", label: "Cough, unspecified" },
  { code: "R51.9", label: "Headache, unspecified" },
  { code: "R73.03", label: "Prediabetes" },
  { code: "S93.401A", label: "Sprain of unspecified ligament of right ankle, initial encounter" },
  { code: "U07.1", label: "COVID-19" },
];

/** A claim line lists at most this many diagnoses (the CMS-1500's pointers A–L). */
export const MAX_DIAGNOSIS_CODES = 12;

const byCode = (codes: readonly BillingCode[]) => new Map(codes.map((entry) => [entry.code, entry.label]));
const CPT_LABELS = byCode(CPT_CODES);
const ICD10_LABELS = byCode(ICD10_CODES);

export const cptLabel = (code: string): string | undefined => CPT_LABELS.get(code);
export const icd10Label = (code: string): string | undefined => ICD10_LABELS.get(code);

/** The bundled ICD-10 codes whose code or descriptor contains every word of the query, at most `limit`. */
export function searchIcd10(query: string, limit = 10): BillingCode[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return ICD10_CODES.filter((entry) => {
    const text = `${entry.code} ${entry.label}`.toLowerCase();
    return words.every((word) => text.includes(word));
  }).slice(0, limit);
}
