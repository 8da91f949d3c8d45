import type { Question } from "../../intake/questionnaire";

// The demo clinic's check-in questionnaire, published as version 1 for each
// visit type: what a primary-care physician wants before a video visit.

export const DEMO_INTAKE_QUESTIONS: Question[] = [
  {
    id: "reason",
    kind: "longText",
    label: { en: "What is the main reason for your visit today?", es: "¿Cuál es el motivo principal de su consulta de hoy?" },
    required: true,
  },
  {
    id: "symptoms",
    kind: "multiChoice",
    label: { en: "Do you have any of these symptoms?", es: "¿Tiene alguno de estos síntomas?" },
    required: false,
    options: [
      { id: "fever", label: { en: "Fever or chills", es: "Fiebre o escalofríos" } },
      { id: "cough", label: { en: "Cough", es: "Tos" } },
      { id: "shortBreath", label: { en: "Shortness of breath", es: "Falta de aire" } },
      { id: "chestPain", label: { en: "Chest pain", es: "Dolor en el pecho" } },
      { id: "dizziness", label: { en: "Dizziness", es: "Mareos" } },
      { id: "fatigue", label: { en: "Tiredness", es: "Cansancio" } },
    ],
  },
  {
    id: "symptomDetails",
    kind: "longText",
    label: { en: "Tell us more: when it started and what makes it better or worse", es: "Cuéntenos más: cuándo empezó y qué lo mejora o empeora" },
    required: false,
  },
  {
    id: "medications",
    kind: "medicationList",
    label: { en: "Are you taking your current medications?", es: "¿Está tomando sus medicamentos actuales?" },
    required: false,
  },
  {
    id: "allergies",
    kind: "allergyChanges",
    label: { en: "Have your allergies changed since your last visit?", es: "¿Han cambiado sus alergias desde su última consulta?" },
    required: true,
  },
  {
    id: "bloodPressure",
    kind: "bloodPressure",
    label: { en: "Blood pressure measured at home", es: "Presión arterial medida en casa" },
    required: false,
  },
  {
    id: "glucose",
    kind: "number",
    label: { en: "Blood sugar measured at home", es: "Azúcar en la sangre medida en casa" },
    required: false,
    unit: "mg/dL",
    min: 20,
    max: 600,
  },
  {
    id: "weight",
    kind: "number",
    label: { en: "Weight", es: "Peso" },
    required: false,
    unit: "lb",
    min: 2,
    max: 1000,
  },
];
