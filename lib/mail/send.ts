import "server-only";
import nodemailer, { type Transporter } from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

const globalForMail = globalThis as typeof globalThis & { telemedicineMail?: Transporter };

function transport(): Transporter {
  const url = process.env.SMTP_URL;
  if (!url) {
    throw new Error("SMTP_URL is not set. `npm run dev` starts a local mail catcher; in production point SMTP_URL at your mail server.");
  }
  globalForMail.telemedicineMail ??= nodemailer.createTransport(url);
  return globalForMail.telemedicineMail;
}

/** The From header: MAIL_FROM, e.g. "Clinic <visits@clinic.example>". */
export function senderHeader(): string {
  return process.env.MAIL_FROM ?? "Telemedicine Clinic <no-reply@clinic.localhost>";
}

/** The bare address inside the From header. */
export function senderAddress(): string {
  const from = senderHeader();
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

export async function sendMail(message: MailMessage): Promise<void> {
  await transport().sendMail({ from: senderHeader(), ...message });
}
