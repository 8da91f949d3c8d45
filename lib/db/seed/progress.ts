import "server-only";

// The seed's progress line: how far, how fast, and how long until done.

export interface SeedProgress {
  patientsDone: number;
  patientsTotal: number;
  rowsDone: number;
  elapsedMs: number;
}

export function progressLine({ patientsDone, patientsTotal, rowsDone, elapsedMs }: SeedProgress): string {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const patientsPerSecond = patientsDone / seconds;
  const eta = patientsPerSecond > 0 ? (patientsTotal - patientsDone) / patientsPerSecond : Number.POSITIVE_INFINITY;
  const whole = (n: number) => Math.round(n).toLocaleString("en-US");
  return (
    `${whole(patientsDone)} of ${whole(patientsTotal)} patients, ${whole(rowsDone)} rows in ${duration(seconds)}: ` +
    `${whole(patientsPerSecond)} patients/s, ${whole(rowsDone / seconds)} rows/s, ETA ${Number.isFinite(eta) ? duration(eta) : "unknown"}`
  );
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}
