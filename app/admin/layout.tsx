import type { ReactNode } from "react";
import { AppShell } from "@/components/AppShell";

export default function AdminAreaLayout({ children }: { children: ReactNode }) {
  return <AppShell role="ADMIN">{children}</AppShell>;
}
