import { describe, expect, it } from "vitest";
import { OperationOutcomeError } from "../errors";
import { entriesOfNdjson } from "./input";

async function* linesOf(...lines: string[]) {
  yield* lines;
}

describe("entriesOfNdjson", () => {
  it("reads one resource per line, skipping blank lines but counting them in each entry's path", async () => {
    const entries = await entriesOfNdjson(linesOf('{"resourceType":"Patient","id":"a"}', "", '{"resourceType":"Patient","id":"b"}'), "Patient.ndjson");
    expect(entries).toEqual([
      { resource: { resourceType: "Patient", id: "a" }, fullUrl: null, path: "Patient.ndjson line 1" },
      { resource: { resourceType: "Patient", id: "b" }, fullUrl: null, path: "Patient.ndjson line 3" },
    ]);
  });

  it("refuses the file naming every line that is not JSON or not a resource", async () => {
    const reading = entriesOfNdjson(["{oops", '{"resourceType":"Patient"}', "[1]"], "Patient.ndjson");
    await expect(reading).rejects.toBeInstanceOf(OperationOutcomeError);
    const error = (await reading.catch((caught: unknown) => caught)) as OperationOutcomeError;
    expect(error.issues.map((issue) => [issue.expression, issue.diagnostics])).toEqual([
      [["Patient.ndjson line 1"], "This line is not JSON."],
      [["Patient.ndjson line 3"], "This line is not a FHIR resource."],
    ]);
  });
});
