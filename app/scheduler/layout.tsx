import type { ReactNode } from "react";
import { StaffArea } from "@/components/StaffArea";
import { requireSignedIn } from "@/lib/auth/guards";

// Pages render alongside this check, so whatever data they read still goes
// through authorize(). A layout cannot see the exact path, so sign-in returns
// to the area's home. Staff areas use the whole width of the screen.
export default async function SchedulerAreaLayout({ children }: { children: ReactNode }) {
  await requireSignedIn({ roles: ["SCHEDULER"], returnTo: "/scheduler" });
  return <StaffArea>{children}</StaffArea>;
}
