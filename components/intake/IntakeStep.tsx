"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { FormAlert } from "@/components/FormAlert";
import { focusOnMount } from "@/components/focusOnMount";
import { visitPanelClassName, visitPrimaryButtonClassName, visitSecondaryButtonClassName } from "@/components/visits/styles";
import type { VisitCredentials } from "@/components/visits/visitApi";
import { isLocale, DEFAULT_LOCALE } from "@/lib/i18n/locales";
import type { Answer, Answers } from "@/lib/intake/question-kinds";
import type { IntakeJson } from "@/lib/intake/types";
import { intakeApi } from "./intakeApi";
import { IntakePhotos } from "./IntakePhotos";
import { QuestionField } from "./QuestionField";

// The check-in's intake step: the visit type's questions and the optional
// photos. Answers are saved as the patient goes (after a short pause in
// typing), so leaving and coming back finds them; "Save and continue" saves
// them as complete, which needs every required answer, and moves on. It is a
// step of the check-in (components/checkin/CheckIn.tsx, under the check-in's
// own heading) and a page of its own in the portal (PatientIntake).

/** How long typing pauses before the answers so far are saved. */
const AUTOSAVE_DELAY_MS = 800;

type SaveState = "idle" | "saving" | "saved" | "failed";

export function IntakeStep({
  appointmentId,
  credentials,
  headingLevel,
  focusHeading,
  onDone,
}: {
  appointmentId: string;
  credentials: VisitCredentials;
  /** 1 on a page of its own, 2 inside the check-in. */
  headingLevel: 1 | 2;
  /** Whether the heading takes focus when the questions appear (a step that replaced the one the patient just finished). */
  focusHeading: boolean;
  onDone: () => void;
}) {
  const t = useTranslations("intake");
  const currentLocale = useLocale();
  const locale = isLocale(currentLocale) ? currentLocale : DEFAULT_LOCALE;
  // Made once: a parent that passes new credentials objects on each render must not reload the step.
  const [api] = useState(() => intakeApi(appointmentId, credentials));
  const headingId = useId();
  const [loaded, setLoaded] = useState<{ intake: IntakeJson } | { error: string } | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [uploads, setUploads] = useState<IntakeJson["uploads"]>([]);
  const [saveState, setSaveState] = useState<{ state: SaveState; error?: string }>({ state: "idle" });
  const [problems, setProblems] = useState<{ byQuestion: Map<string, string>; key: number } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latestAnswers = useRef<Answers>({});

  useEffect(() => {
    const controller = new AbortController();
    void api.load(controller.signal).then((result) => {
      if (!result.ok) return setLoaded({ error: result.error });
      setLoaded({ intake: result.data });
      setAnswers(result.data.answers);
      latestAnswers.current = result.data.answers;
      setUploads(result.data.uploads);
    });
    return () => controller.abort();
  }, [api, attempt]);

  useEffect(() => () => clearTimeout(saveTimer.current ?? undefined), []);

  async function save(complete: boolean): Promise<boolean> {
    clearTimeout(saveTimer.current ?? undefined);
    saveTimer.current = null;
    setSaveState({ state: "saving" });
    const result = await api.save(latestAnswers.current, complete);
    if (result.ok) {
      setSaveState({ state: "saved" });
      setProblems(null);
      return true;
    }
    const issues = Array.isArray(result.body.issues) ? (result.body.issues as Array<{ path: string; message: string }>) : [];
    const byQuestion = new Map(issues.map((issue) => [issue.path.split(".")[0]!, issue.message]));
    setProblems((previous) => ({ byQuestion, key: (previous?.key ?? 0) + 1 }));
    setSaveState({ state: "failed", error: result.error });
    return false;
  }

  function answer(questionId: string, value: Answer | undefined) {
    const next = { ...latestAnswers.current };
    if (value === undefined) delete next[questionId];
    else next[questionId] = value;
    latestAnswers.current = next;
    setAnswers(next);
    clearTimeout(saveTimer.current ?? undefined);
    saveTimer.current = setTimeout(() => void save(false), AUTOSAVE_DELAY_MS);
  }

  if (loaded === null) return <p className="text-slate-700">{t("loading")}</p>;
  if ("error" in loaded) {
    return (
      <div role="alert" className="space-y-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-900">
        <p className="font-medium">{t("loadFailed", { error: loaded.error })}</p>
        <button type="button" className={visitSecondaryButtonClassName} onClick={() => setAttempt((n) => n + 1)}>
          {t("retry")}
        </button>
      </div>
    );
  }
  const { questionnaire, medications } = loaded.intake;
  const questions = questionnaire?.questions ?? [];
  const Heading = headingLevel === 1 ? "h1" : "h2";

  return (
    <section aria-labelledby={headingId} className={`${visitPanelClassName} space-y-6`}>
      <div className="space-y-2">
        <Heading id={headingId} ref={focusHeading ? focusOnMount : undefined} tabIndex={-1} className="text-2xl font-semibold text-slate-900">
          {t("title")}
        </Heading>
        <p className="text-slate-700">{questionnaire ? t("intro") : t("noQuestions")}</p>
      </div>
      <form
        noValidate
        className="space-y-5"
        onSubmit={(event) => {
          event.preventDefault();
          void (questionnaire ? save(true) : Promise.resolve(true)).then((saved) => saved && onDone());
        }}
      >
        {problems && problems.byQuestion.size > 0 && (
          <FormAlert key={problems.key} tone="error">
            {t("fixAnswers")}{" "}
            {questions
              .filter((question) => problems.byQuestion.has(question.id))
              .map((question) => question.label[locale])
              .join("; ")}
          </FormAlert>
        )}
        {questions.map((question) => (
          <QuestionField
            key={question.id}
            idPrefix={headingId}
            question={question}
            answer={answers[question.id]}
            onAnswer={(value) => answer(question.id, value)}
            locale={locale}
            medications={medications}
            problem={problems?.byQuestion.get(question.id)}
          />
        ))}
        <IntakePhotos api={api} uploads={uploads} onChange={setUploads} />
        <div className="flex flex-wrap items-center gap-4">
          <button type="submit" className={visitPrimaryButtonClassName} disabled={saveState.state === "saving"}>
            {t("continue")}
          </button>
          <p role="status" className="text-sm font-medium text-slate-700">
            {saveState.state === "saving" && t("saving")}
            {saveState.state === "saved" && t("saved")}
          </p>
        </div>
        {saveState.state === "failed" && (!problems || problems.byQuestion.size === 0) && (
          <FormAlert tone="error">{t("saveFailed", { error: saveState.error ?? "" })}</FormAlert>
        )}
      </form>
    </section>
  );
}
