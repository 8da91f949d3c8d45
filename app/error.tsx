"use client";

import { SomethingWentWrong } from "@/components/SomethingWentWrong";

// retry() rather than reset(): most failures here happen while a server component
// reads the database, and only retry() fetches the page from the server again.
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  return <SomethingWentWrong error={error} onTryAgain={retry} />;
}
