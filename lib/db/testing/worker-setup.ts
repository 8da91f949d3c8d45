import { inject } from "vitest";

// Modules under test read DATABASE_URL like the app does: the runtime role.
process.env.DATABASE_URL = inject("databaseUrl");

// The room operations read the LiveKit server from the environment, as the app does.
const liveKit = inject("liveKit");
if ("env" in liveKit) Object.assign(process.env, liveKit.env);
