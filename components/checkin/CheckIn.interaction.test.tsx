import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { NextIntlClientProvider } from "next-intl";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidRequestError } from "@/lib/http/app-error";
import { CheckInError } from "@/lib/checkin/errors";
import type { CheckInForm } from "@/lib/checkin/types";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { DEMO_INTAKE_QUESTIONS } from "@/lib/db/seed/intake-questionnaire";
import en from "@/lib/i18n/messages/en/checkin.json";
import es from "@/lib/i18n/messages/es/checkin.json";
import intakeEn from "@/lib/i18n/messages/en/intake.json";
import intakeEs from "@/lib/i18n/messages/es/intake.json";
import type { Answers } from "@/lib/intake/question-kinds";
import type { IntakeJson } from "@/lib/intake/types";
import { CheckIn } from "./CheckIn";

// The patient's check-in steps driven by keyboard and mouse, with the
// check-in and intake routes answered as the server does.

const BASE = "/api/visits/appt-1/check-in";
const TELEHEALTH = { id: "consent-2", kind: "TELEHEALTH", version: 2, title: "Telehealth consent", body: { en: "I agree to video visits.", es: "Acepto las consultas por video." } } as const;
const RECORDING = { id: "recording-1", kind: "RECORDING", version: 1, title: "Recording consent", body: { en: "Recording text.", es: "Texto de grabación." } } as const;

const INTAKE = "/api/visits/appt-1/intake";

/** A check-in of a visit type without questions, unless the test says otherwise. */
function form(overrides: Partial<CheckInForm> = {}): CheckInForm {
  return {
    nextStep: "location",
    steps: ["location", "consent", "identity", "language"],
    done: { location: false, consent: false, identity: false, intake: true, language: false },
    location: null,
    consentStatus: "missing",
    consentsToSign: [TELEHEALTH, RECORDING],
    dateOfBirthTriesLeft: 5,
    language: { preferredLanguage: null, interpreterNeeded: false, interpreterLanguage: null },
    ...overrides,
  };
}

function intake(answers: Answers = {}): IntakeJson {
  return {
    questionnaire: { id: "q-1", version: 1, questions: DEMO_INTAKE_QUESTIONS },
    answers,
    completedAt: null,
    medications: [],
    uploads: [],
    identityVerified: null,
    answersText: "",
  };
}

let server: FakeServer;
beforeEach(() => {
  server = fakeServer();
});

function renderCheckIn(locale: "en" | "es" = "en") {
  const onComplete = vi.fn();
  render(
    <NextIntlClientProvider locale={locale} messages={locale === "en" ? { checkin: en, intake: intakeEn } : { checkin: es, intake: intakeEs }} timeZone="UTC">
      <CheckIn appointmentId="appt-1" credentials={{ kind: "visitLink", token: "link-token" }} focusHeading onComplete={onComplete} />
    </NextIntlClientProvider>,
  );
  return { user: userEvent.setup(), onComplete };
}

describe("CheckIn", () => {
  it("walks through the steps in order, each saved on its own with the visit link, focusing each step's heading, then goes on", async () => {
    server.answer("GET", BASE, () => json(form()));
    server.answer("PUT", `${BASE}/location`, () => json(form({ nextStep: "consent", done: { location: true, consent: false, identity: false, intake: true, language: false } })));
    const { user, onComplete } = renderCheckIn();

    expect(await screen.findByRole("heading", { name: "Where are you right now?" })).toHaveFocus();
    await user.selectOptions(screen.getByLabelText("State or territory"), "TX");
    await user.type(screen.getByLabelText("Street address"), "100 Congress Ave");
    await user.type(screen.getByLabelText("City"), "Austin");
    await user.type(screen.getByLabelText(/ZIP code/), "78701");
    await user.click(screen.getByLabelText("No, I am somewhere else"));
    await user.type(screen.getByLabelText(/Phone number/), "(512) 555-0123");
    await user.keyboard("{Enter}");

    expect(server.sent("PUT", `${BASE}/location`).map((request) => [request.body, request.headers.Authorization])).toEqual([
      [
        { country: "US", state: "TX", addressLine: "100 Congress Ave", city: "Austin", postalCode: "78701", locationKind: "OTHER", callbackPhone: "(512) 555-0123" },
        "VisitLink link-token",
      ],
    ]);
    expect(await screen.findByRole("heading", { name: "Consent to a telehealth visit" })).toHaveFocus();
    expect(screen.getByText("Step 2 of 4: Consent")).toBeInTheDocument();
    expect(screen.getByText("I agree to video visits.")).toBeInTheDocument();

    server.answer("POST", `${BASE}/consent`, () => json(form({ nextStep: "identity", consentsToSign: [] })));
    await user.type(screen.getByLabelText("Type your full name to sign"), "Ana Ruiz");
    await user.click(screen.getByRole("button", { name: "I agree and sign" }));
    expect(server.sent("POST", `${BASE}/consent`).map((request) => request.body)).toEqual([
      { consentVersionId: "consent-2", typedName: "Ana Ruiz", accepted: true },
    ]);

    server.answer("POST", `${BASE}/identity`, () => json(form({ nextStep: "language", consentsToSign: [] })));
    expect(await screen.findByRole("heading", { name: "Confirm your date of birth" })).toHaveFocus();
    await user.type(screen.getByLabelText("Date of birth"), "1985-06-15");
    await user.click(screen.getByRole("button", { name: "Confirm" }));

    server.answer("PUT", `${BASE}/language`, () => json(form({ nextStep: null, consentsToSign: [] })));
    expect(await screen.findByRole("heading", { name: "Your language" })).toHaveFocus();
    await user.selectOptions(screen.getByLabelText("Which language do you prefer?"), "es");
    await user.click(screen.getByLabelText("I need an interpreter"));
    await user.selectOptions(screen.getByLabelText("Which language should the interpreter speak?"), "es");
    expect(onComplete).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Finish check-in" }));

    expect(server.sent("PUT", `${BASE}/language`).map((request) => request.body)).toEqual([
      { preferredLanguage: "es", interpreterNeeded: true, interpreterLanguage: "es" },
    ]);
    expect(await screen.findByText("You are checked in.")).toBeInTheDocument();
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it("shows each refused field's message beside it, tied to it, and moves focus to the first", async () => {
    server.answer("GET", BASE, () =>
      json(form({ location: { country: "US", state: "TX", addressLine: "1 Main St", city: "Austin", postalCode: "78701", locationKind: "HOME", callbackPhone: "+15125550123" } })),
    );
    server.answer("PUT", `${BASE}/location`, () =>
      refusal(new InvalidRequestError([{ path: "postalCode", message: "x" }, { path: "callbackPhone", message: "x" }])),
    );
    const { user } = renderCheckIn();

    expect(await screen.findByText("We filled this in from your last visit. Check that it is still right.")).toBeInTheDocument();
    expect(screen.getByLabelText("City")).toHaveValue("Austin");
    await user.click(screen.getByRole("button", { name: "Continue" }));

    const zip = screen.getByLabelText(/ZIP code/);
    expect(zip).toHaveAttribute("aria-invalid", "true");
    expect(zip).toHaveAccessibleDescription(/Enter a ZIP code of 5 digits, or 9/);
    expect(zip).toHaveFocus();
    expect(screen.getByLabelText(/Phone number/)).toHaveAccessibleDescription(/Enter a US phone number we can call/);
    expect(screen.getByLabelText("City")).not.toHaveAttribute("aria-invalid");
  });

  it("in Spanish: asks to sign the updated consent, and shows the newer version when the one read was superseded", async () => {
    const newer = { ...TELEHEALTH, id: "consent-3", version: 3, body: { en: "Newer text.", es: "Texto más reciente." } };
    let version: typeof TELEHEALTH | typeof newer = TELEHEALTH;
    server.answer("GET", BASE, () => json(form({ nextStep: "consent", consentStatus: "expired", consentsToSign: [version] })));
    server.answer("POST", `${BASE}/consent`, () => {
      version = newer;
      return refusal(new CheckInError("CONSENT_SUPERSEDED", "newer", "consent"));
    });
    const { user } = renderCheckIn("es");

    expect(await screen.findByRole("heading", { name: "Firme el consentimiento actualizado" })).toBeInTheDocument();
    expect(screen.getByText(/Su consentimiento de una consulta anterior ha vencido/)).toBeInTheDocument();
    expect(screen.getByText("Acepto las consultas por video.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Escriba su nombre completo para firmar"), "Ana Ruiz");
    await user.click(screen.getByRole("button", { name: "Acepto y firmo" }));

    expect(await screen.findByText("Texto más reciente.")).toBeInTheDocument();
    expect(screen.getByText("Versión 3")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("La clínica publicó una versión más reciente de este consentimiento.");
    expect(screen.getByLabelText("Escriba su nombre completo para firmar")).toHaveValue("");
  });

  it("asks the visit type's questions between the date of birth and the language, through the intake's API with the visit link, and counts them as a step", async () => {
    const withIntake = { steps: ["location", "consent", "identity", "intake", "language"], consentsToSign: [] } satisfies Partial<CheckInForm>;
    let current = form({ ...withIntake, nextStep: "intake" });
    server.answer("GET", BASE, () => json(current));
    server.answer("GET", INTAKE, () => json(intake({ reason: "Headache since Monday" })));
    server.answer("PUT", INTAKE, (request) => {
      const { answers, complete } = request.body as { answers: Answers; complete: boolean };
      // Submitting the answers completes the intake step: the check-in asked again goes on to the language.
      if (complete) current = form({ ...withIntake, nextStep: "language" });
      return json({ ...intake(answers), completedAt: complete ? "2026-03-05T14:00:00.000Z" : null });
    });
    const { user, onComplete } = renderCheckIn();

    // Resumed where the patient left it: the answers saved so far come back.
    expect(await screen.findByRole("heading", { name: "Before your visit" })).toHaveFocus();
    expect(screen.getByText("Step 4 of 5: Questions for your doctor")).toBeInTheDocument();
    expect(screen.getByLabelText(/What is the main reason for your visit today\?/)).toHaveValue("Headache since Monday");
    await user.click(within(screen.getByRole("group", { name: /Have your allergies changed/ })).getByRole("radio", { name: "No changes" }));
    await user.click(screen.getByRole("button", { name: "Save and continue" }));

    expect(await screen.findByRole("heading", { name: "Your language" })).toHaveFocus();
    expect(screen.getByText("Step 5 of 5: Language")).toBeInTheDocument();
    const submitted = server.sent("PUT", INTAKE).filter((request) => (request.body as { complete: boolean }).complete);
    expect(submitted.map((request) => [request.body, request.headers.Authorization])).toEqual([
      [{ answers: { reason: "Headache since Monday", allergies: { changed: false, details: "" } }, complete: true }, "VisitLink link-token"],
    ]);
    expect(server.sent("GET", INTAKE).map((request) => request.headers.Authorization)).toEqual(["VisitLink link-token"]);
    expect(onComplete).not.toHaveBeenCalled();
  });

  it("in Spanish: says how many dates of birth are left to try, and once none are, moves on saying why and to call the clinic", async () => {
    let current = form({ nextStep: "identity", consentsToSign: [] });
    server.answer("GET", BASE, () => json(current));
    server.answer("POST", `${BASE}/identity`, () => {
      const left = current.dateOfBirthTriesLeft - 1;
      current = left === 0 ? form({ nextStep: "language", consentsToSign: [], dateOfBirthTriesLeft: 0 }) : form({ ...current, dateOfBirthTriesLeft: left });
      return refusal(left === 0 ? new CheckInError("DATE_OF_BIRTH_TRIES_USED_UP", "x", "identity") : new CheckInError("DATE_OF_BIRTH_MISMATCH", "x", "identity"));
    });
    const { user } = renderCheckIn("es");

    const dateOfBirth = await screen.findByLabelText("Fecha de nacimiento");
    expect(dateOfBirth).not.toHaveAccessibleDescription();
    for (const left of [4, 3, 2, 1]) {
      await user.type(dateOfBirth, "1985-06-16");
      await user.click(screen.getByRole("button", { name: "Confirmar" }));
      expect(await screen.findByText(left === 1 ? "Puede intentarlo 1 vez más." : `Puede intentarlo ${left} veces más.`)).toBeInTheDocument();
      expect(dateOfBirth).toHaveAccessibleDescription(left === 1 ? "Puede intentarlo 1 vez más." : `Puede intentarlo ${left} veces más.`);
      expect(screen.getByRole("alert")).toHaveTextContent("Esa fecha de nacimiento no coincide con nuestros registros.");
      await user.clear(dateOfBirth);
    }
    await user.type(dateOfBirth, "1985-06-16");
    await user.click(screen.getByRole("button", { name: "Confirmar" }));

    expect(await screen.findByRole("heading", { name: "Su idioma" })).toHaveFocus();
    expect(screen.getByText(/No pudimos confirmar su fecha de nacimiento, así que no se la volveremos a pedir para esta consulta. Llame a la clínica/)).toBeInTheDocument();
    // The refusal stays with the step it refused.
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(server.sent("POST", `${BASE}/identity`)).toHaveLength(5);
  });

  it("goes straight on when the check-in is already complete", async () => {
    server.answer("GET", BASE, () => json(form({ nextStep: null, consentsToSign: [] })));
    const { onComplete } = renderCheckIn();
    expect(await screen.findByText("You are checked in.")).toBeInTheDocument();
    expect(onComplete).toHaveBeenCalledTimes(1);
  });
});
