import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { analyze, splitStage } from "../../src/progress/analysis.js";
import { parseStatusLine, type SolveStatus } from "../../src/progress/events.js";
import { PlainProgress } from "../../src/progress/plain-log.js";
import { TimelineBuilder } from "../../src/progress/timeline.js";
import { REPO } from "../bed/runner.js";

/** A real stream: the parallel fixture built cold and pushed (buildx v0.36.1, buildkitd v0.32.2). */
const REAL = readFileSync(join(REPO, "test", "fixtures", "progress", "parallel-cold-push.rawjson"), "utf8").trim().split("\n");

function fold(lines: readonly string[]): ReturnType<TimelineBuilder["finish"]> {
  const timeline = new TimelineBuilder();
  for (const line of lines) {
    const status = parseStatusLine(line);
    if (status) timeline.add(status);
  }
  return timeline.finish();
}

const T0 = Date.parse("2026-01-01T00:00:00Z");
function at(ms: number): string {
  return new Date(T0 + ms).toISOString();
}
function vertex(digest: string, name: string, start: number, end: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ vertexes: [{ digest, name, started: at(start), completed: at(end), ...extra }] });
}

describe("parseStatusLine", () => {
  it("reads vertices, statuses and base64 logs", () => {
    const status = parseStatusLine(JSON.stringify({
      vertexes: [{ digest: "d1", name: "[a 1/1] RUN x", inputs: ["d0"], started: at(0), completed: at(5), cached: true }],
      statuses: [{ id: "transferring context:", vertex: "d1", current: 42, started: at(0), completed: at(1) }],
      logs: [{ vertex: "d1", stream: 1, data: Buffer.from("hello\n").toString("base64") }],
    })) as SolveStatus;
    assert.deepEqual(status.vertexes[0], { digest: "d1", name: "[a 1/1] RUN x", inputs: ["d0"], started: T0, completed: T0 + 5, cached: true, error: "" });
    assert.equal(status.statuses[0]?.current, 42);
    assert.equal(status.logs[0]?.data, "hello\n");
  });
  it("passes over lines that are not statuses", () => {
    assert.equal(parseStatusLine("ERROR: failed to build: something"), undefined);
    assert.equal(parseStatusLine("{not json"), undefined);
  });
});

describe("analyze, on a real stream", () => {
  const analysis = analyze(fold(REAL));
  it("finds every step BuildKit ran, none cached on a cold build", () => {
    assert.deepEqual(analysis.steps.map((s) => s.name).filter((n) => n.startsWith("[")).sort(), [
      "[base 1/2] COPY busybox /bin/busybox",
      '[base 2/2] RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      "[deps-a 1/1] RUN sleep 1 && echo a > /a",
      "[deps-b 1/1] RUN sleep 2 && echo b > /b",
      "[internal] load .dockerignore",
      "[internal] load build context",
      "[internal] load build definition from Dockerfile",
      "[stage-3 1/3] COPY --from=deps-a /a /a",
      "[stage-3 2/3] COPY --from=deps-b /b /b",
      "[stage-3 3/3] COPY hello.txt /hello.txt",
    ]);
    assert.equal(analysis.cachedSteps, 0);
  });
  it("puts the longer of the two parallel stages on the critical path", () => {
    const critical = analysis.steps.filter((s) => s.critical).map((s) => splitStage(s.name).label);
    assert.ok(critical.includes("RUN sleep 2 && echo b > /b"));
    assert.ok(!critical.includes("RUN sleep 1 && echo a > /a"));
    assert.ok(critical.includes("COPY hello.txt /hello.txt"));
  });
  it("shows the parallel stages overlapping in time", () => {
    const a = analysis.steps.find((s) => s.name.includes("sleep 1"));
    const b = analysis.steps.find((s) => s.name.includes("sleep 2"));
    assert.ok(a && b);
    assert.ok(Math.abs(a.startMs - b.startMs) < 500, "both start together");
    assert.ok(b.durationMs >= 2000 && a.durationMs >= 1000 && a.durationMs < 2000);
  });
  it("splits the time into phases and measures the context", () => {
    assert.ok(analysis.phaseMs.solve >= 2000);
    assert.ok(analysis.phaseMs.export > 0, "the push is in the export phase");
    assert.ok(analysis.contextBytes > 1_000_000, "busybox is in the context");
  });
});

describe("analyze, on made-up streams", () => {
  it("counts a vertex that ran twice once, with the time of both runs", () => {
    const steps = analyze(fold([vertex("e", "exporting to image", 0, 100), vertex("e", "exporting to image", 150, 250)])).steps;
    assert.equal(steps.length, 1);
    assert.equal(steps[0]?.durationMs, 200);
  });
  it("counts cached steps as BuildKit does, leaving out buildx's own client-side step", () => {
    const a = analyze(fold([
      vertex("a", "[x 1/2] RUN a", 0, 0, { cached: true }),
      vertex("b", "[x 2/2] RUN b", 0, 10, { inputs: ["a"] }),
      vertex("p", "resolving provenance for metadata file", 20, 21),
    ]));
    assert.equal(a.buildSteps, 2);
    assert.equal(a.cachedSteps, 1);
  });
  it("merges overlapping intervals of a phase", () => {
    const a = analyze(fold([vertex("a", "[s 1/1] RUN a", 0, 100), vertex("b", "[t 1/1] RUN b", 50, 150), vertex("c", "[u 1/1] RUN c", 300, 400)]));
    assert.equal(a.phaseMs.solve, 250);
    assert.equal(a.wallMs, 400);
  });
  it("splits stage names", () => {
    assert.deepEqual(splitStage("[builder 2/5] RUN go build ./..."), { stage: "builder", label: "RUN go build ./..." });
    assert.deepEqual(splitStage("[internal] load build context"), { stage: "internal", label: "load build context" });
    assert.deepEqual(splitStage("exporting to image"), { stage: "", label: "exporting to image" });
  });
});

describe("PlainProgress", () => {
  it("writes the real stream as readable lines, each start and end once", () => {
    const lines: string[] = [];
    const plain = new PlainProgress((l) => lines.push(l));
    for (const line of REAL) {
      const status = parseStatusLine(line);
      if (status) plain.add(status);
    }
    assert.ok(lines.includes("#1 [internal] load build definition from Dockerfile"));
    const sleep = lines.find((l) => l.endsWith("RUN sleep 2 && echo b > /b"));
    const n = sleep?.split(" ")[0];
    assert.ok(n);
    assert.equal(lines.filter((l) => l.startsWith(`${n} DONE `)).length, 1);
    assert.match(lines.find((l) => l.startsWith(`${n} DONE `)) ?? "", /^#\d+ DONE 2\.\ds$/);
    assert.ok(lines.some((l) => /^#\d+ pushing layers done$/.test(l)));
  });
  it("prints a step's output under its number, and its error", () => {
    const lines: string[] = [];
    const plain = new PlainProgress((l) => lines.push(l));
    plain.add({ vertexes: [{ digest: "d", name: "[a 1/1] RUN make", inputs: [], started: T0, cached: false, error: "" }], statuses: [], logs: [] });
    plain.add({ vertexes: [], statuses: [], logs: [{ vertex: "d", data: "cc -o app\nlinking\n" }] });
    plain.add({ vertexes: [{ digest: "d", name: "[a 1/1] RUN make", inputs: [], started: T0, completed: T0 + 1500, cached: false, error: "exit code: 2" }], statuses: [], logs: [] });
    assert.deepEqual(lines, ["#1 [a 1/1] RUN make", "#1 cc -o app", "#1 linking", "#1 ERROR: exit code: 2"]);
  });
});
