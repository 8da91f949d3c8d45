import "server-only";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";

export interface CapturedMail {
  file: string;
  to: string;
  subject: string;
  text: string;
  receivedAt: Date;
  attachments: Array<{ filename: string; contentType: string; content: string }>;
}

/** Messages the mail catcher kept, newest first. */
export async function readMailbox(dir: string): Promise<CapturedMail[]> {
  const files = (await readdir(dir).catch(() => [])).filter((file) => file.endsWith(".eml")).sort().reverse();
  return Promise.all(
    files.map(async (file) => {
      const parsed = await simpleParser(await readFile(path.join(dir, file)));
      const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(", ") : (parsed.to?.text ?? "");
      return {
        file,
        to,
        subject: parsed.subject ?? "",
        text: parsed.text ?? "",
        receivedAt: new Date(Number.parseInt(file, 10)),
        attachments: parsed.attachments.map((attachment) => ({
          filename: attachment.filename ?? "attachment",
          contentType: attachment.contentType,
          content: attachment.content.toString("utf8"),
        })),
      };
    }),
  );
}
