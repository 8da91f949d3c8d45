/** Whether Prisma refused a write because it broke a unique constraint (P2002): a race another request won. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
