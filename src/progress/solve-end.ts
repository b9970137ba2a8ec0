import { analyze, phaseOf, type StepReport } from "./analysis.js";
import type { SolveStatus } from "./events.js";
import { TimelineBuilder } from "./timeline.js";

/**
 * Watches a build's progress for the end of its steps: the first exporter to start while none of
 * the steps that started is still running (BuildKit exports once the whole result is solved).
 * Calls `onEnd` once, then, with the steps as they ran; a build that exports nothing never calls it.
 */
export class SolveEndWatch {
  private readonly timeline = new TimelineBuilder();
  private readonly names = new Map<string, string>();
  private readonly running = new Set<string>();
  private ended = false;

  constructor(private readonly onEnd: (steps: readonly StepReport[]) => void) {}

  add(status: SolveStatus): void {
    if (this.ended) return;
    this.timeline.add(status);
    for (const v of status.vertexes) {
      const name = v.name || this.names.get(v.digest) || "";
      this.names.set(v.digest, name);
      if (phaseOf(name) === "export") {
        if (v.started !== undefined && this.running.size === 0) return this.end();
      } else if (v.cached || v.completed !== undefined) {
        this.running.delete(v.digest);
      } else if (v.started !== undefined) {
        this.running.add(v.digest);
      }
    }
  }

  private end(): void {
    this.ended = true;
    this.onEnd(analyze(this.timeline.finish()).steps);
  }
}
