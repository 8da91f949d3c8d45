import { describe, expect, it } from "vitest";
import { logProblems, type PatientIdentifiers } from "./log-scan";

const ALEX: PatientIdentifiers = { id: "cm0alex", givenName: "Alex", familyName: "Morgan", mrn: "MRN-000001", email: "alex.morgan@demo.clinic" };
const JO: PatientIdentifiers = { id: "cm0jo", givenName: "Jo", familyName: "Park", mrn: "MRN-000002", email: null };

// What Auth.js's default logger printed for every wrong password before it was routed through ours.
const AUTHJS_REFUSED_SIGN_IN = `[auth][error] CredentialsSignin: Read more at https://errors.authjs.dev#credentialssignin
    at Module.callback (/app/.next/server/chunks/node_modules_@auth_core_abc.js:1:2345)
    at async AuthInternal (/app/.next/server/chunks/node_modules_@auth_core_abc.js:1:9876)`;

describe("logProblems", () => {
  it("passes a log of ids, routes and statuses", () => {
    const log = [
      '{"level":"info","time":"2026-12-04T20:00:00.000Z","requestId":"7c9e","method":"GET","route":"/api/visits/[appointmentId]/roster","status":200,"ms":12,"msg":"request"}',
      '{"level":"error","requestId":"7c9f","appointmentId":"cm0appt","err":{"type":"Error","message":"SMTP down","stack":"Error: SMTP down\\n    at send (mail.ts:1:1)"},"msg":"queueing the mail failed"}',
      "▲ Next.js 16.4.6",
    ].join("\n");
    expect(logProblems(log, [ALEX, JO])).toEqual([]);
  });

  it("finds a patient's full name, MRN or email in any case, and says whose", () => {
    const log = [
      '{"msg":"booked for alex morgan"}',
      '{"mrn":"mrn-000002"}',
      "mail to Alex.Morgan@demo.clinic failed",
      '{"name":"[redacted]"}',
      '{"url":"/api/patients?query=Jo+Park"}',
      '{"url":"/api/patients?query=Jo%20Park"}',
      '{"url":"/api/patients?email=alex.morgan%40demo.clinic"}',
    ].join("\n");
    expect(logProblems(log, [ALEX, JO])).toEqual([
      "line 1: the name of patient cm0alex",
      "line 2: the MRN of patient cm0jo",
      "line 3: the email of patient cm0alex",
      "line 5: the name of patient cm0jo",
      "line 6: the name of patient cm0jo",
      "line 7: the email of patient cm0alex",
    ]);
  });

  it("finds the stack trace Auth.js printed for a wrong password", () => {
    expect(logProblems(`{"msg":"request"}\n${AUTHJS_REFUSED_SIGN_IN}`, [ALEX])).toEqual(["line 2: a refused sign-in (an expected event) was logged with a stack trace"]);
  });

  it("stops at the limit", () => {
    expect(logProblems("MRN-000001\n".repeat(50), [ALEX], 3)).toHaveLength(3);
  });
});
