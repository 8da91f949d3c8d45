"use client";

import { useRouter } from "next/navigation";
import { IntakeStep } from "./IntakeStep";

/** The intake step on a page of its own in the portal: once answered, the patient goes on to their visit. */
export function PatientIntake({ appointmentId }: { appointmentId: string }) {
  const router = useRouter();
  return (
    <IntakeStep
      appointmentId={appointmentId}
      credentials={{ kind: "session" }}
      headingLevel={1}
      focusHeading={false}
      onDone={() => router.push(`/patient/visits/${appointmentId}`)}
    />
  );
}
