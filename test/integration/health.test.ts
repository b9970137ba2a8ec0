import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { formatSize, parseSize } from "../../src/buildx/sizes.js";
import { kindOf, type UsageKind } from "../../src/health/usage.js";
import { startBed, type Bed } from "../bed/bed.js";
import { startBuildkitd } from "../bed/buildkitd.js";
import { fixtureContext } from "../bed/fixture.js";
import { runAction, visibleOutput, type ActionRun } from "../bed/runner.js";

const buildctlJson = (socket: string, ...args: string[]): unknown =>
  JSON.parse(execFileSync("buildctl", ["--addr", `unix://${socket}`, ...args, "--format", "{{json .}}"], { encoding: "utf8" }));

/** The daemon's own figures, exact: `buildctl du`, added up by kind. */
function usageByKind(socket: string): Record<UsageKind, number> {
  const records = buildctlJson(socket, "du") as Array<{ recordType?: string; size?: number }> | null;
  const byKind: Record<UsageKind, number> = { layers: 0, cacheMounts: 0, contexts: 0, other: 0 };
  for (const r of records ?? []) byKind[kindOf(r.recordType ?? "")] += r.size ?? 0;
  return byKind;
}

/** One row of the summary's "The builder" table. */
function healthRow(run: ActionRun, label: string): string {
  return new RegExp(`^\\| ${label} \\| (.*) \\|$`, "m").exec(run.summary)?.[1] ?? "";
}

describe("the builder's health, read from real daemons", () => {
  let bed: Bed;
  let context: string;
  before(async () => {
    bed = await startBed();
    context = await fixtureContext(bed.dir, "app");
  });
  after(async () => bed.stop());
  const build = (extra: Record<string, string> = {}): Promise<ActionRun> =>
    runAction({ inputs: { ...bed.connection(), context, secrets: "token=health", fallback: "never", ...extra } });

  it("shows the disk usage by kind and the GC limits that buildctl reports for the same daemon, and the recent builds", async () => {
    const first = await build();
    assert.equal(first.main.code, 0, visibleOutput(first.main.output));
    // Read during the second build, which changes no layer and no cache mount; only its build context
    // is sent anew, so the contexts lie between what buildctl sees before and after it.
    const before = usageByKind(bed.daemon.socket);
    const second = await build();
    assert.equal(second.main.code, 0, visibleOutput(second.main.output));
    const exact = usageByKind(bed.daemon.socket);
    const shown = /layers ([\d.]+ \w+), cache mounts ([\d.]+ \w+), build contexts ([\d.]+ \w+)/.exec(healthRow(second, "Cache on disk"));
    assert.ok(shown, second.summary);
    // buildx prints sizes with four significant digits; the summary rounds to one decimal of its unit.
    const near = (text: string, bytes: number): boolean => Math.abs((parseSize(text.replace(" ", "")) ?? -1) - bytes) <= Math.max(bytes * 0.05, 1024);
    // The layers can change while the second build runs (once in CI: 3.8 MiB read during it, 2.0 MB
    // after), so they may lie anywhere between what buildctl reports before and after it.
    const layers = parseSize((shown[1] ?? "").replace(" ", "")) ?? -1;
    const [fewest, most] = [Math.min(before.layers, exact.layers), Math.max(before.layers, exact.layers)];
    assert.ok(layers >= fewest * 0.95 - 1024 && layers <= most * 1.05 + 1024, `layers ${shown[1]}: between ${before.layers} and ${exact.layers} B`);
    assert.ok(near(shown[2] ?? "", exact.cacheMounts), `cache mounts ${shown[2]} vs ${exact.cacheMounts} B`);
    const contexts = parseSize((shown[3] ?? "").replace(" ", "")) ?? -1;
    assert.ok(contexts >= before.contexts * 0.95 && contexts <= exact.contexts * 1.05, `build contexts ${shown[3]}: between ${before.contexts} and ${exact.contexts} B`);

    const [worker] = buildctlJson(bed.daemon.socket, "debug", "workers") as Array<{ gcPolicy: Array<{ maxUsedSpace: number }> }>;
    const limits = [...healthRow(second, "GC limits").matchAll(/rule (\d+): [^;]* of ([\d.]+ \w+) \(/g)].map((m) => [Number(m[1]), m[2]]);
    assert.deepEqual(limits, (worker?.gcPolicy ?? []).map((rule, i) => [i, formatSize(rule.maxUsedSpace)]));

    const histories = execFileSync("buildctl", ["--addr", `unix://${bed.daemon.socket}`, "debug", "histories", "--format", "{{json .}}"], { encoding: "utf8" }).trim().split("\n").length;
    const recent = Number(healthRow(second, "Builds in the last 24 h"));
    // The second build's own record may or may not exist yet when its history is read.
    assert.ok(recent >= histories - 1 && recent <= histories, `${recent} recent builds, buildctl lists ${histories}`);
    assert.match(second.main.output, /builder: cache on disk: /, "the log carries the same facts");
  });

  it("warns of each advisory that affects the daemon's version, read from a daemon that reports it", async () => {
    // The test bed's buildkitd with its version stamp rewritten to an affected release, same length: a
    // real daemon that reports v0.28.0.
    const binary = join(bed.dir, "buildkitd-v0.28.0");
    const real = readFileSync(execFileSync("sh", ["-c", "readlink -f $(command -v buildkitd)"], { encoding: "utf8" }).trim());
    writeFileSync(binary, Buffer.from(real.toString("latin1").replaceAll("v0.34.2", "v0.28.0"), "latin1"), { mode: 0o755 });
    const old = await startBuildkitd({
      dir: join(bed.dir, "old"), binary, insecureRegistries: [bed.registry.host],
      tls: { ca: bed.certs.ca.cert, cert: bed.certs.server.cert, key: bed.certs.server.key, requireClientCert: true },
    });
    try {
      const run = await build({ endpoint: old.endpoint });
      assert.equal(run.main.code, 0, visibleOutput(run.main.output));
      assert.match(run.main.output, /BuildKit v0\.28\.0 on tcp/);
      for (const [id, fixed] of [["GHSA-4c29-8rgm-jvjj", "v0.28.1"], ["GHSA-4vrq-3vrq-g6gg", "v0.28.1"], ["GHSA-7236-3392-c5c6", "v0.31.1"], ["GHSA-72x6-4j93-7w86", "v0.31.1"]]) {
        assert.match(run.main.output, new RegExp(`::warning::The daemon runs BuildKit v0\\.28\\.0, affected by ${id}.*Upgrade it to ${(fixed ?? "").replace(/\./g, "\\.")} or later: https://github\\.com/moby/buildkit/security/advisories/${id}`));
      }
      assert.match(run.summary, /\[!WARNING\][\s\S]*GHSA-4c29-8rgm-jvjj/);
      const current = await build();
      assert.doesNotMatch(current.main.output, /affected by GHSA/, "v0.34.2 is affected by none");
    } finally {
      await old.stop();
    }
  });
});
