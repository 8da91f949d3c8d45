import type { ReactNode } from "react";
import { AppShell } from "@/components/AppShell";

export default function SchedulerAreaLayout({ children }: { children: ReactNode }) {
  return <AppShell role="SCHEDULER">{children}</AppShell>;
}
