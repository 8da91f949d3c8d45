import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { PageHeader } from "@/components/PageHeader";
import { SignInWithLinkForm } from "@/components/SignInWithLinkForm";
import { isUsableSignInLink } from "@/lib/auth/links/sign-in-links";
import { getDb } from "@/lib/db/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("signIn.link");
  return { title: t("pageTitle"), robots: { index: false, follow: false } };
}

// Opening the page spends nothing: mail scanners fetch links before people
// click them. Only pressing the button signs in and uses the link up.
export default async function SignInLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations("signIn.link");

  if (!(await isUsableSignInLink(getDb(), token))) {
    return (
      <div className="mx-auto max-w-md space-y-6">
        <PageHeader title={t("unusableTitle")} description={t("unusable")} />
        <Link href="/sign-in" className="font-medium text-primary-700 underline underline-offset-4">
          {t("toSignInPage")}
        </Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-md space-y-8">
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <SignInWithLinkForm token={token} />
      </div>
    </div>
  );
}
