import "server-only";

// The check an end-to-end run ends with (e2e/support/log-check.ts): the app's
// log must hold no patient's name, MRN or email, and an expected event such as
// a wrong password must not print a stack trace. One pass over the log.

export interface PatientIdentifiers {
  id: string;
  givenName: string;
  familyName: string;
  mrn: string;
  email: string | null;
}

// Auth.js's name for a refused credentials sign-in: it appears in the log only
// when that expected event is printed, with its stack trace, by Auth.js's logger.
const REFUSED_SIGN_IN = "CredentialsSignin";

/** What is wrong with the log, one entry per line found (at most `limit`), saying which patient's what; empty when it is clean. */
export function logProblems(text: string, patients: readonly PatientIdentifiers[], limit = 20): string[] {
  const owners = new Map<string, string>();
  for (const patient of patients) {
    // As written, and as a URL's path or query carries it.
    for (const space of [" ", "+", "%20"]) owners.set(`${patient.givenName}${space}${patient.familyName}`.toLowerCase(), `the name of patient ${patient.id}`);
    owners.set(patient.mrn.toLowerCase(), `the MRN of patient ${patient.id}`);
    if (patient.email) {
      owners.set(patient.email.toLowerCase(), `the email of patient ${patient.id}`);
      owners.set(encodeURIComponent(patient.email).toLowerCase(), `the email of patient ${patient.id}`);
    }
  }
  const alternatives = [...owners.keys(), REFUSED_SIGN_IN.toLowerCase()].map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(alternatives.join("|"), "i");
  const problems: string[] = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    const found = pattern.exec(line)?.[0].toLowerCase();
    if (found === undefined) continue;
    problems.push(
      found === REFUSED_SIGN_IN.toLowerCase()
        ? `line ${index + 1}: a refused sign-in (an expected event) was logged${/^\s+at /.test(lines[index + 1] ?? "") || line.includes('"stack"') ? " with a stack trace" : ""}`
        : `line ${index + 1}: ${owners.get(found)}`,
    );
    if (problems.length >= limit) break;
  }
  return problems;
}
