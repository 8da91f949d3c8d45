import { licensureConcern, licensureWarning } from "@/lib/licensure/status";
import type { VisitLicensure } from "@/lib/licensure/types";
import { visitFieldClassName } from "./styles";

/**
 * Where the waiting patient says they are for this visit, against the
 * physician's licences: a plain line when all is well, a warning with a
 * reason field when the clinic lets the physician go on, or the refusal when
 * it does not.
 */
export function PatientLocationNotice({
  licensure,
  reasonFieldId,
  reason,
  onReasonChange,
}: {
  licensure: VisitLicensure;
  reasonFieldId: string;
  reason: string;
  onReasonChange: (reason: string) => void;
}) {
  if (!licensure.located) return <p className="text-sm text-slate-700">Location not confirmed yet.</p>;
  const concern = licensureConcern(licensure);
  if (concern === "none") {
    return (
      <p className="text-sm text-slate-700">
        Located in {licensure.stateLabel}
        {licensure.status === "licensed" ? ", where you are licensed." : ". Your reason to continue is on record."}
      </p>
    );
  }
  return (
    <div className="space-y-2 rounded-md border border-red-300 bg-white p-3">
      <p className="font-medium text-red-800">{licensureWarning(licensure)}</p>
      {concern === "blocked" ? (
        <p className="text-sm text-slate-800">
          The clinic does not allow visits where the physician is not licensed. Ask the patient to join from a state where you are, or have them rebooked.
        </p>
      ) : (
        <div className="space-y-1">
          <label htmlFor={reasonFieldId} className="block text-sm font-medium text-slate-900">
            Reason to admit anyway
          </label>
          <input
            id={reasonFieldId}
            type="text"
            required
            maxLength={500}
            value={reason}
            onChange={(event) => onReasonChange(event.target.value)}
            className={visitFieldClassName}
          />
        </div>
      )}
    </div>
  );
}
