import "server-only";
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import { BackupError } from "./errors";

// The backup file (docs/OPERATIONS.md, "The backup file"):
//
//   telemedicine-backup 1\n          the format and its version
//   {"manifest":…,"encryption":…}\n  the header: one line of JSON, readable without the key
//   <ciphertext>                     pg_dump's custom-format archive, AES-256-GCM
//   <tag>                            the last 16 bytes: GCM's authentication tag
//
// The two header lines are GCM's additional authenticated data, so the tag
// covers the manifest as well as the dump: a changed row count, schema version
// or audit head fails the same check as a flipped byte in the data. The
// manifest stays in the clear (it holds table names, counts and hashes, no
// patient data) so that `head -n 2` tells an operator what a file is.

export const BACKUP_MAGIC = "telemedicine-backup";
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_KEY_VARIABLE = "BACKUP_ENCRYPTION_KEY";
/** A header is a few kilobytes; anything without its second newline within this is not a backup. */
export const MAX_HEADER_BYTES = 1024 * 1024;
export const AUTH_TAG_BYTES = 16;
const IV_BYTES = 12;
const KEY_BYTES = 32;
const CIPHER = "aes-256-gcm";

const instant = z.iso.datetime();
const chainLink = { id: z.string().regex(/^\d+$/), occurredAt: instant };

export const backupManifestSchema = z.strictObject({
  createdAt: instant,
  /** package.json's version of the code that made the backup. */
  appVersion: z.string().min(1),
  /** The last migration applied to the database (`_prisma_migrations`). */
  schemaVersion: z.string().regex(/^\d{14}_\w+$/),
  database: z.strictObject({ name: z.string().min(1), serverVersion: z.string().min(1) }),
  /** The pg_dump that wrote the archive; pg_restore must be at least its major version. */
  pgDumpVersion: z.string().min(1),
  /** Every table of the schema and its rows, counted in the snapshot pg_dump dumped. */
  rowCounts: z.record(z.string(), z.number().int().nonnegative()),
  /** verifyAuditChain (lib/audit/chain.ts) over the same snapshot. */
  auditChain: z.strictObject({
    intact: z.number().int().nonnegative(),
    head: z.strictObject({ ...chainLink, hash: z.string().regex(/^[0-9a-f]{64}$/) }).nullable(),
    broken: z.strictObject({ ...chainLink, problem: z.enum(["altered", "unlinked"]) }).nullable(),
  }),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;

const backupHeaderSchema = z.strictObject({
  manifest: backupManifestSchema,
  encryption: z.strictObject({
    cipher: z.literal(CIPHER),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    iv: z.base64().refine((value) => Buffer.from(value, "base64").length === IV_BYTES, "a 12-byte IV"),
  }),
});

export type BackupHeader = z.infer<typeof backupHeaderSchema>;

/** BACKUP_ENCRYPTION_KEY: 32 random bytes in base64 (`openssl rand -base64 32`). */
export function parseBackupKey(value: string | undefined): Buffer {
  const key = value ? Buffer.from(value.trim(), "base64") : Buffer.alloc(0);
  if (key.length !== KEY_BYTES || key.toString("base64") !== value?.trim()) {
    throw new BackupError(
      "NOT_CONFIGURED",
      `${BACKUP_KEY_VARIABLE} must be 32 random bytes in base64 (make one with \`openssl rand -base64 32\`, and keep it apart from the backups).`,
    );
  }
  return key;
}

/** Names a key without revealing it, so a restore with another key says so instead of "damaged". */
export function backupKeyId(key: Buffer): string {
  return createHmac("sha256", key).update("telemedicine-backup key id").digest().subarray(0, 8).toString("hex");
}

export function encodeBackupHeader(header: BackupHeader): Buffer {
  return Buffer.from(`${BACKUP_MAGIC} ${BACKUP_FORMAT_VERSION}\n${JSON.stringify(header)}\n`, "utf8");
}

/** The header at the start of a file (given at most its first MAX_HEADER_BYTES) and how many bytes it takes. */
export function parseBackupHeader(start: Buffer): { header: BackupHeader; length: number } {
  const notABackup = (why: string) =>
    new BackupError("NOT_A_BACKUP", `This file is not a backup made by \`npm run db:backup\`, or its start is damaged: ${why}.`);
  const firstLineEnd = start.indexOf(0x0a);
  const firstLine = start.subarray(0, firstLineEnd === -1 ? Math.min(start.length, 64) : firstLineEnd).toString("utf8");
  const [magic, version] = firstLine.split(" ");
  if (magic !== BACKUP_MAGIC) throw notABackup(`it does not begin with "${BACKUP_MAGIC}"`);
  if (version !== String(BACKUP_FORMAT_VERSION)) {
    throw notABackup(`it is format version ${version ?? "(none)"}, and this code reads version ${BACKUP_FORMAT_VERSION}`);
  }
  const headerEnd = start.indexOf(0x0a, firstLineEnd + 1);
  if (headerEnd === -1) throw notABackup("its header is cut short");
  let json: unknown;
  try {
    json = JSON.parse(start.subarray(firstLineEnd + 1, headerEnd).toString("utf8"));
  } catch {
    throw notABackup("its header is not JSON");
  }
  const parsed = backupHeaderSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw notABackup(`its header's ${issue.path.join(".") || "shape"} is not valid (${issue.message})`);
  }
  return { header: parsed.data, length: headerEnd + 1 };
}

/** The whole file: the header, then the archive encrypted as it streams, then the tag. */
export async function* encryptBackup(
  manifest: BackupManifest,
  key: Buffer,
  archive: AsyncIterable<Buffer> | Iterable<Buffer>,
): AsyncGenerator<Buffer> {
  const iv = randomBytes(IV_BYTES);
  const header = encodeBackupHeader({ manifest, encryption: { cipher: CIPHER, keyId: backupKeyId(key), iv: iv.toString("base64") } });
  const cipher = createCipheriv(CIPHER, key, iv);
  cipher.setAAD(header);
  yield header;
  for await (const chunk of archive) yield cipher.update(chunk);
  yield cipher.final();
  yield cipher.getAuthTag();
}

/** Refuses a key other than the one the backup was made with, before anything is decrypted. */
export function checkBackupKey(header: BackupHeader, key: Buffer): void {
  const keyId = backupKeyId(key);
  if (header.encryption.keyId !== keyId) {
    throw new BackupError(
      "WRONG_KEY",
      `This backup was encrypted with another key (key id ${header.encryption.keyId}; ${BACKUP_KEY_VARIABLE} has key id ${keyId}). ` +
        "Set the key it was made with. Nothing was restored.",
    );
  }
}

/**
 * The archive, decrypted as it streams. It throws at the end when the tag does
 * not hold, so whoever reads it must not act on the bytes before then (the
 * restore reads it through once to check, then again to restore).
 */
export async function* decryptBackup(
  header: { bytes: Buffer; parsed: BackupHeader },
  key: Buffer,
  ciphertext: AsyncIterable<Buffer> | Iterable<Buffer>,
  tag: Buffer,
): AsyncGenerator<Buffer> {
  checkBackupKey(header.parsed, key);
  const decipher = createDecipheriv(CIPHER, key, Buffer.from(header.parsed.encryption.iv, "base64"));
  decipher.setAAD(header.bytes);
  decipher.setAuthTag(tag);
  for await (const chunk of ciphertext) yield decipher.update(chunk);
  try {
    yield decipher.final();
  } catch {
    throw new BackupError(
      "TAMPERED",
      "This backup was changed or damaged after it was written: its authentication tag does not match its contents. Nothing was restored.",
    );
  }
}
