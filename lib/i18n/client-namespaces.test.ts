import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENT_NAMESPACES, NAMESPACES } from "./messages";
import { MESSAGES_DIRECTORY } from "./testing/messages";

// The root layout sends the browser only CLIENT_NAMESPACES. A component that
// runs in the browser and translates from any other namespace would show raw
// keys ("visit.waiting.title") there, so this follows every import from each
// "use client" file and collects the namespaces the reachable code translates.

const ROOT = path.join(import.meta.dirname, "..", "..");
const SOURCE_DIRECTORIES = ["app", "components", "lib"];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null;
  return [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")].find((file) => existsSync(file)) ?? null;
}

const IMPORT = /(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const TRANSLATIONS = /useTranslations\(\s*["']([A-Za-z]+)[."']/g;

/** The namespaces translated by code reachable from a "use client" file, with one file that does for each. */
function namespacesTranslatedInTheBrowser(): Map<string, string> {
  const files = SOURCE_DIRECTORIES.flatMap((directory) => sourceFiles(path.join(ROOT, directory)));
  const pending = files.filter((file) => /^\s*["']use client["']/.test(readFileSync(file, "utf8")));
  const seen = new Set(pending);
  const namespaces = new Map<string, string>();
  while (pending.length > 0) {
    const file = pending.pop() ?? "";
    const source = readFileSync(file, "utf8");
    for (const [, namespace = ""] of source.matchAll(TRANSLATIONS)) if (!namespaces.has(namespace)) namespaces.set(namespace, path.relative(ROOT, file));
    for (const [, fromSpecifier, dynamicSpecifier = ""] of source.matchAll(IMPORT)) {
      const imported = resolveImport(file, fromSpecifier ?? dynamicSpecifier);
      if (imported && !seen.has(imported)) {
        seen.add(imported);
        pending.push(imported);
      }
    }
  }
  return namespaces;
}

describe("the messages the browser gets", () => {
  it("include every namespace a component running in the browser translates from", () => {
    const missing = [...namespacesTranslatedInTheBrowser()].filter(([namespace]) => !(CLIENT_NAMESPACES as readonly string[]).includes(namespace));
    expect(missing.map(([namespace, file]) => `${namespace} (used in ${file})`)).toEqual([]);
  });

  it("are named after message files, and every message file is imported", () => {
    expect(CLIENT_NAMESPACES.every((namespace) => (NAMESPACES as readonly string[]).includes(namespace))).toBe(true);
    const files = readdirSync(path.join(MESSAGES_DIRECTORY, "en")).map((file) => path.basename(file, ".json"));
    expect([...NAMESPACES].sort()).toEqual(files.sort());
  });
});
