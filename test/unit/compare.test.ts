import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareBuilds, ranSteps, ranWithCacheMount, type PreviousBuild, type ThisBuild } from "../../src/health/compare.js";
import { buildArgValues, fromRepository, parseRecordDetails, parseRecordList, shortRef } from "../../src/health/records.js";
import type { BuildAnalysis, StepReport } from "../../src/progress/analysis.js";
import { seconds } from "../../src/summary/format.js";

const D1 = `@sha256:${"1".repeat(64)}`;
const D2 = `@sha256:${"2".repeat(64)}`;
let clock = 0;
/** When the last build ended, as its record says. */
const ENDED = Date.parse("2026-12-01T15:00:00Z");
const step = (name: string, cached: boolean): StepReport => ({ name, stage: "", startMs: clock++, durationMs: 100, cached, error: "", phase: "solve", critical: false });
const analysis = (wallMs: number, steps: StepReport[]): BuildAnalysis => ({
  steps, wallMs, phaseMs: { context: 0, solve: wallMs, export: 0 }, buildSteps: steps.length, cachedSteps: steps.filter((s) => s.cached).length, contextBytes: 0, loadTransferMs: 0,
});
/** A two-stage build: `deps` from a base image, then the app stage copying from it. */
const steps = (cached: readonly boolean[], base = D1, arg = "1"): StepReport[] => [
  step(`[deps 1/2] FROM r/base:1${base}`, cached[0] ?? true),
  step(`[deps 2/2] RUN install ${arg}`, cached[1] ?? true),
  step("[stage-1 1/2] COPY src /src", cached[2] ?? true),
  step("[stage-1 2/2] RUN make", cached[3] ?? true),
  step("[internal] load build context", false),
];
const previous = (s: StepReport[], wallMs = 1000, buildArgs: Record<string, string> = {}): PreviousBuild => ({ ref: "abcdefabcdefabcdef", buildArgs, wallMs, steps: s, completedAt: ENDED });
const now = (s: StepReport[], wallMs = 1000, buildArgs: Record<string, string> = {}, noCache = false): ThisBuild => ({ buildArgs, noCache, analysis: analysis(wallMs, s) });

describe("comparing a build with the project's last one", () => {
  it("says a first build is the first, never guessing a cause", () => {
    assert.deepEqual(compareBuilds(undefined, now(steps([])), seconds), { headline: "the first build of this project in the daemon's history (or its earlier records were removed)", reran: [] });
  });
  it("says how much slower or faster, from the daemon's own step times", () => {
    assert.equal(compareBuilds(previous(steps([]), 1000), now(steps([]), 9000), seconds).headline, "9.0× slower than the last build of this project (1.0 s → 9.0 s, record abcdefabcdef)");
    assert.match(compareBuilds(previous(steps([]), 4000), now(steps([]), 1000), seconds).headline, /^4\.0× faster than/);
    assert.match(compareBuilds(previous(steps([]), 1000), now(steps([]), 1100), seconds).headline, /^about as fast as/);
    assert.match(compareBuilds(previous(steps([]), 300), now(steps([]), 900), seconds).headline, /^about as fast as/, "3x, but under a second apart: noise");
    assert.match(compareBuilds(previous(steps([]), 2000), now(steps([]), 3100), seconds).headline, /^1\.6× slower than/);
  });
  it("names the first step of each stage's chain that ran again, with the cause the records show", () => {
    const copied = compareBuilds(previous(steps([])), now(steps([true, true, false, false])), seconds);
    assert.deepEqual(copied.reran, [{ step: "[stage-1 1/2] COPY src /src", cause: "the files it copies changed" }]);

    const arg = compareBuilds(previous(steps([]), 1000, { V: "1" }), now(steps([true, false, false, false], D1, "2"), 1000, { V: "2" }), seconds);
    assert.deepEqual(arg.reran.map((r) => r.cause), ["a build argument changed (V: 1 → 2)", "the files it copies changed, or a stage it depends on ran again"]);

    const rebased = compareBuilds(previous(steps([])), now(steps([false, false, false, false], D2)), seconds);
    assert.match(rebased.reran[0]?.cause ?? "", /^the base image resolved to a new digest \(111111111111 → 222222222222\)$/);
    assert.match(rebased.reran[0]?.step ?? "", /^\[deps 1\/2\] FROM r\/base:1@sha256:2{12}…$/);

    const nocache = compareBuilds(previous(steps([])), now(steps([false, false, false, false]), 1000, {}, true), seconds);
    assert.deepEqual(nocache.reran.map((r) => r.cause), ["no-cache was set", "no-cache was set"]);
  });
  it("does not blame a FROM step that resolved to the same digest, nor steps that also ran last time", () => {
    const same = compareBuilds(previous(steps([])), now(steps([false, true, true, true])), seconds);
    assert.deepEqual(same.reran, []);
    const ranBoth = compareBuilds(previous(steps([true, true, false, false])), now(steps([true, true, false, false])), seconds);
    assert.deepEqual(ranBoth.reran, []);
  });
  it("says a step that ran with a cache mount created after the last build started from an empty one, and only then", () => {
    const mounted = (cached: boolean): StepReport[] => [
      step("[build 1/3] FROM r/go:1", true),
      step("[build 2/3] COPY go.mod /src/", cached),
      step("[build 3/3] RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,id=gobuild,target=/root/.cache go build", cached),
    ];
    const ages = (mod: number, build: number): ThisBuild => ({ ...now(mounted(false)), mountsCreatedAt: new Map([["go/pkg/mod", mod], ["gobuild", build]]) });
    const both = compareBuilds(previous(mounted(true)), ages(ENDED + 60_000, ENDED + 61_000), seconds);
    assert.deepEqual(both.reran, [
      { step: "[build 2/3] COPY go.mod /src/", cause: "the files it copies changed" },
      { step: "[build 3/3] RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,id=gobuild,target=/root/.cache go build",
        cause: "its cache mounts /go/pkg/mod, /root/.cache came back empty (created anew since the last build: the daemon's GC or a prune removed them)" },
    ]);
    const one = compareBuilds(previous(mounted(true)), ages(ENDED - 3_600_000, ENDED + 1), seconds);
    assert.match(one.reran[1]?.cause ?? "", /^its cache mount \/root\/.cache came back empty/);
    const kept = compareBuilds(previous(mounted(true)), ages(ENDED - 3_600_000, ENDED - 1), seconds);
    assert.equal(kept.reran.length, 1, "mounts older than the last build's end held what it left");
    const unknown = compareBuilds({ ...previous(mounted(true)), completedAt: Number.NaN }, ages(ENDED + 60_000, ENDED + 60_000), seconds);
    assert.equal(unknown.reran.length, 1, "with no end time in the record, nothing is said of the mounts");
  });
  it("reads the last build's steps only when a Dockerfile step ran, and the mounts' ages only when one with a cache mount did", () => {
    assert.equal(ranSteps(analysis(1, steps([]))), false, "the context's load always runs, and is no Dockerfile step");
    assert.equal(ranSteps(analysis(1, steps([true, true, false, true]))), true);
    assert.equal(ranWithCacheMount(analysis(1, steps([true, true, false, false]))), false);
    assert.equal(ranWithCacheMount(analysis(1, [step("[a 1/1] RUN --mount=type=cache,target=/c true", false)])), true);
    assert.equal(ranWithCacheMount(analysis(1, [step("[a 1/1] RUN --mount=type=cache,target=/c true", true)])), false);
  });
});

describe("reading the daemon's build records", () => {
  it("lists completed records newest first, with the repository buildx named them by", () => {
    const text = [
      '{"created_at":"2026-12-01T10:00:00Z","name":"https://github.com/acme/app.git","ref":"b/b0/old","status":"Completed"}',
      '{"created_at":"2026-12-01T11:00:00Z","name":"https://github.com/acme/app.git","ref":"b/b0/new","status":"Completed"}',
      '{"created_at":"2026-12-01T12:00:00Z","name":"","ref":"b/b0/failed","status":"Error"}',
    ].join("\n");
    assert.deepEqual(parseRecordList(text).map((r) => [r.ref, r.repository]), [["new", "https://github.com/acme/app.git"], ["old", "https://github.com/acme/app.git"]]);
  });
  it("tells a project's records by its repository, whatever the URL's form", () => {
    assert.ok(fromRepository("https://github.com/Acme/App.git", "acme/app"));
    assert.ok(fromRepository("https://gitlab.example.com/group/acme/app", "acme/app"));
    assert.ok(!fromRepository("https://github.com/acme/app-two.git", "acme/app"));
    assert.ok(!fromRepository("", "acme/app"));
  });
  it("reads a record's details, a ref's short form, and the build-args input", () => {
    const details = parseRecordDetails('{"Ref":"r1","VCSRepository":"https://github.com/acme/app.git","Dockerfile":"Dockerfile","Target":"app","StartedAt":"2026-12-01T10:00:00Z","Duration":1500000000,"BuildArgs":[{"Name":"V","Value":"2"}]}');
    assert.deepEqual(details, { ref: "r1", repository: "https://github.com/acme/app.git", dockerfile: "Dockerfile", target: "app", buildArgs: { V: "2" } });
    assert.equal(shortRef("b/b0/xyz"), "xyz");
    assert.deepEqual(buildArgValues(["A=1", "B=x=y", "C"]), { A: "1", B: "x=y", C: "" });
  });
});
