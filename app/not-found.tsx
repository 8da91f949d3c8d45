import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { primaryActionClassName } from "@/components/actionStyles";
import { PageHeader } from "@/components/PageHeader";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common.notFound");
  return { title: t("title") };
}

export default function NotFound() {
  const t = useTranslations("common.notFound");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} />
      <Link href="/" className={primaryActionClassName}>
        {t("home")}
      </Link>
    </div>
  );
}
