import type { NoteSections } from "@/lib/notes/types";

// SOAP templates per visit type, by VisitType.code (the demo clinic's codes are
// in lib/db/seed/demo-clinic.ts: FOLLOW_UP_15, STANDARD_30, NEW_PATIENT_60). A
// new draft starts from its visit type's template; any other code gets the
// general one. Headings end in ": " so the physician types after them, and
// every plan ends with a "Follow-up:" line, which the after-visit summary
// lifts out for the patient.

export interface NoteTemplate {
  /** The VisitType.code it is for, or "DEFAULT". */
  code: string;
  name: string;
  sections: NoteSections;
}

const lines = (...items: string[]) => items.join("\n");

const GENERAL: NoteTemplate = {
  code: "DEFAULT",
  name: "General visit",
  sections: {
    subjective: lines("Chief complaint: ", "History of present illness: ", "Current medications reviewed: ", "Allergies reviewed: "),
    objective: lines("Video examination: ", "Patient-reported vitals: "),
    assessment: lines("1. "),
    plan: lines("Medications: ", "Orders: ", "Patient education: ", "Follow-up: "),
  },
};

export const NOTE_TEMPLATES: Readonly<Record<string, NoteTemplate>> = {
  FOLLOW_UP_15: {
    code: "FOLLOW_UP_15",
    name: "Follow-up visit",
    sections: {
      subjective: lines(
        "Interval history since last visit: ",
        "Symptoms today: ",
        "Medication adherence and side effects: ",
        "Home readings (BP, glucose, weight): ",
      ),
      objective: lines("Video examination: general appearance, work of breathing, mood and affect: ", "Patient-reported vitals: ", "Results reviewed: "),
      assessment: lines("1. [problem] (ICD-10): controlled / improving / above goal"),
      plan: lines("Continue: ", "Changes: ", "Labs before next visit: ", "Follow-up: "),
    },
  },
  STANDARD_30: {
    code: "STANDARD_30",
    name: "Standard visit",
    sections: {
      subjective: lines(
        "Chief complaint: ",
        "History of present illness (onset, duration, severity, modifying factors): ",
        "Review of systems: ",
        "Current medications reviewed: ",
        "Allergies reviewed: ",
      ),
      objective: lines("Video examination: ", "Patient-reported vitals: ", "Results reviewed: "),
      assessment: lines("1. ", "2. "),
      plan: lines("Medications: ", "Orders and referrals: ", "Patient education and return precautions: ", "Follow-up: "),
    },
  },
  NEW_PATIENT_60: {
    code: "NEW_PATIENT_60",
    name: "New patient visit",
    sections: {
      subjective: lines(
        "Reason for establishing care: ",
        "History of present illness: ",
        "Past medical history: ",
        "Past surgical history: ",
        "Current medications (name, dose, frequency): ",
        "Allergies and reactions: ",
        "Family history: ",
        "Social history (tobacco, alcohol, substances, occupation, living situation): ",
        "Preventive care (immunizations, screenings): ",
        "Review of systems: ",
      ),
      objective: lines(
        "Video examination: general appearance, skin, HEENT, respiratory effort, gait, mood and affect: ",
        "Patient-reported vitals (BP, HR, temperature, SpO2, weight, height): ",
        "Outside records and results reviewed: ",
      ),
      assessment: lines("1. ", "2. ", "3. "),
      plan: lines(
        "Medications started, renewed or stopped: ",
        "Baseline labs: ",
        "Referrals: ",
        "Preventive care: ",
        "Patient education: ",
        "Follow-up: ",
      ),
    },
  },
};

/** The template for a visit type code; the general one for any code without its own. */
export function templateFor(visitTypeCode: string): NoteTemplate {
  return NOTE_TEMPLATES[visitTypeCode] ?? GENERAL;
}

export function listTemplates(): NoteTemplate[] {
  return [...Object.values(NOTE_TEMPLATES), GENERAL];
}
