"use client";

import Image from "next/image";
import { useActionState } from "react";
import {
  confirmMfaEnrolmentAction,
  startMfaEnrolmentAction,
  type MfaConfirmationState,
  type MfaEnrolmentStartState,
} from "@/app/account/security/actions";
import { primaryActionClassName } from "./actionStyles";
import { useConfirmationWhen } from "./ConfirmItsYou";
import { focusOnMount } from "./focusOnMount";
import { FormAlert } from "./FormAlert";
import { RecoveryCodes } from "./RecoveryCodes";
import { TextField } from "./TextField";

const NOT_STARTED: MfaEnrolmentStartState = { status: "idle" };
const NOT_CONFIRMED: MfaConfirmationState = { status: "idle", message: null, attempt: 0 };

/** Setting up an authenticator app: start, scan the QR code (or type the key), confirm with a code. */
export function MfaEnrolment({ continueHref }: { continueHref: string }) {
  const [enrolment, start, starting] = useActionState(startMfaEnrolmentAction, NOT_STARTED);
  const [confirmation, confirm, confirming] = useActionState(confirmMfaEnrolmentAction, NOT_CONFIRMED);
  useConfirmationWhen(enrolment);
  useConfirmationWhen(confirmation);

  if (confirmation.status === "confirmed") {
    return (
      <RecoveryCodes
        heading="Two-step verification is on. Save your recovery codes"
        codes={confirmation.recoveryCodes}
        continueHref={continueHref}
      />
    );
  }

  if (enrolment.status !== "started") {
    return (
      <form action={start} className="space-y-4">
        {enrolment.status === "error" && <FormAlert tone="error">{enrolment.message}</FormAlert>}
        <button type="submit" disabled={starting} className={`${primaryActionClassName} disabled:opacity-70`}>
          {starting ? "Setting up…" : "Set up two-step verification"}
        </button>
      </form>
    );
  }

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h3 ref={focusOnMount} tabIndex={-1} className="text-lg font-semibold text-slate-900">
          1. Add the clinic to your authenticator app
        </h3>
        <p className="text-slate-700">
          Scan this QR code with an authenticator app, such as Google Authenticator, Microsoft Authenticator or 1Password.
        </p>
        <Image
          src={enrolment.qrCodeDataUri}
          alt="QR code for your authenticator app"
          width={192}
          height={192}
          unoptimized
          className="rounded-lg border border-slate-200 bg-white p-2"
        />
        <p className="text-slate-700">
          Can&apos;t scan it? Enter this key in the app instead:{" "}
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono break-all text-slate-900">
            {groupsOfFour(enrolment.secret)}
          </code>
        </p>
        <p className="text-sm text-slate-600">
          On the phone with the app?{" "}
          <a href={enrolment.otpauthUri} className="font-medium text-primary-700 underline underline-offset-4">
            Open the key in your authenticator app
          </a>
        </p>
      </div>

      <form action={confirm} className="space-y-4">
        <h3 className="text-lg font-semibold text-slate-900">2. Enter the code the app shows</h3>
        {confirmation.status === "error" && confirmation.message && (
          <FormAlert key={confirmation.attempt} tone="error">
            {confirmation.message}
          </FormAlert>
        )}
        <TextField
          id="mfa-enrolment-code"
          label="6-digit code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          className="max-w-48"
        />
        <button type="submit" disabled={confirming} className={`${primaryActionClassName} disabled:opacity-70`}>
          {confirming ? "Checking…" : "Turn on two-step verification"}
        </button>
      </form>
    </div>
  );
}

/** "YKP7 6E4I LPBG …": easier to read off the screen and type than one long run. */
function groupsOfFour(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}
