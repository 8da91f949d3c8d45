import { describe, expect, it } from "vitest";
import { factDifferences, type DatabaseFacts } from "./database-facts";

const backup: DatabaseFacts = {
  schemaVersion: "20261206140000_confirm_or_cancel_and_waitlist",
  rowCounts: { Patient: 40, AuditEvent: 3 },
  auditChain: { intact: 3, head: { id: "3", occurredAt: "2026-12-04T19:59:00.000Z", hash: "ab".repeat(32) }, broken: null },
};

describe("factDifferences", () => {
  it("finds none when the restored database is the backup's", () => {
    expect(factDifferences(backup, structuredClone(backup))).toEqual([]);
  });

  it("names each difference: schema version, a table's rows, a table too many or missing, the audit chain", () => {
    expect(factDifferences(backup, { ...backup, schemaVersion: null })).toEqual([
      "schema version (none), the backup's is 20261206140000_confirm_or_cancel_and_waitlist",
    ]);
    expect(factDifferences(backup, { ...backup, rowCounts: { Patient: 39, AuditEvent: 3, Extra: 0 } })).toEqual([
      "table Extra (0 rows) is not in the backup",
      "table Patient holds 39 rows, the backup 40",
    ]);
    expect(factDifferences(backup, { ...backup, rowCounts: { Patient: 40 } })).toEqual(["table AuditEvent (3 rows in the backup) is missing"]);
    const chain = (auditChain: Partial<DatabaseFacts["auditChain"]>) => factDifferences(backup, { ...backup, auditChain: { ...backup.auditChain, ...auditChain } });
    expect(chain({ intact: 2 })).toHaveLength(1);
    expect(chain({ head: { ...backup.auditChain.head!, hash: "cd".repeat(32) } })).toHaveLength(1);
    expect(chain({ head: { ...backup.auditChain.head!, id: "4" } })).toHaveLength(1);
    expect(chain({ head: null })).toHaveLength(1);
    expect(chain({ broken: { id: "2", occurredAt: "2026-12-04T19:58:00.000Z", problem: "altered" } })[0]).toContain("broken at event 2 (altered)");
  });
});
