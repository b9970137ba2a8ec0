/** The markdown summary as plain text for a log: no table pipes, no code ticks. */
export function summaryAsText(markdown: string): string {
  return markdown
    .split("\n")
    .filter((l) => !/^\|\s*(\||---)/.test(l))
    .map((l) => l.replace(/^#+\s*/, "").replace(/^\|\s*(.*?)\s*\|\s*(.*?)\s*\|$/, "$1: $2").replace(/`/g, ""))
    .join("\n");
}
