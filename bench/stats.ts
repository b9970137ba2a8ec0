// Medians, and comparisons made run by run: run r of one mode against run r of another, which ran
// minutes apart at most, so that a slow spell of the machine weighs on both sides of a ratio.
import type { ModeId } from "./modes.js";
import type { Scenario } from "./workloads.js";

export interface Step {
  readonly name: string;
  readonly ms: number;
  readonly cached: boolean;
}

export interface Sample {
  readonly mode: ModeId;
  readonly scenario: Scenario;
  /** 0-based; -1 for a warm-up. */
  readonly run: number;
  /** A warm-up's: the scenario whose state it filled. */
  readonly warmUpFor?: Scenario;
  readonly ms: number;
  readonly parts: Readonly<Record<string, number>>;
  readonly change: string;
  /** The 1-minute load average when the build started: other work on the machine. */
  readonly loadBefore: number;
  /** buildkitd processes of someone else's (tests) running when the build started. */
  readonly otherBuildkitds: number;
  /** The build failed once and this is its second try. */
  readonly retried: boolean;
  readonly cachedSteps?: number;
  readonly buildSteps?: number;
  /** Every step of the build with its time, for where the time went (from rawjson progress). */
  readonly steps?: readonly Step[];
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

export function samplesOf(samples: readonly Sample[], mode: ModeId, scenario: Scenario): Sample[] {
  return samples.filter((s) => s.mode === mode && s.scenario === scenario).sort((a, b) => a.run - b.run);
}

export function medianMs(samples: readonly Sample[], mode: ModeId, scenario: Scenario): number | undefined {
  return median(samplesOf(samples, mode, scenario).map((s) => s.ms));
}

export interface Paired {
  /** One value a run that both sides have. */
  readonly perRun: readonly number[];
  readonly median: number | undefined;
}

/** combine(a, b) for each run both have, and the median of those. */
export function paired(
  samples: readonly Sample[],
  a: { mode: ModeId; scenario: Scenario },
  b: { mode: ModeId; scenario: Scenario },
  combine: (a: number, b: number) => number,
): Paired {
  const left = new Map(samplesOf(samples, a.mode, a.scenario).map((s) => [s.run, s.ms]));
  const perRun = samplesOf(samples, b.mode, b.scenario).flatMap((s) => {
    const l = left.get(s.run);
    return l === undefined ? [] : [combine(l, s.ms)];
  });
  return { perRun, median: median(perRun) };
}

/** How many times faster than the ephemeral cold build, run by run. */
export function speedUp(samples: readonly Sample[], mode: ModeId, scenario: Scenario): Paired {
  return paired(samples, { mode: "ephemeral", scenario: "cold" }, { mode, scenario }, (cold, warm) => cold / warm);
}

/** The action's time minus raw buildx's, run by run, in ms. */
export function overhead(samples: readonly Sample[], scenario: Scenario): Paired {
  return paired(samples, { mode: "action", scenario }, { mode: "buildx", scenario }, (action, raw) => action - raw);
}
