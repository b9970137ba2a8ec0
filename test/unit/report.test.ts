import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BuildAnalysis } from "../../src/progress/analysis.js";
import { BuildFailedError, type BuildOutcome } from "../../src/run/build.js";
import type { Connection } from "../../src/run/connect.js";
import type { FellBack } from "../../src/run/fallback.js";
import type { CarriedMounts } from "../../src/run/mounts.js";
import { makeReport, type StepFacts } from "../../src/run/report.js";

const analysis: BuildAnalysis = { steps: [], wallMs: 0, phaseMs: { context: 0, solve: 0, export: 0 }, buildSteps: 3, cachedSteps: 1, contextBytes: 0, loadTransferMs: 0 };
const inputs: StepFacts["inputs"] = {
  remote: { endpoints: [{ url: "tcp://bk:1234", host: "bk", port: 1234 }], platformEndpoints: [], routingKey: "", tlsServerName: "" },
  tags: ["r/app:1"], push: true, load: false,
};
const connected: Connection = {
  ok: true, ms: 400, target: { name: "remote-buildkit-1", where: {}, cache: undefined },
  builder: { name: "remote-buildkit-1", where: {}, buildkitVersion: "v0.34.2", endpoint: "tcp://bk:1234", routing: [], gcPolicy: [] },
};
const refused: Connection = { ok: false, ms: 30, failure: { reason: "unreachable", message: "refused", misconfigured: false } };
const fellBack = (startMs: number): FellBack => ({
  reason: "unreachable", target: { name: "runner-local", where: {}, cache: undefined }, buildkitVersion: "v0.33.0", startMs, owned: false, mounts: undefined, ownContainer: false,
  state: undefined, failure: refused.failure,
});
const carried = (restoreMs: number): CarriedMounts => ({
  plan: { mounts: [], dir: "/d", key: "k", restoreKeys: [] }, store: { restore: async () => undefined, lookup: async () => undefined, save: async () => undefined }, buildx: { file: "buildx", prefix: [], version: "", env: {} },
  target: { name: "runner-local", where: {}, cache: undefined }, restoreMs, unpackWaitMs: 0, tools: undefined,
  carried: { record: undefined, skipped: new Map(), restoredMs: new Map(), restoredKb: new Map(), newLockfiles: false, copyShared: false },
});
const built: BuildOutcome = { result: { digest: "sha256:d", imageId: "sha256:i", json: "{}", durationMs: 2000 }, analysis, warnings: [], ref: "b/b0/x", record: "the workflow artifact acme~app~X.dockerbuild" };
const none: Omit<StepFacts, "inputs"> = { connection: undefined, fellBack: undefined, rebuiltOn: undefined, built: undefined, mounts: undefined, stoppedBuildMs: 0, saveMountsMs: 0, removeMs: 0, failure: undefined, totalMs: 5000, health: undefined, comparison: undefined };

describe("makeReport: the report from the steps' facts", () => {
  it("a remote build: the builder, its times, succeeded", () => {
    const report = makeReport({ ...none, inputs, connection: connected, built });
    assert.deepEqual([report.outcome, report.mode, report.builder, report.builderAddress, report.buildkitVersion], ["succeeded", "remote", "remote-buildkit-1", "tcp://bk:1234", "v0.34.2"]);
    assert.deepEqual([report.connectMs, report.restoreMountsMs, report.buildMs, report.totalMs, report.digest], [400, 0, 2000, 5000, "sha256:d"]);
  });

  it("a fallback at the start: connecting counts the failed check and the fallback builder's start, not the restore", () => {
    const report = makeReport({ ...none, inputs, connection: refused, fellBack: fellBack(700), mounts: carried(3000), built, saveMountsMs: 1200, stoppedBuildMs: 4000, removeMs: 300 });
    assert.deepEqual([report.mode, report.fallbackReason, report.builder, report.builderAddress], ["fallback", "unreachable", "runner-local", "runner-local"]);
    assert.deepEqual([report.connectMs, report.stoppedBuildMs, report.restoreMountsMs, report.saveMountsMs, report.removeMs], [730, 4000, 3000, 1200, 300]);
    assert.equal(report.builderState, "", "a builder of the runner's: its state is its own business");
    const own = makeReport({ ...none, inputs, connection: refused, fellBack: { ...fellBack(700), state: { where: "memory", sizeBytes: 12 * 1024 ** 3 } }, built });
    assert.equal(own.builderState, "in memory (a tmpfs of up to 12.0 GiB)");
  });

  it("a fallback during the build: connecting counts the remote builder; the restore is the fallback's", () => {
    const report = makeReport({ ...none, inputs, connection: connected, rebuiltOn: { ...fellBack(900), reason: "remote-failed" }, mounts: carried(2500), built });
    assert.deepEqual([report.mode, report.fallbackReason, report.connectMs, report.restoreMountsMs], ["fallback", "remote-failed", 400, 2500]);
  });

  it("a step that failed before a builder was ready: no connect time, the first endpoint, the error", () => {
    const report = makeReport({ ...none, inputs, connection: refused, failure: { error: new Error("refused (fallback is never)") } });
    assert.deepEqual([report.outcome, report.builderAddress, report.connectMs, report.error], ["failed", "tcp://bk:1234", 0, "refused (fallback is never)"]);
  });

  it("a cancelled build keeps what its progress showed", () => {
    const report = makeReport({ ...none, inputs, connection: connected, failure: { error: new BuildFailedError("The build was cancelled", analysis, true, "") } });
    assert.equal(report.outcome, "cancelled");
    assert.equal(report.analysis, analysis);
    assert.deepEqual(report.advice, []);
    assert.equal(report.record, "");
  });

  it("names where the build record is kept, a failed build's too", () => {
    assert.equal(makeReport({ ...none, inputs, connection: connected, built }).record, "the workflow artifact acme~app~X.dockerbuild");
    const failed = new BuildFailedError("buildx build failed (exit code 1); its output is above", analysis, false, "");
    failed.record = "the job's artifacts, remote-buildkit-records/acme~app~Y.dockerbuild";
    assert.equal(makeReport({ ...none, inputs, connection: connected, failure: { error: failed } }).record, failed.record);
  });
});
