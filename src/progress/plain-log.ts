import type { SolveStatus, VertexLog } from "./events.js";

/**
 * Renders the rawjson stream as readable log lines, in the manner of buildx's plain progress:
 * `#3 [stage 1/2] RUN make`, its output, then `#3 DONE 1.2s`, `#3 CACHED` or `#3 ERROR: ...`.
 * BuildKit sends a step's output in chunks cut anywhere, so a line is written only once it is
 * whole: the rest of an unfinished line waits for its end, or for the step to finish.
 */
export class PlainProgress {
  private readonly numbers = new Map<string, number>();
  private readonly reported = new Set<string>();
  /** The unfinished last line of each step's stream, by `vertex` and stream. */
  private readonly partial = new Map<string, { readonly vertex: string; readonly text: string }>();

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

  private logLine(vertex: string, line: string): void {
    const n = this.numbers.get(vertex);
    this.write(n === undefined ? line : `#${n} ${line}`);
  }

  add(status: SolveStatus): void {
    // A step that ends in this message gets its last output (in the same message) written first.
    const logs = [...status.logs];
    for (const v of status.vertexes) {
      if (v.started === undefined) continue;
      const n = this.number(v.digest, v.name);
      if (v.completed === undefined || !this.first(`${v.digest}@${v.started}`)) continue;
      for (let i = logs.findIndex((l) => l.vertex === v.digest); i >= 0; i = logs.findIndex((l) => l.vertex === v.digest)) this.addLog(logs.splice(i, 1)[0]);
      this.flush(v.digest);
      if (v.error) this.write(`#${n} ERROR: ${v.error}`);
      else if (v.cached) this.write(`#${n} CACHED`);
      else this.write(`#${n} DONE ${((v.completed - v.started) / 1000).toFixed(1)}s`);
    }
    for (const s of status.statuses) {
      const n = this.numbers.get(s.vertex);
      if (n === undefined || s.completed === undefined || !this.first(`${s.vertex}:${s.id}`)) continue;
      this.write(`#${n} ${s.id} done`);
    }
    for (const l of logs) this.addLog(l);
  }

  /** Writes the whole lines of a chunk; the rest of an unfinished line waits for its end. */
  private addLog(l: VertexLog | undefined): void {
    if (!l) return;
    const key = `${l.vertex}:${l.stream ?? 1}`;
    const lines = `${this.partial.get(key)?.text ?? ""}${l.data}`.split("\n");
    const rest = lines.pop() ?? "";
    if (rest === "") this.partial.delete(key);
    else this.partial.set(key, { vertex: l.vertex, text: rest });
    for (const line of lines) this.logLine(l.vertex, line);
  }

  /** Writes what is left of unfinished lines: of one step, or of every step once the build ends. */
  flush(vertex?: string): void {
    for (const [key, pending] of this.partial) {
      if (vertex !== undefined && pending.vertex !== vertex) continue;
      this.partial.delete(key);
      this.logLine(pending.vertex, pending.text);
    }
  }
}
