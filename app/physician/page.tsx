import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/AreaPlaceholder";

export const metadata: Metadata = { title: "My day" };

export default function PhysicianHomePage() {
  return (
    <AreaPlaceholder
      role="PHYSICIAN"
      title="My day"
      summary="Your visits for today, in order, and who is waiting to be seen."
      plannedFeatures={[
        "Today's visits, with the patients waiting in the waiting room",
        "Admitting a patient and consulting with their chart beside the video",
        "Writing the consultation note during the visit, then signing it",
      ]}
    />
  );
}
