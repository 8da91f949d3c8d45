// What the after-visit summary tells the patient about coming back, lifted
// from the signed plan: the lines about follow-up, returning, rechecks and labs
// to draw before the next visit. Pure, so it is tested without a database.

const FOLLOW_UP_LINE = /\b(follow[- ]?up|return|recheck|re-check|come back|next visit|labs? before|in \d+ (days?|weeks?|months?))\b/i;

/** The plan's follow-up lines, without list markers, in the order written. */
export function extractFollowUp(plan: string): string[] {
  return plan
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, "").trim())
    .filter((line) => line !== "" && FOLLOW_UP_LINE.test(line))
    // A template heading left empty ("Follow-up: ") says nothing.
    .filter((line) => !/^[^:]+:\s*$/.test(line));
}
