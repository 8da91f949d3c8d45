import { rm } from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { configuredDicomWeb, findOrthanc, ORTHANC_SETUP, startLocalOrthanc, type DicomWebEnv } from "../../../scripts/support/orthanc-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** The DICOM archive the imaging tests use (DICOMWEB_URL's, or an Orthanc started for this run), or why there is none. */
    dicomWeb: { env: DicomWebEnv } | { unavailable: string };
  }
}

// The imaging tests run against a real archive: DICOMWEB_URL's, or a local
// Orthanc with a fresh storage on INTEGRATION_ORTHANC_PORT (default: three above
// the LiveKit ports, so moving INTEGRATION_LIVEKIT_PORT moves both). Without
// one, those tests fail saying why; the others still run.
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const configured = configuredDicomWeb();
  if (configured) {
    project.provide("dicomWeb", { env: configured });
    return undefined;
  }
  if (!findOrthanc()) {
    project.provide("dicomWeb", { unavailable: `The imaging tests need a DICOM archive: set DICOMWEB_URL, or install Orthanc (${ORTHANC_SETUP}).` });
    return undefined;
  }
  const port = Number(process.env.INTEGRATION_ORTHANC_PORT ?? Number(process.env.INTEGRATION_LIVEKIT_PORT ?? "7970") + 3);
  const dataDir = path.join(process.cwd(), ".data", `integration-orthanc-${port}`);
  // Each run starts from an empty archive.
  await rm(path.join(dataDir, "orthanc"), { recursive: true, force: true });
  try {
    const server = await startLocalOrthanc({
      httpPort: port,
      dataDir,
      log: (message) => console.log(`[orthanc] ${message}`),
    });
    project.provide("dicomWeb", { env: server.env });
    return () => server.stop();
  } catch (error) {
    project.provide("dicomWeb", { unavailable: `Starting Orthanc for the imaging tests failed: ${error instanceof Error ? error.message : error}` });
    return undefined;
  }
}
