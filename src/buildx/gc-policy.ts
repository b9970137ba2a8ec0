import { parseSize } from "./sizes.js";

/** One rule of a BuildKit worker's garbage collection policy, as `buildx inspect` prints it. */
export interface GcRule {
  /** The rule applies to every record, also those in use by nothing. */
  readonly all: boolean;
  /** Record types it applies to (`type==exec.cachemount`); empty: every type. */
  readonly filters: readonly string[];
  /** Records unused for longer than this may go; 0 when the rule has no age. */
  readonly keepDurationMs: number;
  /** The cache may grow to this size before the rule prunes; undefined when unset. */
  readonly maxUsedBytes: number | undefined;
  readonly reservedBytes: number | undefined;
  readonly minFreeBytes: number | undefined;
}

/** `48h0m0s` (Go's duration) in milliseconds. */
function parseDuration(text: string): number {
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/([\d.]+)(h|ms|m|s)/g)) {
    ms += Number(n) * ({ h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[unit ?? "s"] ?? 0);
  }
  return ms;
}

/**
 * The GC rules in one node's `buildx inspect` block (`GC Policy rule#0:` followed by indented
 * `Label: value` lines), in order: BuildKit applies them one after another.
 */
export function parseGcPolicy(nodeBlock: string): GcRule[] {
  return nodeBlock.split(/^GC Policy rule#\d+:\s*$/m).slice(1).map((rule) => {
    const field = (label: string): string => (new RegExp(`^\\s+${label}:[ \\t]*(.*)$`, "m").exec(rule)?.[1] ?? "").trim();
    const size = (label: string): number | undefined => (field(label) ? parseSize(field(label).replace(/\s+/g, "")) : undefined);
    return {
      all: field("All") === "true",
      filters: field("Filters").split(/\s+/).filter(Boolean),
      keepDurationMs: parseDuration(field("Keep Duration")),
      maxUsedBytes: size("Max Used Space"),
      reservedBytes: size("Reserved Space"),
      minFreeBytes: size("Min Free Space"),
    };
  });
}
