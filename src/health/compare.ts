import { cacheMountsOf } from "../cachemounts/scan.js";
import type { BuildAnalysis, StepReport } from "../progress/analysis.js";
import { mountKey } from "./usage.js";

/** The last build of the same project on the same daemon, from its history record. */
export interface PreviousBuild {
  readonly ref: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** First step's start to last step's end, by the daemon's progress events (else its record's start and end). */
  readonly wallMs: number;
  /** Its steps; read only when this build ran some (else empty: nothing to compare them with). */
  readonly steps: readonly StepReport[];
  /** When it ended, in milliseconds; NaN when its record does not say. */
  readonly completedAt: number;
}

export interface ThisBuild {
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly noCache: boolean;
  readonly analysis: BuildAnalysis;
  /** When each cache mount on the daemon was created (its oldest record), by mountKey of its id; read only when a step that ran uses one. */
  readonly mountsCreatedAt?: ReadonlyMap<string, number>;
}

/** How this build compares with the last one: a headline and, per chain of steps that ran again, its first step and why. */
export interface Comparison {
  readonly headline: string;
  readonly reran: ReadonlyArray<{ readonly step: string; readonly cause: string }>;
}

const DIGEST = /@sha256:[0-9a-f]{64}/;

/**
 * What pairs a step with last time's: its place in its stage (its name can change with a build
 * argument expanded in it, or a base image's digest), else its name.
 */
function key(step: StepReport): string {
  const at = position(step);
  return at ? `${at.stage} ${at.index}` : step.name;
}

/** A Dockerfile step's stage and place in it: `[build 2/3] ...` or, in a single-stage build, `[2/3] ...`. */
function position(step: StepReport): { readonly stage: string; readonly index: number } | undefined {
  const match = /^\[(?:(\S+)\s+)?(\d+)\/\d+\]/.exec(step.name);
  return match ? { stage: match[1] ?? "", index: Number(match[2]) } : undefined;
}

/** `[build 2/3] COPY a.txt /a.txt` → its instruction, `COPY`. */
function instruction(step: StepReport): string {
  return /^(?:\[[^\]]*\]\s*)?(\w+)/.exec(step.name)?.[1]?.toUpperCase() ?? "";
}

/**
 * A FROM step that resolved to the same digest as last time: BuildKit shows it as run whenever a
 * later step needs the image unpacked, which says nothing about what changed.
 */
function sameBase(step: StepReport, previous: StepReport): boolean {
  return instruction(step) === "FROM" && DIGEST.exec(step.name)?.[0] === DIGEST.exec(previous.name)?.[0];
}

function changedArgs(before: Readonly<Record<string, string>>, now: Readonly<Record<string, string>>): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(now)])].sort();
  return names.filter((n) => before[n] !== now[n]).map((n) => `${n}: ${before[n] ?? "(unset)"} → ${now[n] ?? "(unset)"}`);
}

/** The digest a stage's FROM step resolved to, by stage. */
function baseDigests(steps: readonly StepReport[]): Map<string, string> {
  const bases = new Map<string, string>();
  for (const step of steps) {
    const at = position(step);
    const digest = DIGEST.exec(step.name)?.[0];
    if (at && digest && instruction(step) === "FROM") bases.set(at.stage, digest);
  }
  return bases;
}

/** Why a step that came from the cache last time ran now, as far as the two records tell; never a guess. */
function causeOf(step: StepReport, base: { readonly was: string | undefined; readonly is: string | undefined }, args: readonly string[], noCache: boolean): string {
  if (noCache) return "no-cache was set";
  if (base.was && base.is && base.was !== base.is) return `the base image resolved to a new digest (${base.was.slice(8, 20)} → ${base.is.slice(8, 20)})`;
  if (instruction(step) === "COPY" || instruction(step) === "ADD") return "the files it copies changed";
  if (instruction(step) === "RUN" && args.length > 0) return `a build argument changed (${args.join(", ")})`;
  return "the records do not tell (an earlier step's result or the step itself changed)";
}

/** Under a second apart, two builds are as fast: a sub-second build's time is mostly noise. */
const NOTICEABLE_MS = 1000;

function ratio(now: number, before: number): string {
  if (before <= 0 || now <= 0) return "";
  if (Math.abs(now - before) < NOTICEABLE_MS) return "about as fast as";
  const r = now / before;
  if (r >= 1.15) return `${r.toFixed(1)}× slower than`;
  if (r <= 1 / 1.15) return `${(1 / r).toFixed(1)}× faster than`;
  return "about as fast as";
}

/**
 * Pure: compares this build with the previous one step by step. Of the steps that ran now but came
 * from the cache last time, names the first of each stage's chain, since the rest of a chain runs
 * again because of it.
 */
export function compareBuilds(previous: PreviousBuild | undefined, current: ThisBuild, seconds: (ms: number) => string): Comparison {
  if (!previous) {
    return { headline: "the first build of this project in the daemon's history (or its earlier records were removed)", reran: [] };
  }
  // Both from the daemon's own progress events (first step's start to last step's end), so that
  // the runner's side of each build does not count in one and not the other.
  const [was, is] = [previous.wallMs, current.analysis.wallMs];
  const headline = `${ratio(is, was) || "compared with"} the last build of this project (${seconds(was)} → ${seconds(is)}, record ${previous.ref.slice(0, 12)})`;
  const before = new Map(previous.steps.map((s) => [key(s), s]));
  const args = changedArgs(previous.buildArgs, current.buildArgs);
  // Ran now, came from the cache last time: of each stage's chain, the earliest such step is the cause of the rest.
  const again = current.analysis.steps
    .map((step) => ({ step, at: position(step), was: before.get(key(step)) }))
    .filter((s) => !s.step.cached && s.at !== undefined && s.was?.cached === true && !sameBase(s.step, s.was))
    .sort((a, b) => (a.at?.stage ?? "").localeCompare(b.at?.stage ?? "") || (a.at?.index ?? 0) - (b.at?.index ?? 0));
  const [basesBefore, basesNow] = [baseDigests(previous.steps), baseDigests(current.analysis.steps)];
  const reran: Array<{ step: string; cause: string; startMs: number }> = [];
  const stagesSeen = new Set<string>();
  for (const { step, at } of again) {
    const stage = at?.stage ?? "";
    if (stagesSeen.has(stage)) continue;
    stagesSeen.add(stage);
    const base = { was: basesBefore.get(stage), is: basesNow.get(stage) };
    reran.push({ step: shown(step), cause: causeOf(step, base, args, current.noCache), startMs: step.startMs });
  }
  // A stage can also run again because a stage it copies from did: the records do not show which
  // stage depends on which, so every chain but the one that started first says so.
  const first = Math.min(...reran.map((r) => r.startMs));
  const named = reran.map((r) => ({ step: r.step, cause: r.startMs > first && !current.noCache ? `${r.cause}, or a stage it depends on ran again` : r.cause }));
  return { headline, reran: withEmptiedMounts(named, current, previous.completedAt) };
}

/** Shown as the step names are in the comparison. */
function shown(step: StepReport): string {
  return step.name.replace(DIGEST, (d) => `@${d.slice(1, 20)}…`);
}

/**
 * Adds, to each step that ran with a cache mount the daemon created after the last build ended,
 * that the mount came back empty: its contents were removed in between (GC or a prune), so the
 * step started from nothing. Said of the steps that ran now, whether or not they are a chain's first.
 */
function withEmptiedMounts(reran: ReadonlyArray<{ readonly step: string; readonly cause: string }>, current: ThisBuild, lastEnded: number): Array<{ step: string; cause: string }> {
  const created = current.mountsCreatedAt;
  const out = reran.map((r) => ({ ...r }));
  if (!created || !Number.isFinite(lastEnded)) return out;
  for (const step of current.analysis.steps) {
    if (step.cached) continue;
    const emptied = cacheMountsOf(step.name).filter((m) => (created.get(mountKey(m.id)) ?? Number.NEGATIVE_INFINITY) > lastEnded);
    if (emptied.length === 0) continue;
    const note = `its cache mount${emptied.length > 1 ? "s" : ""} ${emptied.map((m) => m.target).join(", ")} came back empty (created anew since the last build: the daemon's GC or a prune removed ${emptied.length > 1 ? "them" : "it"})`;
    const named = out.find((r) => r.step === shown(step));
    if (named) named.cause = `${named.cause}; ${note}`;
    else out.push({ step: shown(step), cause: note });
  }
  return out;
}

/** Whether a Dockerfile step ran in this build (not from the cache): only then are the last build's steps worth reading. */
export function ranSteps(analysis: BuildAnalysis): boolean {
  return analysis.steps.some((s) => !s.cached && position(s) !== undefined);
}

/** Whether a step that ran in this build uses a cache mount: only then does the comparison need the mounts' ages. */
export function ranWithCacheMount(analysis: BuildAnalysis): boolean {
  return analysis.steps.some((s) => !s.cached && cacheMountsOf(s.name).length > 0);
}
