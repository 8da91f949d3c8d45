import { saveCheckInLocation } from "@/lib/checkin/check-in";
import { checkInStep } from "../step";

/** "Where are you right now?": state, address, home or not, and a callback phone. */
export function PUT(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  return checkInStep(request, params, saveCheckInLocation);
}
