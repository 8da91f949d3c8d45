import { describe, expect, it } from "vitest";
import { viewableMailFolder } from "./viewer-access";

const DEV_ON_THIS_MACHINE = { development: true, catcherFolder: "/clinic/.data/mail", clientIp: "127.0.0.1" };

describe("viewableMailFolder", () => {
  it("shows the caught mail to the development server's own machine", () => {
    expect(viewableMailFolder(DEV_ON_THIS_MACHINE)).toBe("/clinic/.data/mail");
    expect(viewableMailFolder({ ...DEV_ON_THIS_MACHINE, clientIp: "::1" })).toBe("/clinic/.data/mail");
  });

  it("hides it from the production build, even with the catcher running (demo, e2e)", () => {
    expect(viewableMailFolder({ ...DEV_ON_THIS_MACHINE, development: false })).toBeNull();
  });

  it("hides it from other machines, and from a client whose address is unknown", () => {
    for (const clientIp of ["192.168.1.20", "10.0.0.7", "2001:db8::1", null]) {
      expect(viewableMailFolder({ ...DEV_ON_THIS_MACHINE, clientIp }), String(clientIp)).toBeNull();
    }
  });

  it("has nothing to show where mail really leaves the machine", () => {
    expect(viewableMailFolder({ ...DEV_ON_THIS_MACHINE, catcherFolder: undefined })).toBeNull();
  });
});
