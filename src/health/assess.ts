import type { GcRule } from "../buildx/gc-policy.js";
import { formatSize } from "../buildx/sizes.js";
import { advisoriesFor, ADVISORY_URL } from "./advisories.js";
import { bytesSelected, type DiskUsage } from "./usage.js";

/** What the daemon told of itself after a build: its disk usage, GC policy and recent builds. */
export interface HealthReading {
  readonly buildkitVersion: string;
  readonly gcPolicy: readonly GcRule[];
  /** Undefined when `buildx du` could not be read (an old daemon, no permission): `unreadable` says why. */
  readonly usage: DiskUsage | undefined;
  /** Builds the daemon's history holds from the last 24 hours; undefined when it could not be read. */
  readonly recentBuilds: number | undefined;
  readonly unreadable: readonly string[];
}

/** The builder's health for the summary and the log. */
export interface BuilderHealth {
  /** `label: value` facts, in order. */
  readonly facts: ReadonlyArray<readonly [string, string]>;
  readonly warnings: readonly string[];
}

/** Near a GC limit: the next GC that runs may already prune. */
const NEAR = 0.9;

function kindsOf(filters: readonly string[]): string {
  if (filters.length === 0) return "all cache";
  return filters.map((f) => f.replace(/^type==/, "")).join(", ");
}

/** One line per GC rule with a size limit: what it covers, the limit, the headroom; and warnings near or over it. */
function gcFacts(rules: readonly GcRule[], usage: DiskUsage): { lines: string[]; warnings: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  for (const [i, rule] of rules.entries()) {
    if (rule.maxUsedBytes === undefined) continue;
    const used = bytesSelected(usage.records, rule.filters);
    const age = rule.keepDurationMs > 0 ? `, unused for ${Math.round(rule.keepDurationMs / 3_600_000)} h` : "";
    const headroom = rule.maxUsedBytes - used;
    lines.push(`rule ${i}: ${kindsOf(rule.filters)}${age}: ${formatSize(used)} of ${formatSize(rule.maxUsedBytes)} (${headroom >= 0 ? `${formatSize(headroom)} left` : `${formatSize(-headroom)} over`})`);
    if (used >= rule.maxUsedBytes * NEAR) {
      const what = rule.filters.length === 0 || rule.filters.some((f) => /exec\.cachemount|regular/.test(f)) ? "cache this project's builds use" : "build contexts";
      warnings.push(`The daemon's cache is ${used > rule.maxUsedBytes ? "over" : "near"} GC rule ${i}'s limit (${kindsOf(rule.filters)}: ${formatSize(used)} of ${formatSize(rule.maxUsedBytes)}): the next GC will prune ${what}${age ? ` that was${age}` : ", least recently used first"}. Give the daemon more disk or raise the limit in buildkitd.toml.`);
    }
  }
  return { lines, warnings };
}

/** Pure: the health facts and warnings from what the daemon reported. */
export function assessHealth(reading: HealthReading): BuilderHealth {
  const facts: Array<readonly [string, string]> = [];
  const warnings: string[] = [];
  const { usage } = reading;
  if (usage) {
    const k = usage.byKind;
    facts.push(["Cache on disk", `${formatSize(usage.totalBytes)}: layers ${formatSize(k.layers)}, cache mounts ${formatSize(k.cacheMounts)}, build contexts ${formatSize(k.contexts)}, other ${formatSize(k.other)}`]);
    const gc = gcFacts(reading.gcPolicy, usage);
    if (gc.lines.length > 0) facts.push(["GC limits", gc.lines.join("; ")]);
    warnings.push(...gc.warnings);
  }
  if (reading.recentBuilds !== undefined) facts.push(["Builds in the last 24 h", String(reading.recentBuilds)]);
  for (const why of reading.unreadable) facts.push(["Not read", why]);
  for (const a of advisoriesFor(reading.buildkitVersion)) {
    warnings.push(`The daemon runs BuildKit ${reading.buildkitVersion}, affected by ${a.id}${a.cve ? ` (${a.cve})` : ""}: ${a.summary}. Upgrade it to ${a.fixed} or later: ${ADVISORY_URL}${a.id}`);
  }
  return { facts, warnings };
}
