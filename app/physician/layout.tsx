import type { ReactNode } from "react";
import { AppShell } from "@/components/AppShell";

export default function PhysicianAreaLayout({ children }: { children: ReactNode }) {
  return <AppShell role="PHYSICIAN">{children}</AppShell>;
}
