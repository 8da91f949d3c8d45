import { describe, expect, it } from "vitest";
import { compareSchemaVersion } from "./schema-version";

const code = ["20261129043100_clinical_guarantees", "20261203090000_database_roles_and_audit_chain", "20261206140000_confirm_or_cancel_and_waitlist"];

describe("compareSchemaVersion", () => {
  it("restores this code's schema and its older ones", () => {
    expect(compareSchemaVersion("20261206140000_confirm_or_cancel_and_waitlist", code)).toBe("same");
    expect(compareSchemaVersion("20261203090000_database_roles_and_audit_chain", code)).toBe("older");
    expect(compareSchemaVersion("20261129043100_clinical_guarantees", code)).toBe("older");
  });

  it("refuses a schema with a migration later than this code's last, or one this code never had", () => {
    expect(compareSchemaVersion("20261207140000_backups", code)).toBe("newer");
    expect(compareSchemaVersion("20261206140001_a", code)).toBe("newer");
    expect(compareSchemaVersion("20261204000000_another_branch", code)).toBe("unknown");
    expect(compareSchemaVersion("20261129043100_clinical_guarantees", [])).toBe("newer");
  });

  it("does not depend on the order the migrations are listed in", () => {
    expect(compareSchemaVersion("20261206140000_confirm_or_cancel_and_waitlist", [...code].reverse())).toBe("same");
    expect(compareSchemaVersion("20261207140000_backups", [...code].reverse())).toBe("newer");
  });
});
