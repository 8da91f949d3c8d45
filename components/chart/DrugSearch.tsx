"use client";

import { useEffect, useId, useState, type KeyboardEvent, type Ref } from "react";
import { callApi } from "@/lib/client/api";
import { patientApiPath } from "./chartApi";
import { drugOptionsFrom, warningCountText } from "./drugOptions";
import { WarningIcon } from "./icons";
import { fieldClassName, hintClassName, labelClassName } from "./styles";
import type { DrugOption } from "./types";

const SEARCH_DELAY_MS = 250;

/** Keeps the option moved to with the arrow keys in sight (focus stays in the text box, so the browser will not scroll). */
function scrollIntoViewNearest(element: HTMLElement | null) {
  element?.scrollIntoView({ block: "nearest" });
}
const MIN_QUERY_LENGTH = 2;
const RESULT_LIMIT = 20;

/**
 * The "Drug" field: an editable combobox with a list popup (WAI-ARIA combobox
 * pattern). Typing searches the catalog for this patient (GET …/drugs, each
 * drug with the warnings prescribing it would raise); Down and Up move through
 * the options with aria-activedescendant while focus stays in the text box,
 * Enter or a click chooses one, Escape closes the list (or clears the text
 * when it is closed). Editing the text after choosing clears the choice.
 */
export function DrugSearch({
  patientId,
  value,
  onChange,
  error,
  inputRef,
}: {
  patientId: string;
  value: DrugOption | null;
  onChange: (drug: DrugOption | null) => void;
  error?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const id = useId();
  const inputId = `${id}-input`;
  const listboxId = `${id}-listbox`;
  const [text, setText] = useState(value?.name ?? "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [found, setFound] = useState<{ query: string; options: DrugOption[]; error: string | null } | null>(null);

  // The parent cleared the choice (after prescribing): clear the text with it.
  const [shownValue, setShownValue] = useState(value);
  if (value !== shownValue) {
    setShownValue(value);
    if (value === null && shownValue !== null && text === shownValue.name) setText("");
  }

  const query = text.trim();
  // Nothing to search for while the text is the chosen drug's name.
  const searchable = query.length >= MIN_QUERY_LENGTH && !(value !== null && text === value.name);

  useEffect(() => {
    if (!searchable) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      callApi<unknown>(patientApiPath(patientId, "drugs", { q: query, limit: String(RESULT_LIMIT) }), { signal: controller.signal }).then(
        (result) =>
          setFound(
            result.ok ? { query, options: drugOptionsFrom(result.data), error: null } : { query, options: [], error: result.error },
          ),
        () => undefined, // superseded by a newer search
      );
    }, SEARCH_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [patientId, query, searchable]);

  const current = searchable && found?.query === query ? found : null;
  const options = current?.options ?? [];
  const expanded = open && options.length > 0;
  const activeIndex = expanded && active < options.length ? active : -1;
  const activeOption = activeIndex >= 0 ? options[activeIndex] : undefined;

  const status = !searchable
    ? ""
    : current === null
      ? "Searching…"
      : current.error
        ? current.error
        : options.length === 0
          ? `No drug in the catalog matches “${query}”.`
          : `${options.length} ${options.length === 1 ? "drug" : "drugs"} found${options.length === RESULT_LIMIT ? " (type more to narrow the list)" : ""}.`;

  function choose(option: DrugOption) {
    setText(option.name);
    setOpen(false);
    setActive(-1);
    onChange(option);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!expanded) {
          setOpen(true);
          setActive(event.altKey ? -1 : 0);
        } else setActive((activeIndex + 1) % options.length);
        return;
      case "ArrowUp":
        event.preventDefault();
        if (!expanded) {
          setOpen(true);
          setActive(options.length - 1);
        } else setActive(activeIndex <= 0 ? options.length - 1 : activeIndex - 1);
        return;
      case "Enter":
        // Choosing from the list must not submit the prescription form.
        if (expanded && activeOption) {
          event.preventDefault();
          choose(activeOption);
        }
        return;
      case "Escape":
        if (expanded) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text !== "") {
          event.preventDefault();
          setText("");
          if (value !== null) onChange(null);
        }
        return;
      default:
    }
  }

  const describedBy = [`${id}-hint`, error ? `${id}-error` : null, value && value.warnings.length > 0 ? `${id}-warnings` : null]
    .filter(Boolean)
    .join(" ");

  return (
    <div className="space-y-1">
      <label id={`${id}-label`} htmlFor={inputId} className={labelClassName}>
        Drug
      </label>
      <p id={`${id}-hint`} className={hintClassName}>
        Type at least {MIN_QUERY_LENGTH} letters of the name, then choose from the list.
      </p>
      {error && (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
      <div className="relative">
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listboxId}
          aria-activedescendant={activeOption ? `${id}-option-${activeIndex}` : undefined}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
            setActive(-1);
            if (value !== null) onChange(null);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          onClick={() => setOpen(true)}
          className={fieldClassName}
        />
        <ul
          id={listboxId}
          role="listbox"
          aria-labelledby={`${id}-label`}
          hidden={!expanded}
          className="absolute z-20 mt-1 max-h-72 w-full overflow-y-auto rounded-md border border-slate-400 bg-white py-1 text-sm shadow-lg"
        >
          {options.map((option, index) => (
            <li
              key={option.rxcui}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              ref={index === activeIndex ? scrollIntoViewNearest : undefined}
              // Keep focus in the text box: the click chooses, the box stays the place to type.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(option)}
              className={`cursor-pointer px-3 py-1.5 ${index === activeIndex ? "bg-primary-100 outline-2 outline-primary-700 -outline-offset-2" : "hover:bg-slate-100"}`}
            >
              <span className="block font-medium text-slate-900">{option.name}</span>
              {option.schedule && <span className="block text-slate-700">Controlled substance, schedule {option.schedule}</span>}
              {option.warnings.length > 0 && (
                <span className="flex items-center gap-1 font-medium text-red-800">
                  <WarningIcon className="h-3.5 w-3.5" />
                  {warningCountText(option.warnings.length)}
                </span>
              )}
            </li>
          ))}
        </ul>
      </div>
      <p role="status" className={current && options.length === 0 ? "text-sm text-slate-700" : "sr-only"}>
        {status}
      </p>
      {value && value.warnings.length > 0 && (
        <div id={`${id}-warnings`} className="space-y-1 rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-900">
          <p className="flex items-center gap-1 font-semibold">
            <WarningIcon />
            Prescribing {value.name} raises {value.warnings.length === 1 ? "a warning" : `${value.warnings.length} warnings`}:
          </p>
          <ul className="list-disc pl-5">
            {value.warnings.map((warning) => (
              <li key={warning.code}>{warning.message}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
