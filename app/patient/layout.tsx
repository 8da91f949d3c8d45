import type { ReactNode } from "react";
import { AppShell } from "@/components/AppShell";

export default function PatientAreaLayout({ children }: { children: ReactNode }) {
  return <AppShell role="PATIENT">{children}</AppShell>;
}
