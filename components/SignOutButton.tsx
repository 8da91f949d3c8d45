"use client";

import { useTranslations } from "next-intl";
import { SignOutNotices, useSignOut } from "./useSignOut";

/** Who is signed in, and the way out (which sends any unsent note text first). */
export function SignOutButton({ userName }: { userName: string }) {
  const t = useTranslations("common");
  const flow = useSignOut(userName);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <span className="text-sm text-slate-700">{userName}</span>
      <button
        type="button"
        onClick={() => flow.signOut({ reason: "signed-out" })}
        disabled={flow.state.kind === "working"}
        className="rounded-md border border-slate-500 px-3 py-1.5 text-sm font-medium text-slate-800 transition-colors hover:bg-slate-100 disabled:opacity-60"
      >
        {t("signOut")}
      </button>
      <SignOutNotices flow={flow} className="basis-full text-sm text-red-800" />
    </div>
  );
}
