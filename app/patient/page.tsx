import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/AreaPlaceholder";

export const metadata: Metadata = { title: "Your visits" };

export default function PatientHomePage() {
  return (
    <AreaPlaceholder
      role="PATIENT"
      title="Your visits"
      summary="Your upcoming and past video visits with the clinic will be listed here."
      plannedFeatures={[
        "Upcoming visits, shown in your own time zone",
        "Joining a video visit: you wait in the waiting room until your physician admits you",
        "After-visit summaries your physician writes once a visit is over",
      ]}
    />
  );
}
