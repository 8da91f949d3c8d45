// `npm run livekit:build`: builds the local LiveKit server into .cache/livekit/
// ahead of time (CI runs it before the tests so the e2e server starts fast).
// Nothing to do when the binary is already there, or when LIVEKIT_URL points
// the app at another LiveKit server.
import { configuredLiveKit, ensureLiveKitBinary, LiveKitSetupError, LIVEKIT_SERVER_VERSION } from "./support/livekit-server";

const log = (message: string) => console.log(`[livekit] ${message}`);

try {
  const configured = configuredLiveKit();
  if (configured) {
    log(`LIVEKIT_URL is set (${configured.LIVEKIT_URL}): no local LiveKit server is needed.`);
  } else {
    const binary = await ensureLiveKitBinary(log);
    log(`LiveKit server ${LIVEKIT_SERVER_VERSION} is ready: ${binary}`);
  }
} catch (error) {
  console.error(error instanceof LiveKitSetupError ? error.message : error);
  process.exit(1);
}
