import type { EditError } from "./useChartEdit";

/** The server's refusal of a chart edit, announced as it appears. */
export function EditRefusal({ id, error }: { id: string; error: EditError | null }) {
  if (!error) return null;
  return (
    <p key={error.attempt} id={id} role="alert" className="text-sm font-medium text-red-700">
      {error.message}
    </p>
  );
}
