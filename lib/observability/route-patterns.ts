// Not `server-only`: the app server (scripts/support/app-server.ts) names each
// request's route with it, outside Next's react-server build.
import { readdirSync } from "node:fs";
import path from "node:path";

// Metrics are kept per route, as the app declares it ("/api/visits/[appointmentId]/roster"),
// never per raw path: ids in paths would make a series per visit, and a path
// can hold a visit link's token.

/** Paths that are not the app's routes, each counted under one name. */
export const UNMATCHED_ROUTE = "(unmatched)";
export const STATIC_ROUTE = "/_next/static";

// Files Next serves at their own name from the app directory (its metadata files).
const METADATA_FILE = /^(icon|apple-icon|favicon|manifest|robots|sitemap|opengraph-image|twitter-image)\.\w+$/;

/**
 * The paths the app answers: each folder of `app/` holding a page or a route
 * handler, with route groups `(name)` and parallel slots `@name` left out, as
 * Next leaves them out of the URL; its metadata files (`app/icon.svg`); and
 * the files of `public/`.
 */
export function routePatternsIn(appDir: string, publicDir?: string): string[] {
  const patterns: string[] = publicDir ? filesIn(publicDir).map((file) => `/${file}`) : [];
  const visit = (dir: string, segments: string[]) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((entry) => entry.isFile() && /^(page|route)\.(tsx?|jsx?)$/.test(entry.name))) {
      patterns.push(`/${segments.join("/")}`);
    }
    for (const entry of entries) {
      if (entry.isFile() && METADATA_FILE.test(entry.name)) patterns.push(`/${[...segments, entry.name].join("/")}`);
      if (!entry.isDirectory() || entry.name.startsWith("_")) continue;
      const inUrl = !/^\(.*\)$/.test(entry.name) && !entry.name.startsWith("@");
      visit(path.join(dir, entry.name), inUrl ? [...segments, entry.name] : segments);
    }
  };
  visit(appDir, []);
  return patterns;
}

function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

interface CompiledPattern {
  pattern: string;
  segments: string[];
}

/**
 * A function naming a request path's route as Next matches it: static
 * segments before `[param]`, `[param]` before `[...catchAll]`.
 */
export function routeNamer(patterns: readonly string[]): (pathname: string) => string {
  const compiled: CompiledPattern[] = patterns.map((pattern) => ({ pattern, segments: pattern.split("/").filter(Boolean) }));
  return (pathname) => {
    if (pathname.startsWith(`${STATIC_ROUTE}/`)) return STATIC_ROUTE;
    const parts = pathname.split("/").filter(Boolean);
    let best: { pattern: string; rank: number[] } | null = null;
    for (const candidate of compiled) {
      const rank = matchRank(candidate.segments, parts);
      if (rank && (!best || compareRanks(rank, best.rank) < 0)) best = { pattern: candidate.pattern, rank };
    }
    return best?.pattern ?? UNMATCHED_ROUTE;
  };
}

// Per segment: 0 static, 1 dynamic, 2 catch-all; a lower rank is the more specific match.
function matchRank(segments: string[], parts: string[]): number[] | null {
  const rank: number[] = [];
  for (const [i, segment] of segments.entries()) {
    if (/^\[\[?\.\.\./.test(segment)) {
      const optional = segment.startsWith("[[");
      if (parts.length - i < (optional ? 0 : 1)) return null;
      rank.push(2);
      return rank;
    }
    if (i >= parts.length) return null;
    if (/^\[.+\]$/.test(segment)) rank.push(1);
    else if (segment === parts[i]) rank.push(0);
    else return null;
  }
  return segments.length === parts.length ? rank : null;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
