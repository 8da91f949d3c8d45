import { describe, expect, it } from "vitest";
import { dicomUid, isDicomUid, uidFor } from "./uids";

describe("DICOM UIDs", () => {
  it("derives a valid 2.25 UID from a name, the same every time and different for another name", () => {
    const uid = uidFor("MRN-000001/ct-chest");
    expect(uid).toMatch(/^2\.25\.[1-9][0-9]{0,38}$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    expect(isDicomUid(uid)).toBe(true);
    expect(uidFor("MRN-000001/ct-chest")).toBe(uid);
    expect(uidFor("MRN-000002/ct-chest")).not.toBe(uid);
  });

  it("sets the UUID's version 5 and variant bits, so the integer is a real UUID's", () => {
    const hex = BigInt(uidFor("x").slice("2.25.".length)).toString(16).padStart(32, "0");
    expect(hex[12]).toBe("5");
    expect(["8", "9", "a", "b"]).toContain(hex[16]);
  });

  it.each([
    ["1.2.840.10008.5.1.4.1.1.2", true],
    ["2.25.0", true],
    ["1", false],
    ["1.02.3", false],
    ["1..2", false],
    ["1.2.", false],
    ["1.2.3a", false],
    ["../../studies", false],
    ["1.2.3*", false],
    [`1.${"2".repeat(63)}`, false],
    ["", false],
  ])("%s is a DICOM UID: %s", (value, valid) => {
    expect(isDicomUid(value)).toBe(valid);
    expect(dicomUid.safeParse(value).success).toBe(valid);
  });
});
