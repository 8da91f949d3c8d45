"use client";

import { NextIntlClientProvider } from "next-intl";
import { SomethingWentWrong } from "@/components/SomethingWentWrong";
import common from "@/lib/i18n/messages/en/common.json";
import "./globals.css";

// Replaces the root layout when it fails, so it brings its own document and keeps
// to the bare minimum that cannot fail the same way: English, from the file
// bundled with it, since the root layout's messages are gone with it.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <title>Something went wrong · Telemedicine Clinic</title>
        <main className="mx-auto w-full max-w-5xl px-4 py-10 sm:px-6 sm:py-14">
          <NextIntlClientProvider locale="en" messages={{ common }} timeZone="UTC">
            <SomethingWentWrong error={error} onTryAgain={retry} />
          </NextIntlClientProvider>
        </main>
      </body>
    </html>
  );
}
