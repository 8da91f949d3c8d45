import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { AppShell } from "@/components/AppShell";
import { IdleSessionGuard } from "@/components/IdleSessionGuard";
import { currentSessionUser } from "@/lib/auth/sessions/auth";
import { isStaffRole, STAFF_IDLE_TIMEOUT_MS } from "@/lib/auth/sessions/sessions";
import { CLIENT_NAMESPACES } from "@/lib/i18n/messages";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s · Telemedicine Clinic", default: "Telemedicine Clinic" },
  description: "Secure video visits, with the patient's chart and the consultation note side by side.",
};

// Reading the session makes every page render per request, which the CSP
// nonce that proxy.ts sets per request needs anyway: a prerendered page would
// carry no nonce, and its scripts would be blocked. Area layouts check roles;
// this only decides what the header shows.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const [user, locale, messages] = await Promise.all([currentSessionUser(), getLocale(), getMessages()]);
  // Only what components in the browser translate goes inline into the page.
  const clientMessages = Object.fromEntries(CLIENT_NAMESPACES.map((namespace) => [namespace, messages[namespace]]));
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider messages={clientMessages}>
          <AppShell role={user?.role ?? null} userName={user?.name ?? null}>
            {children}
          </AppShell>
        </NextIntlClientProvider>
        {user && isStaffRole(user.role) && <IdleSessionGuard timeoutMs={STAFF_IDLE_TIMEOUT_MS} userName={user.name} />}
      </body>
    </html>
  );
}
