import { useId } from "react";
import type { ChartEditing } from "./AllergyList";
import { patientApiPath } from "./chartApi";
import { formatCalendarDate } from "./format";
import { codeSystemName, OutsideRecordSource } from "./OutsideRecordSource";
import { ResolveButton } from "./ResolveButton";
import { sectionHeadingClassName } from "./styles";
import type { ChartSummaryJson } from "./types";

/** Active problems with their codes (ICD-10, or an outside record's own system as given), the most recent onset first. */
export function ProblemList({ problems, editing }: { problems: ChartSummaryJson["problems"]; editing?: ChartEditing }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className={sectionHeadingClassName}>
        Active problems
      </h3>
      {problems.length === 0 ? (
        <p className="text-sm text-slate-700">No active problems recorded.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm text-slate-900">
          {problems.map((problem) => (
            <li key={problem.id} className="py-1.5">
              <span className="font-medium">{problem.description}</span>{" "}
              <span className="text-slate-700">
                ({codeSystemName(problem.codeSystem)} <span className="font-mono">{problem.icd10Code}</span>)
              </span>
              {problem.onsetDate && <span className="block text-slate-700">Since {formatCalendarDate(problem.onsetDate)}</span>}
              {problem.source && <OutsideRecordSource source={problem.source} />}
              {editing && !problem.source && (
                <ResolveButton
                  what={problem.description}
                  path={patientApiPath(editing.patientId, `chart/problems/${encodeURIComponent(problem.id)}/resolve`)}
                  method="POST"
                  body={{}}
                  onResolved={editing.onChanged}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
