import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { join } from "node:path";
import { splitStage } from "../../src/progress/analysis.js";
import { ganttChart } from "../../src/summary/render.js";
import { startBed, type Bed } from "../bed/bed.js";
import { renderSummaryInBrowser } from "../bed/browser.js";
import { fixtureContext } from "../bed/fixture.js";
import { runAction, visibleOutput } from "../bed/runner.js";

interface Recorded {
  readonly total: number;
  readonly cached: number;
  /** `stage label` -> cached, from BuildKit's own record of the build. */
  readonly steps: Map<string, boolean>;
}

/** What BuildKit itself recorded of a build: its history record and its logs. */
function recordedByBuildkit(bed: Bed, ref: string): Recorded {
  const socket = `unix://${bed.daemon.socket}`;
  const histories = execFileSync("buildctl", ["--addr", socket, "debug", "histories", "--format", "{{json .}}"]).toString().trim().split("\n");
  const record = histories.map((l) => JSON.parse(l) as { record: Record<string, unknown> }).find((h) => h.record["Ref"] === ref)?.record;
  assert.ok(record, `BuildKit has no history record ${ref}`);
  const logs = execFileSync("buildctl", ["--addr", socket, "debug", "logs", ref]).toString();
  const names = new Map<string, string>();
  const steps = new Map<string, boolean>();
  for (const line of logs.split("\n")) {
    const m = /^#(\d+) (.*)$/.exec(line);
    if (!m) continue;
    const [, n = "", rest = ""] = m;
    if (!names.has(n)) {
      names.set(n, rest);
      steps.set(key(rest), false);
    } else if (rest === "CACHED") {
      steps.set(key(names.get(n) ?? ""), true);
    }
  }
  return { total: Number(record["numTotalSteps"] ?? 0), cached: Number(record["numCachedSteps"] ?? 0), steps };
}

function key(name: string): string {
  const { stage, label } = splitStage(name);
  return `${stage} ${label.replace(/\s+/g, " ")}`;
}

/** The steps of the summary's full list: `stage label` -> cached. */
function summarySteps(summary: string): Map<string, boolean> {
  const list = summary.split("<details>")[1] ?? "";
  const steps = new Map<string, boolean>();
  for (const m of list.matchAll(/^\| `(.*)` \| (.*?) \| [\d.]+ s \| (cached|ran|failed)/gm)) {
    const [, label = "", stage = "", state = ""] = m;
    steps.set(`${stage === "–" ? "" : stage} ${label}`, state === "cached");
  }
  return steps;
}

describe("the step summary of real builds, checked against BuildKit's own record", () => {
  let bed: Bed;
  let context: string;
  before(async () => {
    bed = await startBed();
    context = await fixtureContext(bed.dir, "parallel");
  });
  after(() => bed.stop());

  for (const temperature of ["cold", "warm"]) {
    it(`reports a ${temperature} build's steps and cache hits as BuildKit does`, async () => {
      const run = await runAction({ inputs: { ...bed.connection(), context, tags: `${bed.registry.host}/summary/app:1`, push: "true" } });
      assert.equal(run.main.code, 0, visibleOutput(run.main.output));
      const ref = String(JSON.parse(run.outputs["metadata"] ?? "{}")["buildx.build.ref"]).split("/").pop() ?? "";
      const recorded = recordedByBuildkit(bed, ref);
      const headline = /\| Cache \| (\d+) of (\d+) steps cached/.exec(run.summary);
      assert.ok(headline, run.summary);
      assert.deepEqual([Number(headline[1]), Number(headline[2])], [recorded.cached, recorded.total]);

      const ours = summarySteps(run.summary);
      for (const [name, cached] of recorded.steps) assert.equal(ours.get(name), cached, `${name}: cached ${ours.get(name)} here, ${cached} in BuildKit's logs`);
      if (temperature === "cold") {
        assert.equal(recorded.cached, 0);
        assert.match(run.summary, /\| `RUN sleep 2 && echo b > \/b` \| deps-b \| 2\.\d s \| ran ★ \|/);
      } else {
        assert.ok(recorded.cached >= 7, "a warm build takes its steps from the cache");
        assert.match(run.summary, /Every step came from the cache|\| ran/);
      }
      assert.match(run.summary, /```mermaid\ngantt\n/);
      assert.match(run.main.output, /^remote-buildkit: build succeeded in [\d.]+ s on remote tcp:/m, "the plain-text summary ends the log");
    });
  }

  it("writes no step summary when summary is false, and keeps the plain text in the log", async () => {
    const run = await runAction({ inputs: { ...bed.connection(), context, summary: "false" } });
    assert.equal(run.main.code, 0);
    assert.equal(run.summary, "");
    assert.match(run.main.output, /^remote-buildkit: build succeeded/m);
  });

  // The summary's chart, drawn by mermaid itself in headless Chromium.
  it("draws a real build's summary without a mermaid error, one bar a step", async () => {
    const run = await runAction({ inputs: { ...bed.connection(), context, tags: `${bed.registry.host}/chart/app:1`, push: "true" } });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    const tasks = (run.summary.split("```mermaid")[1] ?? "").split("```")[0]?.split("\n").filter((l) => / :.*s\d+, \d+, \d+$/.test(l)).length ?? 0;
    assert.ok(tasks >= 10);
    const drawn = await renderSummaryInBrowser(run.summary, join(bed.dir, "summary.png"));
    assert.equal(drawn.charts, 1);
    assert.equal(drawn.bars, tasks);
  });

  it("fails on a chart mermaid cannot read, so the test above can fail", async () => {
    await assert.rejects(renderSummaryInBrowser("```mermaid\ngantt\n  dateFormat x\n  section a\n  broken :: task : s1, nope\n```\n"));
  });

  it("draws steps whose names hold mermaid's separators", async () => {
    const names = ['RUN echo "a:b"; c # d', "RUN --mount=type=cache,target=/root/.cache go build -o /out/app ./cmd/app", "COPY --from=build /out/app /usr/local/bin/app"];
    const steps = names.map((name, i) => ({ name: `[stage-${i} 1/1] ${name}`, stage: `stage-${i}`, startMs: i * 100, durationMs: 50, cached: i === 1, error: "", phase: "solve" as const, critical: i === 2 }));
    const chart = ganttChart({ steps, wallMs: 300, phaseMs: { context: 0, solve: 300, export: 0 }, buildSteps: 3, cachedSteps: 1, contextBytes: 0, loadTransferMs: 0 });
    const drawn = await renderSummaryInBrowser(chart.join("\n"));
    assert.equal(drawn.bars, 3);
  });
});
