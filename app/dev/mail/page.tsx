import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { CapturedMailList } from "@/components/scheduling/CapturedMailList";
import { PageHeader } from "@/components/PageHeader";
import { clientInfoFrom } from "@/lib/auth/client-info";
import { readMailbox } from "@/lib/mail/mailbox";
import { viewableMailFolder } from "@/lib/mail/viewer-access";

export const metadata: Metadata = { title: "Captured mail", robots: { index: false } };

// A 404 everywhere but `npm run dev` on this machine (lib/mail/viewer-access.ts).
export default async function CapturedMailPage() {
  const mailDir = viewableMailFolder({
    development: process.env.NODE_ENV === "development",
    catcherFolder: process.env.MAIL_CATCHER_DIR,
    clientIp: clientInfoFrom(await headers()).ip,
  });
  if (!mailDir) notFound();
  const messages = await readMailbox(mailDir);
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow="Development"
        title="Captured mail"
        description={`Every message the app sent is kept here by the local mail catcher instead of being delivered, newest first. ${messages.length} message${messages.length === 1 ? "" : "s"}.`}
      />
      <CapturedMailList messages={messages} />
    </div>
  );
}
