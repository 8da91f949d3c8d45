"use client";

import { useId, useRef } from "react";
import { secondaryButtonClassName } from "@/components/chart/styles";
import { shortcutList } from "./keymap";
import { useShortcut } from "./useShortcut";

/** The visit page's keyboard shortcuts, in a dialog opened by its button or by "?". */
export function KeyboardShortcutsHelp() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const open = () => dialogRef.current?.showModal();
  useShortcut("help", open);

  return (
    <>
      <button type="button" onClick={open} aria-haspopup="dialog" className={secondaryButtonClassName}>
        Keyboard shortcuts
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={headingId}
        className="m-auto max-w-lg rounded-xl border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id={headingId} className="text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <table className="mt-3 w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">
                Keys
              </th>
              <th scope="col" className="py-1 font-medium">
                What they do
              </th>
            </tr>
          </thead>
          <tbody>
            {shortcutList().map((entry) => (
              <tr key={entry.keys} className="border-t border-slate-200">
                <td className="py-1 pr-4">
                  <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">{entry.keys}</kbd>
                </td>
                <td className="py-1">{entry.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="dialog" className="mt-4 text-right">
          <button type="submit" className={secondaryButtonClassName} autoFocus>
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
