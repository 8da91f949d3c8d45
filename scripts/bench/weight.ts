// 6. Weight: the JavaScript each page route loads before it is interactive,
// from the production build's manifests, each file gzipped (zlib, level 6, as
// `next start` compresses) and summed. Per route: the build's root main files
// (framework and runtime) plus the chunks of every entry in the route's client
// reference manifest (its layouts, page, error and not-found boundaries) and of
// the client components it references that are not lazily loaded. A webpack
// build's app-build-manifest.json is read instead when present. Polyfills
// (nomodule, never loaded by current browsers) are left out.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

export interface RouteWeight {
  route: string;
  files: number;
  jsBytes: number;
  jsGzipBytes: number;
  cssGzipBytes: number;
}

export interface WeightResult {
  bundler: "turbopack" | "webpack";
  routes: RouteWeight[];
  /** Every .js file's gzipped size, by its path under .next/. */
  gzipSizes: Map<string, number>;
}

interface ClientReferenceManifest {
  clientModules?: Record<string, { chunks: string[]; async?: boolean }>;
  entryJSFiles?: Record<string, string[]>;
  entryCSSFiles?: Record<string, { path: string }[]>;
}

const normalize = (file: string) => file.replace(/^\/?_next\//, "").replace(/^\//, "");

export async function measureWeight(projectDir: string): Promise<WeightResult> {
  const nextDir = path.join(projectDir, ".next");
  const buildManifest = JSON.parse(await readFile(path.join(nextDir, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const routesManifest = JSON.parse(await readFile(path.join(nextDir, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  const appBuildManifestFile = path.join(nextDir, "app-build-manifest.json");
  const appBuildManifest = existsSync(appBuildManifestFile)
    ? (JSON.parse(await readFile(appBuildManifestFile, "utf8")) as { pages: Record<string, string[]> })
    : null;
  const rootMain = (buildManifest.rootMainFiles ?? []).map(normalize);
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = async (file: string) => {
    let size = sizes.get(file);
    if (!size) {
      const content = await readFile(path.join(nextDir, file)).catch(() => null);
      size = content ? { raw: content.length, gzip: gzipSync(content, { level: 6 }).length } : { raw: 0, gzip: 0 };
      sizes.set(file, size);
    }
    return size;
  };

  const routes: RouteWeight[] = [];
  for (const [entry, route] of Object.entries(routesManifest)) {
    if (!entry.endsWith("/page")) continue;
    const js = new Set(rootMain);
    const css = new Set<string>();
    if (appBuildManifest) {
      for (const file of appBuildManifest.pages[entry] ?? []) (file.endsWith(".css") ? css : js).add(normalize(file));
    } else {
      const manifestFile = path.join(nextDir, "server", "app", `${entry}_client-reference-manifest.js`);
      if (!existsSync(manifestFile)) continue;
      const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
      sandbox.globalThis = sandbox;
      runInNewContext(await readFile(manifestFile, "utf8"), sandbox);
      const manifest = sandbox.__RSC_MANIFEST?.[entry] ?? Object.values(sandbox.__RSC_MANIFEST ?? {})[0] ?? {};
      for (const files of Object.values(manifest.entryJSFiles ?? {})) for (const file of files) js.add(normalize(file));
      for (const reference of Object.values(manifest.clientModules ?? {})) {
        if (!reference.async) for (const file of reference.chunks) if (file.endsWith(".js")) js.add(normalize(file));
      }
      for (const files of Object.values(manifest.entryCSSFiles ?? {})) for (const file of files) css.add(normalize(file.path));
    }
    let jsBytes = 0;
    let jsGzipBytes = 0;
    let cssGzipBytes = 0;
    for (const file of js) {
      const size = await sizeOf(file);
      jsBytes += size.raw;
      jsGzipBytes += size.gzip;
    }
    for (const file of css) cssGzipBytes += (await sizeOf(file)).gzip;
    routes.push({ route, files: js.size, jsBytes, jsGzipBytes, cssGzipBytes });
  }
  routes.sort((a, b) => b.jsGzipBytes - a.jsGzipBytes);
  return {
    bundler: appBuildManifest ? "webpack" : "turbopack",
    routes,
    gzipSizes: new Map([...sizes].map(([file, size]) => [file, size.gzip])),
  };
}

/** Gzipped size of files the browser loaded (paths like /_next/static/chunks/x.js), read from the build. */
export async function gzipSizeOfLoaded(projectDir: string, paths: string[]): Promise<number> {
  let total = 0;
  for (const urlPath of new Set(paths)) {
    if (!urlPath.startsWith("/_next/")) continue;
    const content = await readFile(path.join(projectDir, ".next", normalize(urlPath))).catch(() => null);
    if (content) total += gzipSync(content, { level: 6 }).length;
  }
  return total;
}
