import "server-only";
import { LabFlag } from "../generated/enums";

export interface LabLimits {
  /** Reference range, both ends included; null where the range is open on that side. */
  low: number | null;
  high: number | null;
  /** Values beyond these (strictly) are critical; null where no critical limit applies. */
  criticalLow: number | null;
  criticalHigh: number | null;
}

/** The flag a result gets against its reference range and critical limits. */
export function labFlag(value: number, limits: LabLimits): LabFlag {
  if (limits.criticalLow !== null && value < limits.criticalLow) return LabFlag.CRITICAL_LOW;
  if (limits.criticalHigh !== null && value > limits.criticalHigh) return LabFlag.CRITICAL_HIGH;
  if (limits.low !== null && value < limits.low) return LabFlag.LOW;
  if (limits.high !== null && value > limits.high) return LabFlag.HIGH;
  return LabFlag.NORMAL;
}
