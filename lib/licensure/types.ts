import type { LicensureMode } from "@/lib/db/generated/enums";

/** Whether a physician may practise, today, where the patient is. */
export type LicensureStatus = "licensed" | "expired" | "not-licensed";

export interface LicenseTerm {
  state: string;
  /** The last day the licence is valid (a calendar date, at UTC midnight as Prisma reads @db.Date). */
  expiresOn: Date;
}

/** What the physician is told about the patient's stated location before admitting them. */
export type VisitLicensure =
  | { located: false }
  | {
      located: true;
      /** USPS code of where the patient says they are for this visit. */
      state: string;
      /** "Texas (TX)". */
      stateLabel: string;
      status: LicensureStatus;
      mode: LicensureMode;
      /** A reason to admit despite it is already on record for this visit and state. */
      overridden: boolean;
    };

export interface PhysicianLicenseView {
  id: string;
  state: string;
  stateLabel: string;
  licenseNumber: string;
  /** YYYY-MM-DD. */
  expiresOn: string;
  status: LicensureStatus;
}

export interface PhysicianLicensure {
  physicianId: string;
  name: string;
  licenses: PhysicianLicenseView[];
}
