import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/PageHeader";
import { SignInWithLinkForm } from "@/components/SignInWithLinkForm";
import { isUsableSignInLink, SIGN_IN_LINK_UNUSABLE } from "@/lib/auth/links/sign-in-links";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "Sign in with your link", robots: { index: false, follow: false } };

// Opening the page spends nothing: mail scanners fetch links before people
// click them. Only pressing the button signs in and uses the link up.
export default async function SignInLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;

  if (!(await isUsableSignInLink(getDb(), token))) {
    return (
      <div className="mx-auto max-w-md space-y-6">
        <PageHeader title="This link cannot be used" description={SIGN_IN_LINK_UNUSABLE} />
        <Link href="/sign-in" className="font-medium text-primary-700 underline underline-offset-4">
          Go to the sign-in page
        </Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-md space-y-8">
      <PageHeader title="Sign in with your link" description="This link from your email signs you in once." />
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <SignInWithLinkForm token={token} />
      </div>
    </div>
  );
}
