import "server-only";

export function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
