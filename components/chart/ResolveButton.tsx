"use client";

import { useId } from "react";
import { EditRefusal } from "./EditRefusal";
import { secondaryButtonClassName } from "./styles";
import { useChartEdit } from "./useChartEdit";

/** "Resolve <what>" on an allergy or a problem of the clinic's own: one request, the refusal shown beside it. */
export function ResolveButton({
  what,
  path,
  method,
  body,
  onResolved,
}: {
  /** Read by screen readers after "Resolve": the substance or diagnosis. */
  what: string;
  path: string;
  method: "POST" | "PATCH";
  body: unknown;
  onResolved: () => void;
}) {
  const id = useId();
  const edit = useChartEdit();
  return (
    <span className="inline-flex flex-col gap-1">
      <button
        type="button"
        disabled={edit.pending}
        aria-describedby={edit.error ? id : undefined}
        onClick={async () => {
          if (await edit.send(path, method, body)) onResolved();
        }}
        className={secondaryButtonClassName}
      >
        {edit.pending ? "Resolving…" : "Resolve"}
        <span className="sr-only"> {what}</span>
      </button>
      <EditRefusal id={id} error={edit.error} />
    </span>
  );
}
