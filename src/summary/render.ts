/** What the summary tells of one run of the main step. */
export interface BuildReport {
  readonly outcome: "succeeded" | "failed" | "cancelled";
  readonly endpoint: string;
  readonly builder: string;
  readonly buildkitVersion: string;
  readonly tags: readonly string[];
  readonly pushed: boolean;
  readonly digest: string;
  /** The buildx build alone; 0 when it did not run. */
  readonly buildMs: number;
  /** The whole step, checks and builder set-up included. */
  readonly totalMs: number;
  readonly error: string;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The step summary, as markdown. */
export function renderSummary(report: BuildReport): string {
  const rows: Array<[string, string]> = [];
  if (report.tags.length > 0) rows.push(["Image", `${report.tags.map(code).join(", ")}${report.pushed && report.outcome === "succeeded" ? " (pushed)" : ""}`]);
  if (report.digest) rows.push(["Digest", code(report.digest)]);
  const version = report.buildkitVersion ? ` (BuildKit ${report.buildkitVersion})` : "";
  rows.push(["Builder", `remote ${code(report.endpoint)}${version}${report.builder ? `, ${code(report.builder)}` : ""}`]);
  if (report.buildMs > 0) rows.push(["Build", seconds(report.buildMs)]);
  rows.push(["Step", seconds(report.totalMs)]);
  const lines = [`### remote-buildkit: build ${report.outcome}`, "", "| | |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
  if (report.error) lines.push("", ...report.error.split("\n").map((l) => `> ${l}`));
  return `${lines.join("\n")}\n`;
}
