import Form from "next/form";

export type ColumnSort = "ascending" | "descending" | "none";

/**
 * A column header that sorts its table on the server: a GET form whose button
 * asks for the other order, keeping the rest of the address (filters, the
 * time zone) as hidden fields. `aria-sort` says how the column is sorted now;
 * the button says what pressing it does.
 */
export function SortableColumnHeader({
  label,
  sort,
  action,
  query,
  pressTo,
  className,
}: {
  label: string;
  sort: ColumnSort;
  /** The page the form goes to. */
  action: string;
  /** The address's fields after pressing, including the new order. */
  query: URLSearchParams;
  /** What pressing does, for the button's name, e.g. "sort Z to A". */
  pressTo: string;
  className?: string;
}) {
  return (
    <th scope="col" aria-sort={sort} className={className}>
      <Form action={action} className="contents">
        {[...query].map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button
          type="submit"
          className="inline-flex min-h-8 items-center gap-1 rounded font-semibold text-slate-800 underline-offset-4 hover:underline"
        >
          {label}
          {/* Spoken, not shown, and not an aria-label: the table's "Role" is not a form's "Role" field. */}
          <span className="sr-only">, {pressTo}</span>
          <span aria-hidden="true" className="text-slate-500">
            {sort === "ascending" ? "▲" : sort === "descending" ? "▼" : "↕"}
          </span>
        </button>
      </Form>
    </th>
  );
}

/** The classes of a table's scrolling box and of its sticky header cells: the header row stays in view as the rows scroll. */
export const STICKY_TABLE_REGION = "max-h-[calc(100dvh-8rem)] overflow-auto rounded-xl border border-slate-200 bg-white shadow-sm";
export const STICKY_HEADER_CELL = "sticky top-0 z-10 bg-slate-50 shadow-[inset_0_-1px_0_var(--color-slate-200)]";
