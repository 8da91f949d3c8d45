import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// For tests that drive the API with a real HTTP client: a loopback server
// that hands each request to the app's route handler for its path, as Next
// does, with the dynamic segments as params.

/** A route handler; its params are whatever its path names (never: any handler's params type fits). */
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response> | Response;

export interface Route {
  method: string;
  /** "/fhir/R4/[type]/[id]": bracketed segments are params. */
  pattern: string;
  handler: Handler;
}

function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const value = decodeURIComponent(got[index]!);
    if (segment.startsWith("[")) params[segment.slice(1, -1)] = value;
    else if (segment !== value) return null;
  }
  return params;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRouteServer(routes: readonly Route[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    // Static segments first, as Next matches them.
    const found = routes
      .filter((route) => route.method === incoming.method)
      .sort((a, b) => a.pattern.split("[").length - b.pattern.split("[").length)
      .map((route) => ({ route, params: match(route.pattern, url.pathname) }))
      .find((candidate) => candidate.params !== null);
    if (!found) {
      outgoing.writeHead(404).end();
      return;
    }
    const payload = incoming.method === "GET" || incoming.method === "HEAD" ? undefined : await body(incoming);
    const request = new Request(url, { method: incoming.method, headers: incoming.headers as Record<string, string>, body: payload ? new Uint8Array(payload) : undefined });
    const response = await found.route.handler(request, { params: Promise.resolve(found.params!) as Promise<never> });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
