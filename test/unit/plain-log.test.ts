import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SolveStatus, Vertex } from "../../src/progress/events.js";
import { PlainProgress } from "../../src/progress/plain-log.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function vertex(i: number, completed?: number): Vertex {
  return { digest: `sha256:${i}`, name: `[step-${i} 1/1] RUN ./print`, inputs: [], started: T0, ...(completed === undefined ? {} : { completed }), cached: false, error: "" };
}

describe("PlainProgress with output in chunks cut anywhere", () => {
  it("writes 50 parallel steps' 100,000 lines whole, each under its step, in order", () => {
    const STEPS = 50;
    const LINES = 2000;
    const next = random(14);
    // Each step's stdout and stderr as BuildKit would hold them, then cut at random offsets.
    const pending = Array.from({ length: STEPS }, (_, i) => [1, 2].map((stream) => ({
      stream,
      text: Array.from({ length: LINES / 2 }, (_, l) => `step ${i} stream ${stream} line ${l} ${"x".repeat(Math.floor(next() * 120))}\n`).join(""),
    })));
    const lines: string[] = [];
    const plain = new PlainProgress((line) => lines.push(line));
    plain.add({ vertexes: Array.from({ length: STEPS }, (_, i) => vertex(i)), statuses: [], logs: [] });
    let left = STEPS * 2;
    while (left > 0) {
      // One status message carries chunks of several steps, as the daemon batches them.
      const logs: SolveStatus["logs"][number][] = [];
      for (let k = 0; k < 8; k++) {
        const step = Math.floor(next() * STEPS);
        const source = pending[step]?.[Math.floor(next() * 2)];
        if (!source || source.text === "") continue;
        const cut = Math.max(1, Math.floor(next() * 300));
        logs.push({ vertex: `sha256:${step}`, stream: source.stream, data: source.text.slice(0, cut) });
        source.text = source.text.slice(cut);
        if (source.text === "") left--;
      }
      plain.add({ vertexes: [], statuses: [], logs });
    }
    plain.add({ vertexes: Array.from({ length: STEPS }, (_, i) => vertex(i, T0 + 1000)), statuses: [], logs: [] });

    const output = lines.filter((l) => !/^#\d+ (\[step-|DONE )/.test(l));
    assert.equal(output.length, STEPS * LINES);
    const seen = new Map<string, number>();
    for (const line of output) {
      const match = /^#(\d+) step (\d+) stream (\d) line (\d+) x*$/.exec(line);
      assert.ok(match, `a line broken in two: ${JSON.stringify(line.slice(0, 60))}`);
      const [, n = "", step = "", stream = "", l = ""] = match;
      assert.equal(Number(n), Number(step) + 1, "under its own step's number");
      const key = `${step}/${stream}`;
      assert.equal(Number(l), seen.get(key) ?? 0, `lines of ${key} in order`);
      seen.set(key, Number(l) + 1);
    }
    assert.equal(lines.filter((l) => / DONE 1\.0s$/.test(l)).length, STEPS);
  });

  it("writes a last line that has no line end when its step finishes, before the step's DONE", () => {
    const lines: string[] = [];
    const plain = new PlainProgress((line) => lines.push(line));
    plain.add({ vertexes: [vertex(1)], statuses: [], logs: [{ vertex: "sha256:1", stream: 1, data: "compil" }] });
    plain.add({ vertexes: [], statuses: [], logs: [{ vertex: "sha256:1", stream: 1, data: "ing\nno newline at the end" }] });
    plain.add({ vertexes: [vertex(1, T0 + 2000)], statuses: [], logs: [] });
    assert.deepEqual(lines, ["#1 [step-1 1/1] RUN ./print", "#1 compiling", "#1 no newline at the end", "#1 DONE 2.0s"]);
  });

  it("writes what is left of unfinished lines when the build ends without the steps finishing (cancelled)", () => {
    const lines: string[] = [];
    const plain = new PlainProgress((line) => lines.push(line));
    plain.add({ vertexes: [vertex(1)], statuses: [], logs: [{ vertex: "sha256:1", stream: 2, data: "half a li" }] });
    assert.deepEqual(lines, ["#1 [step-1 1/1] RUN ./print"]);
    plain.flush();
    assert.deepEqual(lines, ["#1 [step-1 1/1] RUN ./print", "#1 half a li"]);
  });

  it("writes a step that starts and ends in one message as buildx does: its name, then at once its end", () => {
    const lines: string[] = [];
    const plain = new PlainProgress((line) => lines.push(line));
    plain.add({ vertexes: [{ ...vertex(1, T0), cached: true }, { ...vertex(2, T0), cached: true }], statuses: [], logs: [] });
    assert.deepEqual(lines, ["#1 [step-1 1/1] RUN ./print", "#1 CACHED", "#2 [step-2 1/1] RUN ./print", "#2 CACHED"]);
  });
});
