"use client";

import { useTranslations } from "next-intl";
import { visitFieldClassName } from "@/components/visits/styles";
import {
  LONG_TEXT_ANSWER_MAX,
  MEDICATION_RESPONSES,
  TEXT_ANSWER_MAX,
  type Answer,
  type IntakeMedication,
  type MedicationResponse,
} from "@/lib/intake/question-kinds";
import type { Question } from "@/lib/intake/questionnaire";
import type { Locale } from "@/lib/i18n/locales";

// One question of the check-in, as the patient answers it: a control (or a
// group of them, in a fieldset whose legend is the question) per kind. An
// answer the patient clears is undefined, so it is not sent at all.

type MedicationRow = { medicationId: string; response: MedicationResponse; note: string };

export interface QuestionFieldProps {
  question: Question;
  answer: Answer | undefined;
  onAnswer: (answer: Answer | undefined) => void;
  locale: Locale;
  medications: readonly IntakeMedication[];
  /** The server's refusal of this answer, shown beside it. */
  problem?: string;
  idPrefix: string;
}

const groupClassName = "space-y-2 rounded-md border border-slate-300 p-4";
const choiceClassName = "flex min-h-11 items-center gap-3 text-slate-900";
const controlClassName = "size-5 accent-primary-700";

export function QuestionField({ question, answer, onAnswer, locale, medications, problem, idPrefix }: QuestionFieldProps) {
  const t = useTranslations("intake");
  const id = `${idPrefix}-${question.id}`;
  const problemId = problem ? `${id}-problem` : undefined;
  const label = (
    <>
      {question.label[locale]}
      {question.required && <span className="ml-2 text-sm font-normal text-slate-700">({t("required")})</span>}
    </>
  );
  const problemText = problem && (
    <p id={problemId} className="text-sm font-medium text-red-700">
      {t("checkAnswer", { problem })}
    </p>
  );
  const invalid = problem ? true : undefined;
  const text = (value: string) => onAnswer(value === "" ? undefined : value);

  switch (question.kind) {
    case "text":
    case "longText":
      return (
        <div className="space-y-1.5">
          <label htmlFor={id} className="block font-medium text-slate-900">
            {label}
          </label>
          {problemText}
          {question.kind === "text" ? (
            <input id={id} type="text" value={(answer as string | undefined) ?? ""} maxLength={TEXT_ANSWER_MAX} onChange={(e) => text(e.target.value)} aria-invalid={invalid} aria-describedby={problemId} aria-required={question.required} className={visitFieldClassName} />
          ) : (
            <textarea id={id} rows={4} value={(answer as string | undefined) ?? ""} maxLength={LONG_TEXT_ANSWER_MAX} onChange={(e) => text(e.target.value)} aria-invalid={invalid} aria-describedby={problemId} aria-required={question.required} className={visitFieldClassName} />
          )}
        </div>
      );
    case "number":
      return (
        <div className="space-y-1.5">
          <label htmlFor={id} className="block font-medium text-slate-900">
            {label} <span className="font-normal">({question.unit})</span>
          </label>
          {problemText}
          <input
            id={id}
            type="number"
            inputMode="decimal"
            min={question.min}
            max={question.max}
            step="any"
            value={(answer as number | undefined) ?? ""}
            onChange={(e) => onAnswer(e.target.value === "" || Number.isNaN(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber)}
            aria-invalid={invalid}
            aria-describedby={problemId}
            aria-required={question.required}
            className={`${visitFieldClassName} max-w-48`}
          />
        </div>
      );
    case "choice":
    case "yesNo": {
      const options =
        question.kind === "choice"
          ? question.options.map((option) => ({ value: option.id, label: option.label[locale] }))
          : [
              { value: "yes", label: t("yes") },
              { value: "no", label: t("no") },
            ];
      const selected = question.kind === "yesNo" ? (answer === undefined ? undefined : answer ? "yes" : "no") : answer;
      return (
        <fieldset className={groupClassName} aria-describedby={problemId} aria-invalid={invalid}>
          <legend className="px-1 font-medium text-slate-900">{label}</legend>
          {problemText}
          {options.map((option) => (
            <label key={option.value} className={choiceClassName}>
              <input
                type="radio"
                name={id}
                value={option.value}
                checked={selected === option.value}
                onChange={() => onAnswer(question.kind === "yesNo" ? option.value === "yes" : option.value)}
                className={controlClassName}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
      );
    }
    case "multiChoice": {
      const chosen = (answer as string[] | undefined) ?? [];
      return (
        <fieldset className={groupClassName} aria-describedby={problemId} aria-invalid={invalid}>
          <legend className="px-1 font-medium text-slate-900">{label}</legend>
          {problemText}
          {question.options.map((option) => (
            <label key={option.id} className={choiceClassName}>
              <input
                type="checkbox"
                checked={chosen.includes(option.id)}
                onChange={(e) => {
                  const next = e.target.checked ? [...chosen, option.id] : chosen.filter((each) => each !== option.id);
                  onAnswer(next.length > 0 ? next : undefined);
                }}
                className={controlClassName}
              />
              {option.label[locale]}
            </label>
          ))}
        </fieldset>
      );
    }
    case "bloodPressure": {
      const pressure = (answer as { systolic?: number; diastolic?: number } | undefined) ?? {};
      const set = (part: "systolic" | "diastolic", value: number) => {
        const next = { ...pressure, [part]: Number.isNaN(value) ? undefined : value };
        onAnswer(next.systolic === undefined && next.diastolic === undefined ? undefined : (next as Answer));
      };
      return (
        <fieldset className={groupClassName} aria-describedby={problemId} aria-invalid={invalid}>
          <legend className="px-1 font-medium text-slate-900">{label}</legend>
          {problemText}
          <div className="flex flex-wrap gap-4">
            {(["systolic", "diastolic"] as const).map((part) => (
              <div key={part} className="space-y-1">
                <label htmlFor={`${id}-${part}`} className="block text-slate-900">
                  {t(part)} ({t("mmHg")})
                </label>
                <input
                  id={`${id}-${part}`}
                  type="number"
                  inputMode="numeric"
                  min={part === "systolic" ? 50 : 20}
                  max={part === "systolic" ? 300 : 200}
                  value={pressure[part] ?? ""}
                  onChange={(e) => set(part, e.target.valueAsNumber)}
                  className={`${visitFieldClassName} max-w-36`}
                />
              </div>
            ))}
          </div>
        </fieldset>
      );
    }
    case "medicationList": {
      const rows = (answer as MedicationRow[] | undefined) ?? [];
      const setRow = (medicationId: string, change: Partial<MedicationRow>) => {
        const current = rows.find((row) => row.medicationId === medicationId) ?? { medicationId, response: "taking" as const, note: "" };
        onAnswer([...rows.filter((row) => row.medicationId !== medicationId), { ...current, ...change }]);
      };
      return (
        <fieldset className={groupClassName} aria-describedby={problemId} aria-invalid={invalid}>
          <legend className="px-1 font-medium text-slate-900">{label}</legend>
          {problemText}
          {medications.length === 0 && <p className="text-slate-700">{t("noMedications")}</p>}
          {medications.map((medication) => {
            const row = rows.find((each) => each.medicationId === medication.id);
            const name = `${medication.name} ${medication.dose}`;
            return (
              <fieldset key={medication.id} className="space-y-1 border-t border-slate-200 pt-2">
                <legend className="font-medium text-slate-900">
                  {name} <span className="font-normal text-slate-700">· {medication.frequency}</span>
                </legend>
                <div className="flex flex-wrap gap-x-6">
                  {MEDICATION_RESPONSES.map((response) => (
                    <label key={response} className={choiceClassName}>
                      <input
                        type="radio"
                        name={`${id}-${medication.id}`}
                        checked={row?.response === response}
                        onChange={() => setRow(medication.id, { response })}
                        className={controlClassName}
                      />
                      {t(`medicationResponse.${response}`)}
                    </label>
                  ))}
                </div>
                {row && row.response !== "taking" && (
                  <div className="space-y-1">
                    <label htmlFor={`${id}-${medication.id}-note`} className="block text-slate-900">
                      {t("medicationNote", { name: medication.name })}
                    </label>
                    <input id={`${id}-${medication.id}-note`} type="text" maxLength={TEXT_ANSWER_MAX} value={row.note} onChange={(e) => setRow(medication.id, { note: e.target.value })} className={visitFieldClassName} />
                  </div>
                )}
              </fieldset>
            );
          })}
        </fieldset>
      );
    }
    case "allergyChanges": {
      const change = answer as { changed: boolean; details: string } | undefined;
      return (
        <fieldset className={groupClassName} aria-describedby={problemId} aria-invalid={invalid}>
          <legend className="px-1 font-medium text-slate-900">{label}</legend>
          {problemText}
          {[false, true].map((changed) => (
            <label key={String(changed)} className={choiceClassName}>
              <input
                type="radio"
                name={id}
                checked={change?.changed === changed}
                onChange={() => onAnswer({ changed, details: changed ? (change?.details ?? "") : "" })}
                className={controlClassName}
              />
              {changed ? t("allergiesChanged") : t("allergiesUnchanged")}
            </label>
          ))}
          {change?.changed && (
            <div className="space-y-1">
              <label htmlFor={`${id}-details`} className="block text-slate-900">
                {t("allergyDetails")}
              </label>
              <textarea id={`${id}-details`} rows={3} maxLength={LONG_TEXT_ANSWER_MAX} value={change.details} onChange={(e) => onAnswer({ changed: true, details: e.target.value })} className={visitFieldClassName} />
            </div>
          )}
        </fieldset>
      );
    }
  }
}
