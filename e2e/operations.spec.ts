import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { E2E_APP_LOG } from "../scripts/support/e2e-run";
import { expectNoAxeViolations } from "./support/axe";
import { readE2eServerState } from "./support/server-state";
import { submitPassword } from "./support/sign-in";

// What a clinic's IT runs the instances with: readiness for the load balancer,
// request ids joining a response to its log lines, and the Prometheus scrape.
// (Stopping an instance: scripts/serve.int.test.ts, scripts/support/http-drain.test.ts.)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const formAlert = (page: Page) => page.getByRole("main").getByRole("alert");

async function scrape(token: string): Promise<string> {
  const response = await fetch(new URL("/api/metrics", test.info().project.use.baseURL).toString(), { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  return response.text();
}

/** A sample's value (0 when the series is absent); `labels` as the exposition writes them, or "" for none. */
const sample = (exposition: string, name: string, labels: string) => {
  const series = labels ? `${name}{${labels}}` : name;
  const line = exposition.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return Number(line?.slice(series.length + 1) ?? 0);
};

test("a load balancer reads readiness, each answer names its request id in the log, and Prometheus scrapes requests per route", async ({ request }) => {
  const ready = await request.get("/api/ready", { headers: { "X-Request-Id": "lb-7F000001-0001" } });
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
  expect(ready.headers()["cache-control"]).toBe("no-store");
  expect(ready.headers()["x-request-id"]).toBe("lb-7F000001-0001");
  const health = await request.get("/api/health", { headers: { "X-Request-Id": "not a token: Alex Morgan" } });
  expect(health.headers()["cache-control"]).toBe("no-store");
  expect(health.headers()["x-request-id"]).toMatch(UUID);

  // A patient's name in a query and a visit link's token in a path reach neither the log nor the metrics.
  const search = await request.get("/api/patients?query=Alex%20Morgan");
  expect(search.status()).toBe(401);
  const page = await request.get("/visit/not-a-real-visit-link-token");
  expect(page.headers()["x-request-id"]).toMatch(UUID);

  const { metricsToken } = await readE2eServerState();
  expect((await request.get("/api/metrics", { headers: { authorization: `Bearer ${metricsToken}x` } })).status()).toBe(401);
  const exposition = await scrape(metricsToken);
  expect(sample(exposition, "http_request_duration_seconds_count", 'method="GET",route="/api/ready",status="200"')).toBeGreaterThanOrEqual(1);
  expect(sample(exposition, "http_request_duration_seconds_count", 'method="GET",route="/api/patients",status="401"')).toBeGreaterThanOrEqual(1);
  expect(sample(exposition, "http_request_duration_seconds_count", `method="GET",route="/visit/[token]",status="${page.status()}"`)).toBeGreaterThanOrEqual(1);
  expect(exposition).not.toContain("not-a-real-visit-link-token");
  expect(sample(exposition, "database_pool_connections", 'state="total"')).toBeGreaterThanOrEqual(1);
  expect(exposition).toMatch(/^jobs_due \d+$/m);
  expect(exposition).toMatch(/^visits_active \d+$/m);

  const lines = (await readFile(E2E_APP_LOG, "utf8")).split("\n").filter((line) => line.startsWith("{"));
  const requestLine = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.requestId === "lb-7F000001-0001");
  expect(requestLine).toMatchObject({ level: "info", method: "GET", route: "/api/ready", status: 200, msg: "request" });
  expect(lines.some((line) => line.includes("Alex Morgan") || line.includes("not-a-real-visit-link-token"))).toBe(false);
});

test("a wrong password is counted for the metrics, not logged with a stack trace", async ({ page }) => {
  const { metricsToken } = await readE2eServerState();
  const before = sample(await scrape(metricsToken), "sign_in_failures_total", "");
  await page.goto("/sign-in");
  await submitPassword(page, "nobody.operations@demo.clinic", "Not-the-right-password-1");
  await expect(formAlert(page)).toHaveText("Email or password is incorrect.");
  await expectNoAxeViolations(page);
  expect(sample(await scrape(metricsToken), "sign_in_failures_total", "")).toBe(before + 1);
  // No line of the log names the refusal (the run's log check fails on Auth.js's stack trace for it too).
  expect(await readFile(E2E_APP_LOG, "utf8")).not.toContain("CredentialsSignin");
});
