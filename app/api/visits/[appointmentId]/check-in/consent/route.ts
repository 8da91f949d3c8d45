import { signCheckInConsent } from "@/lib/checkin/check-in";
import { checkInStep } from "../step";

/** Signs the consent version the patient read (its id, their typed name, agree or not); 409 when a newer one was published. */
export function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  return checkInStep(request, params, signCheckInConsent);
}
