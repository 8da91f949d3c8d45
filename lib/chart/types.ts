// Chart values shared by the server and the browser.

/** A prescribing warning as the client shows it and the prescriber acknowledges it. */
export interface PrescriptionWarningView {
  code: string;
  kind: string;
  severity: string;
  message: string;
  /** An interaction: acknowledging it takes the prescriber's reason. */
  reasonRequired: boolean;
  source?: string;
}

/** Where an outside record came from: the organization that sent it (null for the clinic's own earlier export) and when it was imported. Outside records are read-only. */
export interface RecordSource {
  organization: string | null;
  importedAt: Date;
}
