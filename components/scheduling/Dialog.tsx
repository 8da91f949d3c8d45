"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

/**
 * A modal panel on the native <dialog>: the browser keeps focus inside it,
 * closes it on Escape, and returns focus to the control that opened it.
 * Rendered only while open; `onClose` unmounts it.
 */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  // No close() on unmount: removing the element ends the modal state anyway,
  // and a close event from React's dev-mode remount would close it at once.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-[min(40rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="flex items-start justify-between gap-4 border-b border-slate-200 px-6 py-4">
        <h2 id={titleId} className="text-xl font-semibold">
          {title}
        </h2>
        <button
          type="button"
          onClick={() => dialogRef.current?.close()}
          className="rounded-md border border-slate-500 px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          Close
        </button>
      </div>
      <div className="max-h-[75vh] space-y-6 overflow-y-auto px-6 py-5">{children}</div>
    </dialog>
  );
}
