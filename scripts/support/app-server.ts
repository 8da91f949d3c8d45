// The app's web server, for every launch (npm run dev, npm start, the e2e
// server) and for each instance of a cluster: Node's HTTP server around Next's
// request handler. It exists because Next does not hand route handlers the
// connection's peer address: here every request gets the client's address,
// from the socket and TRUSTED_PROXY_HOPS, in a header of its own that replaces
// any copy the client sent (lib/auth/client-address.ts).
//
//   node --import tsx scripts/support/app-server.ts dev|start
//
// PORT (default 3000) and HOST (default: every interface) say where it listens.
// It must run without the react-server condition, which Next's own server
// cannot load under: app-process.ts starts it that way.
//
// It is also where every request passes: each gets its request id (kept from
// a proxy's X-Request-Id when that is a plain token, answered in the response's
// X-Request-Id, on every log line the request writes), is timed per route
// pattern for /api/metrics, and is followed so that SIGTERM stops the instance
// without cutting one short (readiness answers 503, no new connections, the
// requests in flight finish within SHUTDOWN_TIMEOUT_MS, then the database pool
// closes and the process exits 0).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { stampClientAddress, trustedProxyHops } from "../../lib/auth/client-address";
import { asOperationOutcome } from "../../lib/fhir/errors";
import { FHIR_JSON } from "../../lib/fhir/systems";
import { refusalOfOversizedBody } from "../../lib/http/body-limits";
import { runShutdownClosers, startDraining } from "../../lib/observability/lifecycle";
import { log } from "../../lib/observability/log";
import { appMetrics } from "../../lib/observability/metrics";
import { acceptedRequestId, REQUEST_ID_HEADER, runWithRequestContext } from "../../lib/observability/request-context";
import { routeNamer, routePatternsIn, STATIC_ROUTE } from "../../lib/observability/route-patterns";
import { drainable } from "./http-drain";
import { listenPort, unsupportedNode } from "./start-checks";

const fail = (message: string): never => {
  log.fatal(message);
  process.exit(1);
};

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") fail("usage: app-server.ts dev|start");
const dev = mode === "dev";
const nodeProblem = unsupportedNode(process.version);
if (nodeProblem) fail(nodeProblem);
let port = 0;
let hops = 0;
try {
  port = listenPort(process.env);
  hops = trustedProxyHops(process.env.TRUSTED_PROXY_HOPS);
} catch (error) {
  fail((error as Error).message);
}
const host = process.env.HOST || undefined;

// React and Next pick their development or production build when first
// loaded, so NODE_ENV is settled before Next is imported.
Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
const { default: next } = await import("next");

const app = next({ dev, dir: process.cwd(), hostname: host ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const routeOf = routeNamer(routePatternsIn(path.join(process.cwd(), "app"), path.join(process.cwd(), "public")));
const { httpRequestDuration } = appMetrics();
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS) || 25_000;

const server = createServer((request, response) => {
  const requestId = acceptedRequestId(request.headers[REQUEST_ID_HEADER]);
  // Next's code reads it from the request too (headers()); the client's own copy is replaced.
  request.headers[REQUEST_ID_HEADER] = requestId;
  response.setHeader("X-Request-Id", requestId);
  runWithRequestContext({ requestId }, () => serve(request, response));
});

function serve(request: IncomingMessage, response: ServerResponse): void {
  const started = process.hrtime.bigint();
  const { pathname } = new URL(request.url ?? "/", "http://app");
  const route = routeOf(pathname);
  response.on("finish", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    httpRequestDuration.observe({ method: request.method ?? "", route, status: String(response.statusCode) }, seconds);
    // The route pattern, never the path or its query: those can hold a visit link's token or a patient's name.
    if (route !== STATIC_ROUTE) {
      log.info({ method: request.method, route, status: response.statusCode, ms: Math.round(seconds * 1000) }, "request");
    }
  });
  stampClientAddress(request, hops);
  // Before Next buffers a byte of it (route handlers read whatever comes, and a
  // route that takes no body would never look). The unread body is drained, so
  // the client finishes sending and reads the answer.
  const oversized = refusalOfOversizedBody(pathname, request.headers["content-length"]);
  if (oversized) {
    // FHIR clients read every refusal of the FHIR API as an OperationOutcome.
    const fhir = pathname.startsWith("/fhir/");
    response.writeHead(oversized.status, { "content-type": fhir ? FHIR_JSON : "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify(fhir ? asOperationOutcome(oversized) : oversized.body()));
    return;
  }
  handle(request, response).catch((error: unknown) => {
    log.error({ err: error }, "the request failed");
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  });
}
const requests = drainable(server);
// Next adds its own upgrade listener (development's live reload) to this
// server on its first request; this one, added first, runs before it.
server.on("upgrade", (request: IncomingMessage) => stampClientAddress(request, hops));
server.once("error", (error: NodeJS.ErrnoException) =>
  fail(error.code === "EADDRINUSE" ? `Port ${port} is in use: stop what listens there, or set PORT.` : `Cannot listen on port ${port}: ${error.message}`),
);
server.listen(port, host, () => {
  const from = hops === 0 ? "the connection (TRUSTED_PROXY_HOPS=0)" : `X-Forwarded-For, ${hops} trusted proxy hop(s) from the right`;
  const where = host ? `http://${host.includes(":") ? `[${host}]` : host}:${port}` : `port ${port} of every interface`;
  log.info(`Ready on ${where}: ${mode} on Node ${process.version}; client addresses from ${from}`);
});

// Ctrl-C reaches this process twice, from the terminal and from the launcher
// passing it on: the second must not cut the first one's shutdown short.
let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void shutDown(signal);
  });
}

async function shutDown(signal: string): Promise<void> {
  startDraining();
  log.info({ signal, inFlight: requests.inFlight() }, "stopping: no new connections, finishing the requests in flight");
  const { unfinished } = await requests.drain(shutdownTimeoutMs);
  if (unfinished > 0) log.warn({ unfinished, timeoutMs: shutdownTimeoutMs }, "requests cut short at the shutdown timeout");
  await app.close().catch((error: unknown) => log.error({ err: error }, "closing Next failed"));
  await runShutdownClosers();
  log.info("stopped");
  process.exit(0);
}
