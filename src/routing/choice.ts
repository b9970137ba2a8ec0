/** Pure: how the daemon a build went to was chosen among the ranked candidates, for the log and the summary. */

/** One candidate's pre-check as far as it was known when the choice was made: `pending` had not answered. */
export type CandidateCheck =
  | { readonly url: string; readonly state: "healthy" }
  | { readonly url: string; readonly state: "failed"; readonly reason: string }
  | { readonly url: string; readonly state: "pending" };

/** One line per candidate for the log and the summary: skipped, chosen, or below the choice. */
export function describeRouting(checks: readonly CandidateCheck[], chosen: number, routingKey: string): string[] {
  if (checks.length < 2) return [];
  return checks.map((check, i) => {
    if (i === chosen) return `${check.url}: chosen (rank ${i + 1} of ${checks.length} for routing key "${routingKey}")`;
    if (check.state === "failed") return `${check.url}: skipped (${check.reason})`;
    return check.state === "pending" ? `${check.url}: not checked (a daemon ranked above it was chosen first)` : `${check.url}: healthy, ranked below the one chosen`;
  });
}
