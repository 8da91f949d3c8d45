import { execFileSync } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

/**
 * An https front for the e2e server, as a clinic's TLS-terminating proxy would
 * be, with a throwaway self-signed certificate. WebKit applies the production
 * build's upgrade-insecure-requests even to loopback addresses, so over plain
 * http it would load no script at all. Returns the front's origin and a stop.
 */
export async function startTlsFront(target: string): Promise<{ origin: string; stop: () => Promise<void> }> {
  const pem = execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1", "-keyout", "-", "-out", "-"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
  const upstream = new URL(target);
  const server = https.createServer({ key: pem, cert: pem }, (request, response) => {
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, "x-forwarded-for": request.socket.remoteAddress, "x-forwarded-proto": "https" },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on("error", () => response.destroy());
    request.pipe(forwarded);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
