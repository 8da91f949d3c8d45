import { z } from "zod";

/** Record ids are cuid/uuid-like; anything else is refused before it reaches a query. */
export const recordId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "Not a valid id.");
