import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { NextIntlClientProvider } from "next-intl";
import { describe, expect, it, vi } from "vitest";
import { fakeServer, json, refusal } from "@/lib/client/testing/fakeServer";
import { DEMO_INTAKE_QUESTIONS } from "@/lib/db/seed/intake-questionnaire";
import { InvalidRequestError } from "@/lib/http/app-error";
import en from "@/lib/i18n/messages/en/intake.json";
import es from "@/lib/i18n/messages/es/intake.json";
import type { Answers } from "@/lib/intake/question-kinds";
import type { IntakeJson } from "@/lib/intake/types";
import { IntakeStep } from "./IntakeStep";

// The patient's intake step: their saved answers come back, new ones are
// saved as they go with the visit link's credentials, finishing needs the
// required answers, and the questions are in the page's language.

const INTAKE_PATH = "/api/visits/appt-1/intake";

function intake(answers: Answers = {}): IntakeJson {
  return {
    questionnaire: { id: "q-1", version: 1, questions: DEMO_INTAKE_QUESTIONS },
    answers,
    completedAt: null,
    medications: [{ id: "med-1", name: "Metformin", dose: "500 mg", frequency: "twice daily" }],
    uploads: [],
    identityVerified: null,
    answersText: "",
  };
}

function renderStep(locale: "en" | "es", onDone = vi.fn()) {
  render(
    <NextIntlClientProvider locale={locale} messages={{ intake: locale === "en" ? en : es }}>
      <IntakeStep appointmentId="appt-1" credentials={{ kind: "visitLink", token: "link-token" }} headingLevel={1} focusHeading={false} onDone={onDone} />
    </NextIntlClientProvider>,
  );
  return onDone;
}

describe("IntakeStep", () => {
  it("resumes the saved answers, saves new ones as the patient goes, and finishes once the required ones are given", async () => {
    const server = fakeServer();
    server.answer("GET", INTAKE_PATH, () => json(intake({ reason: "Sugar readings high" })));
    server.answer("PUT", INTAKE_PATH, (request) => json(intake((request.body as { answers: Answers }).answers)));
    const user = userEvent.setup();
    const onDone = renderStep("en");

    expect(await screen.findByLabelText(/What is the main reason for your visit today\?/)).toHaveValue("Sugar readings high");
    await user.type(screen.getByLabelText(/Blood sugar measured at home/), "212");
    const medication = screen.getByRole("group", { name: /Metformin 500 mg/ });
    await user.click(within(medication).getByRole("radio", { name: "Not taking it" }));
    await user.type(within(medication).getByLabelText("Anything to add about Metformin (optional)"), "ran out");
    expect(await screen.findByText("Your answers are saved.")).toBeInTheDocument();
    const autosaved = server.sent("PUT", INTAKE_PATH).at(-1)!;
    expect(autosaved.headers).toMatchObject({ Authorization: "VisitLink link-token" });
    expect(autosaved.body).toEqual({
      answers: { reason: "Sugar readings high", glucose: 212, medications: [{ medicationId: "med-1", response: "notTaking", note: "ran out" }] },
      complete: false,
    });

    const allergies = screen.getByRole("group", { name: /Have your allergies changed/ });
    await user.click(within(allergies).getByRole("radio", { name: "No changes" }));
    await user.click(screen.getByRole("button", { name: "Save and continue" }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(server.sent("PUT", INTAKE_PATH).at(-1)!.body).toMatchObject({ complete: true, answers: { allergies: { changed: false, details: "" } } });
  });

  it("shows the server's refusal beside the question it names, and does not move on", async () => {
    const server = fakeServer();
    server.answer("GET", INTAKE_PATH, () => json(intake()));
    server.answer("PUT", INTAKE_PATH, () =>
      refusal(new InvalidRequestError([{ path: "allergies", message: "“Have your allergies changed since your last visit?” needs an answer." }])),
    );
    const user = userEvent.setup();
    const onDone = renderStep("en");
    await user.click(await screen.findByRole("button", { name: "Save and continue" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Some answers need attention before you continue: Have your allergies changed since your last visit?");
    const allergies = screen.getByRole("group", { name: /Have your allergies changed/ });
    expect(allergies).toHaveAttribute("aria-invalid", "true");
    expect(allergies).toHaveAccessibleDescription(/needs an answer/);
    expect(onDone).not.toHaveBeenCalled();
  });

  it("asks in Spanish on a Spanish page", async () => {
    const server = fakeServer();
    server.answer("GET", INTAKE_PATH, () => json(intake()));
    renderStep("es");
    expect(await screen.findByRole("heading", { name: "Antes de su consulta" })).toBeInTheDocument();
    expect(screen.getByLabelText(/¿Cuál es el motivo principal de su consulta de hoy\?/)).toBeInTheDocument();
    expect(screen.getByRole("group", { name: /Presión arterial medida en casa/ })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Guardar y continuar" })).toBeInTheDocument();
    expect(screen.getByLabelText("Foto de una identificación")).toBeInTheDocument();
  });
});
