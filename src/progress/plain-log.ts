import type { SolveStatus } from "./events.js";

/**
 * Renders the rawjson stream as readable log lines, in the manner of buildx's plain progress:
 * `#3 [stage 1/2] RUN make`, its output, then `#3 DONE 1.2s`, `#3 CACHED` or `#3 ERROR: ...`.
 */
export class PlainProgress {
  private readonly numbers = new Map<string, number>();
  private readonly reported = new Set<string>();

  constructor(private readonly write: (line: string) => void) {}

  private number(digest: string, name: string): number {
    let n = this.numbers.get(digest);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(digest, n);
      this.write(`#${n} ${name}`);
    }
    return n;
  }

  /** True the first time a key is seen: each start and end is written once. */
  private first(key: string): boolean {
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }

  add(status: SolveStatus): void {
    for (const v of status.vertexes) {
      if (v.started === undefined) continue;
      const n = this.number(v.digest, v.name);
      if (v.completed === undefined || !this.first(`${v.digest}@${v.started}`)) continue;
      if (v.error) this.write(`#${n} ERROR: ${v.error}`);
      else if (v.cached) this.write(`#${n} CACHED`);
      else this.write(`#${n} DONE ${((v.completed - v.started) / 1000).toFixed(1)}s`);
    }
    for (const s of status.statuses) {
      const n = this.numbers.get(s.vertex);
      if (n === undefined || s.completed === undefined || !this.first(`${s.vertex}:${s.id}`)) continue;
      this.write(`#${n} ${s.id} done`);
    }
    for (const l of status.logs) {
      const n = this.numbers.get(l.vertex);
      for (const line of l.data.replace(/\n$/, "").split("\n")) this.write(n === undefined ? line : `#${n} ${line}`);
    }
  }
}
