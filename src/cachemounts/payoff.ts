// Whether carrying a cache mount pays: what it cost to move in and out of the builder against
// what it saved the steps that use it. Figures travel with the saved entry (RECORD_FILE).
import { cacheMountsOf } from "./scan.js";

/** Saved beside the archives, in the same cache entry. */
export const RECORD_FILE = "remote-buildkit-mounts.json";

/** One mount's figures, in milliseconds. */
export interface MountFigures {
  readonly id: string;
  /** Its share of what the job waited for to carry it, the last time: the restore, and the copy out where it outlasted the build. */
  readonly carryMs: number;
  /** The steps that use it, the last time they ran with restored contents. */
  readonly warmMs?: number;
  /** The same steps, the last time they ran on an empty mount (the first run, or a skipped one). */
  readonly coldMs?: number;
}

export interface MountRecord {
  readonly version: 1;
  readonly mounts: readonly MountFigures[];
}

export interface CarryDecision {
  readonly carry: boolean;
  /** For the log and the summary. */
  readonly why: string;
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Carry a mount unless, by the last figures, moving it cost more than it saved: the steps ran
 * `coldMs` on an empty mount and `warmMs` with its contents. Until both are known, carry: only a
 * run with the contents and one without show what they are worth. A skipped run measures the
 * empty mount again, so a mount that starts to pay is carried again.
 */
export function decideCarry(figures: MountFigures | undefined): CarryDecision {
  if (!figuresComplete(figures)) return { carry: true, why: "no figures yet" };
  const saved = figures.coldMs - figures.warmMs;
  const summary = `carrying it cost ${s(figures.carryMs)}, and it saved its steps ${s(Math.max(0, saved))} (${s(figures.coldMs)} empty, ${s(figures.warmMs)} with it)`;
  return figures.carryMs > saved ? { carry: false, why: `skipped: ${summary}` } : { carry: true, why: `pays: ${summary}` };
}

/** Whether a run with the mount's contents and one without have both been measured: all decideCarry needs. */
export function figuresComplete(figures: MountFigures | undefined): figures is MountFigures & { readonly warmMs: number; readonly coldMs: number } {
  return figures?.warmMs !== undefined && figures.coldMs !== undefined;
}

/** Reads a record; undefined for anything that is not one (an old entry, a damaged file). */
export function parseRecord(text: string): MountRecord | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || (parsed as { version?: unknown }).version !== 1) return undefined;
    const mounts = (parsed as { mounts?: unknown }).mounts;
    if (!Array.isArray(mounts)) return undefined;
    const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
    const figures = mounts.flatMap((m: unknown): MountFigures[] => {
      if (typeof m !== "object" || m === null) return [];
      const o = m as Record<string, unknown>;
      const carryMs = num(o["carryMs"]);
      if (typeof o["id"] !== "string" || carryMs === undefined) return [];
      const warmMs = num(o["warmMs"]);
      const coldMs = num(o["coldMs"]);
      return [{ id: o["id"], carryMs, ...(warmMs !== undefined ? { warmMs } : {}), ...(coldMs !== undefined ? { coldMs } : {}) }];
    });
    return { version: 1, mounts: figures };
  } catch {
    return undefined;
  }
}

/** The time of the build's steps that ran (not from the layer cache) with the mount; undefined when none ran. */
export function stepsUsingMs(steps: ReadonlyArray<{ readonly name: string; readonly cached: boolean; readonly durationMs: number }>, id: string): number | undefined {
  const using = steps.filter((step) => !step.cached && cacheMountsOf(step.name).some((m) => m.id === id));
  return using.length === 0 ? undefined : using.reduce((sum, step) => sum + step.durationMs, 0);
}

/** What this run learnt about one mount, merged into what the last record knew. */
export interface MountRun {
  readonly id: string;
  /** Restored into the builder this run (else it started empty: nothing saved yet, or skipped). */
  readonly restored: boolean;
  /** Its share of this run's transfers; undefined when it was not carried. */
  readonly carryMs: number | undefined;
  /** The copy in shared the CPU with other work (the stages' images unpacked beside it): carryMs overstates it. */
  readonly carryShared?: boolean;
  /** Its steps' time this run; undefined when they all came from the layer cache. */
  readonly stepsMs: number | undefined;
}

export function nextFigures(last: MountFigures | undefined, run: MountRun): MountFigures {
  // An overstated cost would skip a mount that pays: the last fair figure stands, when there is one.
  const carryMs = (run.carryShared === true ? last?.carryMs : undefined) ?? run.carryMs ?? last?.carryMs ?? 0;
  const warmMs = run.restored && run.stepsMs !== undefined ? run.stepsMs : last?.warmMs;
  const coldMs = !run.restored && run.stepsMs !== undefined ? run.stepsMs : last?.coldMs;
  return { id: run.id, carryMs, ...(warmMs !== undefined ? { warmMs } : {}), ...(coldMs !== undefined ? { coldMs } : {}) };
}

/**
 * What the job waited for of a copy out of the builder, from `start` to `end` (clock milliseconds):
 * the part after the build ended at `builtAt`; none when the build had not ended (the copy ran
 * beside its export, which the job waited for anyway).
 */
export function outlastedMs(start: number, end: number, builtAt: number | undefined): number {
  return builtAt === undefined ? 0 : Math.max(0, end - Math.max(start, builtAt));
}

/** Splits a transfer's time between mounts by the size of their archives. */
export function shareBySize(totalMs: number, sizes: ReadonlyMap<string, number>, id: string): number {
  const all = [...sizes.values()].reduce((a, b) => a + b, 0);
  return all === 0 ? totalMs / Math.max(1, sizes.size) : (totalMs * (sizes.get(id) ?? 0)) / all;
}

/** The figures in a few words, for the log. */
export function describeFigures(f: MountFigures): string {
  const parts = [`carrying it cost ${s(f.carryMs)}`];
  if (f.coldMs !== undefined) parts.push(`its steps took ${s(f.coldMs)} on an empty mount`);
  if (f.warmMs !== undefined) parts.push(`${s(f.warmMs)} with its contents`);
  return parts.join(", ");
}

/** A mount that grew by less than this share since it was restored is not saved again. */
export const RESAVE_GROWTH = 0.05;

export interface ResaveDecision {
  readonly save: boolean;
  /** For the log. */
  readonly why: string;
}

const mb = (kb: number): string => `${(kb / 1024).toFixed(kb < 10 * 1024 ? 1 : 0)} MB`;

/**
 * Whether to save the cache mounts again after a build that used them, from each mount's disk use
 * (KiB) once restored and now. Not when every mount grew by under RESAVE_GROWTH: the entry they
 * came from still holds nearly all of it, and the next job, finding that entry, redoes only the
 * little this build added, for less than a save costs (a Go build cache's is 20 s). Callers save
 * whenever the lockfiles changed, so that the newest entry keeps matching the project's lockfiles.
 */
export function decideResave(mounts: ReadonlyArray<{ readonly id: string; readonly target: string }>, restoredKb: ReadonlyMap<string, number>, nowKb: ReadonlyMap<string, number>): ResaveDecision {
  const growth = mounts.map((m) => ({ target: m.target, before: restoredKb.get(m.id), after: nowKb.get(m.id) }));
  const unknown = growth.find((g) => g.before === undefined || g.after === undefined);
  if (unknown) return { save: true, why: `${unknown.target} was not measured` };
  const lines = growth.map((g) => {
    const before = g.before ?? 0;
    const after = g.after ?? 0;
    const share = before === 0 ? (after === 0 ? 0 : Infinity) : (after - before) / before;
    return { share, text: `${g.target} ${mb(before)} → ${mb(after)}` };
  });
  const grown = lines.filter((l) => l.share >= RESAVE_GROWTH);
  return grown.length > 0
    ? { save: true, why: `grew by ${Math.round(RESAVE_GROWTH * 100)}% or more: ${grown.map((l) => l.text).join(", ")}` }
    : { save: false, why: `each grew by under ${Math.round(RESAVE_GROWTH * 100)}% since the restore (${lines.map((l) => l.text).join(", ")}): the entry they came from still serves the next job` };
}
