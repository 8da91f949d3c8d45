import type { ReactNode } from "react";
import { requireSignedIn } from "@/lib/auth/guards";

// Pages render alongside this check, so whatever data they read still goes
// through authorize(). A layout cannot see the exact path, so sign-in returns
// to the area's home.
export default async function PatientAreaLayout({ children }: { children: ReactNode }) {
  await requireSignedIn({ roles: ["PATIENT"], returnTo: "/patient" });
  return children;
}
