import { PageHeader } from "@/components/PageHeader";

export default function VisitLinkNotFound() {
  return (
    <PageHeader
      title="This visit link does not work"
      description="It may have expired, been replaced by a newer link, or been copied incompletely. Contact the clinic and we will send you a new one."
    />
  );
}
