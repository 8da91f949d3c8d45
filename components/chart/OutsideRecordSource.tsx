import { SYSTEM_NAMES } from "@/lib/fhir/systems";
import { formatCalendarDate } from "./format";

/** A record's source as JSON: who sent it and when it was imported. */
export interface RecordSourceJson {
  organization: string | null;
  importedAt: string;
}

/** A code system as people read it; one we do not know is shown as given. */
export function codeSystemName(system: string | null): string {
  if (system === null) return "ICD-10";
  return SYSTEM_NAMES[system] ?? system;
}

/** "from Riverside Lab, imported 3 Sep 2025": an outside record's source in a sentence. */
export function outsideSourceText(source: RecordSourceJson): string {
  return `from ${source.organization ?? "an earlier clinic export"}, imported ${formatCalendarDate(source.importedAt.slice(0, 10))}`;
}

/**
 * Marks an outside record (from another clinic, a hospital, a laboratory):
 * where it came from and when it was imported. Outside records are read-only.
 */
export function OutsideRecordSource({ source }: { source: RecordSourceJson }) {
  return (
    <span className="mt-0.5 inline-block rounded border border-amber-700 bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-900">
      Outside record {outsideSourceText(source)}
    </span>
  );
}
