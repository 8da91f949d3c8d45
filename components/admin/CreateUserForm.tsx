"use client";

import { useActionState, useState } from "react";
import { createUserAction, type UserActionState } from "@/app/admin/users/actions";
import { primaryActionClassName } from "@/components/actionStyles";
import { FormAlert } from "@/components/FormAlert";
import { SelectField } from "@/components/SelectField";
import { TextField } from "@/components/TextField";

const ROLES = [
  { value: "SCHEDULER", label: "Scheduler" },
  { value: "PHYSICIAN", label: "Physician" },
  { value: "ADMIN", label: "Administrator" },
];

// In form order, so focus goes to the first field with a problem.
const FIELDS = ["name", "email", "role", "specialty", "licenseNumber", "timeZone"];

const START: UserActionState = { outcome: null, message: "", attempt: 0 };

/** Adds a staff member; they get an email inviting them to set a password. */
export function CreateUserForm({ timeZones }: { timeZones: readonly string[] }) {
  const [state, formAction, pending] = useActionState(createUserAction, START);
  const [role, setRole] = useState("SCHEDULER");
  const errors = state.fieldErrors ?? {};
  // After a refusal the fields come back with what was typed; after success, empty.
  const typed = state.values ?? {};
  const firstProblem = FIELDS.find((field) => errors[field]);
  const field = (name: string) => ({ name, error: errors[name], autoFocus: firstProblem === name, defaultValue: typed[name] });

  return (
    // Keyed by attempt so the fields take their new defaults and focus after each try.
    <form key={state.attempt} action={formAction} className="space-y-5">
      {state.outcome && (
        <FormAlert tone={state.outcome}>{state.message}</FormAlert>
      )}
      <div className="grid gap-5 sm:grid-cols-3">
        <TextField id="new-user-name" label="Full name" required maxLength={120} autoComplete="off" {...field("name")} />
        <TextField id="new-user-email" label="Email" type="email" required maxLength={254} autoComplete="off" {...field("email")} />
        <SelectField
          id="new-user-role"
          label="Role"
          name="role"
          error={errors.role}
          autoFocus={firstProblem === "role"}
          value={role}
          onChange={(event) => setRole(event.target.value)}
        >
          {ROLES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
      </div>

      {role === "PHYSICIAN" && (
        <fieldset className="grid gap-5 rounded-lg border border-slate-300 p-4 sm:grid-cols-3">
          <legend className="px-1 font-medium text-slate-900">Physician details</legend>
          <TextField id="new-user-specialty" label="Specialty" required maxLength={120} {...field("specialty")} />
          <TextField id="new-user-license" label="License number" required maxLength={64} {...field("licenseNumber")} />
          <SelectField id="new-user-time-zone" label="Time zone" required {...field("timeZone")} defaultValue={typed.timeZone ?? ""}>
            <option value="" disabled>
              Choose a time zone
            </option>
            {timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll("_", " ")}
              </option>
            ))}
          </SelectField>
        </fieldset>
      )}

      <button type="submit" disabled={pending} className={`${primaryActionClassName} disabled:opacity-70`}>
        {pending ? "Adding…" : "Add and send invitation"}
      </button>
    </form>
  );
}

/** A labelled select laid out like TextField, with its error tied to it. */
