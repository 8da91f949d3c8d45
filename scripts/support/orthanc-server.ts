// A local Orthanc (with its DICOMweb plugin) as the image archive for `npm run
// dev`, the e2e server and the integration tests, when the Debian packages
// `orthanc` and `orthanc-dicomweb` are installed. Like the local LiveKit
// server: its own config and storage under a data directory, HTTP on loopback
// only (remote access refused), a fresh password on each start that only the
// app is given, and no DICOM (DIMSE) listener. Production sets DICOMWEB_URL.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ORTHANC_PACKAGES } from "../../lib/imaging/types";
import { lastLines, spawnChildServer, stopOrphan } from "./child-server";

export interface DicomWebEnv {
  DICOMWEB_URL: string;
  DICOMWEB_USERNAME?: string;
  DICOMWEB_PASSWORD?: string;
}

export interface LocalOrthanc {
  env: DicomWebEnv;
  stop: () => Promise<void>;
}

/** A problem the user can fix; callers print the message alone. */
export class OrthancSetupError extends Error {
  override name = "OrthancSetupError";
}

/** What to install for a local archive: the one line the imaging tab and the logs show. */
export const ORTHANC_SETUP = `sudo apt-get install ${ORTHANC_PACKAGES}`;

const BINARIES = ["/usr/sbin/Orthanc", "/usr/bin/Orthanc"];
const PLUGIN_DIRECTORIES = ["/usr/share/orthanc/plugins", "/usr/lib/orthanc"];

/** The installed Orthanc and its DICOMweb plugin, or null when either is missing. */
export function findOrthanc(): { binary: string; plugin: string } | null {
  const binary = BINARIES.find((candidate) => existsSync(candidate));
  const plugin = PLUGIN_DIRECTORIES.flatMap((directory) =>
    existsSync(directory) ? readdirSync(directory).filter((name) => name.startsWith("libOrthancDicomWeb.so")).map((name) => path.join(directory, name)) : [],
  )[0];
  return binary && plugin ? { binary, plugin } : null;
}

/** The archive in the environment (DICOMWEB_URL and its credentials), or null. */
export function configuredDicomWeb(env: NodeJS.ProcessEnv = process.env): DicomWebEnv | null {
  if (!env.DICOMWEB_URL) return null;
  if (!/^https?:\/\//.test(env.DICOMWEB_URL)) throw new OrthancSetupError(`DICOMWEB_URL must be an http:// or https:// URL (it is "${env.DICOMWEB_URL}").`);
  return {
    DICOMWEB_URL: env.DICOMWEB_URL,
    ...(env.DICOMWEB_USERNAME ? { DICOMWEB_USERNAME: env.DICOMWEB_USERNAME, DICOMWEB_PASSWORD: env.DICOMWEB_PASSWORD ?? "" } : {}),
  };
}

/**
 * Starts Orthanc on 127.0.0.1:`httpPort` with its storage in `dataDir` and
 * resolves once its DICOMweb root answers. Stopped by `stop()`, or when this process exits.
 */
export async function startLocalOrthanc(options: { httpPort: number; dataDir: string; log: (message: string) => void }): Promise<LocalOrthanc> {
  const installed = findOrthanc();
  if (!installed) throw new OrthancSetupError(`Orthanc and its DICOMweb plugin are not installed (${ORTHANC_SETUP}).`);
  const { httpPort, dataDir, log } = options;
  const storage = path.join(dataDir, "orthanc");
  await mkdir(storage, { recursive: true });
  const configFile = path.join(dataDir, "orthanc.json");
  const logFile = path.join(dataDir, "orthanc.log");
  const pidFile = path.join(dataDir, "orthanc.pid");
  await stopOrphan(pidFile, installed.binary, configFile);

  const password = randomBytes(24).toString("base64url");
  const config = {
    Name: "telemedicine-clinic",
    StorageDirectory: storage,
    IndexDirectory: storage,
    HttpPort: httpPort,
    // Refused from anywhere but this machine, and asks for the password only the app has.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { clinic: password },
    DicomServerEnabled: false,
    ExecuteLuaEnabled: false,
    RestApiWriteToFileSystemEnabled: false,
    Plugins: [installed.plugin],
    DicomWeb: { Enable: true, Root: "/dicom-web/", EnableWado: false },
  };
  await writeFile(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
  const { exited, stop } = await spawnChildServer(installed.binary, [configFile], { logFile, pidFile, header: `starting Orthanc on port ${httpPort}` });

  const env: DicomWebEnv = { DICOMWEB_URL: `http://127.0.0.1:${httpPort}/dicom-web`, DICOMWEB_USERNAME: "clinic", DICOMWEB_PASSWORD: password };
  const authorization = `Basic ${Buffer.from(`clinic:${password}`).toString("base64")}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited() || Date.now() > deadline) {
      const why = exited() ? " (it exited; is the port in use?)" : " within 30 seconds";
      await stop();
      throw new OrthancSetupError(`Orthanc did not start on port ${httpPort}${why}. Last lines of ${logFile}:\n${await lastLines(logFile, 10)}`);
    }
    const ready = await fetch(`${env.DICOMWEB_URL}/studies?limit=1`, { headers: { Authorization: authorization }, signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  log(`Orthanc image archive on http://127.0.0.1:${httpPort} (DICOMweb at /dicom-web); its log is ${logFile}`);
  return { env, stop };
}

/**
 * The archive a run uses: DICOMWEB_URL's, a local Orthanc on `httpPort` when
 * installed, or none (imaging shows "not configured"; the caller is told why).
 */
export async function dicomWebForRun(options: { httpPort: number; dataDir: string; log: (message: string) => void }): Promise<{ env: DicomWebEnv | null; stop: () => Promise<void> }> {
  const configured = configuredDicomWeb();
  if (configured) {
    options.log(`Using the DICOM archive at ${configured.DICOMWEB_URL}`);
    return { env: configured, stop: async () => {} };
  }
  if (!findOrthanc()) {
    options.log(`No DICOM archive: imaging shows "not configured" (for a local one: ${ORTHANC_SETUP}; or set DICOMWEB_URL).`);
    return { env: null, stop: async () => {} };
  }
  const local = await startLocalOrthanc(options);
  return local;
}
