import { ranWithCacheMounts } from "../cachemounts/scan.js";
import type { CacheMount } from "../inputs/inputs.js";
import type { SolveStatus } from "../progress/events.js";

/**
 * How long a step that uses a held-back mount may show as started before it counts as running.
 * BuildKit shows a step as started, not cached, while it fetches the step's inputs to compute its
 * cache key (the base image's layers, from the registry or the CI's cache), and only then as
 * cached: a step from the cache turns cached within moments of that, or shows the fetch's progress.
 */
export const RUNNING_AFTER_MS = 2000;

/**
 * Watches a build's progress for the first step that runs with one of the held-back mounts, and
 * calls `onNeed` with its name: at its first output line (it runs), or once it has shown as
 * started for RUNNING_AFTER_MS with neither output nor progress of its own open (a silent step,
 * such as `go build`). A step that turns cached or ends first is forgotten.
 */
export class MountNeedWatch {
  /** Steps shown as started: their timer, and their own progress items still open (a layer fetched, extracted). */
  private readonly pending = new Map<string, { readonly name: string; timer: NodeJS.Timeout | undefined; readonly open: Set<string> }>();
  private needed: string | undefined;

  constructor(private readonly mounts: readonly CacheMount[], private readonly onNeed: (step: string) => void) {}

  /** The step that needed the mounts; undefined while none has. */
  get step(): string | undefined {
    return this.needed;
  }

  add(status: SolveStatus): void {
    if (this.needed !== undefined) return;
    for (const v of status.vertexes) {
      const watched = this.pending.get(v.digest);
      if (v.cached || v.completed !== undefined) {
        if (watched) clearTimeout(watched.timer);
        this.pending.delete(v.digest);
      } else if (v.started !== undefined && !watched && ranWithCacheMounts([v], this.mounts)) {
        this.pending.set(v.digest, { name: v.name, timer: undefined, open: new Set() });
      }
    }
    // Progress of its own (layers fetched, extracted): still preparing, not running; the clock
    // starts again when the last of it ends.
    for (const s of status.statuses) {
      const watched = this.pending.get(s.vertex);
      if (!watched) continue;
      if (s.completed !== undefined) watched.open.delete(s.id);
      else if (s.started !== undefined) watched.open.add(s.id);
      clearTimeout(watched.timer);
      watched.timer = undefined;
    }
    const running = status.logs.find((l) => this.pending.has(l.vertex));
    if (running) return this.need(this.pending.get(running.vertex)?.name ?? "");
    for (const watched of this.pending.values()) {
      if (watched.open.size === 0 && watched.timer === undefined) watched.timer = setTimeout(() => this.need(watched.name), RUNNING_AFTER_MS);
    }
  }

  /** Stops the timers: the build has ended. */
  close(): void {
    this.pending.forEach((w) => clearTimeout(w.timer));
    this.pending.clear();
  }

  private need(name: string): void {
    if (this.needed !== undefined) return;
    this.needed = name;
    this.close();
    this.onNeed(name);
  }
}
