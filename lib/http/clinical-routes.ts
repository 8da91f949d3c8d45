import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";

// What the chart and note route handlers share: reading the query and a body
// that goes with the ids in the path, and answering with JSON no cache keeps.

/**
 * The named query parameters that are present and not empty, for the lib's
 * schema to parse. An empty value counts as absent: a form's empty "From"
 * field means no lower bound, not an invalid date.
 */
export function queryOf<const Name extends string>(request: Request, names: readonly Name[]): Partial<Record<Name, string>> {
  const params = new URL(request.url).searchParams;
  const query: Partial<Record<Name, string>> = {};
  for (const name of names) {
    const value = params.get(name);
    if (value !== null && value !== "") query[name] = value;
  }
  return query;
}

/**
 * The body's fields with the ids the path names. The path is what was
 * authorized, so a body may repeat an id but not name a different record (400).
 */
export function withPathIds<const Ids extends Record<string, string>>(body: unknown, ids: Ids): Record<string, unknown> & Ids {
  return z
    .record(z.string(), z.unknown(), "Send the fields as a JSON object.")
    .superRefine((fields, context) => {
      for (const [name, value] of Object.entries(ids)) {
        if (fields[name] !== undefined && fields[name] !== value) {
          context.addIssue({ code: "custom", path: [name], message: `The body's ${name} is not the one in the address.` });
        }
      }
    })
    .transform((fields) => ({ ...fields, ...ids }))
    .parse(body);
}

/**
 * JSON from a patient's record. Never stored by the browser or a proxy: it
 * must not outlive the page on a shared computer, and the physician pages'
 * offline service worker caches no API response either.
 */
export function clinicalJson(body: unknown, init: { status?: number } = {}): NextResponse {
  return NextResponse.json(body, { status: init.status ?? 200, headers: { "Cache-Control": "no-store" } });
}
