import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// What the app serves, read from its files, so that tests over every endpoint or
// page cover a new one without being told.

const ROOT = process.cwd();
/** Where server code may live: a "use server" function in any of them is an endpoint. */
const SOURCE_DIRS = ["app", "lib", "components"];
const HTTP_METHODS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;
const USE_SERVER = /^\s*["']use server["'];?/m;

/**
 * The route handlers' "METHOD /path" and the server actions' "action file#name":
 * handlers however exported (a function, `export const GET = …`, a
 * destructured or renamed export), and actions of "use server" files and of
 * functions with their own "use server", in app/ or outside it.
 */
export function discoverEndpoints(root = ROOT): string[] {
  const endpoints: string[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const file of walk(path.join(root, dir))) {
      const source = readFileSync(file, "utf8");
      const relative = path.relative(root, file).split(path.sep).join("/");
      const route = /^app\/(?:(.*)\/)?route\.[jt]sx?$/.exec(relative);
      if (route) {
        const routePath = `/${route[1] ?? ""}`;
        for (const method of exportedNames(source).filter((name) => HTTP_METHODS.test(name))) endpoints.push(`${method} ${routePath}`);
      }
      for (const name of serverActionNames(source)) endpoints.push(`action ${relative}#${name}`);
    }
  }
  return [...new Set(endpoints)].sort();
}

/** The pages' paths found in app/, with their dynamic segments as written: "/physician/visits/[appointmentId]". */
export function discoverPages(root = ROOT): string[] {
  const appDir = path.join(root, "app");
  const pages: string[] = [];
  for (const file of walk(appDir)) {
    const relative = path.relative(appDir, file).split(path.sep).join("/");
    const page = /^(?:(.*)\/)?page\.[jt]sx?$/.exec(relative);
    if (page) pages.push(`/${page[1] ?? ""}`);
  }
  return pages.sort();
}

/** A "use server" file's exports, and every function whose body begins with "use server". */
function serverActionNames(source: string): string[] {
  const code = withoutComments(source);
  const names = USE_SERVER.test(code.slice(0, code.search(/\S|$/) + 20)) ? exportedNames(code) : [];
  const inline = /(?:function\s+(\w+)\s*\([^)]*\)|(\w+)\s*[=:]\s*async\s*(?:function\s*\w*\s*)?\([^)]*\)\s*(?:=>)?)\s*(?::[^{]+)?\{\s*["']use server["']/g;
  for (const match of code.matchAll(inline)) names.push((match[1] ?? match[2])!);
  return names;
}

/** What a module exports by name: functions, consts (one or destructured) and `export { a as B }` lists. */
function exportedNames(source: string): string[] {
  const names = [...source.matchAll(/export\s+(?:async\s+)?function\s*\*?\s*(\w+)/g)].map((match) => match[1]!);
  names.push(...[...source.matchAll(/export\s+(?:const|let|var)\s+(\w+)/g)].map((match) => match[1]!));
  for (const match of source.matchAll(/export\s+(?:const|let|var)\s+\{([^}]*)\}/g)) names.push(...listedNames(match[1]!));
  for (const match of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}(?!\s*from\s+["']\S*\.css)/g)) {
    if (!match[0].startsWith("export type")) names.push(...listedNames(match[1]!));
  }
  return names;
}

/** The names a `{ a, b: c, d as E }` list binds: a, c, E. */
function listedNames(list: string): string[] {
  return list
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item && !item.startsWith("type "))
    .map((item) => item.split(/\s+as\s+|\s*:\s*/).at(-1)!.trim());
}

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

function* walk(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Generated clients hold no endpoints, and tests none the app serves.
      if (entry.name !== "generated" && entry.name !== "node_modules") yield* walk(full);
    } else if (/\.[jt]sx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield full;
  }
}
