import { confirmCheckInIdentity } from "@/lib/checkin/check-in";
import { checkInStep } from "../step";

/** The patient's date of birth, compared with the record. */
export function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  return checkInStep(request, params, confirmCheckInIdentity);
}
