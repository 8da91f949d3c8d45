import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BackupError } from "./errors";
import { backupKeyId, decryptBackup, encodeBackupHeader, encryptBackup, parseBackupHeader, parseBackupKey, type BackupManifest } from "./format";

const manifest: BackupManifest = {
  createdAt: "2026-12-04T20:00:00.000Z",
  appVersion: "0.1.0",
  schemaVersion: "20261206140000_confirm_or_cancel_and_waitlist",
  database: { name: "clinic", serverVersion: "15.18" },
  pgDumpVersion: "15.18",
  rowCounts: { Patient: 40, AuditEvent: 3 },
  auditChain: { intact: 3, head: { id: "3", occurredAt: "2026-12-04T19:59:00.000Z", hash: "ab".repeat(32) }, broken: null },
};
const header = { manifest, encryption: { cipher: "aes-256-gcm" as const, keyId: "0123456789abcdef", iv: randomBytes(12).toString("base64") } };

async function collect(parts: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const part of parts) chunks.push(part);
  return Buffer.concat(chunks);
}

/** Splits a whole file as the restore does: header, ciphertext, tag. */
function decrypt(file: Buffer, key: Buffer): Promise<Buffer> {
  const { header: parsed, length } = parseBackupHeader(file);
  return collect(decryptBackup({ bytes: file.subarray(0, length), parsed }, key, [file.subarray(length, -16)], file.subarray(-16)));
}

function refusalCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof BackupError ? error.code : "not a BackupError";
  }
  return undefined;
}

describe("the backup file's header", () => {
  it("reads back what was written, and says how many bytes it takes, whatever follows", () => {
    const bytes = encodeBackupHeader(header);
    expect(bytes.toString("utf8").split("\n")[0]).toBe("telemedicine-backup 1");
    expect(parseBackupHeader(Buffer.concat([bytes, Buffer.from("\n\x00archive")]))).toEqual({ header, length: bytes.length });
  });

  it.each([
    ["another file", Buffer.from("PGDMP\x01\x0e\x00")],
    ["another format version", Buffer.from(`telemedicine-backup 2\n${JSON.stringify(header)}\n`)],
    ["a header cut short", encodeBackupHeader(header).subarray(0, 200)],
    ["a header that is not JSON", Buffer.from("telemedicine-backup 1\n{manifest\n")],
    ["a manifest without its schema version", Buffer.from(`telemedicine-backup 1\n${JSON.stringify({ ...header, manifest: { ...manifest, schemaVersion: undefined } })}\n`)],
    ["a negative row count", encodeBackupHeader({ ...header, manifest: { ...manifest, rowCounts: { Patient: -1 } } })],
    ["a field it does not know", Buffer.from(`telemedicine-backup 1\n${JSON.stringify({ ...header, extra: 1 })}\n`)],
    ["another cipher", Buffer.from(`telemedicine-backup 1\n${JSON.stringify({ ...header, encryption: { ...header.encryption, cipher: "aes-128-cbc" } })}\n`)],
  ])("refuses %s as not a backup", (_, bytes) => {
    expect(refusalCode(() => parseBackupHeader(bytes))).toBe("NOT_A_BACKUP");
  });
});

describe("BACKUP_ENCRYPTION_KEY", () => {
  it("takes 32 bytes in base64 and names them by an id that is not the key", () => {
    const key = randomBytes(32);
    expect(parseBackupKey(key.toString("base64"))).toEqual(key);
    expect(parseBackupKey(`${key.toString("base64")}\n`)).toEqual(key);
    expect(backupKeyId(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(backupKeyId(key)).not.toBe(backupKeyId(randomBytes(32)));
    expect(key.toString("hex")).not.toContain(backupKeyId(key));
  });

  it.each([undefined, "", randomBytes(16).toString("base64"), randomBytes(33).toString("base64"), "not base64 at all!"])("refuses %j", (value) => {
    expect(refusalCode(() => parseBackupKey(value))).toBe("NOT_CONFIGURED");
  });
});

describe("encryption", () => {
  const archive = Buffer.from("PGDMP and a patient's name: Alex Morgan");
  const key = randomBytes(32);
  const encrypted = () => collect(encryptBackup(manifest, key, [archive.subarray(0, 10), archive.subarray(10)]));

  it("gives back the archive with the key, and shows only the manifest without it", async () => {
    const file = await encrypted();
    expect(file.includes("Alex Morgan")).toBe(false);
    expect(parseBackupHeader(file).header.manifest).toEqual(manifest);
    expect(await decrypt(file, key)).toEqual(archive);
  });

  it("says another key is another key, before decrypting anything", async () => {
    await expect(decrypt(await encrypted(), randomBytes(32))).rejects.toMatchObject({ code: "WRONG_KEY" });
  });

  it("finds a change anywhere: the data, the tag, or the manifest", async () => {
    const file = await encrypted();
    const { length } = parseBackupHeader(file);
    const flipped = (offset: number) => {
      const copy = Buffer.from(file);
      copy[offset]! ^= 0x01;
      return copy;
    };
    const rowCountDigit = file.indexOf('"Patient":40') + '"Patient":4'.length;
    for (const changed of [flipped(length + 3), flipped(file.length - 1), flipped(rowCountDigit)]) {
      await expect(decrypt(changed, key)).rejects.toMatchObject({ code: "TAMPERED" });
    }
  });
});
