import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BuildAnalysis, StepReport } from "../../src/progress/analysis.js";
import { adviseOn, LARGE_CONTEXT_BYTES } from "../../src/summary/advice.js";
import { ganttChart, renderSummary, renderSummaryText, SUMMARY_LIMIT_BYTES, type BuildReport } from "../../src/summary/render.js";

function step(i: number, extra: Partial<StepReport> = {}): StepReport {
  return { name: `[stage-${i % 3} ${i}/9] RUN step ${i}`, stage: `stage-${i % 3}`, startMs: i * 10, durationMs: 100 + i, cached: i % 2 === 0, error: "", phase: "solve", critical: false, ...extra };
}

function analysis(steps: StepReport[], extra: Partial<BuildAnalysis> = {}): BuildAnalysis {
  return {
    steps, wallMs: 1000, phaseMs: { context: 10, solve: 900, export: 90 }, buildSteps: steps.length,
    cachedSteps: steps.filter((s) => s.cached).length, contextBytes: 1000, loadTransferMs: 0, ...extra,
  };
}

const REPORT: BuildReport = {
  outcome: "succeeded", mode: "remote", builderAddress: "tcp://bk:1234", routing: [], fallbackReason: "", builderState: "", builder: "remote-buildkit-1", buildkitVersion: "v0.32.2", tags: ["r/app:1"], pushed: true,
  digest: "sha256:abc", connectMs: 300, restoreMountsMs: 0, unpackWaitMs: 0, stoppedBuildMs: 0, buildMs: 1000, saveMountsMs: 0, removeMs: 0, totalMs: 1500, analysis: analysis([step(1), step(2, { critical: true })]), advice: [], error: "", health: undefined, comparison: undefined, record: "",
};

describe("renderSummary", () => {
  it("heads with the result, image, digest, builder, time and cache hits", () => {
    const md = renderSummary(REPORT);
    assert.match(md, /^### remote-buildkit: build succeeded\n/);
    assert.match(md, /\| Image \| `r\/app:1` \(pushed\) \|/);
    assert.match(md, /\| Digest \| `sha256:abc` \|/);
    assert.match(md, /\| Builder \| remote `tcp:\/\/bk:1234` \(BuildKit v0\.32\.2\), `remote-buildkit-1` \|/);
    assert.match(md, /\| Cache \| 1 of 2 steps cached \(50%\) \|/);
    assert.match(md, /\| Connect and boot the builder \| 0\.3 s \|/);
    assert.match(md, /```mermaid\ngantt\n/);
    assert.match(md, /<details><summary>All 2 steps<\/summary>/);
  });

  it("names the fallback builder, why it ran and where it kept its state", () => {
    const inMemory = { ...REPORT, mode: "fallback", builderAddress: "remote-buildkit-fallback-1", fallbackReason: "no-credentials", builderState: "in memory (a tmpfs of up to 12.0 GiB)" } as const;
    assert.match(renderSummary(inMemory), /fallback `remote-buildkit-fallback-1` \(BuildKit v0\.32\.2\), because: no-credentials; state in memory \(a tmpfs of up to 12\.0 GiB\)/);
    assert.match(renderSummaryText(inMemory), /because: no-credentials; state in memory \(a tmpfs of up to 12\.0 GiB\)/);
    assert.doesNotMatch(renderSummary({ ...inMemory, builderState: "" }), /; state /);
  });

  it("shows a fallback build's stopped first build, the cache mounts' restore and save and the builder's removal as phases, and no such rows elsewhere", () => {
    const fallback = renderSummary({ ...REPORT, mode: "fallback", stoppedBuildMs: 17_400, restoreMountsMs: 12_300, saveMountsMs: 4_500, removeMs: 600 });
    const phases = fallback.split("#### Where the time went")[1]?.split("####")[0] ?? "";
    assert.deepEqual(phases.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| phase") && !l.startsWith("| ---")).map((l) => l.split(" | ")[0]?.slice(2)), [
      "Connect and boot the builder", "Build without the cache mounts, stopped when a step needed them", "Restore the cache mounts (CI cache → builder)",
      "Send the build context", "Build steps (solve)", "Export and push", "Save the cache mounts (builder → CI cache), begun beside the export", "Remove the builder", "**Whole step**",
    ]);
    assert.match(phases, /\| Build without the cache mounts, stopped when a step needed them \| 17\.4 s \|/);
    assert.match(phases, /\| Restore the cache mounts \(CI cache → builder\) \| 12\.3 s \|/);
    assert.match(phases, /\| Save the cache mounts \(builder → CI cache\), begun beside the export \| 4\.5 s \|/);
    assert.match(phases, /\| Remove the builder \| 0\.6 s \|/);
    assert.doesNotMatch(renderSummary(REPORT), /cache mounts|Remove the builder|Unpack/);
  });

  it("shows the wait for the stages' images, unpacked beside the restore, right after it", () => {
    const fallback = renderSummary({ ...REPORT, mode: "fallback", restoreMountsMs: 18_100, unpackWaitMs: 5_300 });
    assert.match(fallback, /\| Restore the cache mounts \(CI cache → builder\) \| 18\.1 s \|[^\n]*\n\| Unpack the stages' images, begun beside the restore \| 5\.3 s \|/);
    assert.match(renderSummaryText({ ...REPORT, restoreMountsMs: 18_100, unpackWaitMs: 5_300 }), /restore cache mounts 18\.1 s, unpack images 5\.3 s, context/);
  });

  it("lists the slowest steps that ran, not cached ones", () => {
    const md = renderSummary({ ...REPORT, analysis: analysis([step(1), step(2), step(3)]) });
    const slowest = md.split("#### Slowest steps")[1]?.split("####")[0] ?? "";
    assert.match(slowest, /RUN step 3/);
    assert.doesNotMatch(slowest, /RUN step 2/);
  });

  it("stays under GitHub's 1 MiB limit for a build of 20,000 steps, and says what it left out", () => {
    const steps = Array.from({ length: 20_000 }, (_, i) => step(i, { name: `[s ${i}/20000] RUN ${"x".repeat(90)} ${i}` }));
    const md = renderSummary({ ...REPORT, analysis: analysis(steps) });
    assert.ok(Buffer.byteLength(md) <= SUMMARY_LIMIT_BYTES, `${Buffer.byteLength(md)} bytes`);
    assert.match(md, /more steps left out: the summary must stay under GitHub's 1 MiB limit/);
    assert.match(md, /The chart shows the 150 longest of 20000 steps/);
  });

  it("quotes the error of a failed build", () => {
    const md = renderSummary({ ...REPORT, outcome: "failed", digest: "", analysis: undefined, error: "buildx build failed\nsecond line" });
    assert.match(md, /build failed\n/);
    assert.match(md, /> buildx build failed\n> second line/);
    assert.doesNotMatch(md, /\(pushed\)/);
  });
});

describe("ganttChart", () => {
  it("keeps mermaid's separators out of task names, and tags cached and critical steps", () => {
    const chart = ganttChart(analysis([
      step(1, { name: "[a 1/2] RUN echo a:b; c # d", stage: "a", cached: true, critical: true, durationMs: 0 }),
      step(2, { name: "[a 2/2] RUN make", stage: "a", cached: false }),
    ])).join("\n");
    assert.match(chart, /^ {2}RUN echo a b  c   d :crit, done, s1, 10, 11$/m);
    assert.match(chart, /^ {2}RUN make :s2, 20, 122$/m);
    assert.match(chart, /^ {2}section a$/m);
  });
});

describe("advice", () => {
  it("names the size of a large context and suggests .dockerignore", () => {
    const [advice] = adviseOn(analysis([], { contextBytes: LARGE_CONTEXT_BYTES * 3, phaseMs: { context: 12_000, solve: 0, export: 0 } }), { load: false });
    assert.match(advice ?? "", /took 12\.0 s to send \(300\.0 MiB\).*\.dockerignore/);
  });
  it("says nothing of a small, quick context", () => {
    assert.deepEqual(adviseOn(analysis([]), { load: false }), []);
  });
  it("shows the transfer time of load and suggests push", () => {
    const [advice] = adviseOn(analysis([], { loadTransferMs: 180_000 }), { load: true });
    assert.match(advice ?? "", /in 180\.0 s.*push the image/);
  });
});

describe("renderSummaryText", () => {
  it("gives the same facts as plain text", () => {
    const text = renderSummaryText({ ...REPORT, advice: ["use push"] });
    assert.match(text, /^remote-buildkit: build succeeded in 1\.5 s on remote tcp:\/\/bk:1234 \(BuildKit v0\.32\.2\), remote-buildkit-1$/m);
    assert.match(text, /cache: 1 of 2 steps cached/);
    assert.match(text, /time: connect 0\.3 s, context 0\.0 s, steps 0\.9 s, export 0\.1 s/);
    assert.match(text, /advice: use push/);
    assert.doesNotMatch(text, /cache mounts/);
  });
  it("adds the stopped first build, the cache mounts' restore and save and the builder's removal, in the order they ran", () => {
    const text = renderSummaryText({ ...REPORT, stoppedBuildMs: 17_400, restoreMountsMs: 12_300, saveMountsMs: 4_500, removeMs: 600 });
    assert.match(text, /time: connect 0\.3 s, stopped build 17\.4 s, restore cache mounts 12\.3 s, context 0\.0 s, steps 0\.9 s, export 0\.1 s, save cache mounts 4\.5 s, remove builder 0\.6 s$/m);
  });
});
