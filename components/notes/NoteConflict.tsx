"use client";

import { visitPrimaryButtonClassName, visitSecondaryButtonClassName } from "@/components/visits/styles";
import type { NoteSections } from "@/lib/notes/types";
import { dateTimeText } from "./noteStatus";
import { differingSections, SECTION_LABELS, type SoapSection } from "./noteText";

// When two texts of one note meet, both are shown in full, side by side per
// section, and the physician chooses: nothing is overwritten or dropped until
// then, and the unchosen text stays selectable for copying until that moment.

/** The note was saved elsewhere (another tab or device) after this editor's text was started. */
export function NoteConflictAlert({
  mine,
  theirs,
  savedAt,
  onKeepMine,
  onUseSaved,
}: {
  mine: NoteSections;
  theirs: NoteSections;
  savedAt: string;
  onKeepMine: () => void;
  onUseSaved: () => void;
}) {
  const sections = differingSections(mine, theirs);
  return (
    <div role="alert" className="@container space-y-4 rounded-lg border-2 border-amber-600 bg-amber-50 p-4 text-slate-900">
      <h4 className="text-lg font-semibold">This note was changed elsewhere</h4>
      <p>
        Another tab or device saved this note at {dateTimeText(savedAt)}, after you started your changes. Nothing was overwritten: compare
        the two texts and choose one. Your text stays in the editor and on this device until you do.
      </p>
      <SectionComparison sections={sections} left={{ title: "Your text", texts: mine }} right={{ title: "Saved text", texts: theirs }} />
      {sections.length < 4 && (
        <p className="text-sm">{sections.length === 0 ? "The two texts now read the same." : "The other sections are the same in both versions."}</p>
      )}
      <div className="flex flex-wrap gap-3">
        <button type="button" className={visitPrimaryButtonClassName} onClick={onKeepMine}>
          Keep my text
        </button>
        <button type="button" className={visitSecondaryButtonClassName} onClick={onUseSaved}>
          Use the saved text
        </button>
      </div>
    </div>
  );
}

/** Text typed here that never reached the note before it was signed elsewhere: shown so it can go into an addendum. */
export function UnsavedAfterSigningAlert({
  unsaved,
  signed,
  onDiscard,
}: {
  unsaved: NoteSections;
  signed: NoteSections;
  onDiscard: () => void;
}) {
  const sections = differingSections(unsaved, signed);
  return (
    <div role="alert" className="@container space-y-4 rounded-lg border-2 border-amber-600 bg-amber-50 p-4 text-slate-900">
      <h4 className="text-lg font-semibold">This note was signed before your last changes were saved</h4>
      <p>
        A signed note cannot change. Your unsaved text is below and still kept on this device: copy what you need into an addendum, then
        discard it.
      </p>
      <SectionComparison sections={sections} left={{ title: "Your unsaved text", texts: unsaved }} right={{ title: "Signed text", texts: signed }} />
      <button type="button" className={visitSecondaryButtonClassName} onClick={onDiscard}>
        Discard my unsaved text
      </button>
    </div>
  );
}

function SectionComparison({
  sections,
  left,
  right,
}: {
  sections: SoapSection[];
  left: { title: string; texts: NoteSections };
  right: { title: string; texts: NoteSections };
}) {
  return (
    <div className="space-y-4">
      {sections.map((section) => (
        <div key={section} className="space-y-2">
          <h5 className="font-semibold">{SECTION_LABELS[section]}</h5>
          <div className="grid gap-3 @lg:grid-cols-2">
            {[left, right].map((side) => (
              <div key={side.title} className="min-w-0 rounded-md border border-slate-300 bg-white p-3">
                <p className="text-sm font-semibold text-slate-700">{side.title}</p>
                {side.texts[section] === "" ? (
                  <p className="text-sm text-slate-700 italic">(This section is empty.)</p>
                ) : (
                  <p className="break-words whitespace-pre-wrap">{side.texts[section]}</p>
                )}
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
