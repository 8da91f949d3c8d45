import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/PageHeader";
import { AuditFilters, type AuditFilterValues } from "@/components/admin/AuditFilters";
import { AuditTable } from "@/components/admin/AuditTable";
import { AUDIT_EXPORT_MAX_ROWS, auditFiltersInput, auditPageInput, searchAuditEvents, type AuditOrder } from "@/lib/audit/search";
import { requireSignedIn } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { AREA_NAMES } from "@/lib/navigation";

export const metadata: Metadata = { title: "Audit trail" };

const FILTER_NAMES = ["patientId", "actor", "action", "outcome", "from", "to", "breakGlass"] as const;

const linkClassName = "rounded font-medium text-primary-700 underline underline-offset-4 hover:text-primary-900";

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AuditTrailPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const context = await requireSignedIn({ roles: ["ADMIN"], returnTo: "/admin/audit" });
  const query = await searchParams;
  const filters = auditFiltersInput.safeParse(query);
  const page = auditPageInput.safeParse(query);
  const timeZone = displayTimeZone(query.tz);

  const values: AuditFilterValues = {};
  const filterQuery = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = query[name];
    if (typeof value !== "string" || value === "") continue;
    values[name] = value;
    filterQuery.set(name, value);
  }
  const order = page.data?.order ?? "newest";
  const cursor = order === "newest" ? page.data?.before : page.data?.after;
  const problems = [...(filters.error?.issues ?? []), ...(page.error?.issues ?? [])].map((issue) => issue.message);
  const result = filters.success && page.success ? await searchAuditEvents(getDb(), context, filters.data, page.data) : null;

  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={AREA_NAMES.ADMIN}
        title="Audit trail"
        description="Every access to patient information and every change to accounts, allowed or not. Viewing and exporting it is recorded too."
      />
      <section aria-labelledby="audit-filters" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="audit-filters" className="text-lg font-semibold text-slate-900">
          Filters
        </h2>
        {/* A new key per query: the inputs are uncontrolled, and "Clear filters" must empty them. */}
        <AuditFilters key={filterQuery.toString()} values={values} timeZone={timeZone} order={order} />
      </section>

      <section aria-labelledby="audit-results" className="space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-4">
          <h2 id="audit-results" className="text-lg font-semibold text-slate-900">
            Events
          </h2>
          {result && (
            <p className="text-sm text-slate-700">
              <a href={`/api/admin/audit/export?${filterQuery}`} className={linkClassName}>
                Download as CSV
              </a>{" "}
              (all matching events, up to the newest {AUDIT_EXPORT_MAX_ROWS.toLocaleString("en-US")})
            </p>
          )}
        </div>

        {problems.length > 0 && (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900">
            <p className="font-medium">These filters cannot be used, so nothing is shown:</p>
            <ul className="mt-2 list-disc pl-5">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )}

        {result && (
          <>
            <p role="status" className="text-slate-700">
              {describeResult(result.events.length, result.nextCursor !== null, order)}
            </p>
            {result.events.length > 0 && <AuditTable events={result.events} timeZone={timeZone} order={order} query={pageQuery(filterQuery, timeZone)} />}
            {(cursor || result.nextCursor) && (
              <nav aria-label="Pages of events" className="flex flex-wrap gap-6">
                {cursor && (
                  <Link href={pageHref(filterQuery, timeZone, order)} className={linkClassName}>
                    {order === "newest" ? "Newest events" : "Oldest events"}
                  </Link>
                )}
                {result.nextCursor && (
                  <Link href={pageHref(filterQuery, timeZone, order, result.nextCursor)} className={linkClassName}>
                    {order === "newest" ? "Older events" : "Newer events"}
                  </Link>
                )}
              </nav>
            )}
          </>
        )}
      </section>
    </div>
  );
}

function describeResult(count: number, hasMore: boolean, order: AuditOrder): string {
  if (count === 0) return "No events match these filters.";
  const events = count === 1 ? "1 event" : `${count} events`;
  return `${events}, ${order} first${hasMore ? `; ${order === "newest" ? "older" : "newer"} ones are on the next page` : ""}.`;
}

/** The filters and the time zone, which every page of results and either order keep. */
function pageQuery(filterQuery: URLSearchParams, timeZone: string): URLSearchParams {
  const query = new URLSearchParams(filterQuery);
  query.set("tz", timeZone);
  return query;
}

function pageHref(filterQuery: URLSearchParams, timeZone: string, order: AuditOrder, cursor?: string): string {
  const query = pageQuery(filterQuery, timeZone);
  if (order === "oldest") query.set("order", order);
  if (cursor) query.set(order === "newest" ? "before" : "after", cursor);
  return `/admin/audit?${query}`;
}

/** The browser's time zone, which the filter form sends along, if it is a real one; otherwise UTC. */
function displayTimeZone(requested: string | string[] | undefined): string {
  if (typeof requested !== "string" || requested.length > 64) return "UTC";
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: requested }).resolvedOptions().timeZone;
  } catch {
    return "UTC";
  }
}
