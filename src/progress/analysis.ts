import { parseStatusLine } from "./events.js";
import { TimelineBuilder, type TimelineStep } from "./timeline.js";

export type Phase = "context" | "solve" | "export";

export interface StepReport {
  readonly name: string;
  /** The Dockerfile stage from `[stage 1/3]`, `internal`, or empty for exporters. */
  readonly stage: string;
  /** Milliseconds from the start of the build. */
  readonly startMs: number;
  readonly durationMs: number;
  readonly cached: boolean;
  readonly error: string;
  readonly phase: Phase;
  readonly critical: boolean;
}

export interface BuildAnalysis {
  readonly steps: readonly StepReport[];
  /** From the first step's start to the last step's end. */
  readonly wallMs: number;
  readonly phaseMs: Readonly<Record<Phase, number>>;
  /** Steps as BuildKit counts them in its build history: buildx's own client-side work left out. */
  readonly buildSteps: number;
  readonly cachedSteps: number;
  readonly contextBytes: number;
  /** Time spent sending the image back to the runner (`load`). */
  readonly loadTransferMs: number;
}

const CONTEXT = /^\[internal\] load (build context|build definition|\.dockerignore|remote build context)/;
const EXPORT = /^(exporting|pushing|sending tarball|importing to docker|naming to|writing image|unpacking|preparing build cache for export|resolving provenance for metadata file)/i;
/** Progress that buildx reports of its own work, after the daemon's build. */
const CLIENT_SIDE = /^resolving provenance for metadata file$/;

/** Which part of a build a vertex of that name belongs to. */
export function phaseOf(name: string): Phase {
  if (CONTEXT.test(name)) return "context";
  if (EXPORT.test(name)) return "export";
  return "solve";
}

/** Splits `[stage 2/3] RUN make` into its stage and the rest. */
export function splitStage(name: string): { stage: string; label: string } {
  const match = /^\[([^\]\s]+)(?:\s+\d+\/\d+)?\]\s*(.*)$/s.exec(name);
  return match ? { stage: match[1] ?? "", label: match[2] ?? "" } : { stage: "", label: name };
}

/** Total length of the union of intervals. */
function unionMs(intervals: Array<readonly [number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of sorted) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/**
 * The chain of steps that decided when the build finished: from the step that completed last,
 * back through the input that completed last, to a step with no inputs.
 */
function criticalPath(steps: readonly TimelineStep[], ends: ReadonlyMap<string, number>): Set<string> {
  const byDigest = new Map(steps.map((s) => [s.digest, s]));
  let current = steps.filter((s) => phaseOf(s.name) !== "export").reduce<TimelineStep | undefined>(
    (last, s) => (!last || (ends.get(s.digest) ?? 0) > (ends.get(last.digest) ?? 0) ? s : last), undefined);
  const path = new Set<string>();
  while (current && !path.has(current.digest)) {
    path.add(current.digest);
    current = current.inputs.map((d) => byDigest.get(d)).reduce<TimelineStep | undefined>(
      (latest, s) => (s && (!latest || (ends.get(s.digest) ?? 0) > (ends.get(latest.digest) ?? 0)) ? s : latest), undefined);
  }
  return path;
}

export function analyze(timeline: readonly TimelineStep[]): BuildAnalysis {
  const starts = timeline.map((s) => Math.min(...s.intervals.map((i) => i[0])));
  const ends = new Map(timeline.map((s) => [s.digest, Math.max(...s.intervals.map((i) => i[1]))]));
  const origin = starts.length > 0 ? Math.min(...starts) : 0;
  const finish = ends.size > 0 ? Math.max(...ends.values()) : origin;
  const critical = criticalPath(timeline, ends);
  const byPhase: Record<Phase, Array<readonly [number, number]>> = { context: [], solve: [], export: [] };
  const steps = timeline.map((s, i): StepReport => {
    const phase = phaseOf(s.name);
    byPhase[phase].push(...s.intervals);
    const { stage } = splitStage(s.name);
    return {
      name: s.name,
      stage,
      startMs: (starts[i] ?? origin) - origin,
      durationMs: unionMs([...s.intervals]),
      cached: s.cached,
      error: s.error,
      phase,
      critical: critical.has(s.digest),
    };
  });
  return {
    steps,
    wallMs: finish - origin,
    phaseMs: { context: unionMs(byPhase.context), solve: unionMs(byPhase.solve), export: unionMs(byPhase.export) },
    buildSteps: steps.filter((s) => !CLIENT_SIDE.test(s.name)).length,
    cachedSteps: steps.filter((s) => !CLIENT_SIDE.test(s.name) && s.cached).length,
    contextBytes: timeline.filter((s) => /^\[internal\] load build context/.test(s.name)).reduce((n, s) => n + s.transferredBytes, 0),
    loadTransferMs: timeline.reduce((n, s) => n + s.sendingTarballMs, 0),
  };
}

/** Where the time of a build went, from its rawjson progress (lines that are not JSON are skipped). */
export function analyzeProgress(text: string): BuildAnalysis {
  const timeline = new TimelineBuilder();
  for (const line of text.split("\n")) {
    const status = parseStatusLine(line);
    if (status) timeline.add(status);
  }
  return analyze(timeline.finish());
}
