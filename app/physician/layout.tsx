import type { ReactNode } from "react";
import { StaffArea } from "@/components/StaffArea";
import { OfflineSupport } from "@/components/notes/OfflineSupport";
import { WaitingPatientsNotice } from "@/components/visits/WaitingPatientsNotice";
import { requireSignedIn } from "@/lib/auth/guards";

// Pages render alongside this check, so whatever data they read still goes
// through authorize(). A layout cannot see the exact path, so sign-in returns
// to the area's home. Every physician page tells them when a patient is waiting,
// and uses the whole width of the screen like the other staff areas.
export default async function PhysicianAreaLayout({ children }: { children: ReactNode }) {
  await requireSignedIn({ roles: ["PHYSICIAN"], returnTo: "/physician" });
  return (
    <StaffArea>
      <OfflineSupport />
      <WaitingPatientsNotice />
      {children}
    </StaffArea>
  );
}
