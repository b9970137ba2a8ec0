import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideCarry, decideResave, nextFigures, outlastedMs, parseRecord, shareBySize, stepsUsingMs, type MountFigures } from "../../src/cachemounts/payoff.js";

// Figures shaped like the bench's (README, "How much faster"), not copied from it: Go's build cache
// saves far more than its transfer costs, apt's downloaded archives save less.
const goBuild: MountFigures = { id: "/root/.cache/go-build", carryMs: 38_000, coldMs: 118_000, warmMs: 21_000 };
const aptArchives: MountFigures = { id: "/var/cache/apt", carryMs: 9_500, coldMs: 24_000, warmMs: 21_500 };

describe("the skip rule: carry a cache mount only if it saved more than it cost", () => {
  it("carries Go's build cache, which saved 97 s for 38 s of transfer", () => {
    const d = decideCarry(goBuild);
    assert.equal(d.carry, true);
    assert.equal(d.why, "pays: carrying it cost 38.0 s, and it saved its steps 97.0 s (118.0 s empty, 21.0 s with it)");
  });
  it("skips apt's archives, which saved 2.5 s for 9.5 s of transfer", () => {
    const d = decideCarry(aptArchives);
    assert.equal(d.carry, false);
    assert.match(d.why, /^skipped: carrying it cost 9\.5 s, and it saved its steps 2\.5 s/);
  });
  it("skips a mount that made its steps slower, and says it saved nothing", () => {
    const d = decideCarry({ id: "x", carryMs: 1000, coldMs: 5000, warmMs: 6000 });
    assert.equal(d.carry, false);
    assert.match(d.why, /saved its steps 0\.0 s/);
  });
  it("carries while the figures are incomplete: nothing recorded, or no run with and without it", () => {
    assert.equal(decideCarry(undefined).carry, true);
    assert.equal(decideCarry({ id: "x", carryMs: 99_000, coldMs: 1000 }).carry, true);
    assert.equal(decideCarry({ id: "x", carryMs: 99_000, warmMs: 1000 }).carry, true);
  });
  it("a tie carries: equal cost and saving is not slower than no cache", () => {
    assert.equal(decideCarry({ id: "x", carryMs: 2000, coldMs: 3000, warmMs: 1000 }).carry, true);
  });
});

describe("the figures kept with the saved entry", () => {
  it("learns the empty-mount time on the first run, the warm time and cost on the next", () => {
    const first = nextFigures(undefined, { id: "m", restored: false, carryMs: 800, stepsMs: 10_000 });
    assert.deepEqual(first, { id: "m", carryMs: 800, coldMs: 10_000 });
    const second = nextFigures(first, { id: "m", restored: true, carryMs: 4000, stepsMs: 9_000 });
    assert.deepEqual(second, { id: "m", carryMs: 4000, coldMs: 10_000, warmMs: 9_000 });
    assert.equal(decideCarry(second).carry, false, "4 s to save 1 s");
  });
  it("a skipped run keeps the cost and measures the empty mount again, so a mount that starts to pay comes back", () => {
    const skippedRun = nextFigures({ id: "m", carryMs: 4000, coldMs: 10_000, warmMs: 9_000 }, { id: "m", restored: false, carryMs: undefined, stepsMs: 20_000 });
    assert.deepEqual(skippedRun, { id: "m", carryMs: 4000, coldMs: 20_000, warmMs: 9_000 });
    assert.equal(decideCarry(skippedRun).carry, true);
  });
  it("a copy that shared the CPU with the images' unpacking keeps the last cost, and gives one only when there is none", () => {
    const last = { id: "m", carryMs: 4000, coldMs: 10_000, warmMs: 9_000 };
    assert.deepEqual(nextFigures(last, { id: "m", restored: true, carryMs: 7000, carryShared: true, stepsMs: 8_000 }), { ...last, warmMs: 8_000 });
    assert.equal(nextFigures(undefined, { id: "m", restored: true, carryMs: 7000, carryShared: true, stepsMs: 8_000 }).carryMs, 7000);
    assert.equal(nextFigures(last, { id: "m", restored: true, carryMs: 7000, carryShared: false, stepsMs: 8_000 }).carryMs, 7000);
  });
  it("steps that all came from the layer cache change no step figure", () => {
    const last = { id: "m", carryMs: 4000, coldMs: 10_000, warmMs: 9_000 };
    assert.deepEqual(nextFigures(last, { id: "m", restored: true, carryMs: 3000, stepsMs: undefined }), { ...last, carryMs: 3000 });
  });
  it("reads a record back, and ignores what is not one", () => {
    assert.deepEqual(parseRecord(JSON.stringify({ version: 1, mounts: [goBuild, { id: 3 }, { id: "y", carryMs: -1 }] })), { version: 1, mounts: [goBuild] });
    assert.equal(parseRecord("{"), undefined);
    assert.equal(parseRecord(JSON.stringify({ version: 2, mounts: [] })), undefined);
  });
  it("times the steps that ran with a mount, by its id", () => {
    const steps = [
      { name: "[build 3/5] RUN --mount=type=cache,target=/root/.cache/go-build go build ./...", cached: false, durationMs: 7000 },
      { name: "[build 2/5] RUN --mount=type=cache,target=/root/.cache/go-build go mod download", cached: true, durationMs: 0 },
      { name: "[build 4/5] RUN --mount=type=cache,id=other,target=/root/.cache/go-build go vet", cached: false, durationMs: 500 },
    ];
    assert.equal(stepsUsingMs(steps, "/root/.cache/go-build"), 7000);
    assert.equal(stepsUsingMs(steps, "/nowhere"), undefined);
  });
  it("counts of a copy out only what outlasted the build: the part beside its export cost the job nothing", () => {
    assert.equal(outlastedMs(10_000, 14_000, undefined), 0, "the build still exported when the copy ended");
    assert.equal(outlastedMs(10_000, 14_000, 12_500), 1_500, "the build ended during the copy");
    assert.equal(outlastedMs(10_000, 14_000, 9_000), 4_000, "a copy after the build is all waited for");
    assert.equal(outlastedMs(10_000, 14_000, 14_000), 0);
  });
  it("shares a transfer's time by archive size", () => {
    const sizes = new Map([["a", 300], ["b", 100]]);
    assert.equal(shareBySize(4000, sizes, "a"), 3000);
    assert.equal(shareBySize(4000, new Map([["a", 0], ["b", 0]]), "a"), 2000);
  });
});

describe("saving the cache mounts again", () => {
  const mounts = [{ id: "gomod", target: "/go/pkg/mod" }, { id: "gobuild", target: "/root/.cache/go-build" }];
  const restored = new Map([["gomod", 300_000], ["gobuild", 500_000]]);
  it("does not when every mount grew by under 5% since its restore (a source change: a few packages compiled again)", () => {
    const d = decideResave(mounts, restored, new Map([["gomod", 300_000], ["gobuild", 512_000]]));
    assert.equal(d.save, false);
    assert.match(d.why, /each grew by under 5% since the restore \(\/go\/pkg\/mod 293 MB → 293 MB, \/root\/\.cache\/go-build 488 MB → 500 MB\)/);
  });
  it("does when one grew by 5% or more, or shrank to nothing from nothing, or was not measured", () => {
    const grown = decideResave(mounts, restored, new Map([["gomod", 330_000], ["gobuild", 500_000]]));
    assert.deepEqual(grown, { save: true, why: "grew by 5% or more: /go/pkg/mod 293 MB → 322 MB" });
    assert.equal(decideResave(mounts, new Map([["gomod", 0], ["gobuild", 500_000]]), new Map([["gomod", 40], ["gobuild", 500_000]])).save, true, "an empty mount that got contents");
    assert.equal(decideResave(mounts, restored, new Map([["gomod", 300_000]])).why, "/root/.cache/go-build was not measured");
  });
  it("does not for a mount that shrank (a cache trimming itself)", () => {
    assert.equal(decideResave(mounts, restored, new Map([["gomod", 250_000], ["gobuild", 500_000]])).save, false);
  });
});
