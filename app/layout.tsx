import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s · Telemedicine Clinic", default: "Telemedicine Clinic" },
  description: "Secure video visits, with the patient's chart and the consultation note side by side.",
};

// The skip link, header and footer come from <AppShell>, rendered by each page or
// area layout rather than here: the header's navigation depends on the role, and
// until sign-in exists only the area layouts know it.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
