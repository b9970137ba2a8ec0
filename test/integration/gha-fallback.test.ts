import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { startBuildkitd } from "../bed/buildkitd.js";
import { fixtureContext, pushShellBase } from "../bed/fixture.js";
import { readImageFile } from "../bed/registry.js";
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
  let jobs = 0;
  async function ephemeralJob(inputs: Record<string, string> = { context }): Promise<ActionRun> {
    const n = ++jobs;
    const daemon = await startBuildkitd({
      dir: join(bed.dir, `ephemeral-${n}`),
      tls: { ca: bed.certs.ca.cert, cert: bed.certs.server.cert, key: bed.certs.server.key, requireClientCert: true },
      insecureRegistries: [bed.registry.host],
    });
    const env = { ...process.env, ...runnerEnv };
    try {
      if (n > 1) execFileSync("docker", ["buildx", "rm", "ephemeral"], { env, stdio: "ignore" });
      execFileSync("docker", ["buildx", "create", "--name", "ephemeral", "--driver", "remote", `unix://${daemon.socket}`], { env, stdio: "ignore" });
      // Hosted runners give every job the same RUNNER_TEMP path, which @actions/cache's versions depend on.
      return await runAction({ env: runnerEnv, workDir: join(bed.dir, "runner"), inputs: { endpoint: "tcp://buildkit.example.com:1234", "fallback-builder": "ephemeral", ...inputs } });
    } finally {
      await daemon.stop();
    }
  }

  it("exports the cache from the first job and imports it in the second, whose steps are cached", async () => {
    const first = await ephemeralJob();
    assert.equal(first.main.code, 0, visibleOutput(first.main.output));
    assert.equal(first.outputs["fallback-reason"], "no-credentials");
    assert.match(first.summary, /\| Cache \| 0 of \d+ steps cached/);
    assert.ok(gha.keys().some((k) => k.startsWith("index-acme-app-dockerfile-")), `cache keys: ${gha.keys().join(", ")}`);

    const second = await ephemeralJob();
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

  it("carries the cache mounts from job to job through @actions/cache, also after the lockfile changes", async () => {
    const base = await pushShellBase(bed.dir, bed.daemon.socket, bed.registry.host);
    const app = join(bed.dir, "mounts-app");
    await mkdir(app, { recursive: true });
    await writeFile(join(app, "Dockerfile"), [
      `FROM ${base}`,
      "ARG RUN_ID=unset",
      // On an empty mount the step takes 15 s longer, so carrying the mount pays (else the skip rule leaves it out).
      "RUN --mount=type=cache,id=deps-cache,target=/root/.cache/deps,uid=0 \\",
      "    if [ ! -f /root/.cache/deps/runs ]; then sleep 15; fi && echo \"$RUN_ID\" >> /root/.cache/deps/runs && cp /root/.cache/deps/runs /runs-seen",
      "",
    ].join("\n"));
    const image = `${bed.registry.host}/mounts/app`;
    const seen = async (): Promise<string[]> => (await readImageFile(bed.registry.host, "mounts/app", "latest", "runs-seen")).trim().split("\n");
    const job = async (runId: string, lockfile: string): Promise<ActionRun> => {
      await writeFile(join(app, "package-lock.json"), lockfile);
      const run = await ephemeralJob({ context: app, tags: `${image}:latest`, push: "true", "build-args": `RUN_ID=${runId}` });
      assert.equal(run.main.code, 0, visibleOutput(run.main.output));
      return run;
    };

    const one = await job("one", '{"lockfileVersion": 3, "v": 1}');
    assert.match(one.main.output, /No saved cache mounts for \/root\/\.cache\/deps yet/);
    assert.match(one.main.output, /Saved \/root\/\.cache\/deps as the cache entry remote-buildkit-cache-mounts-/);
    assert.deepEqual(await seen(), ["one"]);

    const two = await job("two", '{"lockfileVersion": 3, "v": 1}');
    assert.match(two.main.output, /Restored \/root\/\.cache\/deps from the cache entry remote-buildkit-cache-mounts-/);
    assert.deepEqual(await seen(), ["one", "two"], "the second job's cache mount held what the first left there");
    // The slowest steps of the copy are named when one took a tenth of a second or more (unit-tested); on a quiet machine none may have.
    assert.match(two.main.output, /from the cache entry \S+: \d+\.\d s from the CI's cache, \d+\.\d s into the builder(?: \(slowest: .+ \d+\.\d s\))?$/m);
    assert.match(two.summary, /\| Restore the cache mounts \(CI cache → builder\) \| \d+\.\d s \|/);
    assert.match(two.summary, /\| Save the cache mounts \(builder → CI cache\), begun beside the export \| \d+\.\d s \|/);

    const three = await job("three", '{"lockfileVersion": 3, "v": 2}');
    assert.match(three.main.output, /Restored \/root\/\.cache\/deps/);
    assert.deepEqual(await seen(), ["one", "two", "three"], "a changed lockfile still restores the previous contents");
    const keys = gha.keys().filter((k) => k.startsWith("remote-buildkit-cache-mounts-"));
    assert.equal(keys.length, 3);
    assert.notEqual(keys[1]?.split("-").at(-4), keys[2]?.split("-").at(-4), "the lockfile's hash is part of the key");

    // Nothing changed: the step comes from the gha layer cache, and the mounts are not saved again.
    const four = await job("three", '{"lockfileVersion": 3, "v": 2}');
    assert.match(four.main.output, /The cache mounts are as restored: every step that uses them came from the layer cache/);
    assert.deepEqual(await seen(), ["one", "two", "three"]);
    assert.equal(gha.keys().filter((k) => k.startsWith("remote-buildkit-cache-mounts-")).length, 3);
    assert.match(four.summary, /\| Restore the cache mounts/);
    assert.doesNotMatch(four.summary, /\| Save the cache mounts/, "nothing was saved, so no time is shown for it");

    // The cache is fetched while the builder boots: a builder that never starts leaves no fetched copy behind.
    const five = await ephemeralJob({ context: app, tags: `${image}:latest`, push: "true", "fallback-builder": "no-such-builder" });
    assert.notEqual(five.main.code, 0);
    assert.match(five.main.output, /the fallback builder did not start/);
    assert.ok(!existsSync(join(bed.dir, "runner", "_temp", "remote-buildkit-cache-mounts")), "the fetched cache mounts were removed");
  });
});
