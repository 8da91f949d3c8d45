import type { Role } from "@/lib/db/generated/enums";
import { AREA_NAMES } from "@/lib/navigation";
import { PageHeader } from "./PageHeader";

/** The home of a role's area until its screens exist: what it is for and what is coming, and nothing pretending to be real. */
export function AreaPlaceholder({
  role,
  title,
  summary,
  plannedFeatures,
}: {
  role: Role;
  title: string;
  summary: string;
  plannedFeatures: string[];
}) {
  return (
    <div className="space-y-8">
      <PageHeader eyebrow={AREA_NAMES[role]} title={title} description={summary} />
      <section
        aria-labelledby="planned-features"
        className="max-w-2xl rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
      >
        <h2 id="planned-features" className="text-lg font-semibold text-slate-900">
          What will be here
        </h2>
        <ul className="mt-3 list-disc space-y-2 pl-5 text-slate-700 marker:text-primary-600">
          {plannedFeatures.map((feature) => (
            <li key={feature}>{feature}</li>
          ))}
        </ul>
        <p className="mt-5 border-t border-slate-200 pt-4 text-sm text-slate-600">
          These features are on their way; until then this area shows no patient information.
        </p>
      </section>
    </div>
  );
}
