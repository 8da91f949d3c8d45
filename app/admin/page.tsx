import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/AreaPlaceholder";

export const metadata: Metadata = { title: "Administration" };

export default function AdminHomePage() {
  return (
    <AreaPlaceholder
      role="ADMIN"
      title="Administration"
      summary="Users · Audit trail: who can use the clinic, and a record of every access to patient information."
      plannedFeatures={[
        "Users: adding people, giving them a role, disabling accounts of people who leave",
        "Audit trail: who opened which patient's records, when, and whether it was allowed",
      ]}
    />
  );
}
