import { signOutAction } from "@/app/account/actions";

/** Who is signed in, and the way out. */
export function SignOutButton({ userName }: { userName: string }) {
  return (
    <form action={signOutAction.bind(null, "signed-out")} className="flex items-center gap-3">
      <span className="text-sm text-slate-700">{userName}</span>
      <button
        type="submit"
        className="rounded-md border border-slate-500 px-3 py-1.5 text-sm font-medium text-slate-800 transition-colors hover:bg-slate-100"
      >
        Sign out
      </button>
    </form>
  );
}
