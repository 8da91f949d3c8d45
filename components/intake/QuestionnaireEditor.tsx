"use client";

import { useId, useState } from "react";
import { FormAlert } from "@/components/FormAlert";
import { visitDangerButtonClassName, visitFieldClassName, visitPrimaryButtonClassName, visitSecondaryButtonClassName } from "@/components/visits/styles";
import { callApi } from "@/lib/client/api";
import { QUESTION_KINDS, type QuestionKind } from "@/lib/intake/question-kinds";
import type { Question } from "@/lib/intake/questionnaire";

// The administrators' editor of one visit type's check-in questions: add,
// remove and reorder them, choose each one's kind, word it in English and
// Spanish, say whether it must be answered. Publishing makes a new version;
// the server checks the whole questionnaire and names what is wrong.

const KIND_NAMES: Record<QuestionKind, string> = {
  text: "Short text",
  longText: "Long text",
  choice: "One of several options",
  multiChoice: "Any of several options",
  yesNo: "Yes or no",
  number: "Number (with unit and range)",
  bloodPressure: "Blood pressure (systolic/diastolic mmHg)",
  medicationList: "Current medications: taking / not taking",
  allergyChanges: "Changes to allergies",
};

type Option = { id: string; label: { en: string; es: string } };
/** A question while it is being edited: every kind's fields are kept, so switching kind and back loses nothing. */
type Draft = {
  key: number;
  id: string;
  kind: QuestionKind;
  label: { en: string; es: string };
  required: boolean;
  options: Option[];
  unit: string;
  min: string;
  max: string;
};

function toDraft(question: Question, key: number): Draft {
  return {
    key,
    id: question.id,
    kind: question.kind,
    label: question.label,
    required: question.required,
    options: "options" in question ? question.options : [],
    unit: question.kind === "number" ? question.unit : "",
    min: question.kind === "number" ? String(question.min) : "",
    max: question.kind === "number" ? String(question.max) : "",
  };
}

function toQuestion(draft: Draft): Record<string, unknown> {
  const base = { id: draft.id.trim(), kind: draft.kind, label: draft.label, required: draft.required };
  if (draft.kind === "choice" || draft.kind === "multiChoice") return { ...base, options: draft.options };
  if (draft.kind === "number") return { ...base, unit: draft.unit, min: Number(draft.min), max: Number(draft.max) };
  return base;
}

export function QuestionnaireEditor({
  visitTypeId,
  visitTypeName,
  version,
  questions,
}: {
  visitTypeId: string;
  visitTypeName: string;
  /** The current version, 0 when none is published. */
  version: number;
  questions: Question[];
}) {
  const [drafts, setDrafts] = useState<Draft[]>(() => questions.map(toDraft));
  const [nextKey, setNextKey] = useState(questions.length);
  const [basedOn, setBasedOn] = useState(version);
  const [outcome, setOutcome] = useState<{ tone: "error" | "success"; lines: string[]; key: number } | null>(null);
  const [busy, setBusy] = useState(false);

  const update = (key: number, change: Partial<Draft>) => setDrafts((all) => all.map((draft) => (draft.key === key ? { ...draft, ...change } : draft)));
  const move = (index: number, by: -1 | 1) =>
    setDrafts((all) => {
      const next = [...all];
      [next[index], next[index + by]] = [next[index + by]!, next[index]!];
      return next;
    });

  function add() {
    setDrafts((all) => [
      ...all,
      { key: nextKey, id: `question${nextKey + 1}`, kind: "text", label: { en: "", es: "" }, required: false, options: [], unit: "", min: "", max: "" },
    ]);
    setNextKey((key) => key + 1);
  }

  async function publish() {
    setBusy(true);
    const result = await callApi<{ version: number }>(`/api/admin/intake/${encodeURIComponent(visitTypeId)}`, {
      method: "POST",
      body: { basedOnVersion: basedOn, questions: drafts.map(toQuestion) },
    });
    setBusy(false);
    if (result.ok) {
      setBasedOn(result.data.version);
      setOutcome((previous) => ({ tone: "success", lines: [`Published version ${result.data.version} for ${visitTypeName}.`], key: (previous?.key ?? 0) + 1 }));
      return;
    }
    const issues = Array.isArray(result.body.issues) ? (result.body.issues as Array<{ path: string; message: string }>) : [];
    const lines = issues.length > 0 ? issues.map((issue) => `${issueLocation(issue.path)}${issue.message}`) : [result.error];
    setOutcome((previous) => ({ tone: "error", lines, key: (previous?.key ?? 0) + 1 }));
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">{basedOn === 0 ? "No questionnaire is published for this visit type yet." : `Version ${basedOn} is current.`}</p>
      <ol className="space-y-4">
        {drafts.map((draft, index) => (
          <li key={draft.key}>
            <QuestionDraft
              draft={draft}
              position={index + 1}
              onChange={(change) => update(draft.key, change)}
              onMoveUp={index > 0 ? () => move(index, -1) : undefined}
              onMoveDown={index < drafts.length - 1 ? () => move(index, 1) : undefined}
              onRemove={() => setDrafts((all) => all.filter((each) => each.key !== draft.key))}
            />
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-3">
        <button type="button" className={visitSecondaryButtonClassName} onClick={add}>
          Add a question
        </button>
        <button type="button" className={visitPrimaryButtonClassName} disabled={busy} onClick={() => void publish()}>
          Publish a new version
        </button>
      </div>
      {outcome && (
        <FormAlert key={outcome.key} tone={outcome.tone}>
          {outcome.lines.length === 1 ? (
            outcome.lines[0]
          ) : (
            <span className="block">
              {outcome.lines.map((line) => (
                <span key={line} className="block">
                  {line}
                </span>
              ))}
            </span>
          )}
        </FormAlert>
      )}
    </div>
  );
}

/** "questions.2.label.es" → "Question 3, Spanish label: ". */
function issueLocation(path: string): string {
  const [root, index, ...rest] = path.split(".");
  if (root !== "questions" || index === undefined) return "";
  const field = rest.join(" ").replace("label en", "English label").replace("label es", "Spanish label");
  return `Question ${Number(index) + 1}${field ? `, ${field}` : ""}: `;
}

function QuestionDraft({
  draft,
  position,
  onChange,
  onMoveUp,
  onMoveDown,
  onRemove,
}: {
  draft: Draft;
  position: number;
  onChange: (change: Partial<Draft>) => void;
  onMoveUp?: () => void;
  onMoveDown?: () => void;
  onRemove: () => void;
}) {
  const id = useId();
  const name = `question ${position}`;
  const field = (suffix: string, label: string, value: string, set: (value: string) => void, type = "text") => (
    <div className="space-y-1">
      <label htmlFor={`${id}-${suffix}`} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <input id={`${id}-${suffix}`} type={type} value={value} onChange={(e) => set(e.target.value)} className={visitFieldClassName} />
    </div>
  );
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-300 bg-white p-4">
      <legend className="px-1 font-semibold text-slate-900">Question {position}</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        {field("en", `English wording of ${name}`, draft.label.en, (en) => onChange({ label: { ...draft.label, en } }))}
        {field("es", `Spanish wording of ${name}`, draft.label.es, (es) => onChange({ label: { ...draft.label, es } }))}
        <div className="space-y-1">
          <label htmlFor={`${id}-kind`} className="block text-sm font-medium text-slate-900">
            Kind of answer for {name}
          </label>
          <select id={`${id}-kind`} value={draft.kind} onChange={(e) => onChange({ kind: e.target.value as QuestionKind })} className={visitFieldClassName}>
            {QUESTION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_NAMES[kind]}
              </option>
            ))}
          </select>
        </div>
        {field("id", `Short name of ${name} (letters and digits)`, draft.id, (value) => onChange({ id: value }))}
      </div>
      {draft.kind === "number" && (
        <div className="grid gap-3 sm:grid-cols-3">
          {field("unit", `Unit of ${name}`, draft.unit, (unit) => onChange({ unit }))}
          {field("min", `Lowest answer to ${name}`, draft.min, (min) => onChange({ min }), "number")}
          {field("max", `Highest answer to ${name}`, draft.max, (max) => onChange({ max }), "number")}
        </div>
      )}
      {(draft.kind === "choice" || draft.kind === "multiChoice") && (
        <OptionsEditor name={name} options={draft.options} onChange={(options) => onChange({ options })} />
      )}
      <label className="flex min-h-11 items-center gap-3 text-slate-900">
        <input type="checkbox" checked={draft.required} onChange={(e) => onChange({ required: e.target.checked })} className="size-5 accent-primary-700" />
        The patient must answer {name}
      </label>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={visitSecondaryButtonClassName} disabled={!onMoveUp} onClick={onMoveUp}>
          Move {name} up
        </button>
        <button type="button" className={visitSecondaryButtonClassName} disabled={!onMoveDown} onClick={onMoveDown}>
          Move {name} down
        </button>
        <button type="button" className={visitDangerButtonClassName} onClick={onRemove}>
          Remove {name}
        </button>
      </div>
    </fieldset>
  );
}

function OptionsEditor({ name, options, onChange }: { name: string; options: Option[]; onChange: (options: Option[]) => void }) {
  const id = useId();
  const set = (index: number, option: Option) => onChange(options.map((each, i) => (i === index ? option : each)));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-900">Options of {name}</legend>
      {options.map((option, index) => (
        <div key={index} className="grid items-end gap-2 sm:grid-cols-[1fr_1fr_1fr_auto]">
          {(["id", "en", "es"] as const).map((part) => (
            <div key={part} className="space-y-1">
              <label htmlFor={`${id}-${index}-${part}`} className="block text-sm text-slate-900">
                {part === "id" ? "Short name" : part === "en" ? "English" : "Spanish"} of option {index + 1}
              </label>
              <input
                id={`${id}-${index}-${part}`}
                value={part === "id" ? option.id : option.label[part]}
                onChange={(e) => set(index, part === "id" ? { ...option, id: e.target.value } : { ...option, label: { ...option.label, [part]: e.target.value } })}
                className={visitFieldClassName}
              />
            </div>
          ))}
          <button type="button" className={visitSecondaryButtonClassName} onClick={() => onChange(options.filter((_, i) => i !== index))}>
            Remove option {index + 1}
          </button>
        </div>
      ))}
      <button type="button" className={visitSecondaryButtonClassName} onClick={() => onChange([...options, { id: `option${options.length + 1}`, label: { en: "", es: "" } }])}>
        Add an option to {name}
      </button>
    </fieldset>
  );
}
