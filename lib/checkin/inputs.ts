import { isValidPhoneNumber, parsePhoneNumberWithError } from "libphonenumber-js";
import { z } from "zod";
import { recordIdOf } from "@/lib/http/ids";
import { isLanguageCode } from "./languages";
import { isUsStateCode } from "@/lib/geography/us-states";

// The check-in's inputs, one schema per step, parsed by the operations in
// ./check-in.ts. Text a person types is refused, not cleaned, when it holds
// markup or control characters: what is stored is exactly what they confirmed.

// "<" opens markup; C0/C1 control characters and the line and paragraph separators have no place in a name or address.
const UNSAFE_TEXT = /[<>\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function plainText(label: string, max: number) {
  return z
    .string(`Enter ${label}.`)
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `Use at most ${max} characters for ${label}.`)
    .refine((text) => !UNSAFE_TEXT.test(text), `Use only letters, numbers and punctuation in ${label} (no < or > signs).`);
}

// 5 digits or ZIP+4; 00000 is no one's.
const ZIP = /^(?!00000)\d{5}(-?\d{4})?$/;

export const locationInput = z.object({
  country: z.literal("US", "Video visits are for patients in the United States and its territories.").default("US"),
  state: z.string("Choose the state or territory you are in.").refine(isUsStateCode, "Choose the state or territory you are in."),
  addressLine: plainText("the street address", 200),
  city: plainText("the city", 100),
  postalCode: z
    .string("Enter the ZIP code.")
    .trim()
    .regex(ZIP, "Enter a ZIP code of 5 digits, or 9 (12345-6789).")
    .transform((zip) => (zip.length === 9 ? `${zip.slice(0, 5)}-${zip.slice(5)}` : zip)),
  locationKind: z.enum(["HOME", "OTHER"], "Say whether you are at home."),
  callbackPhone: z
    .string("Enter a phone number we can call if the video stops.")
    .trim()
    .max(30, "Enter a phone number we can call if the video stops.")
    .refine((phone) => isValidPhoneNumber(phone, "US"), "Enter a phone number we can call, such as (555) 201-0123.")
    .transform((phone) => parsePhoneNumberWithError(phone, "US").number),
});
export type LocationInput = z.infer<typeof locationInput>;

export const consentInput = z.object({
  /** The version the patient read and signed; a newer one published meanwhile is refused (409). */
  consentVersionId: recordIdOf("consent"),
  typedName: plainText("your full name", 200),
  accepted: z.boolean("Say whether you agree."),
});
export type ConsentInput = z.infer<typeof consentInput>;

export const identityInput = z.object({
  dateOfBirth: z.iso.date("Enter your date of birth."),
});
export type IdentityInput = z.infer<typeof identityInput>;

const languageCode = z.string("Choose a language.").refine(isLanguageCode, "Choose a language from the list.");

export const languageInput = z
  .object({
    preferredLanguage: languageCode,
    interpreterNeeded: z.boolean("Say whether you need an interpreter."),
    interpreterLanguage: languageCode.nullish(),
  })
  .refine((input) => !input.interpreterNeeded || input.interpreterLanguage, {
    path: ["interpreterLanguage"],
    message: "Choose the language the interpreter should speak.",
  })
  .transform((input) => ({ ...input, interpreterLanguage: input.interpreterNeeded ? (input.interpreterLanguage ?? null) : null }));
export type LanguageInput = z.infer<typeof languageInput>;

// Consent text is long and keeps its paragraphs (line breaks and tabs), but no markup or other control characters.
const UNSAFE_LONG_TEXT = /[<>\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function consentBody(language: string) {
  return z
    .string(`Enter the ${language} text.`)
    .trim()
    .min(1, `Enter the ${language} text.`)
    .max(20_000, `Keep the ${language} text under 20,000 characters.`)
    .refine((text) => !UNSAFE_LONG_TEXT.test(text), `Use plain text in the ${language} text (no < or > signs).`);
}

export const publishConsentInput = z.object({
  kind: z.enum(["TELEHEALTH", "RECORDING"], "Choose which consent this is."),
  title: plainText("a title", 200),
  bodyEn: consentBody("English"),
  bodyEs: consentBody("Spanish"),
});
export type PublishConsentInput = z.infer<typeof publishConsentInput>;

export const stateConsentExpiryInput = z.object({
  state: z.string("Choose a state or territory.").refine(isUsStateCode, "Choose a state or territory."),
  consentExpiryMonths: z.coerce
    .number("Enter a number of months.")
    .int("Enter a whole number of months.")
    .min(1, "A consent lasts at least 1 month.")
    .max(60, "A consent lasts at most 60 months."),
});
