import { signOutEverywhereAction } from "@/app/account/security/actions";
import { primaryActionClassName } from "./actionStyles";

export function SignOutEverywhere() {
  return (
    <form action={signOutEverywhereAction} className="space-y-4">
      <p className="max-w-2xl text-slate-700">
        Signs you out on every computer and phone, including this one. Use it if you signed in on a shared computer or
        lost a device.
      </p>
      <button type="submit" className={primaryActionClassName}>
        Sign out everywhere
      </button>
    </form>
  );
}
