import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { E2E_BASE_URL } from "./base-url";

interface ActionManifest {
  node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
}

/** The build's id of a server action, and a page that uses it. */
export function builtAction(exportedName: string): { actionId: string; page: string } {
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as ActionManifest;
  const found = Object.entries(manifest.node).find(([, action]) => action.exportedName === exportedName);
  if (!found) throw new Error(`Server action ${exportedName} is not in the build`);
  const [actionId, action] = found;
  return { actionId, page: Object.keys(action.workers)[0]! };
}

/**
 * Calls a server action the way Next's client does: POST to a page that uses
 * it, with the action's id in `Next-Action` and the arguments in React's reply
 * encoding (a FormData argument becomes "$K1" plus fields prefixed "_1_").
 * `origin` is the page's own unless a test plays another site; `ip`, if given,
 * is sent as X-Forwarded-For (the client address only behind a trusted proxy).
 */
export async function callAction(
  request: APIRequestContext,
  ip: string | null,
  exportedName: string,
  args: unknown[],
  { origin = E2E_BASE_URL }: { origin?: string } = {},
): Promise<APIResponse> {
  const { actionId, page } = builtAction(exportedName);
  const pagePath = page.replace(/^app/, "").replace(/\/page$/, "").replace(/\[[^\]]+\]/g, "x") || "/";

  // Referenced FormData fields must arrive before the root row "0", which
  // Next's streaming decoder resolves the moment it is read.
  const multipart = new FormData();
  // The form's fields: the last argument of a useActionState action, or the only one of a plain form action.
  const formIndex = args.length - 1;
  const encodedArgs = args.map((arg, index) => {
    if (arg && typeof arg === "object" && !Array.isArray(arg) && index === formIndex) {
      // Row "0" is the root, so a form that is the only argument takes id 1.
      const id = Math.max(index, 1);
      for (const [key, value] of Object.entries(arg)) multipart.append(`_${id}_${key}`, String(value));
      return `$K${id}`;
    }
    return arg;
  });
  multipart.append("0", JSON.stringify(encodedArgs));
  return request.post(pagePath, {
    // Next refuses actions whose Origin is not the host they were sent to (CSRF).
    headers: { "Next-Action": actionId, origin, ...(ip ? { "x-forwarded-for": ip } : {}) },
    multipart,
    maxRedirects: 0,
  });
}
