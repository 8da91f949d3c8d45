// Patient-education handouts a physician can attach to a note, bundled in
// English and Spanish so the after-visit summary gives them in the patient's
// language. Keys are stored on the note; the texts live here.

export type HandoutLanguage = "en" | "es";

interface HandoutText {
  title: string;
  body: string;
}

export const HANDOUTS = {
  "home-blood-pressure": {
    en: {
      title: "Measuring your blood pressure at home",
      body: "Sit quietly for 5 minutes with your back supported and feet flat. Rest your arm at heart level. Take two readings one minute apart, morning and evening, and write them down. Call us if your reading is above 180/120 or you have chest pain, shortness of breath or weakness.",
    },
    es: {
      title: "Cómo medir su presión arterial en casa",
      body: "Siéntese tranquilo durante 5 minutos con la espalda apoyada y los pies en el suelo. Apoye el brazo a la altura del corazón. Tome dos lecturas con un minuto de diferencia, por la mañana y por la noche, y anótelas. Llámenos si la lectura es mayor de 180/120 o si tiene dolor de pecho, falta de aire o debilidad.",
    },
  },
  "blood-sugar": {
    en: {
      title: "Checking your blood sugar",
      body: "Wash and dry your hands before each check. Check at the times we agreed and keep a log with the time and what you ate. If your sugar is below 70, take 15 grams of fast sugar (half a cup of juice) and check again in 15 minutes.",
    },
    es: {
      title: "Cómo revisar su azúcar en la sangre",
      body: "Lávese y séquese las manos antes de cada prueba. Revise a las horas acordadas y anote la hora y lo que comió. Si su azúcar está por debajo de 70, tome 15 gramos de azúcar rápida (media taza de jugo) y vuelva a revisar en 15 minutos.",
    },
  },
  "cold-and-cough": {
    en: {
      title: "Caring for a cold or cough",
      body: "Rest, drink plenty of fluids and use honey for cough (not for children under 1 year). Most colds get better in 7 to 10 days. Seek care if you have trouble breathing, a fever above 103 °F (39.4 °C), or symptoms that last more than 10 days or get worse after improving.",
    },
    es: {
      title: "Cuidados para el resfriado o la tos",
      body: "Descanse, tome muchos líquidos y use miel para la tos (no en niños menores de 1 año). La mayoría de los resfriados mejoran en 7 a 10 días. Busque atención si tiene dificultad para respirar, fiebre mayor de 103 °F (39.4 °C), o síntomas que duran más de 10 días o empeoran después de mejorar.",
    },
  },
  "low-back-pain": {
    en: {
      title: "Low back pain",
      body: "Stay gently active; bed rest slows recovery. Heat and over-the-counter pain relievers as directed can help. Seek care at once if you have numbness in the groin, trouble controlling bladder or bowels, or weakness in your legs.",
    },
    es: {
      title: "Dolor en la parte baja de la espalda",
      body: "Manténgase activo con suavidad; el reposo en cama retrasa la recuperación. El calor y los analgésicos de venta libre según las indicaciones pueden ayudar. Busque atención de inmediato si tiene adormecimiento en la ingle, problemas para controlar la vejiga o el intestino, o debilidad en las piernas.",
    },
  },
  "sleep-habits": {
    en: {
      title: "Healthy sleep habits",
      body: "Go to bed and get up at the same times every day. Keep the bedroom dark, quiet and cool. Avoid caffeine after noon, alcohol in the evening and screens in the hour before bed.",
    },
    es: {
      title: "Hábitos de sueño saludables",
      body: "Acuéstese y levántese a la misma hora todos los días. Mantenga el dormitorio oscuro, silencioso y fresco. Evite la cafeína después del mediodía, el alcohol por la noche y las pantallas en la hora antes de dormir.",
    },
  },
} as const satisfies Record<string, Record<HandoutLanguage, HandoutText>>;

export type HandoutKey = keyof typeof HANDOUTS;
export const HANDOUT_KEYS = Object.keys(HANDOUTS) as HandoutKey[];

export function isHandoutKey(key: string): key is HandoutKey {
  return Object.hasOwn(HANDOUTS, key);
}

export function handoutText(key: HandoutKey, language: string): HandoutText {
  return HANDOUTS[key][language === "es" ? "es" : "en"];
}
