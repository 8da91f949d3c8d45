import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { drainable } from "./http-drain";

function get(port: number): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path: "/", agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, connection: response.headers.connection, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

async function listening(handler: (release: Promise<void>) => Promise<string>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((_request, response) => {
    arrived();
    void handler(released).then((body) => response.end(body));
  });
  const requests = drainable(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, requests, port: (server.address() as AddressInfo).port, release, arrival };
}

describe("draining the app's HTTP server", () => {
  it("finishes the request in flight, answering it with Connection: close, and refuses new connections meanwhile", async () => {
    const { requests, port, release, arrival } = await listening(async (released) => {
      await released;
      return "finished";
    });
    const inFlight = get(port);
    await arrival;
    expect(requests.inFlight()).toBe(1);

    const drained = requests.drain(5_000);
    await expect(get(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    release();
    expect(await inFlight).toEqual({ status: 200, connection: "close", body: "finished" });
    expect(await drained).toEqual({ unfinished: 0 });
  });

  it("cuts a request still unanswered at the ceiling", async () => {
    const { requests, port, arrival } = await listening(() => new Promise<string>(() => {}));
    const inFlight = get(port);
    await arrival;
    expect(await requests.drain(200)).toEqual({ unfinished: 1 });
    await expect(inFlight).rejects.toMatchObject({ code: "ECONNRESET" });
  });

  it("stops at once when nothing is in flight", async () => {
    const { requests } = await listening(async () => "");
    expect(await requests.drain(60_000)).toEqual({ unfinished: 0 });
  });
});
