import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/AreaPlaceholder";

export const metadata: Metadata = { title: "Calendar" };

export default function SchedulerHomePage() {
  return (
    <AreaPlaceholder
      role="SCHEDULER"
      title="Calendar"
      summary="Physician availability and booked visits, across the clinic's time zones."
      plannedFeatures={[
        "Each physician's weekly hours, days off and one-off changes",
        "Booking, rescheduling and cancelling visits",
        "Every time shown in the time zone of the person it concerns",
      ]}
    />
  );
}
