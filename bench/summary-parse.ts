// npm run bench:summary — how long parsing a rawjson stream and rendering its summary takes, and
// how that grows with the number of steps. Not a test: it writes its figures to
// bench/results/summary-parse.md with the machine and the Node version.
import { cpus, totalmem } from "node:os";
import { writeFileSync } from "node:fs";
import { analyze } from "../src/progress/analysis.js";
import { parseStatusLine } from "../src/progress/events.js";
import { PlainProgress } from "../src/progress/plain-log.js";
import { TimelineBuilder } from "../src/progress/timeline.js";
import { renderSummary } from "../src/summary/render.js";

/** A build of n steps in 10 parallel chains, as buildx streams it: start, status, log, end. */
function stream(n: number): string[] {
  const lines: string[] = [];
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const at = (ms: number): string => new Date(t0 + ms).toISOString();
  for (let i = 0; i < n; i++) {
    const digest = `sha256:${i.toString(16).padStart(64, "0")}`;
    const inputs = i >= 10 ? [`sha256:${(i - 10).toString(16).padStart(64, "0")}`] : [];
    const name = `[stage-${i % 10} ${Math.floor(i / 10) + 1}/${n / 10}] RUN --mount=type=cache,target=/root/.cache make step-${i}`;
    const start = Math.floor(i / 10) * 50;
    lines.push(JSON.stringify({ vertexes: [{ digest, inputs, name, started: at(start) }] }));
    lines.push(JSON.stringify({ statuses: [{ id: "transferring", vertex: digest, current: 1000, started: at(start), completed: at(start + 5) }] }));
    lines.push(JSON.stringify({ logs: [{ vertex: digest, stream: 1, data: Buffer.from(`compiling step ${i}\nok\n`).toString("base64"), timestamp: at(start + 10) }] }));
    lines.push(JSON.stringify({ vertexes: [{ digest, inputs, name, started: at(start), completed: at(start + 40), cached: i % 3 === 0 }] }));
  }
  return lines;
}

function measure(n: number): { n: number; events: number; parseMs: number; renderMs: number; summaryBytes: number; heapMiB: number } {
  const lines = stream(n);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const timeline = new TimelineBuilder();
  let logLines = 0;
  const plain = new PlainProgress(() => void logLines++);
  for (const line of lines) {
    const status = parseStatusLine(line);
    if (status) {
      timeline.add(status);
      plain.add(status);
    }
  }
  const analysis = analyze(timeline.finish());
  const parsed = performance.now();
  const summary = renderSummary({
    outcome: "succeeded", mode: "remote", builderAddress: "tcp://bk:1234", routing: [], fallbackReason: "", builderState: "", builder: "b", buildkitVersion: "v0.32.2", tags: ["r/app:1"], pushed: true,
    digest: "sha256:0", connectMs: 300, restoreMountsMs: 0, unpackWaitMs: 0, stoppedBuildMs: 0, buildMs: 1000, saveMountsMs: 0, removeMs: 0, totalMs: 1500, analysis, advice: [], error: "", health: undefined, comparison: undefined, record: "",
  });
  const rendered = performance.now();
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  return { n, events: lines.length, parseMs: parsed - started, renderMs: rendered - parsed, summaryBytes: Buffer.byteLength(summary), heapMiB };
}

const sizes = [1250, 2500, 5000, 10000];
measure(1000); // warm-up
const rows = sizes.map((n) => {
  const runs = [measure(n), measure(n), measure(n)].sort((a, b) => a.parseMs + a.renderMs - (b.parseMs + b.renderMs));
  return runs[1] ?? runs[0];
});
const table = [
  "| steps | events | parse + analyse (ms) | render (ms) | summary (bytes) | heap growth (MiB) |",
  "| ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map((r) => r && `| ${r.n} | ${r.events} | ${r.parseMs.toFixed(1)} | ${r.renderMs.toFixed(1)} | ${r.summaryBytes} | ${r.heapMiB.toFixed(1)} |`),
].join("\n");
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const text = `# Summary parsing benchmark\n\nMedian of 3 runs each, on ${machine}, ${new Date().toISOString().slice(0, 10)}.\n` +
  "Each step is 4 rawjson events (start, status, log, end); 10 parallel chains.\n\n" + `${table}\n`;
writeFileSync(new URL("../../bench/results/summary-parse.md", import.meta.url), text);
process.stdout.write(text);
