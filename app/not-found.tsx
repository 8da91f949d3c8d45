import type { Metadata } from "next";
import Link from "next/link";
import { primaryActionClassName } from "@/components/actionStyles";
import { PageHeader } from "@/components/PageHeader";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Page not found"
        description="There is no page at this address. The link may be mistyped, or the page may have moved."
      />
      <Link href="/" className={primaryActionClassName}>
        Go to the home page
      </Link>
    </div>
  );
}
