import { describe, expect, it } from "vitest";
import { embeddedDatabaseUrl, mayPrepareStatements, statementName } from "./statements";

describe("mayPrepareStatements", () => {
  it("prepares statements on a PostgreSQL server unless switched off", () => {
    const url = "postgresql://clinic:s3cret@db.internal:5432/clinic?sslmode=require";
    expect(mayPrepareStatements(url, undefined)).toBe(true);
    expect(mayPrepareStatements(url, "off")).toBe(false);
  });

  it("never on the embedded database, whose one session every connection shares", () => {
    expect(mayPrepareStatements(embeddedDatabaseUrl("127.0.0.1:41234"), undefined)).toBe(false);
  });
});

describe("statementName", () => {
  it("names the same SQL the same, different SQL differently, within PostgreSQL's 63-character limit", () => {
    const summary = 'SELECT * FROM "Patient" WHERE id = $1';
    expect(statementName(summary)).toBe(statementName(summary));
    expect(statementName(summary)).not.toBe(statementName('SELECT * FROM "Patient" WHERE mrn = $1'));
    expect(statementName("x".repeat(10_000)).length).toBeLessThanOrEqual(63);
  });
});
