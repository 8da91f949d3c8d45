"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { primaryActionClassName } from "@/components/actionStyles";
import { TextField } from "@/components/TextField";
import type { AuditOrder } from "@/lib/audit/search";

/** The filters as they appear in the address: strings, as typed. */
export interface AuditFilterValues {
  patientId?: string;
  actor?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
  breakGlass?: string;
}


/**
 * The audit trail's filters. They live in the address (a GET form), so a
 * filtered view can be bookmarked and the CSV export can take the same ones.
 * Dates are picked as local calendar days; the browser turns them into
 * instants in its own time zone, which the server could not know.
 */
export function AuditFilters({ values, timeZone, order }: { values: AuditFilterValues; timeZone: string; order: AuditOrder }) {
  const router = useRouter();

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const query = new URLSearchParams();
    for (const [name, value] of data) {
      if (typeof value === "string" && value.trim() !== "" && name !== "fromDate" && name !== "toDate") query.set(name, value.trim());
    }
    const fromDate = data.get("fromDate");
    const toDate = data.get("toDate");
    if (typeof fromDate === "string" && fromDate) query.set("from", startOfLocalDay(fromDate, 0));
    // The end date is inclusive for people and exclusive for the search: up to the next midnight.
    if (typeof toDate === "string" && toDate) query.set("to", startOfLocalDay(toDate, 1));
    query.set("tz", Intl.DateTimeFormat().resolvedOptions().timeZone);
    router.push(`/admin/audit?${query}`);
  }

  return (
    <form method="get" action="/admin/audit" onSubmit={applyFilters} className="space-y-4">
      {/* New filters keep the order the table is sorted in. */}
      {order === "oldest" && <input type="hidden" name="order" value={order} />}
      <div className="grid items-end gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <TextField
          id="audit-action"
          label="Action starts with"
          hint="For example, chart."
          name="action"
          defaultValue={values.action}
          autoComplete="off"
        />
        <TextField id="audit-actor" label="User (ID or email)" name="actor" defaultValue={values.actor} autoComplete="off" />
        <TextField id="audit-patient" label="Patient ID" name="patientId" defaultValue={values.patientId} autoComplete="off" />
        <div className="space-y-1.5">
          <label htmlFor="audit-outcome" className="block font-medium text-slate-900">
            Outcome
          </label>
          <select
            id="audit-outcome"
            name="outcome"
            defaultValue={values.outcome ?? ""}
            className="block w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-slate-900 shadow-sm"
          >
            <option value="">Any</option>
            <option value="ALLOWED">Allowed</option>
            <option value="DENIED">Denied</option>
          </select>
        </div>
        <TextField id="audit-from" label="From" type="date" name="fromDate" defaultValue={localDate(values.from, timeZone, 0)} />
        <TextField
          id="audit-to"
          label="To (inclusive)"
          type="date"
          name="toDate"
          defaultValue={localDate(values.to, timeZone, -1)}
        />
        <label className="flex items-center gap-2 self-end pb-2 font-medium text-slate-900">
          <input
            type="checkbox"
            name="breakGlass"
            value="true"
            defaultChecked={values.breakGlass === "true"}
            className="size-4 accent-primary-700"
          />
          Break-glass access only
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" className={primaryActionClassName}>
          Apply filters
        </button>
        <Link href="/admin/audit" className="rounded font-medium text-primary-700 underline underline-offset-4 hover:text-primary-900">
          Clear filters
        </Link>
      </div>
    </form>
  );
}

/** Local midnight of `date` (YYYY-MM-DD) plus `days`, as an ISO instant. */
function startOfLocalDay(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(year!, month! - 1, day! + days).toISOString();
}

/**
 * The calendar day an instant falls on in `timeZone`, as a date input wants it;
 * `shiftMs` of -1 turns the exclusive end back into the last day included.
 */
function localDate(instant: string | undefined, timeZone: string, shiftMs: number): string | undefined {
  const time = instant ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(time)) return undefined;
  // The en-CA locale writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(time + shiftMs);
}
