import { z } from "zod";

// Input pieces the chart and note schemas share. Pure (no server-only), so the
// rules modules that import them stay testable without a database.

/** A physician's stated reason for opening a chart outside their care relationship (the policy wants at least 10 characters). */
export const breakGlassReasonInput = z.string().trim().max(500, "Keep the reason to 500 characters.").optional();
