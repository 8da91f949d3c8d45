// Chart values shared by the server and the browser.

/** A prescribing warning as the client shows it and the prescriber acknowledges it. */
export interface PrescriptionWarningView {
  code: string;
  kind: string;
  severity: string;
  message: string;
}
