import { describe, expect, it } from "vitest";
import { withoutDefaultPrivileges } from "./restore";

describe("withoutDefaultPrivileges", () => {
  it("leaves out the owner's default privileges (named by the old owner) and keeps every other entry, grants and columns' defaults included", () => {
    const list = [
      ";     Dumped from database version: 15.18",
      "4344; 0 0 ACL public TABLE \"AuditEvent\" clinic_owner",
      "2607; 826 566438 DEFAULT ACL public DEFAULT PRIVILEGES FOR SEQUENCES clinic_owner",
      "2606; 826 566437 DEFAULT ACL public DEFAULT PRIVILEGES FOR TABLES clinic_owner",
      "3662; 2604 565310 DEFAULT public Job id clinic_owner",
      "4279; 0 565253 TABLE DATA public _prisma_migrations clinic_owner",
      "",
    ].join("\n");
    expect(withoutDefaultPrivileges(list)).toBe(
      [";     Dumped from database version: 15.18", "4344; 0 0 ACL public TABLE \"AuditEvent\" clinic_owner", "3662; 2604 565310 DEFAULT public Job id clinic_owner", "4279; 0 565253 TABLE DATA public _prisma_migrations clinic_owner", ""].join("\n"),
    );
  });
});
