import { isRecord } from "../json.js";

const DAY_MS = 24 * 3_600_000;

/** How many builds `buildx history ls --format json` lists as started in the 24 hours before now. */
export function countRecentBuilds(text: string, now: Date): number {
  let count = 0;
  for (const line of text.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const parsed: unknown = JSON.parse(line);
    const created = isRecord(parsed) && typeof parsed["created_at"] === "string" ? Date.parse(parsed["created_at"]) : Number.NaN;
    if (Number.isFinite(created) && now.getTime() - created <= DAY_MS) count++;
  }
  return count;
}
