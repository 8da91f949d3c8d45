import { useTranslations } from "next-intl";
import { PageHeader } from "@/components/PageHeader";

export default function VisitGuestLinkNotFound() {
  const t = useTranslations("visit.guest.linkNotFound");
  return <PageHeader title={t("title")} description={t("description")} />;
}
