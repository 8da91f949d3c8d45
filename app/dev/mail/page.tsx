import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CapturedMailList } from "@/components/scheduling/CapturedMailList";
import { PageHeader } from "@/components/PageHeader";
import { readMailbox } from "@/lib/mail/mailbox";

export const metadata: Metadata = { title: "Captured mail", robots: { index: false } };

// Only the local launcher (npm run dev, npm start on the embedded database, the
// e2e server) sets MAIL_CATCHER_DIR, when it runs its own SMTP catcher. Where
// mail really leaves the machine there is nothing to show, and the page is 404.
export default async function CapturedMailPage() {
  const mailDir = process.env.MAIL_CATCHER_DIR;
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
