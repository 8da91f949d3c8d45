import { PageHeader } from "@/components/PageHeader";

export default function VisitGuestLinkNotFound() {
  return (
    <PageHeader
      title="This guest link does not work"
      description="It may have been revoked, have expired after the visit, or been copied incompletely. Ask the person who invited you, or the clinic, for a new one."
    />
  );
}
