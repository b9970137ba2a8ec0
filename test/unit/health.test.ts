import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseGcPolicy } from "../../src/buildx/gc-policy.js";
import { parseInspect } from "../../src/buildx/inspect.js";
import { formatSize, parseSize } from "../../src/buildx/sizes.js";
import { ADVISORIES, ADVISORY_URL, advisoriesFor, compareReleases, releaseNumbers } from "../../src/health/advisories.js";
import { assessHealth, type HealthReading } from "../../src/health/assess.js";
import { countRecentBuilds } from "../../src/health/history.js";
import { bytesSelected, mountsCreatedAt, parseDiskUsage, parseDuTime } from "../../src/health/usage.js";
import { REPO } from "../bed/runner.js";

const fixture = (name: string): string => readFileSync(join(REPO, "test", "fixtures", name), "utf8");
const MiB = 2 ** 20;

describe("the builder's health: parsing what buildx reports", () => {
  it("reads buildx's sizes in decimal and binary units", () => {
    assert.deepEqual(["4.096kB", "1.991MB", "488.3MiB", "9.313GiB", "0B", "12"].map(parseSize), [4096, 1_991_000, Math.round(488.3 * MiB), Math.round(9.313 * 2 ** 30), 0, 12]);
    assert.equal(parseSize("lots"), undefined);
    assert.equal(formatSize(1536 * MiB), "1.5 GiB");
  });

  it("reads the GC policy of real `buildx inspect` output (buildx v0.38.2, BuildKit v0.34.2), rule by rule", () => {
    const [node] = parseInspect(fixture("buildx-inspect-gc.txt"));
    const rules = node?.gcPolicy ?? [];
    assert.equal(rules.length, 4);
    assert.deepEqual(rules[0], {
      all: false, filters: ["type==source.local", "type==exec.cachemount", "type==source.git.checkout"], keepDurationMs: 48 * 3_600_000,
      maxUsedBytes: Math.round(488.3 * MiB), reservedBytes: undefined, minFreeBytes: undefined,
    });
    assert.equal(rules[3]?.all, true);
    assert.deepEqual(rules[3]?.filters, []);
    assert.deepEqual(parseGcPolicy("Name: x\nStatus: running\n"), []);
  });

  it("adds real `buildx du --format json` records up by kind", () => {
    const usage = parseDiskUsage(fixture("buildx-du.jsonl"));
    assert.equal(usage.records.length, 10);
    assert.deepEqual(usage.byKind, { layers: 8192 + 8192 + 12290 + 12290 + 20480 + 1_991_000, cacheMounts: 8192, contexts: 4096 + 8192 + 1_991_000, other: 0 });
    assert.equal(usage.totalBytes, usage.byKind.layers + usage.byKind.cacheMounts + usage.byKind.contexts);
    assert.equal(bytesSelected(usage.records, ["type==exec.cachemount", "type==source.local"]), usage.byKind.cacheMounts + usage.byKind.contexts);
    assert.equal(bytesSelected(usage.records, []), usage.totalBytes);
  });

  it("reads when each cache mount was created, by its id, from real `buildx du --format json` records", () => {
    assert.equal(parseDuTime("2026-12-01 15:31:24.16473598 +0000 UTC"), Date.parse("2026-12-01T15:31:24.164Z"));
    assert.equal(parseDuTime("2026-12-01 16:31:24 +0100 CET"), Date.parse("2026-12-01T15:31:24Z"));
    assert.ok(Number.isNaN(parseDuTime("Less than a second ago")));
    assert.deepEqual([...mountsCreatedAt(fixture("buildx-du.jsonl"))], [["remote-buildkit-demo", Date.parse("2026-12-01T15:31:24.164Z")]]);
    const two = [
      JSON.stringify({ CreatedAt: "2026-12-01 15:00:00 +0000 UTC", Description: 'cached mount /m from exec x with id "/m"', Type: "exec.cachemount" }),
      JSON.stringify({ CreatedAt: "2026-12-01 14:00:00 +0000 UTC", Description: 'cached mount /m from exec y with id "/m"', Type: "exec.cachemount" }),
      JSON.stringify({ CreatedAt: "2026-12-01 13:00:00 +0000 UTC", Description: "[a 1/2] RUN x", Type: "regular" }),
    ].join("\n");
    assert.deepEqual([...mountsCreatedAt(two)], [["m", Date.parse("2026-12-01T14:00:00Z")]], "the oldest record of a shared id; layers are no mounts");
  });

  it("counts the builds of the last 24 hours in real `buildx history ls --format json` output", () => {
    const text = fixture("buildx-history-ls.jsonl");
    assert.equal(countRecentBuilds(text, new Date("2026-12-01T16:00:00Z")), 2);
    assert.equal(countRecentBuilds(text, new Date("2026-12-02T15:31:24Z")), 1, "one of them is 24 h and 1 s old by then");
    assert.equal(countRecentBuilds("", new Date()), 0);
  });
});

describe("the builder's health: the assessment", () => {
  const rule = { all: false, filters: ["type==exec.cachemount"], keepDurationMs: 0, maxUsedBytes: 100 * MiB, reservedBytes: undefined, minFreeBytes: undefined };
  const reading = (cacheMountMiB: number, version = "v0.34.2"): HealthReading => ({
    buildkitVersion: version, gcPolicy: [rule], recentBuilds: 7, unreadable: [],
    usage: parseDiskUsage(`{"Type":"exec.cachemount","Size":"${cacheMountMiB}MiB"}\n{"Type":"regular","Size":"1GiB"}`),
  });

  it("shows disk by kind, each limit's headroom and recent builds, with no warning far from a limit", () => {
    const health = assessHealth(reading(50));
    assert.deepEqual(health.facts.map(([k]) => k), ["Cache on disk", "GC limits", "Builds in the last 24 h"]);
    assert.match(health.facts[0]?.[1] ?? "", /^1\.0 GiB: layers 1\.0 GiB, cache mounts 50\.0 MiB/);
    assert.equal(health.facts[1]?.[1], "rule 0: exec.cachemount: 50.0 MiB of 100.0 MiB (50.0 MiB left)");
    assert.deepEqual(health.warnings, []);
  });

  it("warns when the next GC will prune cache the project uses, near and over the limit", () => {
    assert.match(assessHealth(reading(95)).warnings[0] ?? "", /near GC rule 0's limit \(exec\.cachemount: 95\.0 MiB of 100\.0 MiB\): the next GC will prune cache this project's builds use/);
    assert.match(assessHealth(reading(150)).warnings[0] ?? "", /over GC rule 0's limit/);
  });

  it("says what could not be read, and assesses the rest", () => {
    const health = assessHealth({ buildkitVersion: "v0.34.2", gcPolicy: [], usage: undefined, recentBuilds: undefined, unreadable: ["disk usage (buildx du: permission denied)"] });
    assert.deepEqual(health.facts, [["Not read", "disk usage (buildx du: permission denied)"]]);
  });

  it("names each advisory that affects the daemon's version, with the fixed release and its link", () => {
    const old = assessHealth(reading(1, "v0.28.0")).warnings;
    assert.equal(old.length, 4);
    assert.match(old[0] ?? "", /BuildKit v0\.28\.0, affected by GHSA-7236-3392-c5c6.*Upgrade it to v0\.31\.1 or later: https:\/\/github\.com\/moby\/buildkit\/security\/advisories\/GHSA-7236-3392-c5c6$/);
    assert.deepEqual(assessHealth(reading(1, "v0.34.2")).warnings, []);
    assert.deepEqual(advisoriesFor("v0.10.6").map((a) => a.id).includes("GHSA-gc89-7gcr-jxqc"), false, "before the flaw was introduced");
    assert.deepEqual(advisoriesFor("(devel)"), []);
  });
});

describe("the advisory table", () => {
  it("lists each advisory once, newest fix first, each with a GHSA id, a fixed release and a summary", () => {
    assert.equal(new Set(ADVISORIES.map((a) => a.id)).size, ADVISORIES.length);
    for (const [i, a] of ADVISORIES.entries()) {
      assert.match(a.id, /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/, `${a.id} is a GitHub advisory id`);
      assert.ok(releaseNumbers(a.fixed), `${a.id}: fixed is a release`);
      assert.ok(a.summary.length > 20);
      const next = ADVISORIES[i + 1];
      if (next) assert.ok(compareReleases(releaseNumbers(a.fixed) ?? [], releaseNumbers(next.fixed) ?? []) >= 0, `${a.id} before ${next.id}`);
    }
    assert.equal(ADVISORY_URL, "https://github.com/moby/buildkit/security/advisories/");
  });
});
