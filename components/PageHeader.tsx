import type { ReactNode } from "react";

/** The page's one h1, with an optional line above it saying where the reader is. */
export function PageHeader({ eyebrow, title, description }: { eyebrow?: string; title: string; description: ReactNode }) {
  return (
    <div className="space-y-3">
      {eyebrow && <p className="text-sm font-semibold tracking-wide text-primary-700 uppercase">{eyebrow}</p>}
      <h1 className="text-3xl font-semibold tracking-tight text-balance text-slate-900 sm:text-4xl">{title}</h1>
      <p className="max-w-2xl text-lg text-slate-700">{description}</p>
    </div>
  );
}
