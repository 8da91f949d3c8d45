"use client";

import { primaryActionClassName } from "./actionStyles";
import { SignOutNotices, useSignOut } from "./useSignOut";

export function SignOutEverywhere({ userName }: { userName: string }) {
  const flow = useSignOut(userName);
  return (
    <div className="space-y-4">
      <p className="max-w-2xl text-slate-700">
        Signs you out on every computer and phone, including this one. Use it if you signed in on a shared computer or
        lost a device.
      </p>
      <button
        type="button"
        onClick={() => flow.signOut({ reason: "signed-out", everywhere: true })}
        disabled={flow.state.kind === "working"}
        className={`${primaryActionClassName} disabled:opacity-60`}
      >
        Sign out everywhere
      </button>
      <SignOutNotices flow={flow} className="text-red-800" />
    </div>
  );
}
