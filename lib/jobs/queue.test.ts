import { describe, expect, it } from "vitest";
import { DEFAULT_JOB_RETENTION_DAYS, jobRetentionDays } from "./queue";

describe("jobRetentionDays", () => {
  it("is 30 days unless JOB_RETENTION_DAYS says otherwise", () => {
    expect(DEFAULT_JOB_RETENTION_DAYS).toBe(30);
    expect(jobRetentionDays(undefined)).toBe(30);
    expect(jobRetentionDays("  ")).toBe(30);
    expect(jobRetentionDays("7")).toBe(7);
    expect(jobRetentionDays(" 90 ")).toBe(90);
  });

  it.each(["0", "-5", "1.5", "30d", "thirty", "1e3", "99999"])("refuses %j with a message naming the setting", (setting) => {
    expect(() => jobRetentionDays(setting)).toThrow(`JOB_RETENTION_DAYS must be a whole number of days from 1 to 36500 (it is "${setting}").`);
  });
});
