import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { startMailCatcher } from "../../lib/mail/catcher";

export interface LocalServices {
  env: Record<string, string>;
  stop: () => Promise<void>;
}

/**
 * What the app needs besides its database, on one machine: an AUTH_SECRET and
 * an SMTP server. Anything already configured in the environment is used as is.
 */
export async function startLocalServices(options: { dataDir: string; mailDir: string }): Promise<LocalServices> {
  const env: Record<string, string> = {
    AUTH_SECRET: process.env.AUTH_SECRET ?? (await persistedAuthSecret(options.dataDir)),
  };
  if (process.env.SMTP_URL) return { env, stop: async () => {} };
  const mail = await startMailCatcher({ dir: options.mailDir });
  env.SMTP_URL = mail.url;
  env.MAIL_CATCHER_DIR = options.mailDir;
  return { env, stop: mail.stop };
}

/** Kept across restarts (and shared with `npm run db:seed`) so sessions and encrypted MFA secrets stay valid. */
export async function persistedAuthSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "auth-secret");
  const existing = await readFile(file, "utf8").catch(() => "");
  if (existing.trim()) return existing.trim();
  const secret = randomBytes(32).toString("base64url");
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
