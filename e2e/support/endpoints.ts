import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// What app/ serves, read from its files, so that tests over every endpoint or
// page cover a new one without being told.

const APP_DIR = path.join(process.cwd(), "app");

/** The route handlers' "METHOD /path" and the server actions' "action file#export" found in app/. */
export function discoverEndpoints(appDir = APP_DIR): string[] {
  const endpoints: string[] = [];
  for (const file of walk(appDir)) {
    const source = readFileSync(file, "utf8");
    const relative = path.relative(path.dirname(appDir), file).split(path.sep).join("/");
    if (relative.endsWith("/route.ts")) {
      const routePath = relative.replace(/^app/, "").replace(/\/route\.ts$/, "") || "/";
      for (const method of exportedNames(source).filter((name) => /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name))) {
        endpoints.push(`${method} ${routePath}`);
      }
    } else if (/^\s*["']use server["']/.test(source)) {
      for (const name of exportedNames(source).filter((exported) => /^[a-z]/.test(exported))) {
        if (new RegExp(`export\\s+async\\s+function\\s+${name}\\b`).test(source)) endpoints.push(`action ${relative}#${name}`);
      }
    }
  }
  return endpoints.sort();
}

/** The pages' paths found in app/, with their dynamic segments as written: "/physician/visits/[appointmentId]". */
export function discoverPages(appDir = APP_DIR): string[] {
  const pages: string[] = [];
  for (const file of walk(appDir)) {
    const relative = path.relative(appDir, file).split(path.sep).join("/");
    if (relative === "page.tsx" || relative.endsWith("/page.tsx")) pages.push(`/${relative.replace(/\/?page\.tsx$/, "")}`);
  }
  return pages.sort();
}

function exportedNames(source: string): string[] {
  const names = [...source.matchAll(/export\s+(?:async\s+)?function\s+(\w+)/g)].map((match) => match[1]!);
  for (const match of source.matchAll(/export\s+const\s+\{([^}]*)\}/g)) {
    names.push(...match[1]!.split(",").map((name) => name.trim()).filter(Boolean));
  }
  return names;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (/\.tsx?$/.test(entry.name)) yield full;
  }
}
