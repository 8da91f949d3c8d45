import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./errors";

// What each layer throws when PostgreSQL is away, as they shape it; the real
// thing is met in unavailable.int.test.ts and the cluster suite.
const withCode = (code: string, message = "") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["Prisma: can't reach the server", withCode("P1001")],
    ["Prisma: the server closed the connection", withCode("P1017")],
    ["Prisma: no pool connection in time", withCode("P2024")],
    ["the driver adapter: the server shutting down", Object.assign(withCode("P2010"), { meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "57P01" } } } })],
    ["the driver adapter: the server starting up", Object.assign(withCode("P2010"), { meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "57P03" } } } })],
    ["node-postgres: the socket went away", new Error("Connection terminated unexpectedly")],
    ["Node: connection refused, as a cause", new Error("query failed", { cause: withCode("ECONNREFUSED") })],
    ["SQLSTATE class 08", withCode("08006")],
  ])("recognises %s", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", withCode("P2002")],
    ["a missing table", Object.assign(withCode("P2010"), { meta: { driverAdapterError: { cause: { kind: "TableDoesNotExist", originalCode: "42P01" } } } })],
    ["a bug", new TypeError("cannot read properties of undefined")],
    ["nothing", undefined],
  ])("leaves %s alone", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
