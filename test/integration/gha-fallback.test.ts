import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { startBuildkitd } from "../bed/buildkitd.js";
import { fixtureContext } from "../bed/fixture.js";
import { startGhaCache, type GhaCache } from "../bed/gha-cache.js";
import { GITHUB_TOKEN, runAction, visibleOutput, type ActionRun } from "../bed/runner.js";

/**
 * Two jobs of a fork's pull request, each on a new, empty local builder (an ephemeral runner), with
 * the GitHub Actions cache in between: the second job's steps come from the first's cache.
 */
describe("the fallback builder's GitHub Actions cache, through a local stand-in of the cache service", () => {
  let bed: Bed;
  let gha: GhaCache;
  let context: string;
  let runnerEnv: Record<string, string>;
  before(async () => {
    bed = await startBed();
    gha = await startGhaCache(join(bed.dir, "gha"));
    context = await fixtureContext(bed.dir, "parallel");
    const buildxConfig = join(bed.dir, "runner-buildx");
    await mkdir(buildxConfig, { recursive: true });
    runnerEnv = { BUILDX_CONFIG: buildxConfig, ...gha.env };
  });
  after(async () => {
    await gha.stop();
    await bed.stop();
  });

  /** A job on a new runner: a new local buildkitd with an empty state, as the runner's builder. */
  async function ephemeralJob(n: number): Promise<ActionRun> {
    const daemon = await startBuildkitd({
      dir: join(bed.dir, `ephemeral-${n}`),
      tls: { ca: bed.certs.ca.cert, cert: bed.certs.server.cert, key: bed.certs.server.key, requireClientCert: true },
    });
    const env = { ...process.env, ...runnerEnv };
    try {
      if (n > 1) execFileSync("docker", ["buildx", "rm", "ephemeral"], { env, stdio: "ignore" });
      execFileSync("docker", ["buildx", "create", "--name", "ephemeral", "--driver", "remote", `unix://${daemon.socket}`], { env, stdio: "ignore" });
      return await runAction({ env: runnerEnv, inputs: { endpoint: "tcp://buildkit.example.com:1234", context, "fallback-builder": "ephemeral" } });
    } finally {
      await daemon.stop();
    }
  }

  it("exports the cache from the first job and imports it in the second, whose steps are cached", async () => {
    const first = await ephemeralJob(1);
    assert.equal(first.main.code, 0, visibleOutput(first.main.output));
    assert.equal(first.outputs["fallback-reason"], "no-credentials");
    assert.match(first.summary, /\| Cache \| 0 of \d+ steps cached/);
    assert.ok(gha.keys().some((k) => k.startsWith("index-acme-app-dockerfile-")), `cache keys: ${gha.keys().join(", ")}`);

    const second = await ephemeralJob(2);
    assert.equal(second.main.code, 0, visibleOutput(second.main.output));
    const cached = /\| Cache \| (\d+) of (\d+) steps cached/.exec(second.summary);
    assert.ok(cached, second.summary);
    assert.ok(Number(cached[1]) >= 7, `only ${cached[1]} of ${cached[2]} steps came from the cache`);
    assert.match(second.main.output, /#\d+ \[deps-b 1\/1\] RUN sleep 2 && echo b > \/b\n#\d+ CACHED/);
    assert.match(second.main.output, /importing cache manifest from gha:/);

    for (const run of [first, second]) {
      assert.match(run.main.output, /Fallback builder ephemeral .*cache type=gha,scope=acme-app-dockerfile,mode=max,repository=acme\/app,ghtoken=\*\*\*/);
      assert.ok(!run.main.output.split("\n").filter((l) => !l.startsWith("::add-mask::")).some((l) => l.includes(GITHUB_TOKEN)), "the GitHub token is masked");
    }
  });
});
