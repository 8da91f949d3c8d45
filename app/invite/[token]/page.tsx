import type { Metadata } from "next";
import { AcceptInvitationForm } from "@/components/AcceptInvitationForm";
import { PageHeader } from "@/components/PageHeader";
import { describeInvitation, INVITATION_UNUSABLE } from "@/lib/auth/links/invitations";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "Set your password", robots: { index: false, follow: false } };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitee = await describeInvitation(getDb(), token);

  if (!invitee) {
    return <PageHeader title="This link cannot be used" description={INVITATION_UNUSABLE} />;
  }
  return (
    <div className="mx-auto max-w-md space-y-8">
      <PageHeader
        title="Set your password"
        description={`Welcome, ${invitee.name}. Choose the password you will sign in with; next you will set up two-step verification.`}
      />
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <AcceptInvitationForm token={token} email={invitee.email} />
      </div>
    </div>
  );
}
