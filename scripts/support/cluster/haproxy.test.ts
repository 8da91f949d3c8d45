import { describe, expect, it } from "vitest";
import { haproxyConfig } from "./haproxy";

// That haproxy accepts the file is proven by `npm run test:cluster`, which
// starts it; this suite runs on machines without haproxy.
describe("the cluster's HAProxy config", () => {
  it("sends the clinic to each app instance only while its health check answers, and LiveKit to each node", () => {
    const config = haproxyConfig({ dir: "/unused", appPort: 4100, appBackends: [4101, 4102], liveKitPort: 4109, liveKitBackends: [4110, 4111], statsPort: 4108 });
    expect(config).toContain("option httpchk GET /api/health");
    for (const port of [4101, 4102, 4110, 4111]) expect(config).toMatch(new RegExp(`server \\S+ 127\\.0\\.0\\.1:${port} check `));
    expect(config).toContain("bind 127.0.0.1:4100");
    expect(config).toContain("bind 127.0.0.1:4109");
    // The signal WebSocket stays open for the whole visit.
    expect(config).toContain("timeout tunnel 1h");
  });

  it("takes a LiveKit node out within a second of it dying and closes the signal connections it held", () => {
    const config = haproxyConfig({ dir: "/unused", appPort: 4100, appBackends: [4101, 4102], liveKitPort: 4109, liveKitBackends: [4110, 4111], statsPort: 4108 });
    for (const port of [4110, 4111]) {
      expect(config).toContain(`server livekit${port - 4109} 127.0.0.1:${port} check inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions`);
    }
  });
});
