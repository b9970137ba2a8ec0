import type { SolveStatus } from "./events.js";

/** One vertex of the build as the whole stream told it. */
export interface TimelineStep {
  readonly digest: string;
  readonly name: string;
  readonly inputs: readonly string[];
  /** Each time the vertex ran: [started, completed] in epoch ms. A vertex can run more than once (exporters do). */
  readonly intervals: ReadonlyArray<readonly [number, number]>;
  readonly cached: boolean;
  readonly error: string;
  /** Bytes of the largest `transferring ...` status (context, Dockerfile). */
  readonly transferredBytes: number;
  /** Milliseconds spent in `sending tarball` (an image loaded back into the runner's Docker). */
  readonly sendingTarballMs: number;
}

interface MutableStep {
  digest: string;
  name: string;
  inputs: readonly string[];
  runs: Map<number, number>;
  cached: boolean;
  error: string;
  transferredBytes: number;
  sendingTarballMs: number;
}

/**
 * Folds the status stream into one record a vertex. Each update replaces the vertex's previous
 * state, so memory grows with the number of vertices and time with the number of events.
 */
export class TimelineBuilder {
  private readonly steps = new Map<string, MutableStep>();

  private step(digest: string): MutableStep {
    let step = this.steps.get(digest);
    if (!step) {
      step = { digest, name: "", inputs: [], runs: new Map(), cached: false, error: "", transferredBytes: 0, sendingTarballMs: 0 };
      this.steps.set(digest, step);
    }
    return step;
  }

  add(status: SolveStatus): void {
    for (const v of status.vertexes) {
      const step = this.step(v.digest);
      if (v.name) step.name = v.name;
      if (v.inputs.length > 0) step.inputs = v.inputs;
      if (v.cached) step.cached = true;
      if (v.error) step.error = v.error;
      if (v.started !== undefined) step.runs.set(v.started, v.completed ?? step.runs.get(v.started) ?? v.started);
    }
    for (const s of status.statuses) {
      const step = this.step(s.vertex);
      if (s.id.startsWith("transferring")) step.transferredBytes = Math.max(step.transferredBytes, s.current);
      if (s.id.startsWith("sending tarball") && s.started !== undefined && s.completed !== undefined) {
        step.sendingTarballMs = Math.max(step.sendingTarballMs, s.completed - s.started);
      }
    }
  }

  /** The vertices that ran, in the order they first appeared. */
  finish(): TimelineStep[] {
    return [...this.steps.values()]
      .filter((s) => s.runs.size > 0)
      .map((s) => ({
        digest: s.digest,
        name: s.name,
        inputs: s.inputs,
        intervals: [...s.runs.entries()].map(([start, end]) => [start, Math.max(start, end)] as const),
        cached: s.cached,
        error: s.error,
        transferredBytes: s.transferredBytes,
        sendingTarballMs: s.sendingTarballMs,
      }));
  }
}
