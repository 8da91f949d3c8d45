import { useTranslations } from "next-intl";
import { PageHeader } from "@/components/PageHeader";

export default function AppointmentLinkNotFound() {
  const t = useTranslations("appointmentLinks.linkNotFound");
  return <PageHeader title={t("title")} description={t("description")} />;
}
