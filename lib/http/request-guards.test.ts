import { describe, expect, it } from "vitest";
import { refusalOfApiRequest, refusalOfServerAction, refusalOfServerActionBody, type GuardedRequest } from "./request-guards";

const APP_URL = "https://clinic.example.org";

function request(method: string, headers: Record<string, string>, pathname = "/api/appointments"): GuardedRequest {
  return { method, pathname, headers: new Headers(headers) };
}

const refusal = (guarded: GuardedRequest) => refusalOfApiRequest(guarded, APP_URL);
const json = { "content-type": "application/json", "content-length": "20" };

describe("refusalOfApiRequest", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(refusal(request(method, { origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).toBeNull();
    }
  });

  it("refuses a change a page of another site or subdomain sent (403), by fetch metadata first", () => {
    for (const site of ["cross-site", "same-site"]) {
      const refused = refusal(request("POST", { ...json, "sec-fetch-site": site, origin: APP_URL, host: "clinic.example.org" }));
      expect(refused).toMatchObject({ status: 403, code: "CROSS_SITE_REQUEST" });
    }
    for (const method of ["PUT", "PATCH", "DELETE", "post"]) {
      expect(refusal(request(method, { ...json, origin: "https://evil.example", host: "clinic.example.org" }))?.status).toBe(403);
    }
    expect(refusal(request("POST", { ...json, origin: "null", host: "clinic.example.org" }))?.status).toBe(403);
    expect(refusal(request("POST", { ...json, origin: "https://clinic.example.org.evil.example", host: "clinic.example.org" }))?.status).toBe(403);
  });

  it("lets the clinic's own pages change things", () => {
    expect(refusal(request("POST", { ...json, "sec-fetch-site": "same-origin", origin: "https://clinic.example.org" }))).toBeNull();
    // Without fetch metadata (older browsers): the Origin against the host the request was sent to…
    expect(refusal(request("PUT", { ...json, origin: "http://127.0.0.1:3100", host: "127.0.0.1:3100" }))).toBeNull();
    expect(refusal(request("PUT", { ...json, origin: "https://app.example", "x-forwarded-host": "app.example", host: "internal:3000" }))).toBeNull();
    // …or APP_URL, when a proxy rewrote the Host.
    expect(refusal(request("DELETE", { origin: APP_URL, host: "10.0.0.5:3000" }))).toBeNull();
  });

  it("lets a request no browser sent through (it carries no one's cookies but its sender's)", () => {
    expect(refusal(request("POST", json))).toBeNull();
  });

  it("refuses a body that is not JSON (415): a form, plain text, or none declared", () => {
    const sameOrigin = { "sec-fetch-site": "same-origin" };
    for (const type of ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain;charset=UTF-8", "application/jsonx"]) {
      const refused = refusal(request("POST", { ...sameOrigin, "content-type": type, "content-length": "5" }));
      expect(refused, type).toMatchObject({ status: 415, code: "UNSUPPORTED_CONTENT_TYPE" });
    }
    // A form with no fields still declares itself a form.
    expect(refusal(request("POST", { ...sameOrigin, "content-type": "application/x-www-form-urlencoded", "content-length": "0" }))?.status).toBe(415);
    expect(refusal(request("POST", { ...sameOrigin, "content-length": "12" }))?.status).toBe(415);
    expect(refusal(request("POST", { ...sameOrigin, "transfer-encoding": "chunked" }))?.status).toBe(415);
  });

  it("accepts JSON with parameters, and a bare request without a body", () => {
    expect(refusal(request("POST", { "content-type": "Application/JSON; charset=utf-8", "content-length": "2" }))).toBeNull();
    expect(refusal(request("POST", { "content-length": "0" }))).toBeNull();
    expect(refusal(request("DELETE", {}))).toBeNull();
  });

  it("leaves the body format of LiveKit's webhooks and Auth.js's endpoints to them, but not the origin", () => {
    const webhook = { "content-type": "application/webhook+json", "content-length": "300" };
    expect(refusal(request("POST", webhook, "/api/livekit/webhook"))).toBeNull();
    expect(refusal(request("POST", { "content-type": "application/x-www-form-urlencoded", "content-length": "9" }, "/api/auth/signout"))).toBeNull();
    expect(refusal(request("POST", { ...webhook, origin: "https://evil.example", host: "clinic.example.org" }, "/api/livekit/webhook"))?.status).toBe(403);
  });

  it("takes a check-in photo only as application/octet-stream, a type no other site sends without a preflight", () => {
    const uploads = "/api/uploads/appt-1";
    expect(refusal(request("POST", { "content-type": "application/octet-stream", "content-length": "900" }, uploads))).toBeNull();
    expect(refusal(request("DELETE", {}, `${uploads}/upload-1`))).toBeNull();
    for (const type of ["image/png", "multipart/form-data; boundary=x", "text/plain", "application/json"]) {
      expect(refusal(request("POST", { "content-type": type, "content-length": "900" }, uploads)), type).toMatchObject({ status: 415, message: "Send the file as application/octet-stream." });
    }
    expect(refusal(request("POST", { "content-type": "application/octet-stream", origin: "https://evil.example", host: "clinic.example.org" }, uploads))?.status).toBe(403);
  });

  it("takes a study upload only as a form of files that says it came from the clinic's own pages", () => {
    const studies = "/api/patients/pat-1/imaging/studies";
    const form = { "content-type": "multipart/form-data; boundary=x", "content-length": "900" };
    expect(refusal(request("POST", { ...form, "sec-fetch-site": "same-origin" }, studies))).toBeNull();
    expect(refusal(request("POST", { ...form, origin: APP_URL }, studies))).toBeNull();
    // An old browser's form from another site says neither.
    expect(refusal(request("POST", form, studies))).toMatchObject({ status: 403, code: "CROSS_SITE_REQUEST" });
    expect(refusal(request("POST", { ...form, "sec-fetch-site": "cross-site" }, studies))?.status).toBe(403);
    expect(refusal(request("POST", { ...json, "sec-fetch-site": "same-origin" }, studies))).toMatchObject({ status: 415, message: "Send the files as multipart/form-data." });
    // Its study's routes beneath stay JSON.
    expect(refusal(request("POST", { ...form, "sec-fetch-site": "same-origin" }, `${studies}/1.2.3`))?.status).toBe(415);
  });
});

describe("refusalOfServerAction", () => {
  const action = (headers: Record<string, string>, method = "POST") => refusalOfServerAction({ method, headers: new Headers({ "next-action": "7f00", ...headers }) }, APP_URL);

  it("refuses an action a page of another site or subdomain sent (403), as the API does", () => {
    expect(action({ origin: "https://evil.example", host: "clinic.example.org" })).toMatchObject({ status: 403, code: "CROSS_SITE_REQUEST" });
    expect(action({ "sec-fetch-site": "same-site", origin: APP_URL })?.status).toBe(403);
    expect(action({ origin: "null", host: "clinic.example.org" })?.status).toBe(403);
  });

  it("lets the clinic's own pages, requests no browser sent, and everything that is not an action through", () => {
    expect(action({ "sec-fetch-site": "same-origin", origin: APP_URL })).toBeNull();
    expect(action({ origin: APP_URL, host: "10.0.0.5:3000" })).toBeNull();
    expect(action({})).toBeNull();
    expect(action({ origin: "https://evil.example" }, "GET")).toBeNull();
    expect(refusalOfServerAction({ method: "POST", headers: new Headers({ origin: "https://evil.example" }) }, APP_URL)).toBeNull();
  });
});

describe("refusalOfServerActionBody", () => {
  const action = (body: BodyInit, headers: Record<string, string> = {}) =>
    refusalOfServerActionBody(new Request("https://clinic.example.org/sign-in", { method: "POST", headers: { "next-action": "7f00", ...headers }, body }));

  it("lets React's reply encoding through: a JSON array as text, or as the form field 0", async () => {
    expect(await action('[{"step":"password"},"$K1"]', { "content-type": "text/plain;charset=UTF-8" })).toBeNull();
    const form = new FormData();
    form.append("1_email", "alex@example.org");
    form.append("0", '[{"attempt":0},"$K1"]');
    expect(await action(form)).toBeNull();
    expect(await action('["$$5 fee","$undefined","$D2026-12-03T10:00:00.000Z","$n12",null]', { "content-type": "text/plain" })).toBeNull();
    const withRow = new FormData();
    withRow.append("1", '{"plan":"x"}');
    withRow.append("0", '["$1",{"draft":"$@1:plan"}]');
    expect(await action(withRow)).toBeNull();
  });

  it("refuses arguments that are not in it (400) instead of letting Next fail on them", async () => {
    for (const body of ['[{"step":', '{"not":"an array"}', "", "\u0000\u00ff"]) {
      expect(await action(body, { "content-type": "text/plain;charset=UTF-8" }), body).toMatchObject({ status: 400, code: "BODY_NOT_JSON" });
    }
    expect((await action("--x\r\n\r\n", { "content-type": "multipart/form-data" }))?.status).toBe(400);
    for (const body of ['["$K1","$@7"]', '[{"map":"$Q3"}]', '["$1:name"]', '["$Zebra"]']) {
      expect((await action(body, { "content-type": "text/plain;charset=UTF-8" }))?.status, `${body}: refers to nothing`).toBe(400);
    }
    const withoutArguments = new FormData();
    withoutArguments.append("1_email", "alex@example.org");
    expect((await action(withoutArguments))?.status).toBe(400);
  });

  it("leaves requests that are not server actions alone", async () => {
    expect(await refusalOfServerActionBody(new Request("https://clinic.example.org/sign-in", { method: "POST", body: "not json" }))).toBeNull();
  });
});
