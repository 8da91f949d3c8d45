import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listenHost, startChecks, type Environment } from "./start-checks";

const NODE_24 = "v24.21.0";
const PRODUCTION: Environment = {
  DATABASE_URL: "postgresql://clinic:secret@db.clinic.example:5432/clinic?sslmode=verify-full",
  AUTH_SECRET: "x".repeat(32),
  APP_URL: "https://visits.clinic.example",
  SMTP_URL: "smtps://mailer:secret@mail.clinic.example:465",
  LIVEKIT_URL: "wss://video.clinic.example",
  LIVEKIT_API_KEY: "key",
  LIVEKIT_API_SECRET: "secret",
};

const production = (changes: Environment) => startChecks("start", { ...PRODUCTION, ...changes }, NODE_24);

describe("a production start (npm start with DATABASE_URL)", () => {
  it("starts with complete, encrypted settings, without a warning", () => {
    expect(production({})).toEqual({ refusals: [], warnings: [] });
  });

  it("refuses an AUTH_SECRET under 32 bytes, or none", () => {
    expect(production({ AUTH_SECRET: "x".repeat(31) }).refusals).toEqual([expect.stringContaining("AUTH_SECRET is only 31 bytes")]);
    expect(production({ AUTH_SECRET: undefined }).refusals).toEqual([expect.stringContaining("AUTH_SECRET is not set")]);
    // Bytes, not characters: 16 two-byte characters are 32 bytes.
    expect(production({ AUTH_SECRET: "é".repeat(16) }).refusals).toEqual([]);
  });

  it("refuses without APP_URL, or with one that is not https:// to another machine", () => {
    expect(production({ APP_URL: undefined }).refusals).toEqual([expect.stringContaining("APP_URL is not set")]);
    expect(production({ APP_URL: "" }).refusals).toEqual([expect.stringContaining("APP_URL is not set")]);
    expect(production({ APP_URL: "http://visits.clinic.example" }).refusals).toEqual([expect.stringContaining("APP_URL is http:// to visits.clinic.example")]);
    expect(production({ APP_URL: "visits.clinic.example" }).refusals).toEqual([expect.stringContaining("APP_URL is not a URL")]);
    expect(production({ APP_URL: "ftp://visits.clinic.example" }).refusals).toEqual([expect.stringContaining("APP_URL must be a https:// or http:// URL")]);
    expect(production({ APP_URL: "http://127.0.0.1:3000" }).refusals).toEqual([]);
  });

  it("refuses ws:// LiveKit to a host that is not this machine", () => {
    expect(production({ LIVEKIT_URL: "ws://video.clinic.example:7880" }).refusals).toEqual([expect.stringContaining("LIVEKIT_URL is ws:// to video.clinic.example")]);
    expect(production({ LIVEKIT_URL: "ws://10.0.0.8:7880" }).refusals).toEqual([expect.stringContaining("LIVEKIT_URL is ws:// to 10.0.0.8")]);
    expect(production({ LIVEKIT_URL: "http://video.clinic.example" }).refusals).toEqual([expect.stringContaining("LIVEKIT_URL is http:// to video.clinic.example")]);
    for (const loopback of ["ws://127.0.0.1:7880", "ws://localhost:7880", "ws://[::1]:7880", "https://video.clinic.example"]) {
      expect(production({ LIVEKIT_URL: loopback }).refusals, loopback).toEqual([]);
    }
  });

  it("refuses without SMTP_URL or LIVEKIT_URL", () => {
    expect(production({ SMTP_URL: undefined }).refusals).toEqual([expect.stringContaining("SMTP_URL is not set")]);
    expect(production({ LIVEKIT_URL: undefined }).refusals).toEqual([expect.stringContaining("LIVEKIT_URL is not set")]);
  });

  it("lists every refusal at once", () => {
    expect(production({ AUTH_SECRET: "short", APP_URL: undefined, LIVEKIT_URL: "ws://video.clinic.example" }).refusals).toHaveLength(3);
  });

  it("warns, but starts, when DATABASE_URL crosses the network without TLS", () => {
    const plain = production({ DATABASE_URL: "postgresql://clinic:secret@db.clinic.example:5432/clinic" });
    expect(plain.refusals).toEqual([]);
    expect(plain.warnings).toEqual([expect.stringContaining("DATABASE_URL connects to db.clinic.example without TLS")]);
    expect(production({ DATABASE_URL: "postgresql://clinic@db.clinic.example/clinic?sslmode=disable" }).warnings).toHaveLength(1);
    expect(production({ DATABASE_URL: "postgresql://clinic@db.clinic.example/clinic?host=10.0.0.9" }).warnings).toEqual([
      expect.stringContaining("connects to 10.0.0.9"),
    ]);
  });

  it("does not warn about a database reached with TLS or on this machine", () => {
    for (const url of [
      "postgresql://clinic@db.clinic.example/clinic?sslmode=require",
      "postgresql://clinic@db.clinic.example/clinic?ssl=true",
      "postgresql://clinic@db.clinic.example/clinic?sslnegotiation=direct",
      "postgresql://clinic@127.0.0.1:5432/clinic",
      "postgresql://clinic@localhost/clinic",
      "postgresql://clinic@[::1]/clinic",
      "postgresql:///clinic?host=/var/run/postgresql",
      "postgresql://clinic@db.clinic.example/clinic?host=/var/run/postgresql",
    ]) {
      expect(production({ DATABASE_URL: url }).warnings, url).toEqual([]);
    }
  });
});

describe("every start", () => {
  it("refuses Node older than 22.18", () => {
    for (const version of ["v20.20.2", "v22.17.1", "v18.20.0"]) {
      expect(startChecks("dev", {}, version).refusals, version).toEqual([expect.stringContaining(`This is Node.js ${version}`)]);
    }
    for (const version of ["v22.18.0", "v23.0.0", "v24.21.0", "v26.1.0"]) expect(startChecks("dev", {}, version).refusals, version).toEqual([]);
  });

  it("refuses a PORT that is not a port", () => {
    for (const port of ["http", "0", "65536", "80.5"]) {
      expect(startChecks("dev", { PORT: port }, NODE_24).refusals, port).toEqual([expect.stringContaining("PORT must be a port number")]);
    }
    expect(startChecks("dev", { PORT: "3110" }, NODE_24).refusals).toEqual([]);
  });

  it("refuses a TRUSTED_PROXY_HOPS that is not a number of proxies", () => {
    expect(startChecks("dev", { TRUSTED_PROXY_HOPS: "yes" }, NODE_24).refusals).toEqual([expect.stringContaining("TRUSTED_PROXY_HOPS must be")]);
    expect(startChecks("dev", { TRUSTED_PROXY_HOPS: "1" }, NODE_24).refusals).toEqual([]);
  });

  it("refuses the e2e suite's scheduling clock, in development and in production", () => {
    for (const setting of [{ E2E_CLOCK: "2027-07-14T13:00:00Z" }, { E2E_CLOCK_OFFSET_MS: "19000000000" }]) {
      expect(production(setting).refusals).toEqual([expect.stringContaining("runs the scheduling clock ahead")]);
      expect(startChecks("dev", setting, NODE_24).refusals).toEqual([expect.stringContaining("runs the scheduling clock ahead")]);
    }
    expect(production({ E2E_CLOCK: "" }).refusals).toEqual([]);
  });
});

describe("the embedded database", () => {
  it("is for development, or for npm start with DEMO=1", () => {
    expect(startChecks("dev", {}, NODE_24)).toEqual({ refusals: [], warnings: [] });
    expect(startChecks("start", {}, NODE_24).refusals).toEqual([expect.stringContaining("or DEMO=1 to run the demo on purpose")]);
    expect(startChecks("start", { DEMO: "yes" }, NODE_24).refusals).toHaveLength(1);
    expect(startChecks("start", { DEMO: "1" }, NODE_24)).toEqual({ refusals: [], warnings: [] });
  });
});

describe("listenHost", () => {
  it("is loopback for development and the embedded database, unless HOST says otherwise", () => {
    expect(listenHost("dev", {})).toBe("127.0.0.1");
    expect(listenHost("dev", { DATABASE_URL: PRODUCTION.DATABASE_URL })).toBe("127.0.0.1");
    expect(listenHost("start", { DEMO: "1" })).toBe("127.0.0.1");
    expect(listenHost("start", { DEMO: "1", HOST: "0.0.0.0" })).toBe("0.0.0.0");
  });

  it("is every interface for a production server, or HOST", () => {
    expect(listenHost("start", { DATABASE_URL: PRODUCTION.DATABASE_URL })).toBeUndefined();
    expect(listenHost("start", { DATABASE_URL: PRODUCTION.DATABASE_URL, HOST: "10.0.0.5" })).toBe("10.0.0.5");
  });
});

describe("the Node the app and its tests run on", () => {
  const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    allowScripts?: Record<string, boolean>;
  };

  it("is Node 24 LTS, installed by npm into node_modules/.bin (the node package, whose install script npm may run)", () => {
    expect(manifest.dependencies.node).toMatch(/^24\.\d+\.\d+$/);
    expect(manifest.allowScripts).toMatchObject({ node: true });
  });

  it("is what these tests run on", () => {
    expect(process.versions.node.split(".")[0]).toBe("24");
  });
});
