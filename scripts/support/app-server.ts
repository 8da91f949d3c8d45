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
import { createServer, type IncomingMessage } from "node:http";
import { stampClientAddress, trustedProxyHops } from "../../lib/auth/client-address";
import { asOperationOutcome } from "../../lib/fhir/errors";
import { FHIR_JSON } from "../../lib/fhir/systems";
import { refusalOfOversizedBody } from "../../lib/http/body-limits";
import { listenPort, unsupportedNode } from "./start-checks";

const log = (message: string) => console.log(`[app] ${message}`);
const fail = (message: string): never => {
  console.error(message);
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

const server = createServer((request, response) => {
  stampClientAddress(request, hops);
  // Before Next buffers a byte of it (route handlers read whatever comes, and a
  // route that takes no body would never look). The unread body is drained, so
  // the client finishes sending and reads the answer.
  const { pathname } = new URL(request.url ?? "/", "http://app");
  const oversized = refusalOfOversizedBody(pathname, request.headers["content-length"]);
  if (oversized) {
    // FHIR clients read every refusal of the FHIR API as an OperationOutcome.
    const fhir = pathname.startsWith("/fhir/");
    response.writeHead(oversized.status, { "content-type": fhir ? FHIR_JSON : "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify(fhir ? asOperationOutcome(oversized) : oversized.body()));
    return;
  }
  handle(request, response).catch((error: unknown) => {
    console.error(error);
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  });
});
// Next adds its own upgrade listener (development's live reload) to this
// server on its first request; this one, added first, runs before it.
server.on("upgrade", (request: IncomingMessage) => stampClientAddress(request, hops));
server.once("error", (error: NodeJS.ErrnoException) =>
  fail(error.code === "EADDRINUSE" ? `Port ${port} is in use: stop what listens there, or set PORT.` : `Cannot listen on port ${port}: ${error.message}`),
);
server.listen(port, host, () => {
  const from = hops === 0 ? "the connection (TRUSTED_PROXY_HOPS=0)" : `X-Forwarded-For, ${hops} trusted proxy hop(s) from the right`;
  const where = host ? `http://${host.includes(":") ? `[${host}]` : host}:${port}` : `port ${port} of every interface`;
  log(`Ready on ${where}: ${mode} on Node ${process.version}; client addresses from ${from}`);
});

// Ctrl-C reaches this process twice, from the terminal and from the launcher
// passing it on: the second must not cut the first one's shutdown short.
let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.close();
    void app.close().finally(() => process.exit(0));
  });
}
