import "server-only";
import { createReadStream } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { entriesOfNdjson, type ImportEntry } from "./input";

/** The resources of an NDJSON file on disk, read line by line however large the file. */
export function entriesOfNdjsonFile(file: string): Promise<ImportEntry[]> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  return entriesOfNdjson(lines, path.basename(file));
}
