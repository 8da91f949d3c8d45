import type { Metadata } from "next";
import Link from "next/link";
import { primaryActionClassName } from "@/components/actionStyles";
import { PageHeader } from "@/components/PageHeader";

export const metadata: Metadata = { title: "No access" };

export default function Forbidden() {
  return (
    <div className="space-y-6">
      <PageHeader
        title="You don't have access to this page"
        description="This part of the clinic is for another role. If you need it for your work, ask the clinic's administrator."
      />
      <Link href="/" className={primaryActionClassName}>
        Go to the home page
      </Link>
    </div>
  );
}
