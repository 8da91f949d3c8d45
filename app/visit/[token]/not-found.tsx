import { useTranslations } from "next-intl";
import { PageHeader } from "@/components/PageHeader";

export default function VisitLinkNotFound() {
  const t = useTranslations("visit.linkNotFound");
  return <PageHeader title={t("title")} description={t("description")} />;
}
